// The draw in memory: determinism, order independence, sample arithmetic, strata, exclusions, joint tasks,
// teams (distinct, certified, category, recusal, balance, experts), shortages and amendments.
import { describe, expect, it } from 'vitest';
import {
  applyAmendment, assignTeams, drawEntities, planDraw, runDraw,
  type DrawInputs, type DrawParams, type DrawState,
} from '../../src/core/draw.js';
import { DrawStream } from '../../src/core/rng.js';
import { allocateLargestRemainder, partialShuffle, sampleSize } from '../../src/core/sample.js';
import { log2Binomial, seedFromComponents } from '../../src/core/seed.js';
import type { Entity, InspectionItem, Inspector } from '../../src/core/types.js';

const ent = (i: number, over: Partial<Entity> = {}): Entity => ({
  code: `E${String(i).padStart(4, '0')}`, creditCode: '', projectCode: '', name: `对象${i}`, legalRep: '', contact: '', phone: '',
  section: i % 2 ? '建筑业股' : '质安站', category: '建筑施工企业', region: ['城关镇', '南街', '北关'][i % 3]!, address: '',
  risk: 'ABCD'[i % 4]!, status: 'active', statusText: '存续', ...over,
});
const person = (i: number, over: Partial<Inspector> = {}): Inspector => ({
  certNo: `P${String(i).padStart(3, '0')}`, name: `人员${i}`, gender: '', unit: '', area: '', issuer: '', category: '住房和城乡建设',
  phone: '', expertise: '', section: '', certExpiry: '2027-12-31', kind: '执法人员', note: '', ...over,
});
const item = (id: string, target: string, ratio: number | null): InspectionItem => ({
  id, name: `事项${id}`, basis: '', target, content: '', method: '', ratio, ratioText: ratio === null ? '不适用' : `${ratio * 100}%`,
  rounds: 2, roundsText: '2次/年', subject: '', section: '',
});

const entities = Array.from({ length: 410 }, (_, i) => ent(i, i % 37 === 0 ? { status: 'gone', statusText: '注销' } : {}));
const items = [item('A', '建筑施工企业', 0.05), item('B', '建筑施工企业', 0.1), item('N', '建筑施工企业', null), item('W', '物业服务企业', 0.05)];
const inspectors = [...Array.from({ length: 12 }, (_, i) => person(i)), person(90, { kind: '专家' }), person(91, { kind: '专家' }), person(50, { certExpiry: '2025-06-30' })];
const base: DrawParams = { items: ['A'], round: 1, date: '2026-11-22', ratio: null, count: null, where: [], strata: null, riskRatios: null, teamSize: 2, experts: 0, teamRules: {} };
const inputs = (over: Partial<DrawInputs> = {}): DrawInputs => ({ entities, items, inspectors, conflicts: [], repeat: [], ...over });
const codes = (vs: { code: string }[]) => vs.map((v) => v.code);
const shuffled = <T>(xs: readonly T[], seed: string) => partialShuffle(new DrawStream(seed, 'test'), xs, xs.length);

describe('sample sizes', () => {
  it('ceil(ratio × population), at least 1, exact for decimal ratios', () => {
    expect(sampleSize(0.05, 41)).toBe(3);
    expect(sampleSize(0.05, 40)).toBe(2);
    expect(sampleSize(0.05, 20)).toBe(1);
    expect(sampleSize(0.05, 1)).toBe(1);
    expect(sampleSize(0.07, 100)).toBe(7); // 0.07 × 100 = 7.000000000000001 in floating point
    expect(sampleSize(0.1, 30)).toBe(3);
    expect(sampleSize(0.05, 0)).toBe(0);
  });
  it('largest remainder: sums to the total, ties to the earlier stratum', () => {
    expect(allocateLargestRemainder(10, [6, 3, 1])).toEqual([6, 3, 1]);
    expect(allocateLargestRemainder(3, [1, 1, 1, 1])).toEqual([1, 1, 1, 0]);
    expect(allocateLargestRemainder(7, [50, 30, 20])).toEqual([4, 2, 1]); // 3.5 2.1 1.4 → 3 2 1, +1 to the largest remainder
    for (let t = 0; t < 30; t++) expect(allocateLargestRemainder(t, [13, 7, 5, 1]).reduce((a, b) => a + b, 0)).toBe(t);
  });
  it('log2 C(n, k)', () => {
    expect(log2Binomial(4, 2)).toBeCloseTo(Math.log2(6));
    expect(log2Binomial(10, 0)).toBe(0);
  });
  it('seed text: parts joined by /', () => {
    expect(seedFromComponents([{ source: 'witness', name: '甲', value: ' 3817 ' }, { source: 'public', name: '开奖', value: '07' }])).toBe('3817/07');
  });
});

