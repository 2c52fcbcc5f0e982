import { describe, expect, it } from 'vitest';
import { EntityColumnsParser, type EntityColumns } from '../../src/core/entity-columns.js';
import { tableOf, type EntityTable } from '../../src/core/entity-table.js';
import { drawEntities, planDraw, assignTeams, type DrawInputs, type DrawParams } from '../../src/core/draw.js';
import { SNAPSHOT_COLUMNS } from '../../src/core/schema.js';
import { parseSnapshot, SnapshotParser } from '../../src/core/snapshot-parse.js';
import { snapshotLines } from '../../src/core/snapshot.js';
import type { Entity, InspectionItem, Inspector } from '../../src/core/types.js';
import { rng, type Rng } from '../helpers/rng.js';
import { thrown } from '../helpers/thrown.js';

const COLS = SNAPSHOT_COLUMNS.entities;

// separators, quotes and line breaks (the slow path), CJK and characters outside the BMP (multi-byte UTF-8 cut by chunks)
const TRICKY = ['a', '0', ' ', ',', '"', '""', '\r', '\n', '\r\n', '中', '检查', '𠀀', '😀', 'é', '，'];
const PLAIN = ['a', 'Z', '0', '9', '-', '中', '文', '检查', '股份有限公司', '𠀀', 'é'];
const word = (r: Rng, tricky: boolean) => {
  if (r.next() < 0.15) return '';
  let s = '';
  for (let k = 1 + r.int(5); k > 0; k--) s += r.pick(tricky ? TRICKY : PLAIN);
  return s;
};

/** A registry: few distinct values in the scope columns, codes mostly distinct, some fields needing quotes. */
function registry(r: Rng, rows: number, tricky: number, extras: readonly string[] = []): Entity[] {
  const few = (xs: readonly string[]) => (r.next() < tricky ? word(r, true) : r.pick(xs));
  return Array.from({ length: rows }, (_, i) => {
    const code = `91${String(r.int(1e6)).padStart(6, '0')}${r.next() < tricky ? word(r, true) : ''}${i}`;
    const e: Record<string, string> = {
      code, creditCode: r.next() < 0.5 ? code : '', projectCode: '', name: word(r, r.next() < tricky) + `公司${i}`, legalRep: word(r, false), contact: word(r, r.next() < tricky),
      phone: '13800000000', section: few(['建筑业股', '房地产股']), category: few(['建筑施工企业', '物业服务企业', '']), region: few(['城关镇', '南街', '北关', '东城']),
      address: word(r, r.next() < tricky), risk: few(['A', 'B', 'C', 'D', '']), status: r.next() < 0.1 ? 'gone' : 'active', statusText: few(['存续', '注销', '吊销', '']),
    };
    for (const x of extras) e[x] = r.next() < 0.5 ? r.pick(['是', '否']) : word(r, r.next() < tricky);
    return e as unknown as Entity;
  });
}

/** Feeds bytes in chunks of 1..max bytes through a reused buffer (as a file reader does). */
function columns(bytes: Buffer, r: Rng, max: number, opts: { only?: readonly string[]; source?: string } = {}): EntityColumns {
  const p = new EntityColumnsParser({ size: bytes.length, ...opts }); // (sized from the first rows)
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(bytes.length, i + 1 + r.int(max));
    const chunk = Buffer.from(bytes.subarray(i, end));
    p.write(chunk);
    chunk.fill(0x5a);
    i = end;
  }
  return p.end();
}

