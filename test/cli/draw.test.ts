// ssj draw and ssj draw replace through the real binary, in copies of a demo workspace (the sample lists,
// including the 回避 declarations of fixtures/sample/回避关系清单.xlsx).
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, recordHash } from '../helpers/records.js';
import { Workdir } from '../helpers/workdir.js';

const ITEMS = ['ZJ-001', 'ZJ-002', 'ZJ-003', 'ZJ-004', 'ZJ-005', 'ZJ-006'];
const W = ['--witness', '王五'];

const ledger = (w: Workdir) => {
  const p = w.path('draws', 'ledger.jsonl');
  return existsSync(p) ? readFileSync(p, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
};
const record = (w: Workdir, id: string) => readJson(w.path('draws', `${id}.json`));
const codes = (r: { json: any }) => r.json.entities.map((e: any) => e.code as string);
/** visits without their picks: what --json prints */
const visits = (xs: any[]) => xs.map((v) => ({ code: v.code, name: v.name, items: v.items, team: v.team }));
const ceilRatio = (ratio: number, n: number) => Math.max(1, Math.floor((Math.round(ratio * 1e6) * n + 999_999) / 1e6));

let base: Workdir;
let template: string;
let entities: any[];
let inspectors: any[];
let conflicts: any[];
let items: any[];
const made: Workdir[] = [];

/** A fresh copy of the demo workspace. */
function fresh(): Workdir {
  const w = new Workdir('ssj-draw');
  cpSync(template, w.dir, { recursive: true });
  made.push(w);
  return w;
}
const active = (category: string) => entities.filter((e) => e.category === category && e.status === 'active');
const entity = (code: string) => entities.find((e) => e.code === code);
const person = (certNo: string) => inspectors.find((p) => p.certNo === certNo);

/** Every team: distinct people; teamSize inspectors (执法人员) first, 组长 then 组员, then `experts` 专家. */
function checkTeams(out: any[], teamSize: number, experts: number) {
  for (const v of out) {
    expect(v.team).toHaveLength(teamSize + experts);
    expect(new Set(v.team.map((m: any) => m.certNo)).size).toBe(teamSize + experts);
    expect(v.team.map((m: any) => m.role)).toEqual(['组长', ...Array(teamSize - 1).fill('组员'), ...Array(experts).fill('专家')]);
    v.team.forEach((m: any, i: number) => {
      const p = person(m.certNo);
      expect(p, m.certNo).toBeDefined();
      expect(p.name).toBe(m.name);
      expect(p.kind).toBe(i < teamSize ? '执法人员' : '专家');
    });
  }
}
/** No team holds a person with a declared 回避 for its entity. */
function checkConflicts(out: any[], pairs: { certNo: string; code: string }[]) {
  for (const v of out) {
    const blocked = pairs.filter((p) => p.code === v.code).map((p) => p.certNo);
    for (const m of v.team) expect(blocked, `${m.name} on ${v.name}`).not.toContain(m.certNo);
  }
}
const workloads = (out: any[], kind: string) => {
  const n = new Map<string, number>();
  for (const v of out) for (const m of v.team) if (person(m.certNo).kind === kind) n.set(m.certNo, (n.get(m.certNo) ?? 0) + 1);
  return n;
};

/** A 回避关系清单 CSV (replaces the declarations when imported). */
function conflictsCsv(w: Workdir, pairs: { certNo: string; code: string }[]): string {
  const lines = ['执法证号,姓名,统一社会信用代码,检查对象名称,回避原因'];
  for (const p of pairs) lines.push([p.certNo, person(p.certNo).name, p.code, entity(p.code).name, '测试回避'].join(','));
  const file = w.path('回避.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

beforeAll(async () => {
  base = new Workdir('ssj-draw-base');
  await base.samples('d'); // the sample lists, nothing drawn (ssj demo would also draw)
  template = base.path('d');
  const list = async (kind: string) => (await base.run(['list', kind, '--json'], { cwd: template })).json;
  [entities, inspectors, conflicts, items] = await Promise.all([list('entities'), list('inspectors'), list('conflicts'), list('items')]);
});
afterAll(() => {
  for (const w of made) w.remove();
  base?.remove();
});

describe('ssj draw --json', () => {
  it('prints the contract fields; the record file holds the printed hash, which is the hash of its content', async () => {
    const w = fresh();
    const r = await w.run([
      'draw', '--item', 'ZJ-001', '--witness', '王五', '--witness', '赵六', '--entropy', '123456', '--entropy', '654 321',
      '--operator', '李四', '--place', '三楼会议室', '--json',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(Object.keys(r.json)).toEqual(expect.arrayContaining(['ok', 'id', 'record', 'hash', 'seed', 'poolHash', 'poolSize', 'sampleSize', 'entities']));
    expect(r.json).toMatchObject({ ok: true, id: '2026-001', record: w.path('draws', '2026-001.json'), seed: '123456/654321' });
    expect(r.json.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.json.poolHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.json.poolSize).toBe(active('建筑施工企业').length);
    expect(r.json.sampleSize).toBe(r.json.entities.length);
    expect(r.json.sampleSize).toBe(6);
    for (const e of r.json.entities) {
      expect(Object.keys(e).sort()).toEqual(['code', 'items', 'name', 'team']);
      expect(e.items).toEqual(['ZJ-001']);
      expect(entity(e.code)).toMatchObject({ name: e.name, category: '建筑施工企业', status: 'active' });
      for (const m of e.team) expect(Object.keys(m).sort()).toEqual(['certNo', 'name', 'role']);
    }
    expect(new Set(codes(r)).size).toBe(6);

    const rec = readJson(r.json.record);
    expect(rec.hash).toBe(r.json.hash);
    expect(recordHash(rec)).toBe(rec.hash);
    expect(rec).toMatchObject({
      kind: 'draw', id: '2026-001', seq: 1, prev: null, operator: '李四', witnesses: ['王五', '赵六'], place: '三楼会议室', date: '2026-11-22',
      seed: { text: '123456/654321', components: [{ source: 'witness', name: '王五', value: '123456' }, { source: 'witness', name: '赵六', value: '654321' }] },
      pool: { hash: r.json.poolHash, size: r.json.poolSize },
      task: { type: '不定向', round: 1, teamSize: 2, experts: 0 },
    });
    expect(visits(rec.entities)).toEqual(r.json.entities);
    for (const k of ['entities', 'inspectors', 'items', 'conflicts']) {
      expect(existsSync(w.path('snapshots', k, `${rec.inputs[k].snapshot}.csv`)), k).toBe(true);
    }
    expect(ledger(w)).toEqual([{ seq: 1, id: '2026-001', kind: 'draw', file: 'draws/2026-001.json', hash: r.json.hash, prev: null, at: expect.any(String), chain: expect.stringMatching(/^[0-9a-f]{64}$/) }]);

    // the next draw is chained to this one
    const r2 = await w.run(['draw', '--item', 'ZJ-002', '--seed', '第二次', ...W, '--json']);
    expect(r2.code).toBe(0);
    expect(r2.json).toMatchObject({ id: '2026-002', seed: '第二次' });
    expect(record(w, '2026-002')).toMatchObject({ seq: 2, prev: r.json.hash, hash: r2.json.hash });
    expect(ledger(w).map((e) => [e.seq, e.id, e.prev])).toEqual([[1, '2026-001', null], [2, '2026-002', r.json.hash]]);
    expect(readdirSync(w.path('draws')).sort()).toEqual(['2026-001.json', '2026-002.json', 'ledger.jsonl']);
  });

  it('sample size: ceil(ratio × population) of the active entities of the item\'s category, at least 1', async () => {
    const w = fresh();
    const r = await w.run(['draw', ...ITEMS.flatMap((i) => ['--item', i]), '--seed', 'sizes', ...W, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rec = record(w, r.json.id);
    // 5% of 112 = 5.6 → 6, 10% of 44 = 4.4 → 5, 5% of 55 → 3, 5% of 25 = 1.25 → 2, 20% of 15 = 3 → 3, 5% of 34 = 1.7 → 2
    expect(rec.pool.items.map((p: any) => [p.id, p.population, p.sample])).toEqual([
      ['ZJ-001', 112, 6], ['ZJ-002', 44, 5], ['ZJ-003', 55, 3], ['ZJ-004', 25, 2], ['ZJ-005', 15, 3], ['ZJ-006', 34, 2],
    ]);
    for (const p of rec.pool.items) {
      const item = items.find((i) => i.id === p.id);
      const n = active(item.target).length;
      expect(p.population).toBe(n);
      expect(p.sample).toBe(ceilRatio(item.ratio, n));
      expect(r.json.entities.filter((e: any) => e.items.includes(p.id))).toHaveLength(p.sample);
    }
    expect(r.json.sampleSize).toBe(6 + 5 + 3 + 2 + 3 + 2);

    const w2 = fresh();
    const a = await w2.run(['draw', '--item', 'ZJ-002', '--ratio', '0.05', '--seed', 'x', ...W, '--json']);
    expect(a.code).toBe(0);
    expect(a.json.sampleSize).toBe(3); // 5% of 44 = 2.2 → 3
    const b = await w2.run(['draw', '--item', 'ZJ-005', '--ratio', '1%', '--seed', 'x', ...W, '--json']);
    expect(b.code).toBe(0);
    expect(b.json.sampleSize).toBe(1); // 1% of 15 = 0.15 → at least 1
    expect(b.json.warnings.join('\n')).toContain('minRatio');
    expect(record(w2, b.json.id).task.ratio).toBe(0.01);
  });

  it('a full draw (--ratio 1): every active entity once, no gone one, all gone ones listed; teams and experts fit', async () => {
    const w = fresh();
    const r = await w.run(['draw', ...ITEMS.flatMap((i) => ['--item', i]), '--ratio', '1', '--experts', '1', '--seed', 'all', ...W, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const targets = new Set(ITEMS.map((id) => items.find((i) => i.id === id).target));
    const inScope = entities.filter((e) => targets.has(e.category));
    const gone = inScope.filter((e) => e.status === 'gone');
    expect(gone.length).toBeGreaterThan(10);
    expect(new Set(codes(r))).toEqual(new Set(inScope.filter((e) => e.status === 'active').map((e) => e.code)));
    expect(codes(r)).toHaveLength(r.json.poolSize);
    for (const g of gone) expect(codes(r)).not.toContain(g.code);
    const rec = record(w, r.json.id);
    const goneListed = rec.exclusions.filter((x: any) => x.kind === 'gone');
    expect(goneListed.map((x: any) => x.code).sort()).toEqual(gone.map((e) => e.code).sort());
    for (const x of goneListed) expect(x.item).toBe(items.find((i) => i.target === entity(x.code).category && ITEMS.includes(i.id)).id);

    checkTeams(r.json.entities, 2, 1);
    // every declared 回避 concerns an entity drawn here, so each one is tested
    expect(conflicts.every((c) => codes(r).includes(c.code))).toBe(true);
    checkConflicts(r.json.entities, conflicts);
    expect(rec.conflicts.map((c: any) => `${c.certNo}|${c.code}`).sort()).toEqual(conflicts.map((c) => `${c.certNo}|${c.code}`).sort());
    // 570 inspector places among 27, 285 expert places among 3: as even as can be
    const ins = workloads(r.json.entities, '执法人员');
    const exp = workloads(r.json.entities, '专家');
    expect(ins.size).toBe(inspectors.filter((p) => p.kind === '执法人员').length);
    expect(Math.max(...ins.values()) - Math.min(...ins.values())).toBeLessThanOrEqual(1);
    expect([...exp.values()]).toEqual([95, 95, 95]);
  });

  it('balance: --count 30 of the biggest category, every inspector used, workloads differ by at most one', async () => {
    const w = fresh();
    const r = await w.run(['draw', '--item', 'ZJ-001', '--count', '30', '--seed', 'balance', ...W, '--json']);
    expect(r.code).toBe(0);
    expect(r.json.sampleSize).toBe(30);
    checkTeams(r.json.entities, 2, 0);
    checkConflicts(r.json.entities, conflicts);
    const n = workloads(r.json.entities, '执法人员');
    expect(n.size).toBe(27);
    expect([...n.values()].reduce((a, b) => a + b, 0)).toBe(60);
    expect(Math.max(...n.values()) - Math.min(...n.values())).toBeLessThanOrEqual(1);
    expect(record(w, r.json.id).task).toMatchObject({ count: 30, ratio: null });
  });

  it('--team-size 3 gives 组长 and two 组员; --team-size 1 is refused', async () => {
    const w = fresh();
    const r = await w.run(['draw', '--item', 'ZJ-002', '--team-size', '3', '--seed', 't3', ...W, '--json']);
    expect(r.code).toBe(0);
    checkTeams(r.json.entities, 3, 0);
    checkConflicts(r.json.entities, conflicts);
    expect(record(w, r.json.id).task.teamSize).toBe(3);
    const before = w.listing();
    const bad = await w.run(['draw', '--item', 'ZJ-003', '--team-size', '1', '--seed', 't1', ...W, '--json']);
    expect(bad.code).toBe(2);
    expect(bad.json.error.code).toBe('USAGE');
    expect(w.listing()).toEqual(before);
  });

  it('certificates expired on the draw date are never drawn', async () => {
    const w = fresh();
    const date = '2027-06-20';
    const expired = inspectors.filter((p) => p.certExpiry !== '' && p.certExpiry < date);
    const validExperts = inspectors.filter((p) => p.kind === '专家' && !expired.includes(p));
    expect(expired.length).toBeGreaterThanOrEqual(5);
    expect(validExperts).toHaveLength(1);
    const r = await w.run(['draw', '--item', 'ZJ-001', '--count', '30', '--experts', '1', '--seed', 'expiry', ...W, '--json'], { env: { SSJ_TODAY: date } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    checkTeams(r.json.entities, 2, 1);
    const used = new Set(r.json.entities.flatMap((v: any) => v.team.map((m: any) => m.certNo)));
    for (const p of expired) expect(used.has(p.certNo), `${p.name} ${p.certExpiry}`).toBe(false);
    for (const v of r.json.entities) expect(v.team[2].certNo).toBe(validExperts[0].certNo);
    expect(record(w, r.json.id).date).toBe(date);
    const v = await w.run(['verify', '--json']); // verification uses the record's date, not today's
    expect(v.code).toBe(0);
  });

  it('a declared 回避 that leaves exactly two inspectors and one expert decides the team; one more needed is CANNOT_DRAW', async () => {
    const w = fresh();
    const target = active('建设工程质量检测机构')[3];
    const people = inspectors.filter((p) => p.kind === '执法人员');
    const experts = inspectors.filter((p) => p.kind === '专家');
    const keep = [people[5].certNo, people[20].certNo];
    const keepExpert = experts[1].certNo;
    const pairs = [...people, ...experts].filter((p) => !keep.includes(p.certNo) && p.certNo !== keepExpert).map((p) => ({ certNo: p.certNo, code: target.code }));
    const imp = await w.run(['import', 'conflicts', conflictsCsv(w, pairs), '--json']);
    expect(imp.code, imp.stdout).toBe(0);

    const before = w.listing();
    const no = await w.run(['draw', '--item', 'ZJ-005', '--ratio', '1', '--team-size', '3', '--seed', 'c', ...W, '--json']);
    expect(no.code).toBe(1);
    expect(no.json.error.code).toBe('CANNOT_DRAW');
    expect(no.json.error.message).toContain(target.name);
    expect(no.json.error.message).toContain('回避');
    expect(w.listing()).toEqual(before);

    const r = await w.run(['draw', '--item', 'ZJ-005', '--ratio', '1', '--experts', '1', '--seed', 'c', ...W, '--json']);
    expect(r.code, r.stdout).toBe(0);
    const v = r.json.entities.find((e: any) => e.code === target.code);
    expect(v.team.slice(0, 2).map((m: any) => m.certNo).sort()).toEqual([...keep].sort());
    expect(v.team[2]).toMatchObject({ certNo: keepExpert, role: '专家' });
    checkConflicts(r.json.entities, pairs);
    expect((await w.run(['verify', '--json'])).code).toBe(0);
  });
});

describe('determinism', () => {
  const args = ['draw', '--item', 'ZJ-003', '--item', 'ZJ-001', '--count', '12', '--experts', '1', '--seed', '2026-11-21 福彩3D 517', ...W, '--json'];

  it('the same lists and seed in two fresh workspaces give the same entities and teams', async () => {
    const [a, b] = [fresh(), fresh()];
    const ra = await a.run(args);
    const rb = await b.run(args);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    expect(rb.json.entities).toEqual(ra.json.entities);
    expect([rb.json.poolHash, rb.json.poolSize, rb.json.seed]).toEqual([ra.json.poolHash, ra.json.poolSize, ra.json.seed]);
    expect(visits(record(b, '2026-001').entities)).toEqual(visits(record(a, '2026-001').entities));
    // the result does depend on the seed
    const c = fresh();
    const rc = await c.run(args.map((x) => (x === '2026-11-21 福彩3D 517' ? '2026-11-21 福彩3D 518' : x)));
    expect(rc.code).toBe(0);
    expect(codes(rc)).not.toEqual(codes(ra));
    expect(rc.json.poolHash).toBe(ra.json.poolHash);
  });

  it('a registry imported with its rows in another order gives the same draw', async () => {
    const a = fresh();
    const b = fresh();
    // the registry as a plain 检查对象名录库 CSV, rows reversed
    const cols: [string, string][] = [
      ['市场主体名称', 'name'], ['统一社会信用代码', 'creditCode'], ['法定代表人', 'legalRep'], ['联络人', 'contact'], ['联系电话', 'phone'],
      ['监管责任股室', 'section'], ['行业类别', 'category'], ['区域', 'region'], ['地址', 'address'], ['信用风险分类', 'risk'], ['经营状态', 'statusText'],
    ];
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const rows = [...entities].reverse().map((e) => cols.map(([, k]) => q(String(e[k] ?? ''))).join(','));
    writeFileSync(b.path('名录-倒序.csv'), [cols.map(([h]) => h).join(','), ...rows].join('\n') + '\n');
    const imp = await b.run(['import', 'entities', b.path('名录-倒序.csv'), '--json']);
    expect(imp.code, imp.stdout).toBe(0);
    expect(imp.json.imported).toBe(entities.length);
    const log = readFileSync(b.path('imports', 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(log.at(-1).source.name).toBe('名录-倒序.csv');

    const ra = await a.run(args);
    const rb = await b.run(args);
    expect(rb.code).toBe(0);
    expect(rb.json.entities).toEqual(ra.json.entities);
    expect(rb.json.poolHash).toBe(ra.json.poolHash);
  });

  it('an item drawn alone or in a joint task gives the same entities; experts never change the inspectors', async () => {
    const [a, b] = [fresh(), fresh()];
    const joint = await a.run(args);
    const alone = await b.run(['draw', '--item', 'ZJ-001', '--count', '12', '--seed', '2026-11-21 福彩3D 517', ...W, '--json']);
    expect(alone.code).toBe(0);
    // items in code order: ZJ-001's 12 picks come first in the visit list
    expect(codes(joint).slice(0, 12)).toEqual(codes(alone));
    // teams are staffed in visit order and experts come from their own stream: the first 12 visits get the
    // same inspectors as the draw of ZJ-001 alone without experts
    const inspectorsOnly = joint.json.entities.slice(0, 12).map((v: any) => v.team.filter((m: any) => m.role !== '专家'));
    expect(inspectorsOnly).toEqual(alone.json.entities.map((v: any) => v.team));
  });
});

describe('rounds, re-draws, directed and joint draws', () => {
  it('round 2 leaves out the entities of round 1 and lists them as repeat exclusions', async () => {
    const w = fresh();
    const r1 = await w.run(['draw', '--item', 'ZJ-001', '--count', '30', '--seed', 'r1', ...W, '--json']);
    const r2 = await w.run(['draw', '--item', 'ZJ-001', '--seed', 'r2', ...W, '--json']);
    expect(r1.code).toBe(0);
    expect(r2.code, r2.stdout).toBe(0);
    expect([r1.json.round, r2.json.round]).toEqual([1, 2]);
    for (const c of codes(r2)) expect(codes(r1)).not.toContain(c);
    const rec = record(w, r2.json.id);
    const repeat = rec.exclusions.filter((x: any) => x.kind === 'repeat');
    expect(repeat.map((x: any) => x.code).sort()).toEqual([...codes(r1)].sort());
    for (const x of repeat) expect(x).toMatchObject({ item: 'ZJ-001', name: entity(x.code).name });
    // the ratio is of the population; the repeat ones are only not available
    expect(rec.pool.items[0]).toMatchObject({ population: 112, available: 82, sample: 6 });
    expect(r2.json.poolSize).toBe(82);
  });

  it('the same item and round again: ALREADY_DRAWN, nothing written; --redraw --reason re-draws, and round 2 excludes the re-draw', async () => {
    const w = fresh();
    const first = await w.run(['draw', '--item', 'ZJ-002', '--round', '1', '--count', '10', '--seed', 'a', ...W, '--json']);
    expect(first.code).toBe(0);
    const before = w.listing();
    const again = await w.run(['draw', '--item', 'ZJ-002', '--round', '1', '--seed', 'b', ...W, '--json']);
    expect(again.code).toBe(1);
    expect(again.json).toMatchObject({ ok: false, error: { code: 'ALREADY_DRAWN' } });
    expect(again.json.error.message).toContain('2026-001');
    expect(again.json.error.hint).toContain('--redraw');
    expect(w.listing()).toEqual(before);
    const plain = await w.run(['draw', '--item', 'ZJ-002', '--round', '1', '--seed', 'b', ...W]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('--redraw');
    const noReason = await w.run(['draw', '--item', 'ZJ-002', '--round', '1', '--redraw', '--seed', 'b', ...W, '--json']);
    expect(noReason.code).toBe(2);
    const notDrawn = await w.run(['draw', '--item', 'ZJ-003', '--redraw', '--reason', '重抽', '--seed', 'b', ...W, '--json']);
    expect(notDrawn.code).toBe(2);
    expect(w.listing()).toEqual(before);

    const redo = await w.run(['draw', '--item', 'ZJ-002', '--round', '1', '--count', '10', '--redraw', '--reason', '见证人未到场', '--seed', 'b', ...W, '--json']);
    expect(redo.code, redo.stdout).toBe(0);
    expect(redo.json).toMatchObject({ id: '2026-002', round: 1, redraw: { of: ['2026-001'], reason: '见证人未到场' } });
    expect(record(w, '2026-002').redraw).toEqual({ of: ['2026-001'], reason: '见证人未到场' });
    expect(ledger(w).map((e) => e.kind)).toEqual(['draw', 'redraw']);
    expect(codes(redo)).not.toEqual(codes(first));

    const r2 = await w.run(['draw', '--item', 'ZJ-002', '--seed', 'c', ...W, '--json']);
    expect(r2.code).toBe(0);
    expect(r2.json.round).toBe(2);
    const repeat = record(w, r2.json.id).exclusions.filter((x: any) => x.kind === 'repeat').map((x: any) => x.code);
    expect(repeat.sort()).toEqual([...codes(redo)].sort());
    expect((await w.run(['verify', '--json'])).code).toBe(0);
  });

  // Was a bug: the default round was "rounds drawn + 1"; it is now the highest round drawn + 1.
  it('the default round is one not drawn yet, even when rounds were drawn out of order', async () => {
    const w = fresh();
    const r = await w.run(['draw', '--item', 'ZJ-002', '--round', '2', '--seed', 'a', ...W, '--json']);
    expect(r.code).toBe(0);
    const next = await w.run(['draw', '--item', 'ZJ-002', '--seed', 'b', ...W, '--json']);
    expect(next.json?.error?.hint ?? '').not.toContain('--round 2');
    expect(next.code).toBe(0);
    expect(next.json.round).not.toBe(2);
  });

  it('--where narrows the pool (定向): only matching entities, numbers of the narrowed population', async () => {
    const w = fresh();
    const regions = ['北坪乡', '东山镇'];
    const scope = active('建筑施工企业').filter((e) => regions.includes(e.region));
    expect(scope).toHaveLength(41);
    const r = await w.run(['draw', '--item', 'ZJ-001', '--where', '区域=东山镇', '--where', '区域=北坪乡', '--seed', 'w', ...W, '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.sampleSize).toBe(3); // 5% of 41 → 3
    expect(r.json.poolSize).toBe(41);
    for (const c of codes(r)) expect(regions).toContain(entity(c).region);
    const rec = record(w, r.json.id);
    expect(rec.task).toMatchObject({ type: '定向', where: [{ field: 'region', values: ['东山镇', '北坪乡'].sort() }] });
    expect(rec.pool.items[0]).toMatchObject({ population: 41, sample: 3 });
    for (const x of rec.exclusions) expect(regions).toContain(entity(x.code).region);

    // two fields must both hold
    const { region, risk } = active('房地产开发企业')[0];
    const all = await w.run(['draw', '--item', 'ZJ-002', '--where', `所在乡镇=${region}`, '--where', `信用风险分类=${risk}`, '--ratio', '1', '--seed', 'w', ...W, '--json']);
    expect(all.code, all.stdout).toBe(0);
    const want = active('房地产开发企业').filter((e) => e.region === region && e.risk === risk).map((e) => e.code);
    expect(want.length).toBeLessThan(active('房地产开发企业').filter((e) => e.region === region).length);
    expect([...codes(all)].sort()).toEqual(want.sort());
    expect(record(w, all.json.id).task.type).toBe('定向');
    expect(record(w, (await w.run(['draw', '--item', 'ZJ-003', '--seed', 'w', ...W, '--json'])).json.id).task.type).toBe('不定向');

    const before = w.listing();
    const bad = await w.run(['draw', '--item', 'ZJ-004', '--where', '颜色=红', '--seed', 'w', ...W, '--json']);
    expect(bad.code).toBe(2);
    const none = await w.run(['draw', '--item', 'ZJ-004', '--where', '区域=火星', '--seed', 'w', ...W, '--json']);
    expect(none.code).toBe(1);
    expect(none.json.error.code).toBe('CANNOT_DRAW');
    expect(w.listing()).toEqual(before);
  });

  it('--strata 区域 shares --count among the regions by largest remainder, each drawn from its own region', async () => {
    const w = fresh();
    const byRegion = new Map<string, number>();
    for (const e of active('建筑施工企业')) byRegion.set(e.region, (byRegion.get(e.region) ?? 0) + 1);
    // 14 × size / 112 = size / 8; floors give 11, the 3 left go to 双洋镇 (.875), 北坪乡 (.75), 东山镇 (.375)
    expect(Object.fromEntries(byRegion)).toEqual({ 南岭镇: 10, 北坪乡: 22, 东山镇: 19, 双洋镇: 15, 西河乡: 18, 桂林街道: 18, 城关镇: 10 });
    const want: Record<string, number> = { 南岭镇: 1, 北坪乡: 3, 东山镇: 3, 双洋镇: 2, 西河乡: 2, 桂林街道: 2, 城关镇: 1 };
    const r = await w.run(['draw', '--item', 'ZJ-001', '--strata', '区域', '--count', '14', '--seed', 'strata', ...W, '--json']);
    expect(r.code, r.stdout).toBe(0);
    const got: Record<string, number> = {};
    for (const c of codes(r)) got[entity(c).region] = (got[entity(c).region] ?? 0) + 1;
    expect(got).toEqual(want);
    const strata = record(w, r.json.id).pool.items[0].strata;
    expect(Object.fromEntries(strata.map((s: any) => [s.label, [s.population, s.sample]]))).toEqual(
      Object.fromEntries(Object.entries(want).map(([k, n]) => [`区域=${k}`, [byRegion.get(k), n]])),
    );
    expect((await w.run(['verify', '--json'])).code).toBe(0);
  });

  it('several --item: one joint task, an entity drawn for two items visited once by one team', async () => {
    const w = fresh();
    // ZJ-003 and ZJ-007 both concern 物业服务企业 (ZJ-007 is 不适用, so it needs --count)
    const r = await w.run(['draw', '--item', 'ZJ-007', '--item', 'ZJ-003', '--count', '20', '--seed', 'joint', ...W, '--json']);
    expect(r.code, r.stdout).toBe(0);
    const cs = codes(r);
    expect(new Set(cs).size).toBe(cs.length);
    const both = r.json.entities.filter((v: any) => v.items.length === 2);
    expect(both.length).toBeGreaterThan(0);
    for (const v of both) expect(v.items).toEqual(['ZJ-003', 'ZJ-007']);
    expect(r.json.entities.filter((v: any) => v.items.includes('ZJ-003'))).toHaveLength(20);
    expect(r.json.entities.filter((v: any) => v.items.includes('ZJ-007'))).toHaveLength(20);
    expect(cs.length).toBe(40 - both.length);
    expect(r.json.sampleSize).toBe(cs.length);
    checkTeams(r.json.entities, 2, 0);
    const rec = record(w, r.json.id);
    expect(rec.task.items.map((i: any) => i.id)).toEqual(['ZJ-003', 'ZJ-007']);
    expect(rec.task.name).toContain('合并检查');
    expect(ledger(w)).toHaveLength(1);
    // both items now have round 1: drawing either again for round 1 is refused
    const again = await w.run(['draw', '--item', 'ZJ-007', '--round', '1', '--count', '1', '--seed', 'x', ...W, '--json']);
    expect(again.json.error.code).toBe('ALREADY_DRAWN');

    const two = await w.run(['draw', '--item', 'ZJ-004', '--item', 'ZJ-006', '--seed', 'joint', ...W, '--json']);
    expect(two.code).toBe(0);
    expect(two.json.id).toBe('2026-002');
    expect(two.json.entities.map((v: any) => v.items.join())).toEqual(['ZJ-004', 'ZJ-004', 'ZJ-006', 'ZJ-006']);
  });
});

describe('refusals', () => {
  it('in a script, the answers not given are named at once (not one per run), and nothing is drawn', async () => {
    const w = fresh();
    const before = w.listing();
    const r = await w.run(['draw', '--json']);
    expect([r.code, r.json.error.code]).toEqual([2, 'USAGE']);
    expect(r.json.error.message).toBe('缺少 --witness（监督人员 / 见证人姓名）；--entropy（每位见证人输入的一串数字）或 --seed（随机种子）；--item（抽查事项编号）');
    const two = await w.run(['draw', '--item', 'ZJ-001', '--json']);
    expect(two.json.error.message).toBe('缺少 --witness（监督人员 / 见证人姓名）；--entropy（每位见证人输入的一串数字）或 --seed（随机种子）');
    expect(two.json.error.hint).toBe('在脚本中运行时请用 --witness 给出见证人（可重复），用 --entropy 按见证人顺序给出各自的数字（或用 --seed 给出公开的种子）；在终端中运行时 ssj 会询问');
    // one missing: said as before
    const one = await w.run(['draw', '--item', 'ZJ-001', '--witness', '王五', '--json']);
    expect(one.json.error.message).toBe('缺少 --entropy（每位见证人输入的一串数字）或 --seed（随机种子）');
    expect(w.listing()).toEqual(before);
  });

  it('--present without a terminal is NOT_INTERACTIVE (exit 1, as docs/cli-json.md states), with a hint, and nothing is drawn', async () => {
    const w = fresh();
    const before = w.listing();
    const r = await w.run(['draw', '--present', '--item', 'ZJ-001', '--seed', '1', ...W]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--present（投屏模式）需要在终端中运行');
    expect(r.stderr).toContain('提示：请在终端窗口中直接运行');
    expect(w.listing()).toEqual(before);
  });

  it('without a terminal nothing is asked: missing input is a usage error (exit 2) and nothing is written', async () => {
    const w = fresh();
    const before = w.listing();
    const cases: [string[], string][] = [
      [['--item', 'ZJ-001', '--seed', '1'], '--witness'],
      [['--item', 'ZJ-001', ...W], '--entropy'],
      [['--seed', '1', ...W], '--item'],
      [['--item', 'ZJ-001', '--witness', '甲', '--witness', '乙', '--entropy', '123'], '--entropy'],
      [['--item', 'ZJ-001', '--entropy', '12a', ...W], '12a'],
      [['--item', 'ZJ-001', '--seed', '1', '--entropy', '1', ...W], '--seed'],
      [['--item', 'ZJ-001', '--ratio', '0.05', '--count', '3', '--seed', '1', ...W], '--count'],
      [['--item', 'ZJ-001', '--ratio', '1.5', '--seed', '1', ...W], '--ratio'],
      [['--item', 'ZJ-999', '--seed', '1', ...W], 'ZJ-999'],
    ];
    for (const [args, says] of cases) {
      const r = await w.run(['draw', ...args, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json, args.join(' ')).toMatchObject({ ok: false, error: { code: 'USAGE' } });
      expect(r.json.error.message + (r.json.error.hint ?? '')).toContain(says);
    }
    const plain = await w.run(['draw', '--item', 'ZJ-001', '--seed', '1']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('--witness');
    expect(w.listing()).toEqual(before);
    expect(existsSync(w.path('draws', 'ledger.jsonl'))).toBe(false);
  });

  it('--count beyond the pool, or an item 不适用 without --count: CANNOT_DRAW, workspace unchanged', async () => {
    const w = fresh();
    const before = w.listing();
    const r = await w.run(['draw', '--item', 'ZJ-001', '--count', '113', '--seed', '1', ...W, '--json']);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'CANNOT_DRAW' } });
    expect(r.json.error.message).toContain('112');
    const na = await w.run(['draw', '--item', 'ZJ-007', '--seed', '1', ...W, '--json']);
    expect(na.code).toBe(1);
    expect(na.json.error.code).toBe('CANNOT_DRAW');
    expect(w.listing()).toEqual(before);
    // the largest possible count works
    const ok = await w.run(['draw', '--item', 'ZJ-001', '--count', '112', '--seed', '1', ...W, '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json.sampleSize).toBe(112);
  });

  it('two draws started at once: one waits its turn or is refused WORKSPACE_BUSY; the ledger stays whole', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const w = fresh();
      const rs = await Promise.all([
        w.run(['draw', '--item', 'ZJ-001', '--seed', `a${trial}`, ...W, '--json']),
        w.run(['draw', '--item', 'ZJ-002', '--seed', `b${trial}`, ...W, '--json']),
        w.run(['draw', '--item', 'ZJ-003', '--seed', `c${trial}`, ...W, '--json']),
      ]);
      const ok = rs.filter((r) => r.code === 0);
      for (const r of rs.filter((x) => x.code !== 0)) {
        expect(r.code, r.stdout + r.stderr).toBe(1);
        expect(r.json?.error?.code, r.stdout + r.stderr).toBe('WORKSPACE_BUSY');
      }
      expect(ok.length).toBeGreaterThanOrEqual(1);
      const lines = ledger(w);
      expect(lines).toHaveLength(ok.length);
      expect(lines.map((e) => e.id).sort()).toEqual(ok.map((r) => r.json.id).sort());
      expect(new Set(lines.map((e) => e.id)).size).toBe(lines.length);
      expect(readdirSync(w.path('draws')).filter((f) => f.endsWith('.json'))).toHaveLength(ok.length);
      expect(existsSync(w.path('.ssj.lock'))).toBe(false);
      const v = await w.run(['verify', '--json']);
      expect(v.code, v.stdout).toBe(0);
    }
  });
});

describe('ssj draw replace', () => {
  it('an entity: the replacement is the next pick of the same seed (a fresh --count k+1 draw), the record is kept as it was', async () => {
    const seed = '3817/992011';
    const [a, b, c] = [fresh(), fresh(), fresh()];
    const ra = await a.run(['draw', '--item', 'ZJ-001', '--count', '6', '--seed', seed, ...W, '--json']);
    const rb = await b.run(['draw', '--item', 'ZJ-001', '--count', '7', '--seed', seed, ...W, '--json']);
    const rc = await c.run(['draw', '--item', 'ZJ-001', '--count', '8', '--seed', seed, ...W, '--json']);
    expect([ra.code, rb.code, rc.code]).toEqual([0, 0, 0]);
    expect(codes(rb).slice(0, 6)).toEqual(codes(ra)); // prefix-stable
    expect(codes(rc).slice(0, 7)).toEqual(codes(rb));
    const original = readFileSync(a.path('draws', '2026-001.json'));

    const gone = codes(ra)[2];
    const r1 = await a.run(['draw', 'replace', '2026-001', '--entity', gone, '--reason', '注销', '--json']);
    expect(r1.code, r1.stdout + r1.stderr).toBe(0);
    expect(r1.json).toMatchObject({ ok: true, id: '2026-001-R1', of: '2026-001', record: a.path('draws', '2026-001-R1.json') });
    expect(r1.json.change.removed).toMatchObject({ code: gone, items: ['ZJ-001'] });
    expect(r1.json.change.added).toEqual([expect.objectContaining({ code: codes(rb)[6], item: 'ZJ-001', position: 6 })]);
    expect(r1.json.entities.map((v: any) => v.code)).toEqual([...codes(ra).filter((x: string) => x !== gone), codes(rb)[6]]);
    // the other visits keep their teams; the new one has a full team
    for (const v of ra.json.entities.filter((x: any) => x.code !== gone)) expect(r1.json.entities.find((x: any) => x.code === v.code).team).toEqual(v.team);
    checkTeams(r1.json.entities, 2, 0);
    checkConflicts(r1.json.entities, conflicts);

    // a second replacement, of the replacement, takes the pick after it
    const r2 = await a.run(['draw', 'replace', 'draws/2026-001.json', '--entity', codes(rb)[6], '--reason', '迁出', '--json']);
    expect(r2.code, r2.stdout).toBe(0);
    expect(r2.json.id).toBe('2026-001-R2');
    expect(r2.json.change.added.map((x: any) => x.code)).toEqual([codes(rc)[7]]);

    expect(readFileSync(a.path('draws', '2026-001.json'))).toEqual(original);
    const am = record(a, '2026-001-R1');
    expect(recordHash(am)).toBe(am.hash);
    expect(am).toMatchObject({ kind: 'amendment', of: { id: '2026-001', hash: ra.json.hash }, number: 1, request: { type: 'entity', code: gone, reason: '注销' } });
    expect(ledger(a).map((e) => [e.id, e.kind])).toEqual([['2026-001', 'draw'], ['2026-001-R1', 'amendment'], ['2026-001-R2', 'amendment']]);
    expect(ledger(a)[1].prev).toBe(ra.json.hash);
    const v = await a.run(['verify', '--json']);
    expect(v.code, v.stdout).toBe(0);
    expect(v.json.records.map((x: any) => x.id)).toEqual(['2026-001 + 2026-001-R1 + 2026-001-R2']);

    // round 2 leaves out the entities standing after the amendments, not the ones replaced
    const round2 = await a.run(['draw', '--item', 'ZJ-001', '--seed', 'next', ...W, '--json']);
    expect(round2.code).toBe(0);
    const repeat = record(a, round2.json.id).exclusions.filter((x: any) => x.kind === 'repeat').map((x: any) => x.code);
    expect(repeat.sort()).toEqual(r2.json.entities.map((x: any) => x.code).sort());
  });

  it('an entity, with a 回避 declared after the draw: the replacement\'s team respects it, and verify agrees', async () => {
    const w = fresh();
    const r = await w.run(['draw', '--item', 'ZJ-005', '--count', '14', '--seed', 'late', ...W, '--json']);
    expect(r.code).toBe(0);
    const next = active('建设工程质量检测机构').find((e) => !codes(r).includes(e.code));
    const keep = [inspectors.filter((p) => p.kind === '执法人员')[0].certNo, inspectors.filter((p) => p.kind === '执法人员').at(-1).certNo];
    const pairs = inspectors.filter((p) => p.kind === '执法人员' && !keep.includes(p.certNo)).map((p) => ({ certNo: p.certNo, code: next.code }));
    expect((await w.run(['import', 'conflicts', conflictsCsv(w, pairs), '--json'])).code).toBe(0);
    const rep = await w.run(['draw', 'replace', '2026-001', '--entity', codes(r)[0], '--reason', '注销', '--json']);
    expect(rep.code, rep.stdout).toBe(0);
    expect(rep.json.change.added.map((x: any) => x.code)).toEqual([next.code]);
    const v = rep.json.entities.find((x: any) => x.code === next.code);
    expect(v.team.map((m: any) => m.certNo).sort()).toEqual([...keep].sort());
    expect(record(w, '2026-001-R1').conflicts).toHaveLength(pairs.length);
    expect((await w.run(['verify', '--json'])).code).toBe(0);
  });

  it('an entity or inspector not in the draw is said before the reason is asked for (no --reason: not a usage error about it)', async () => {
    const w = fresh();
    const r = await w.run(['draw', '--item', 'ZJ-001', '--count', '5', '--seed', 'early', ...W, '--json']);
    expect(r.code).toBe(0);
    const outside = active('建筑施工企业').find((e) => !codes(r).includes(e.code))!;
    const e = await w.run(['draw', 'replace', '2026-001', '--entity', outside.code, '--json']);
    expect(e.code).toBe(1);
    expect(e.json.error.code).toBe('CANNOT_DRAW');
    expect(e.json.error.message).toContain(`检查对象 ${outside.code} 不在这次抽取的结果中`);
    // the hint lists what the draw holds now, to copy the right code from; also with --reason given
    for (const code of codes(r)) expect(e.json.error.hint).toContain(code);
    const withReason = await w.run(['draw', 'replace', '2026-001', '--entity', outside.code, '--reason', '注销', '--json']);
    expect([withReason.code, withReason.json.error.code]).toEqual([1, 'CANNOT_DRAW']);
    expect(withReason.json.error.hint).toBe(e.json.error.hint);
    const p = await w.run(['draw', 'replace', '2026-001', '--inspector', '99999999999', '--json']);
    expect(p.json.error.message).toContain('执法证号为 99999999999 的人员不在这次抽取的任何检查组中');
    expect(p.json.error.hint).toContain(r.json.entities[0].team[0].certNo);
    // one that is in the draw: then the reason is what is missing
    const ok = await w.run(['draw', 'replace', '2026-001', '--entity', codes(r)[0], '--json']);
    expect([ok.code, ok.json.error.code]).toEqual([2, 'USAGE']);
    expect(ok.json.error.message).toContain('--reason');
  });

  it('an inspector (回避): leaves the team, the 组员 becomes 组长, a new person joins; nothing else changes', async () => {
    const w = fresh();
    const r = await w.run(['draw', '--item', 'ZJ-001', '--count', '30', '--seed', 'insp', ...W, '--json']);
    expect(r.code).toBe(0);
    const target = r.json.entities[4];
    const [leader, member] = target.team;
    // a reason stating a 回避 would publish the relation beside the person and the entity: refused, nothing saved
    const said = await w.run(['draw', 'replace', '2026-001', '--inspector', leader.certNo, '--entity', target.code, '--reason', '回避', '--json']);
    expect([said.code, said.json.error.code]).toEqual([1, 'PRIVATE_DATA']);
    expect(said.json.error.message).toContain('等于公开了一对回避关系');
    expect(said.json.error.hint).toContain('ssj import conflicts');
    expect(readdirSync(w.path('draws')).sort()).toEqual(['2026-001.json', 'ledger.jsonl']);
    const rep = await w.run(['draw', 'replace', '2026-001', '--inspector', leader.certNo, '--entity', target.code, '--reason', '人员调整', '--json']);
    expect(rep.code, rep.stdout).toBe(0);
    expect(rep.json.id).toBe('2026-001-R1');
    expect(rep.json.change.removed).toBeNull();
    expect(rep.json.change.added).toEqual([]);
    expect(rep.json.change.teamChanges).toHaveLength(1);
    const tc = rep.json.change.teamChanges[0];
    expect(tc).toMatchObject({ code: target.code, out: { certNo: leader.certNo, role: '组长' } });
    expect([leader.certNo, member.certNo]).not.toContain(tc.in.certNo);
    const after = rep.json.entities.find((v: any) => v.code === target.code);
    expect(after.team).toEqual([{ ...member, role: '组长' }, { certNo: tc.in.certNo, name: tc.in.name, role: '组员' }]);
    expect(person(tc.in.certNo).kind).toBe('执法人员');
    expect(rep.json.entities.map((v: any) => v.code)).toEqual(codes(r));
    for (const v of r.json.entities) if (v.code !== target.code) expect(rep.json.entities.find((x: any) => x.code === v.code).team).toEqual(v.team);
    checkConflicts(rep.json.entities, conflicts);

    // without --entity: off every team the person is on
    const counts = workloads(rep.json.entities, '执法人员');
    const busy = [...counts].find(([, n]) => n >= 2)![0];
    const on = rep.json.entities.filter((v: any) => v.team.some((m: any) => m.certNo === busy)).map((v: any) => v.code);
    const all = await w.run(['draw', 'replace', '2026-001', '--inspector', busy, '--reason', '离职', '--json']);
    expect(all.code, all.stdout).toBe(0);
    expect(all.json.change.teamChanges.map((t: any) => t.code).sort()).toEqual([...on].sort());
    for (const v of all.json.entities) {
      expect(v.team.map((m: any) => m.certNo)).not.toContain(busy);
      expect(v.team).toHaveLength(2);
    }
    checkTeams(all.json.entities, 2, 0);
    expect(readdirSync(w.path('draws')).sort()).toEqual(['2026-001-R1.json', '2026-001-R2.json', '2026-001.json', 'ledger.jsonl']);
    const v = await w.run(['verify', '--json']);
    expect(v.code, v.stdout).toBe(0);
  });

  it('an entity: a candidate drawn for the item in another round this year is passed over and listed', async () => {
    const w = fresh();
    const r1 = await w.run(['draw', '--item', 'ZJ-004', '--count', '5', '--seed', 'p1', ...W, '--json']);
    const r2 = await w.run(['draw', '--item', 'ZJ-004', '--count', '19', '--seed', 'p2', ...W, '--json']);
    expect([r1.code, r2.code]).toEqual([0, 0]);
    const round2 = new Set(codes(r2));
    // with 24 of the 25 drawn, the stream of round 1 meets round-2 entities before the free one
    const rep = await w.run(['draw', 'replace', r1.json.id, '--entity', codes(r1)[0], '--reason', '注销', '--json']);
    expect(rep.code, rep.stdout + rep.stderr).toBe(0);
    const added = rep.json.change.added.map((a: any) => a.code);
    expect(added).toHaveLength(1);
    expect(round2.has(added[0])).toBe(false);
    expect(codes(r1)).not.toContain(added[0]);
    const rec = record(w, rep.json.id);
    expect(rec.passedOver.length).toBeGreaterThan(0);
    for (const x of rec.passedOver) expect(round2.has(x.code)).toBe(true);
    expect((await w.run(['verify'])).code).toBe(0);
  });

  it('refuses what it cannot do, writing nothing', async () => {
    const w = fresh();
    const r = await w.run(['draw', '--item', 'ZJ-004', '--seed', 'x', ...W, '--json']);
    expect(r.code).toBe(0);
    const before = w.listing();
    const noReason = await w.run(['draw', 'replace', '2026-001', '--entity', codes(r)[0], '--json']);
    expect(noReason.code).toBe(2);
    const nothing = await w.run(['draw', 'replace', '2026-001', '--reason', '注销', '--json']);
    expect(nothing.code).toBe(2);
    const notDrawn = await w.run(['draw', 'replace', '2026-001', '--entity', active('工程监理企业').find((e) => !codes(r).includes(e.code)).code, '--reason', '注销', '--json']);
    expect(notDrawn.code).toBe(1);
    expect(notDrawn.json.error.code).toBe('CANNOT_DRAW');
    const noRecord = await w.run(['draw', 'replace', '2026-009', '--entity', codes(r)[0], '--reason', '注销', '--json']);
    expect(noRecord.code).toBe(1);
    expect(w.listing()).toEqual(before);
  });
});
