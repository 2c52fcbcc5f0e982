// Writes docs/draw-vectors.json from the built core (npm run build; node docs/draw-vectors.mjs > docs/draw-vectors.json).
// The vectors are checked by test/core/draw-vectors.test.ts against a second implementation written from docs/draw-algorithm.md.
import { DrawStream, streamKey } from '../dist/core/rng.js';
import { runDraw, applyAmendment } from '../dist/core/draw.js';
import { sampleSize, allocateLargestRemainder } from '../dist/core/sample.js';
const streams = [];
for (const [seed, label] of [['3817/992011', 'entities\nZJ-001\n'], ['12345', 'teams'], ['公开/007', 'entities\nA\n区域=城关镇']]) {
  const s = new DrawStream(seed, label);
  streams.push({ seed, label, key: streamKey(seed, label), uint32: Array.from({ length: 6 }, () => s.uint32()) });
}
const below = [];
for (const n of [1, 2, 6, 41, 1000000, 3000000000]) {
  const s = new DrawStream('3817/992011', 'below');
  below.push({ seed: '3817/992011', label: 'below', n, values: Array.from({ length: 6 }, () => s.below(n)) });
}
const ent = (code, category, region, status = 'active', risk = '') => ({ code, creditCode: code, projectCode: '', name: `对象${code}`, legalRep: '', contact: '', phone: '', section: '', category, region, address: '', risk, status, statusText: status === 'active' ? '存续' : '注销' });
const entities = [
  ent('E07', '建筑施工企业', '城关镇'), ent('E02', '建筑施工企业', '城关镇'), ent('E11', '建筑施工企业', '南街'), ent('E01', '建筑施工企业', '城关镇', 'active', 'A'),
  ent('E05', '建筑施工企业', '南街', 'gone'), ent('E09', '建筑施工企业', '南街'), ent('E03', '物业服务企业', '城关镇'), ent('E12', '建筑施工企业', '城关镇'),
  ent('E04', '建筑施工企业', '南街'), ent('E10', '物业服务企业', '南街'), ent('E06', '建筑施工企业', '城关镇'), ent('E08', '建筑施工企业', '南街'),
  // item D (市政设施): codes and regions with U+FA0E 﨎, U+FF08 （ and U+20BB7 𠮷 (a surrogate pair in UTF-16), whose
  // code-point order (﨎 < （ < 𠮷) is not their UTF-16 code-unit order (𠮷 < 﨎 < （)
  ent('𠮷-2', '市政设施', '𠮷村'), ent('﨎-1', '市政设施', '﨎村'), ent('（1）', '市政设施', '（新）区'), ent('Z-1', '市政设施', '𠮷村'),
  ent('𠮷-1', '市政设施', '﨎村'), ent('﨎-2', '市政设施', '（新）区'), ent('（2）', '市政设施', '𠮷村'),
];
const items = [{ id: 'A', name: '施工检查', target: '建筑施工企业', ratio: 0.3, ratioText: '30%', basis: '', content: '', method: '', rounds: 2, roundsText: '2次/年', subject: '', section: '' },
  { id: 'C', name: '质量检查', target: '建筑施工企业', ratio: 0.2, ratioText: '20%', basis: '', content: '', method: '', rounds: 2, roundsText: '2次/年', subject: '', section: '' },
  { id: 'B', name: '物业检查', target: '物业服务企业', ratio: 0.5, ratioText: '50%', basis: '', content: '', method: '', rounds: 2, roundsText: '2次/年', subject: '', section: '' },
  { id: 'D', name: '市政检查', target: '市政设施', ratio: 0.5, ratioText: '50%', basis: '', content: '', method: '', rounds: 2, roundsText: '2次/年', subject: '', section: '' }];