/** Every value of the table is the record's, and the table's lookups agree with the records. */
function expectSame(table: EntityTable, records: readonly Entity[], fields: readonly string[], only?: readonly string[]) {
  expect(table.length).toBe(records.length);
  const keep = (f: string) => only === undefined || only.includes(f) || f === 'code' || f === 'name' || !(COLS as readonly string[]).includes(f);
  const buf = new Uint8Array(table.maxCodeBytes + 8);
  const got: unknown[] = [];
  const want: unknown[] = [];
  const cols = fields.map((f) => table.coded(f));
  records.forEach((e, i) => {
    const rec = e as unknown as Record<string, string>;
    const n = table.writeCode(i, buf, 3);
    got.push([table.code(i), table.name(i), Buffer.from(buf.subarray(3, 3 + n)).toString('utf8'), ...fields.map((f) => table.value(i, f)), ...cols.map((c) => c.values[c.ids[i]!])]);
    const values = fields.map((f) => (keep(f) ? rec[f] : ''));
    want.push([e.code, e.name, e.code, ...values, ...values]);
  });
  expect(got).toStrictEqual(want);
  const first = new Map<string, number>();
  records.forEach((e, i) => first.has(e.code) || first.set(e.code, i));
  const found = [...first.keys()].map((code) => table.code(table.find(code)));
  expect(found).toStrictEqual([...first.keys()]);
  expect(table.find('不存在的代码')).toBe(-1);
}

describe('EntityColumnsParser reads what SnapshotParser reads', () => {
  it('random registries, whole and in chunks of 1–50 bytes and of 4 KiB–1 MiB', () => {
    const r = rng(20261205);
    let quoted = 0;
    for (let t = 0; t < 60; t++) {
      const extras = t % 4 === 0 ? ['投诉举报次数', '重点监管对象'] : [];
      const list = registry(r, r.int(60), t % 3 === 0 ? 0 : 0.2, extras);
      const bytes = Buffer.from([...snapshotLines('entities', list)].join(''), 'utf8');
      const records = parseSnapshot('entities', bytes) as Entity[];
      quoted += bytes.toString('utf8').split('\n').filter((l) => l.includes('"')).length;
      const fields = [...COLS, ...extras];
      expectSame(columns(bytes, r, 50), records, fields);
      expectSame(columns(bytes, r, 3), records, fields);
      for (const size of [4096, 1 << 20]) {
        const p = new EntityColumnsParser();
        for (let i = 0; i < bytes.length; i += size) p.write(bytes.subarray(i, i + size));
        expectSame(p.end(), records, fields);
      }
    }
    expect(quoted).toBeGreaterThan(50); // the slow path was exercised
  });

  it('keeps only the columns asked for (code, name and extra columns always)', () => {
    const r = rng(7);
    const list = registry(r, 200, 0.1, ['重点监管对象']);
    const bytes = Buffer.from([...snapshotLines('entities', list)].join(''), 'utf8');
    const records = parseSnapshot('entities', bytes) as Entity[];
    const only = ['category', 'status'];
    expectSame(columns(bytes, r, 5000, { only }), records, [...COLS, '重点监管对象'], only);
  });

  it('a last line without LF, no records, a large registry', () => {
    const head = COLS.join(',') + '\n';
    const line = '91A,91A,,甲公司,张三,,,,建筑施工企业,,,,active,存续';
    for (const text of [head, head + line, head + line + '\n' + line.replace('91A,91A', '91B,"9""1B"')]) {
      const records = parseSnapshot('entities', text) as Entity[];
      expectSame(columns(Buffer.from(text), rng(1), 4), records, COLS);
    }
    const r = rng(99);
    const list = registry(r, 20000, 0.01);
    const bytes = Buffer.from([...snapshotLines('entities', list)].join(''), 'utf8');
    expectSame(columns(bytes, r, 1 << 20), parseSnapshot('entities', bytes) as Entity[], COLS);
  });
});