describe('partial Fisher–Yates', () => {
  const pool = Array.from({ length: 100 }, (_, i) => i);
  it('is prefix-stable: k+1 picks are the k picks plus one', () => {
    for (const k of [0, 1, 5, 50, 99]) {
      const a = partialShuffle(new DrawStream('s', 'x'), pool, k);
      const b = partialShuffle(new DrawStream('s', 'x'), pool, k + 1);
      expect(b.slice(0, k)).toEqual(a);
      expect(new Set(b).size).toBe(k + 1);
    }
  });
  it('is roughly uniform (each of 10 items first about 1/10 of 20,000 seeds)', () => {
    const first = new Array(10).fill(0);
    for (let s = 0; s < 20000; s++) first[partialShuffle(new DrawStream(String(s), 'u'), pool.slice(0, 10), 1)[0]!]++;
    const chi = first.reduce((a, o) => a + (o - 2000) ** 2 / 2000, 0);
    expect(chi).toBeLessThan(27.9); // χ² 9 d.f., p = 0.001
  });
});

describe('planDraw and drawEntities', () => {
  it('same inputs and seed → same result; row order of the registry does not matter', () => {
    const a = runDraw(inputs(), base, '3817/992011');
    const b = runDraw(inputs({ entities: shuffled(entities, 'r1'), inspectors: shuffled(inspectors, 'r2') }), base, '3817/992011');
    expect(b.plan.poolHash).toBe(a.plan.poolHash);
    expect(b.visits).toEqual(a.visits);
    const c = runDraw(inputs(), base, '3817/992012');
    expect(codes(c.visits)).not.toEqual(codes(a.visits));
  });
  it('ratio of the active population, rounded up; gone entities excluded with their reason and never drawn', () => {
    const plan = planDraw(inputs(), base);
    const active = entities.filter((e) => e.status === 'active').length;
    expect(plan.pools[0]!.population).toBe(active);
    expect(plan.pools[0]!.sample).toBe(Math.ceil(active * 0.05));
    const gone = plan.exclusions.filter((x) => x.kind === 'gone');
    expect(gone.length).toBe(entities.length - active);
    expect(gone[0]!.reason).toContain('注销');
    for (let s = 0; s < 30; s++) {
      const vs = drawEntities(plan, `seed${s}`);
      expect(vs.every((v) => entities.find((e) => e.code === v.code)!.status === 'active')).toBe(true);
    }
  });
  it('--where narrows the pool (定向); values of one field are alternatives', () => {
    const plan = planDraw(inputs(), { ...base, where: [{ field: 'region', values: ['南街', '北关'] }, { field: 'section', values: ['质安站'] }] });
    const expected = entities.filter((e) => e.status === 'active' && ['南街', '北关'].includes(e.region) && e.section === '质安站');
    expect(plan.pools[0]!.population).toBe(expected.length);
    const vs = drawEntities(plan, 'x');
    expect(vs.every((v) => expected.some((e) => e.code === v.code))).toBe(true);
  });
  it('repeat exclusion: candidates exclude earlier picks, the population (and so the sample) does not', () => {
    const first = runDraw(inputs(), base, 'r1');
    const repeat = first.visits.map((v) => ({ item: 'A', code: v.code, name: v.name, kind: 'repeat' as const, reason: '本年度已抽中' }));
    const second = runDraw(inputs({ repeat }), { ...base, round: 2 }, 'r1');
    expect(second.plan.pools[0]!.sample).toBe(first.plan.pools[0]!.sample);
    expect(second.plan.pools[0]!.available).toBe(first.plan.pools[0]!.available - repeat.length);
    expect(second.visits.some((v) => repeat.some((r) => r.code === v.code))).toBe(false);
    expect(second.plan.exclusions.filter((x) => x.kind === 'repeat')).toHaveLength(repeat.length);
  });
  it('a pool smaller than the sample, an empty scope and a 不适用 item are problems, all reported', () => {
    const plan = planDraw(inputs(), { ...base, items: ['A', 'N', 'W'], count: 500 });
    expect(plan.problems).toHaveLength(3); // A and N (不适用, but --count given): 500 > pool; W: no 物业服务企业
    expect(plan.problems.join('\n')).toMatch(/需要抽取 500 个检查对象，但可抽的只有/);
    expect(plan.problems.join('\n')).toMatch(/没有行业类别为“物业服务企业”/);
    expect(planDraw(inputs(), { ...base, items: ['N'] }).problems[0]).toMatch(/不适用/);
  });
  it('proportional strata: largest-remainder allocation over the field, each stratum its own stream', () => {
    const plan = planDraw(inputs(), { ...base, strata: 'region', count: 20 });
    const pops = plan.pools[0]!.strata.map((s) => s.population);
    expect(plan.pools[0]!.strata.map((s) => s.sample)).toEqual(allocateLargestRemainder(20, pops));
    expect(plan.pools[0]!.strata.map((s) => s.label)).toEqual(['区域=北关', '区域=南街', '区域=城关镇']);
    const vs = drawEntities(plan, 's');
    for (const s of plan.pools[0]!.strata) {
      const value = s.label.split('=')[1];
      expect(vs.filter((v) => entities.find((e) => e.code === v.code)!.region === value)).toHaveLength(s.sample);
    }
  });
  it('differentiated ratios by 信用风险分类: each class its own ratio, rounded up', () => {
    const riskRatios = { A: 0.03, B: 0.05, C: 0.1, D: 0.3 };
    const plan = planDraw(inputs(), { ...base, riskRatios });
    for (const s of plan.pools[0]!.strata) {
      const cls = s.label.split('=')[1] as keyof typeof riskRatios;
      expect(s.sample).toBe(Math.ceil(s.population * riskRatios[cls] - 1e-9));
      expect(s.ratio).toBe(riskRatios[cls]);
    }
    expect(plan.pools[0]!.ratio).toBeNull();
  });
  it('joint task: an entity drawn for two items is one visit carrying both', () => {
    const { visits } = runDraw(inputs(), { ...base, items: ['A', 'B'], count: 120 }, 'joint');
    const both = visits.filter((v) => v.items.length === 2);
    expect(both.length).toBeGreaterThan(0);
    expect(new Set(codes(visits)).size).toBe(visits.length);
    expect(visits.filter((v) => v.items.includes('A'))).toHaveLength(120);
    expect(visits.filter((v) => v.items.includes('B'))).toHaveLength(120);
    // item A's picks are the same as when A is drawn alone
    const alone = runDraw(inputs(), { ...base, count: 120 }, 'joint');
    expect(visits.filter((v) => v.items.includes('A')).map((v) => v.code).sort()).toEqual(codes(alone.visits).sort());
  });
});