const insp = (certNo, name, kind = '执法人员', certExpiry = '') => ({ certNo, name, gender: '', unit: '', area: '', issuer: '', category: '住房和城乡建设', phone: '', expertise: '', section: '', certExpiry, kind, note: '' });
const inspectors = [insp('P05', '戊'), insp('P01', '甲'), insp('P03', '丙'), insp('P02', '乙', '执法人员', '2026-01-31'), insp('P04', '丁'), insp('X01', '专家一', '专家'), insp('P06', '己')];
const conflicts = [{ certNo: 'P01', code: 'E07' }];
const base = { items: ['A'], round: 1, date: '2026-11-22', ratio: null, count: null, where: [], strata: null, riskRatios: null, teamSize: 2, experts: 0, teamRules: {} };
const cases = [
  { name: '不定向，按事项比例 30%', seed: '3817/992011', params: { ...base } },
  { name: '分层（区域），指定数量 4', seed: '3817/992011', params: { ...base, count: 4, strata: 'region' } },
  { name: '定向（区域=南街），1 名专家', seed: '20261122', params: { ...base, where: [{ field: 'region', values: ['南街'] }], experts: 1 } },
  { name: '合并检查 A+C（同一行业），指定数量 4', seed: '12345/67890', params: { ...base, items: ['A', 'C'], count: 4 } },
  { name: '事项 B，按比例 50%，2 人一组，种子为公开开奖号码', seed: '2026315/08', params: { ...base, items: ['B'] } },
  { name: '码点顺序：事项 D 的代码和区域含 U+FA0E、U+FF08 和 U+20BB7，分层（区域），指定数量 4', seed: '3817/992011', params: { ...base, items: ['D'], count: 4, strata: 'region' } },
];
let drawCases = cases.map((c) => {
  const inputs = { entities, items, inspectors, conflicts, repeat: [] };
  const r = runDraw(inputs, c.params, c.seed);
  return { name: c.name, seed: c.seed, params: c.params, poolHash: r.plan.poolHash, problems: r.problems,
    sample: r.plan.pools.map((p) => ({ item: p.item.id, population: p.population, available: p.available, sample: p.sample, strata: p.strata.map((s) => ({ label: s.label, sample: s.sample })) })),
    result: r.visits.map((v) => ({ code: v.code, items: v.items, team: v.team.map((m) => `${m.certNo} ${m.role}`) })) };
});
{
  const c = cases[0];
  const inputs = { entities, items, inspectors, conflicts, repeat: [] };
  const r = runDraw(inputs, c.params, c.seed);
  const state = { visits: r.visits, retired: [] };
  const req = { type: 'entity', code: r.visits[1].code, reason: '注销' };
  const { change } = applyAmendment(r.plan, state, inputs, c.params, c.seed, 1, req);
  const req2 = { type: 'inspector', certNo: state.visits[0].team[0].certNo, code: state.visits[0].code, reason: '回避' };
  const { change: change2 } = applyAmendment(r.plan, state, inputs, c.params, c.seed, 2, req2);
  drawCases.push({ name: '补抽：在第 1 例上替换第 2 个检查对象（注销），再替换第 1 个对象的组长（回避）', seed: c.seed, params: c.params, amendments: [req, req2],
    changes: [change, change2], result: state.visits.map((v) => ({ code: v.code, items: v.items, team: v.team.map((m) => `${m.certNo} ${m.role}`) })) });
}
{
  // Amendments whose search passes over positions of both kinds: an entity drawn for the item in a round drawn
  // after this one (repeat), and an entity an earlier amendment removed from this draw (replaced).
  const params = { ...base, items: ['A', 'C'], count: 3 };
  const seed = '5150/0';
  const inputs = { entities, items, inspectors, conflicts, repeat: [] };
  const r = runDraw(inputs, params, seed);
  const round1A = r.visits.filter((v) => v.items.includes('A')).map((v) => ({ item: 'A', code: v.code, name: v.name, kind: 'repeat', reason: '本年度已抽中（2026-001，第 1 次）' }));
  const later = { params: { ...base, items: ['A'], round: 2, count: 2 }, seed: '5150/0/2', repeat: round1A };
  const r2 = runDraw({ ...inputs, repeat: round1A }, later.params, later.seed);
  const others = r2.visits.map((v) => ({ item: 'A', code: v.code, reason: '本年度已抽中（2026-002，第 2 次）' }));
  const state = { visits: r.visits, retired: [] };
  const reqs = [];
  const changes = [];
  const passedOver = [];
  for (const n of [1, 2]) {
    const req = { type: 'entity', code: state.visits[0].code, reason: '注销' };
    const a = applyAmendment(r.plan, state, inputs, params, seed, n, req, others);
    reqs.push(req);
    changes.push(a.change);
    passedOver.push(a.passedOver);
  }
  drawCases.push({
    name: '补抽跳过两种位置：合并检查 A+C 各 3 个，此后又抽了 A 的第 2 次；两次补抽各替换当时的第 1 个对象',
    seed, params, laterRound: { ...later, result: r2.visits.map((v) => v.code) }, others, amendments: reqs, changes, passedOver,
    result: state.visits.map((v) => ({ code: v.code, items: v.items, team: v.team.map((m) => `${m.certNo} ${m.role}`) })),
  });
}
{
  // An amendment whose replacement is already visited for the other item: the pick joins that visit, which keeps
  // its team (no team is drawn for it).
  const params = { ...base, items: ['A', 'C'], count: 2 };
  const seed = '2026/4';
  const inputs = { entities, items, inspectors, conflicts, repeat: [] };
  const r = runDraw(inputs, params, seed);
  const state = { visits: r.visits, retired: [] };
  const req = { type: 'entity', code: 'E07', reason: '注销' };
  const { change } = applyAmendment(r.plan, state, inputs, params, seed, 1, req);
  drawCases.push({ name: '补抽进来的对象已因另一事项被抽中：并入其检查，检查组不变', seed, params, amendments: [req], changes: [change],
    result: state.visits.map((v) => ({ code: v.code, items: v.items, team: v.team.map((m) => `${m.certNo} ${m.role}`) })) });
}
{
  // 事先公告的抽取: the announced public value first, witness digits after it, joined by "/"
  const params = { ...base };
  const components = [{ source: 'public', name: '中国福利彩票 3D 2026-03-16 开奖号码', value: '385' }, { source: 'witness', name: '王纪检', value: '4417' }];
  const seed = components.map((c) => c.value).join('/');
  const r = runDraw({ entities, items, inspectors, conflicts, repeat: [] }, params, seed);
  drawCases.push({ name: '事先公告的抽取：公告的公开随机数 385，其后见证人 4417', seed, components, params, poolHash: r.plan.poolHash, problems: r.problems,
    result: r.visits.map((v) => ({ code: v.code, items: v.items, team: v.team.map((m) => `${m.certNo} ${m.role}`) })) });
}
const sizes = [[0.05, 41], [0.05, 40], [0.05, 1], [0.1, 7], [0.03, 100], [0.2, 5], [0.05, 1000001]].map(([r, n]) => ({ ratio: r, population: n, sample: sampleSize(r, n) }));
const alloc = [[10, [5, 3, 2]], [4, [4, 3, 1]], [5, [3, 3, 3]], [7, [10, 0, 5, 5]]].map(([t, s]) => ({ total: t, sizes: s, allocation: allocateLargestRemainder(t, s) }));
console.log(JSON.stringify({ streams, below, sampleSizes: sizes, allocations: alloc, lists: { entities, items, inspectors, conflicts }, draws: drawCases }, null, 1));