describe('malformed snapshots: the same error as SnapshotParser', () => {
  const head = COLS.join(',') + '\n';
  const ok = '91A,91A,,甲公司,张三,,,,,,,,active,存续\n';
  const cases = [
    '', head.replace('name', 'nom'), '\uFEFF' + head + ok, head + ok + '91B,91B,,乙公司\n', head + ok + ok.replace('存续', '存续,多余'),
    head + ok + '\n' + ok, head + ok + '91B,"乙\n公司"\n', head + '91B,"乙\n\n公司",,,,,,,,,,,,\n' + ok + ok + ',' + ok,
    head + ok + '91B,9"1B,,乙公司,,,,,,,,,active,存续\n', head + ok + '91B,"91B"x,,乙公司,,,,,,,,,active,存续\n',
    head + ok + '91B,"91B,,乙公司,,,,,,,,,active,存续\n' + ok, head.replace('\n', '\r\n') + ok, head + ok + ok.replace('甲', '甲\r乙'),
  ];
  const error = thrown;
  it.each(cases.map((c, i) => [i, c]))('case %i', (_i, input) => {
    const expected = error(() => {
      const p = new SnapshotParser('entities', { source: 'x.csv' });
      p.write(Buffer.from(input));
      p.end();
    });
    for (const max of [1, 7, 1 << 20]) expect(error(() => columns(Buffer.from(input), rng(max), max, { source: 'x.csv' })).message).toBe(expected.message);
  });
});

describe('a draw over the columns is the draw over the records', () => {
  it('pool hash, exclusions, entities and teams, with strata, --where and repeat exclusions', () => {
    const r = rng(3);
    const list = registry(r, 3000, 0.05, ['重点监管对象']);
    const bytes = Buffer.from([...snapshotLines('entities', list)].join(''), 'utf8');
    const records = parseSnapshot('entities', bytes) as Entity[];
    const table = columns(bytes, r, 65536);
    const items: InspectionItem[] = [
      { id: 'A', name: '甲', basis: '', target: '建筑施工企业', content: '', method: '', ratio: 0.05, ratioText: '5%', rounds: 1, roundsText: '', subject: '', section: '' },
      { id: 'B', name: '乙', basis: '', target: '物业服务企业', content: '', method: '', ratio: 0.1, ratioText: '10%', rounds: 1, roundsText: '', subject: '', section: '' },
    ];
    const inspectors = Array.from({ length: 40 }, (_, i) => ({ certNo: `C${100 + i}`, name: `人员${i}`, gender: '', unit: '', area: '', issuer: '', category: '', phone: '', expertise: '', section: '', certExpiry: '', kind: '执法人员', note: '' })) as Inspector[];
    const drawn = records.filter((e) => e.status === 'active').slice(0, 40);
    const base = { items, inspectors, conflicts: drawn.slice(0, 5).map((e) => ({ certNo: 'C101', code: e.code })), repeat: drawn.map((e, i) => ({ item: i % 2 ? 'A' : 'B', code: e.code, name: '', kind: 'repeat' as const, reason: '本年度已抽中' })) };
    const variants: Partial<DrawParams>[] = [{}, { strata: 'region' }, { where: [{ field: 'region', values: ['南街', '城关镇'] }] }, { strata: '重点监管对象', count: 30 }, { where: [{ field: '重点监管对象', values: ['是'] }] }];
    for (const v of variants) {
      const params: DrawParams = { items: ['A', 'B'], round: 1, date: '2026-11-22', ratio: null, count: null, where: [], strata: null, riskRatios: null, teamSize: 2, experts: 0, teamRules: {}, ...v };
      const run = (entities: DrawInputs['entities']) => {
        const plan = planDraw({ ...base, entities, entitiesInOrder: true }, params);
        const visits = drawEntities(plan, 'seed');
        const problems = assignTeams(visits, { ...base, entities } as DrawInputs, params, 'seed');
        const { table: _t, ...rest } = plan;
        return { plan: JSON.stringify(rest, (k, x) => (k === 'candidates' ? Array.from(x as ArrayLike<number>, (i) => plan.table.code(i)) : x)), visits, problems };
      };
      const a = run(records);
      expect(a.visits.length).toBeGreaterThan(0);
      expect(run(table)).toStrictEqual(a);
      expect(run(tableOf([...records].reverse()))).toStrictEqual(a);
    }
  });
});