describe('teams', () => {
  const counts = (vs: { team: { certNo: string; role: string }[] }[]) => {
    const m = new Map<string, number>();
    for (const v of vs) for (const t of v.team) if (t.role !== '专家') m.set(t.certNo, (m.get(t.certNo) ?? 0) + 1);
    return m;
  };
  it('distinct, certified, sized, balanced within one', () => {
    const { visits, problems } = runDraw(inputs(), { ...base, count: 37 }, 'teams');
    expect(problems).toEqual([]);
    for (const v of visits) {
      expect(v.team).toHaveLength(2);
      expect(new Set(v.team.map((m) => m.certNo)).size).toBe(2);
      expect(v.team.map((m) => m.role)).toEqual(['组长', '组员']);
      expect(v.team.some((m) => m.certNo === 'P050')).toBe(false); // expired 2025-06-30
    }
    const c = [...counts(visits).values()];
    expect(c.length).toBe(12);
    expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
  });
  it('回避: a declared conflict keeps that inspector off that entity, and balance still holds', () => {
    const plain = runDraw(inputs(), { ...base, count: 30 }, 'rec');
    const conflicts = plain.visits.slice(0, 10).flatMap((v) => v.team.map((m) => ({ certNo: m.certNo, code: v.code })));
    const r = runDraw(inputs({ conflicts }), { ...base, count: 30 }, 'rec');
    expect(codes(r.visits)).toEqual(codes(plain.visits)); // the entities do not depend on the teams
    for (const c of conflicts) expect(r.visits.find((v) => v.code === c.code)!.team.some((m) => m.certNo === c.certNo)).toBe(false);
    const n = [...counts(r.visits).values()];
    expect(Math.max(...n) - Math.min(...n)).toBeLessThanOrEqual(1);
  });
  it('teamRules: only inspectors of the named 执法类别 or 业务专长', () => {
    const people = [...inspectors.slice(0, 4).map((p) => ({ ...p, category: '人民防空' })), ...inspectors.slice(4)];
    const r = runDraw(inputs({ inspectors: people }), { ...base, count: 10, teamRules: { A: { category: '人民防空' } } }, 't');
    expect(r.problems).toEqual([]);
    for (const v of r.visits) for (const m of v.team) expect(['P000', 'P001', 'P002', 'P003']).toContain(m.certNo);
  });
  it('experts join and never count towards the team size', () => {
    const { visits } = runDraw(inputs(), { ...base, count: 6, experts: 1 }, 'e');
    for (const v of visits) {
      expect(v.team.filter((m) => m.role === '专家')).toHaveLength(1);
      expect(v.team.filter((m) => m.role !== '专家')).toHaveLength(2);
      expect(['P090', 'P091']).toContain(v.team.find((m) => m.role === '专家')!.certNo);
    }
  });
  it('too few eligible inspectors: the problem names the entity and who was excluded and why', () => {
    const few = [person(1), person(2, { certExpiry: '2026-01-01' }), person(3)];
    const plan = planDraw(inputs({ inspectors: few }), { ...base, count: 2 });
    const visits = drawEntities(plan, 'few');
    const problems = assignTeams(visits, { inspectors: few, conflicts: [{ certNo: 'P003', code: visits[0]!.code }], items }, { ...base, count: 2 }, 'few');
    expect(problems).toHaveLength(1); // the second visit has P001 and P003
    expect(problems[0]).toContain(visits[0]!.code);
    expect(problems[0]).toContain('人员2（P002）');
    expect(problems[0]).toContain('执法证已过期');
    expect(problems[0]).toContain('回避');
  });
  it('adding experts does not change the inspectors drawn', () => {
    const a = runDraw(inputs(), { ...base, count: 8 }, 'x');
    const b = runDraw(inputs(), { ...base, count: 8, experts: 1 }, 'x');
    expect(b.visits.map((v) => v.team.filter((m) => m.role !== '专家'))).toEqual(a.visits.map((v) => v.team));
  });
});

