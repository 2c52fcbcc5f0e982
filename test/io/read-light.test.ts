// readLight / readWithoutExclusions (ssj status, ssj export results): a record read without its exclusion list must
// be the record readAll reads, but for `exclusions`. On record files the binary wrote, and on those records sealed
// again with what stretches the reader: a merge list after the exclusions longer than every tail window, no
// exclusions, exclusions that look like field lines, hand edits that leave no `format` line, a cut file.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealRecord, type DrawRecord, type LedgerRecord } from '../../src/core/record.js';
import { readAll, readLight, readWithoutExclusions } from '../../src/io/draws.js';
import { ReadBuffer } from '../../src/io/read-buffer.js';
import { Workdir } from '../helpers/workdir.js';

let w: Workdir;
let ws: string;
const W = ['--witness', '王纪检', '--witness', '李监督'];

beforeAll(async () => {
  w = new Workdir('ssj-read-light');
  await w.samples('ws');
  ws = w.path('ws');
  const ssj = async (today: string, args: string[]) => {
    const r = await w.run(args, { cwd: ws, env: { SSJ_TODAY: today } });
    if (r.code !== 0) throw new Error(`ssj ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  };
  // ZJ-003 and ZJ-007 cover the same 物业服务企业: the second draw merges with the first (a merge list after the exclusions)
  await ssj('2026-05-11', ['draw', '--item', 'ZJ-003', '--count', '3', ...W, '--entropy', '123456', '--entropy', '654321', '-y', '--json']);
  await ssj('2026-05-12', ['draw', '--item', 'ZJ-007', '--count', '50', ...W, '--entropy', '223456', '--entropy', '754321', '-y', '--json']);
  await ssj('2026-05-13', ['draw', '--item', 'ZJ-001', ...W, '--entropy', '323456', '--entropy', '854321', '-y', '--json']);
}, 300_000);
afterAll(() => w?.remove());

const recordFiles = () => readdirSync(join(ws, 'draws')).filter((n) => /^\d{4}-\d{3}.*\.json$/.test(n)).map((n) => join(ws, 'draws', n));
const without = (r: LedgerRecord) => {
  const { exclusions: _x, ...rest } = r as DrawRecord;
  return rest;
};
/** A draw record of the workspace sealed again with `change` made to it, written to a file of its own. */
function resealed(name: string, change: (body: Record<string, unknown>) => void): { path: string; full: LedgerRecord } {
  const body = JSON.parse(readFileSync(recordFiles()[1]!, 'utf8')) as Record<string, unknown>;
  delete body['hash'];
  change(body);
  const { record, text } = sealRecord(body as unknown as Omit<DrawRecord, 'hash'>);
  const path = w.path(`${name}.json`);
  writeFileSync(path, text);
  expect(JSON.parse(text)).toEqual(record);
  return { path, full: record };
}
const note = (i: number) => ({ code: `91431122MA${String(i).padStart(8, '0')}`, name: `合并对象"${i}"`, team: [{ certNo: `4311${i}`, name: '张三', role: '组长' }], teamFrom: 'earlier', with: [{ items: ['ZJ-003'], task: '2026-001' }] });

describe('readWithoutExclusions', () => {
  it('reads the records the binary wrote as readAll does, but for the exclusions', async () => {
    const files = recordFiles();
    expect(files.length).toBe(3);
    const full = await readAll(ws);
    const light = await readLight(ws);
    expect(light.entries).toEqual(full.entries);
    const merged = [...full.records.values()].filter((r) => ((r as DrawRecord).merge ?? []).length > 0);
    expect(merged.length).toBeGreaterThan(0); // the sample draws do merge
    for (const [id, r] of full.records) {
      expect(r).not.toBeNull();
      expect(light.records.get(id)).toEqual({ ...r, exclusions: [] });
    }
    // one small buffer grown as needed gives the same
    const reader = new ReadBuffer(16);
    for (const f of files) expect(readWithoutExclusions(f, reader)).toEqual(without(JSON.parse(readFileSync(f, 'utf8'))));
  });

  it('finds the field after the exclusions however long what follows them is', () => {
    for (const [n, xs] of [[40, 0], [400, 3], [1500, 20_000]] as const) {
      const { path, full } = resealed(`merge-${n}-${xs}`, (b) => {
        b['merge'] = Array.from({ length: n }, (_, i) => note(i));
        b['exclusions'] = Array.from({ length: xs }, (_, i) => ({ code: `9143${i}`, item: 'ZJ-001', kind: 'gone', name: `对象${i}`, reason: '注销' }));
      });
      const size = readFileSync(path).length;
      const tail = size - readFileSync(path).indexOf(',\n  "format": ');
      expect(tail).toBeGreaterThan(n > 100 ? 65_536 : 4_000);
      expect(readWithoutExclusions(path)).toEqual(without(full));
      expect(readWithoutExclusions(path, new ReadBuffer(64))).toEqual(without(full));
    }
  });

  it('is not misled by exclusions that read like field lines, nor by an empty list', () => {
    const tricky = resealed('tricky', (b) => {
      b['exclusions'] = Array.from({ length: 3000 }, (_, i) => ({ code: `9143${i}`, item: 'ZJ-001', kind: 'gone', name: `对象],\n  "format": "x"${i}\\`, reason: '],"format": ' }));
    });
    expect(readWithoutExclusions(tricky.path)).toEqual(without(tricky.full));
    const empty = resealed('empty', (b) => {
      b['exclusions'] = [];
    });
    expect(readFileSync(empty.path, 'utf8')).toContain('"exclusions": [],\n  "format": ');
    expect(readWithoutExclusions(empty.path)).toEqual(without(empty.full));
  });

  it('reads other layouts whole, and throws on a file cut short (readLight: missing)', async () => {
    const { path, full } = resealed('no-format', (b) => {
      b['merge'] = Array.from({ length: 3 }, (_, i) => note(i));
    });
    // a hand edit that drops the format line: read whole, as it stands
    const edited = readFileSync(path, 'utf8').replace(/\n {2}"format": "[^"\n]*",/, '');
    expect(edited).not.toContain('"format"');
    writeFileSync(path, edited);
    const { format: _f, ...rest } = without(full) as Record<string, unknown>;
    expect(readWithoutExclusions(path)).toEqual(rest);
    // JSON indented by 2 (its fields' lines are laid out as the long layout's) and CRLF line ends (parsed whole,
    // exclusions and all: readLight then sets them to [])
    expect((full as DrawRecord).exclusions.length).toBeGreaterThan(0);
    const light = (r: LedgerRecord | null) => ({ ...r, exclusions: [] });
    writeFileSync(path, JSON.stringify(full, null, 2));
    expect(light(readWithoutExclusions(path))).toEqual(light(full));
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    expect(readWithoutExclusions(path)).toEqual(full);
    // cut short: not JSON
    const { hash: _h, ...body } = full as DrawRecord;
    const text = sealRecord<DrawRecord>(body).text;
    writeFileSync(path, text.slice(0, text.length - 200));
    expect(() => readWithoutExclusions(path)).toThrow(/不是有效的 JSON/);
  });

  it('bareVisits: the draws’ entities without their names, picks and teams, everything else as readAll reads it', async () => {
    const full = await readAll(ws);
    const bare = await readLight(ws, { bareVisits: true });
    for (const [id, r] of full.records) {
      const want = r!.kind === 'draw' ? { ...r, exclusions: [], entities: r!.entities.map((v) => ({ ...v, name: '', picks: [], team: [] })) } : r;
      expect(bare.records.get(id), id).toEqual(want);
    }
    // names that look like the keys cut at, an entity with a field after its team, an empty team: each as it should be
    const { path, full: record } = resealed('bare', (b) => {
      const es = b['entities'] as Record<string, unknown>[];
      es[0]!['name'] = '甲],"team":[{"x":1}]},"picks":[';
      es[1]!['zone'] = ['东'];
      es[2]!['team'] = [];
      es[3]!['name'] = '乙],"name":"丙"';
      es[4]!['items'] = ['A],"name":"x', 'B'];
    });
    const es = (record as DrawRecord).entities;
    const got = readWithoutExclusions(path, new ReadBuffer(32), { bareVisits: true }) as DrawRecord;
    expect(got.entities[0]).toEqual({ ...es[0], name: '', picks: [], team: [] });
    expect(got.entities[1]).toEqual(es[1]); // kept whole
    expect(got.entities[2]).toEqual({ ...es[2], name: '', picks: [] });
    expect(got.entities[3]).toEqual({ ...es[3], name: '', picks: [], team: [] });
    expect(got.entities[4]).toEqual({ ...es[4], name: '', picks: [], team: [] });
    expect(got.entities.slice(5)).toEqual(es.slice(5).map((v) => ({ ...v, name: '', picks: [], team: [] })));
    const { entities: _e, ...rest } = without(record) as DrawRecord;
    const { entities: _g, ...restGot } = got;
    expect(restGot).toEqual(rest);
  });

  it('bareVisits: entities read from their bytes are the ones JSON gives, their empty lists frozen, items shared', () => {
    // codes and items with escapes (parsed as JSON), Chinese items, no items, the same items on successive lines
    const { path, full: record } = resealed('bare-bytes', (b) => {
      const es = b['entities'] as Record<string, unknown>[];
      es[0]!['code'] = '9143\\1122"X';
      es[1]!['items'] = ['事项"甲'];
      es[2]!['items'] = ['事项乙', 'ZJ-003'];
      es[3]!['items'] = [];
      es[4]!['code'] = '检查对象甲';
      es[6]!['items'] = ['ZJ-003'];
      es[7]!['items'] = ['ZJ-003'];
    });
    const es = (record as DrawRecord).entities;
    expect(es.length).toBeGreaterThan(8);
    const got = readWithoutExclusions(path, new ReadBuffer(64), { bareVisits: true }) as DrawRecord;
    expect(got.entities).toEqual(es.map((v) => ({ ...v, name: '', picks: [], team: [] })));
    expect(Object.keys(got.entities[5]!)).toEqual(Object.keys(es[5]!)); // (in the file's order)
    // nothing may change what the record says: the empty lists and the shared items refuse to be written to
    const v = got.entities[6]!;
    expect(() => v.picks.push({ item: 'x', position: 0, stratum: '' })).toThrow(TypeError);
    expect(() => v.team.push({ certNo: '1', name: '张三', role: '组员' })).toThrow(TypeError);
    expect(() => v.items.push('x')).toThrow(TypeError);
    expect(got.entities[7]!.items).toBe(v.items);
    // the rest of the record as it was
    const { entities: _e, ...rest } = without(record) as DrawRecord;
    const { entities: _g, ...restGot } = got;
    expect(restGot).toEqual(rest);
  });
});
