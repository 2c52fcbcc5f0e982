// The --json output's entities cut from the sealed record (src/core/draw-json.ts) against stringifying them: the
// same bytes, for awkward names, codes, items and teams; null (the caller stringifies) for records laid out otherwise.
import { describe, expect, it } from 'vitest';
import { jsonEntitiesFromRecord } from '../../src/core/draw-json.js';
import { longJsonBytes } from '../../src/core/long-json.js';
import { recordedVisits, sealRecordBytes, type DrawRecord } from '../../src/core/record.js';
import type { Visit } from '../../src/core/draw.js';

const NAMES = ['清河县"光丰"机械有限公司', '名称],"name":"x', '尾\\', ',"picks":[', '],"team":[{}]', '😀 emoji\u2028', 'a\nb\tc\u0001', '普通商行'];

function visits(n: number): Visit[] {
  return Array.from({ length: n }, (_, i) => ({
    code: i % 11 === 3 ? `91"${i}\\x` : `9143112${String(i).padStart(11, '0')}`,
    name: `${NAMES[i % NAMES.length]}${i}`,
    items: i % 5 === 0 ? ['SC-001', 'SC-"002"', '],"name":'] : ['SC-001'],
    picks: [{ item: 'SC-001', stratum: i % 3 ? '' : 'A类],"team":[', position: i }],
    team: i % 7 === 0 ? [] : [{ certNo: `4311${i}`, name: `执法"${i}"`, role: '组长' }, { certNo: `4312${i}`, name: '李四', role: i % 2 ? '组员' : '专家' }],
  }));
}

/** What drawJsonBytes stringifies for the entities (render.ts), as longJsonBytes lays it out. */
function stringified(vs: readonly Visit[], status: (i: number) => string | null): Buffer {
  const entities = vs.map((v, i) => ({
    code: v.code, name: v.name, items: v.items, team: v.team.map((m) => ({ certNo: m.certNo, name: m.name, role: m.role })),
    ...(status(i) !== null ? { statusText: status(i)! } : {}),
  }));
  return longJsonBytes({ ok: true, entities, after: 1 });
}

const sealed = (vs: readonly Visit[], extra: Record<string, unknown> = {}) =>
  sealRecordBytes<DrawRecord>({ kind: 'draw', id: '2026-001', seq: 1, prev: null, conflicts: [], date: '2026-03-02', entities: recordedVisits(vs), exclusions: [{ code: 'x', name: '],"name":' }], format: 'ssj-draw-record/2', ...extra } as never).bytes;

describe('jsonEntitiesFromRecord', () => {
  it('gives exactly the bytes stringifying the entities gives, statuses included', () => {
    for (const n of [1, 2, 37, 500]) {
      const vs = visits(n);
      const status = (i: number) => (i % 4 === 1 ? ['停业', '歇业', '清算"中"'][i % 3]! : null);
      const cut = jsonEntitiesFromRecord(sealed(vs), vs.map((v) => v.code), status);
      expect(cut).not.toBeNull();
      const got = longJsonBytes({ ok: true, entities: [], after: 1 }, new Map([['entities', cut!]]));
      expect(got.toString('utf8')).toBe(stringified(vs, status).toString('utf8'));
    }
  });

  it('gives null when the record does not hold these entities as expected', () => {
    const vs = visits(20);
    const none = () => null;
    const codes = vs.map((v) => v.code);
    const bytes = sealed(vs);
    expect(jsonEntitiesFromRecord(bytes, [], none)).toBeNull();
    expect(jsonEntitiesFromRecord(bytes, codes.slice(1), none)).toBeNull(); // another order
    expect(jsonEntitiesFromRecord(bytes, [...codes].reverse(), none)).toBeNull();
    expect(jsonEntitiesFromRecord(bytes, [...codes, 'more'], none)).toBeNull(); // more than it holds
    expect(jsonEntitiesFromRecord(bytes, codes.slice(0, 19), none)).toBeNull(); // fewer
    // an entity with a field after its team, or laid out another way
    const withZone = Buffer.from(bytes.toString('utf8').replace(/("role":"(?:组员|专家)"\}\])\}/, '$1,"zone":["东"]}'), 'utf8');
    expect(withZone.equals(bytes)).toBe(false);
    expect(jsonEntitiesFromRecord(withZone, codes, none)).toBeNull();
    const pretty = Buffer.from(`${JSON.stringify(JSON.parse(bytes.toString('utf8')), null, 2)}\n`, 'utf8');
    expect(jsonEntitiesFromRecord(pretty, codes, none)).toBeNull();
  });
});