describe('amendments (补抽)', () => {
  it('an entity is replaced by the next pick of the same stream: the (k+1)-th of a k+1 draw', () => {
    const k = 6;
    const r = runDraw(inputs(), { ...base, count: k }, 'amend');
    const longer = runDraw(inputs(), { ...base, count: k + 2 }, 'amend');
    const state: DrawState = { visits: r.visits, retired: [] };
    const a1 = applyAmendment(r.plan, state, inputs(), { ...base, count: k }, 'amend', 1, { type: 'entity', code: r.visits[2]!.code, reason: '注销' });
    expect(a1.problems).toEqual([]);
    expect(a1.change.added.map((x) => x.code)).toEqual([longer.visits[k]!.code]);
    const a2 = applyAmendment(r.plan, state, inputs(), { ...base, count: k }, 'amend', 2, { type: 'entity', code: state.visits[0]!.code, reason: '迁出' });
    expect(a2.change.added.map((x) => x.code)).toEqual([longer.visits[k + 1]!.code]);
    expect(state.visits).toHaveLength(k);
    expect(state.visits.at(-1)!.team).toHaveLength(2);
  });
  it('an inspector is replaced on the affected team only; the leaver is not drawn back', () => {
    const r = runDraw(inputs(), { ...base, count: 5 }, 'insp');
    const state: DrawState = { visits: structuredClone(r.visits), retired: [] };
    const target = state.visits[1]!;
    const leaver = target.team[0]!.certNo;
    const { change, problems } = applyAmendment(r.plan, state, inputs(), { ...base, count: 5 }, 'insp', 1, { type: 'inspector', certNo: leaver, code: target.code, reason: '回避' });
    expect(problems).toEqual([]);
    expect(change.teamChanges).toHaveLength(1);
    expect(target.team.map((m) => m.certNo)).not.toContain(leaver);
    expect(target.team).toHaveLength(2);
    expect(target.team[0]!.role).toBe('组长');
    for (let i = 0; i < 5; i++) if (i !== 1) expect(state.visits[i]!.team).toEqual(r.visits[i]!.team);
  });
});
