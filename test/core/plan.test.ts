// The 年度抽查工作计划 in memory: pools, sample per round, rounds, months, items not drawn, and agreement with
// the draw's own sample sizes.
import { describe, expect, it } from 'vitest';
import { planDraw, type DrawParams } from '../../src/core/draw.js';
import {
  buildPlan, monthsText, NOT_DRAWN_HEADERS, notDrawnColumns, PLAN_HEADERS, planColumns, planJson, planTitle, proposedMonths,
  type PlanConfig,
} from '../../src/core/plan.js';
import type { Entity, InspectionItem } from '../../src/core/types.js';

const ent = (i: number, category: string, over: Partial<Entity> = {}): Entity => ({
  code: `E${String(i).padStart(4, '0')}`, creditCode: '', projectCode: '', name: `对象${i}`, legalRep: '', contact: '', phone: '',
  section: '', category, region: '', address: '', risk: 'ABCD'[i % 4]!, status: 'active', statusText: '存续', ...over,
});
const item = (id: string, target: string, ratio: number | null, over: Partial<InspectionItem> = {}): InspectionItem => ({
  id, name: `事项${id}`, basis: '', target, content: '', method: '', ratio, ratioText: ratio === null ? '不适用' : `${ratio * 100}%`,
  rounds: ratio === null ? null : 2, roundsText: ratio === null ? '—' : '2次/年', subject: '示例县住房和城乡建设局', section: '建筑业股', ...over,
});
const config: PlanConfig = { org: '示例县住房和城乡建设局', year: 2027, minRatio: 0.05, minRounds: 2, riskRatios: null };

// 41 active 建筑施工企业 and 4 gone ones; 20 active 物业服务企业; one 监理 entity, gone.
let n = 0;
const entities: Entity[] = [
  ...Array.from({ length: 41 }, () => ent(n++, '建筑施工企业')),
  ...['注销', '吊销', '迁出', '吊销，未注销'].map((s) => ent(n++, '建筑施工企业', { status: 'gone', statusText: s })),
  ...Array.from({ length: 20 }, () => ent(n++, '物业服务企业')),
  ent(n++, '工程监理企业', { status: 'gone', statusText: '注销' }),
];

describe('buildPlan', () => {
  it('counts the active entities of the item’s 检查对象 (gone ones apart) and takes ceil(ratio × pool)', () => {
    const [a, b, c] = buildPlan([item('A', '建筑施工企业', 0.05), item('B', '建筑施工企业', 0.1), item('C', '物业服务企业', 0.05)], entities, config);
    expect(a).toMatchObject({ item: 'A', pool: 41, gone: 4, ratio: 0.05, perRound: 3, rounds: 2, total: 6, months: [5, 9], reason: null, warnings: [] });
    expect(b).toMatchObject({ pool: 41, perRound: 5 }); // 4.1 → 5
    expect(c).toMatchObject({ pool: 20, perRound: 1, gone: 0 }); // exactly 1
  });

  it('takes at least 1 from a small pool', () => {
    const few = Array.from({ length: 3 }, (_, i) => ent(i, '人防工程'));
    expect(buildPlan([item('R', '人防工程', 0.05)], few, config)[0]).toMatchObject({ pool: 3, perRound: 1, total: 2 });
  });

  it('lists the items not drawn with their reason, pool still counted', () => {
    const rows = buildPlan([
      item('N', '建筑施工企业', null),
      item('G', '工程监理企业', 0.05),
      item('Z', '城镇燃气经营企业', 0.05),
    ], entities, config);
    expect(rows.map((r) => [r.pool, r.perRound, r.rounds, r.total, r.months])).toEqual([[41, 0, 0, 0, []], [0, 0, 0, 0, []], [0, 0, 0, 0, []]]);
    expect(rows[0]!.reason).toBe('抽查比例为“不适用”，不进行随机抽查');
    expect(rows[0]!.ratioText).toBe('不适用');
    expect(rows[1]!.reason).toContain('没有行业类别为“工程监理企业”的在业检查对象（1 个已注销、吊销或迁出）');
    expect(rows[1]!.gone).toBe(1);
    expect(rows[2]!.reason).toBe('检查对象名录库中没有行业类别为“城镇燃气经营企业”的在业检查对象');
    for (const r of rows) expect(r.reason).not.toBeNull();
  });

  it('keeps the order of the item list and names the task', () => {
    const rows = buildPlan([item('B', '物业服务企业', 0.05), item('A', '建筑施工企业', 0.05)], entities, config);
    expect(rows.map((r) => r.item)).toEqual(['B', 'A']);
    expect(rows[1]).toMatchObject({ task: '2027年事项A“双随机”抽查', type: '不定向', subject: '示例县住房和城乡建设局', section: '建筑业股' });
  });

  it('uses the item’s own ratio, flagging one below minRatio for its legal basis (the 备注 where written)', () => {
    const [r] = buildPlan([item('L', '建筑施工企业', 0.03, { ratioText: '3%' })], entities, config);
    expect(r).toMatchObject({ ratio: 0.03, ratioText: '3%', perRound: 2, reason: null, remark: null, belowDefaults: ['抽查比例 3% 低于一般要求的 5%'] }); // ceil(1.23)
    expect(r!.warnings).toEqual([expect.stringContaining('低于一般要求的 5%（ssj.json 中的 minRatio），按清单执行：请确认有法律依据')]);
    const [b] = buildPlan([item('L', '建筑施工企业', 0.03, { ratioText: '3%', remark: '《XX条例》第十条' })], entities, config);
    expect(b!.warnings).toEqual([expect.stringContaining('按清单执行：依据（备注）：《XX条例》第十条')]);
    expect(b!.remark).toBe('《XX条例》第十条');
  });

  it('rounds: as listed (one below minRounds kept and flagged); minRounds only when the list gives none', () => {
    const rows = buildPlan([
      item('Q', '建筑施工企业', 0.05, { rounds: 4, roundsText: '每季度1次' }),
      item('O', '建筑施工企业', 0.05, { rounds: 1, roundsText: '1次/年', remark: '《建设工程质量管理条例》：每年检查一次' }),
      item('E', '建筑施工企业', 0.05, { rounds: null, roundsText: '' }),
    ], entities, { ...config, minRounds: 2 });
    expect(rows.map((r) => [r.rounds, r.roundsText, r.total, r.months])).toEqual([
      [4, '4次/年', 12, [4, 6, 8, 10]],
      [1, '1次/年', 3, [7]],
      [2, '2次/年', 6, [5, 9]],
    ]);
    expect(rows[0]!.warnings).toEqual([]);
    expect(rows[1]!.warnings).toEqual([expect.stringContaining('“1次/年”少于一般要求的每年 2 次，按清单执行：依据（备注）：《建设工程质量管理条例》')]);
    expect(rows[1]!.belowDefaults).toEqual(['抽查频次每年 1 次，少于一般要求的每年 2 次']);
    expect(rows[2]!.warnings).toEqual([expect.stringContaining('没有写抽查频次')]);
    expect(buildPlan([item('T', '建筑施工企业', 0.05, { rounds: 2 })], entities, { ...config, minRounds: 3 })[0]!.rounds).toBe(2);
  });

  it('a 不适用 item carries the list’s reason, or is flagged for having none', () => {
    const rows = buildPlan([
      item('N', '建筑施工企业', null, { ratioText: '不适用', reason: '由省厅统一组织实施' }),
      item('M', '建筑施工企业', null, { ratioText: '不适用' }),
    ], entities, config);
    expect(rows.map((r) => [r.reason, r.warnings.length])).toEqual([['由省厅统一组织实施', 0], ['抽查比例为“不适用”，不进行随机抽查', 1]]);
  });

  it('with riskRatios: the sum over 信用风险分类 strata, as a draw computes it', () => {
    const riskRatios = { A: 0.03, D: 0.3 };
    const items = [item('A', '建筑施工企业', 0.05), item('C', '物业服务企业', 0.1)];
    const rows = buildPlan(items, entities, { ...config, riskRatios });
    // 41 active: i = 0…40, risk 'ABCD'[i % 4]: A 11, B 10, C 10, D 10 → 1 + 1 + 1 + 3
    expect(rows[0]!.strata).toEqual([
      { risk: 'A', ratio: 0.03, pool: 11, perRound: 1 },
      { risk: 'B', ratio: 0.05, pool: 10, perRound: 1 },
      { risk: 'C', ratio: 0.05, pool: 10, perRound: 1 },
      { risk: 'D', ratio: 0.3, pool: 10, perRound: 3 },
    ]);
    expect(rows[0]!.perRound).toBe(6);
    expect(rows[0]!.ratioText).toBe('5%（按信用风险分类：A类3%、B类5%、C类5%、D类30%）');
    const params: DrawParams = {
      items: [], round: 1, date: '2027-03-01', ratio: null, count: null, where: [], strata: null, riskRatios,
      teamSize: 2, experts: 0, teamRules: {},
    };
    for (const [i, it] of items.entries()) {
      const drawn = planDraw({ entities, items, inspectors: [], conflicts: [], repeat: [] }, { ...params, items: [it.id] });
      expect(rows[i]!.perRound, it.id).toBe(drawn.pools[0]!.sample);
    }
  });

  it('agrees with the draw’s sample size for every item without riskRatios', () => {
    const items = [item('A', '建筑施工企业', 0.05), item('B', '建筑施工企业', 0.1), item('C', '物业服务企业', 0.07)];
    const rows = buildPlan(items, entities, config);
    for (const [i, it] of items.entries()) {
      const drawn = planDraw({ entities, items, inspectors: [], conflicts: [], repeat: [] }, {
        items: [it.id], round: 1, date: '2027-03-01', ratio: null, count: null, where: [], strata: null, riskRatios: null,
        teamSize: 2, experts: 0, teamRules: {},
      });
      expect(rows[i]!.perRound).toBe(drawn.pools[0]!.sample);
      expect(rows[i]!.pool).toBe(drawn.pools[0]!.population);
    }
  });
});

describe('proposedMonths', () => {
  it('spreads the rounds over March–November', () => {
    expect(proposedMonths(1)).toEqual([7]);
    expect(proposedMonths(2)).toEqual([5, 9]);
    expect(proposedMonths(3)).toEqual([4, 7, 10]);
    expect(proposedMonths(4)).toEqual([4, 6, 8, 10]);
    expect(proposedMonths(9)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(proposedMonths(0)).toEqual([]);
  });
  it('is increasing, within the year, and finishes before December unless monthly', () => {
    for (let n = 1; n <= 24; n++) {
      const m = proposedMonths(n);
      expect(m).toHaveLength(n);
      for (let k = 1; k < n; k++) expect(m[k]!).toBeGreaterThanOrEqual(m[k - 1]!);
      expect(Math.min(...m)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...m)).toBeLessThanOrEqual(n < 12 ? 11 : 12);
      if (n <= 12) expect(new Set(m).size).toBe(n);
    }
    expect(proposedMonths(12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
  it('is written as the plan shows it', () => {
    expect(monthsText([5, 9])).toBe('5月、9月');
    expect(monthsText(proposedMonths(24)).startsWith('1月（2次）、2月（2次）')).toBe(true);
    expect(monthsText([])).toBe('');
  });
});

describe('published columns', () => {
  it('are the published plan’s, in order', () => {
    expect([...PLAN_HEADERS]).toEqual(['序号', '检查主体', '抽查任务名称', '抽查类型', '抽查事项', '检查对象', '抽查比例', '抽查频次', '抽查数量', '计划开展时间', '责任股室']);
    const [a, n] = buildPlan([item('A', '建筑施工企业', 0.05), item('N', '建筑施工企业', null)], entities, config);
    expect(planColumns(a!, 1)).toEqual([
      { header: '序号', value: 1 },
      { header: '检查主体', value: '示例县住房和城乡建设局' },
      { header: '抽查任务名称', value: '2027年事项A“双随机”抽查' },
      { header: '抽查类型', value: '不定向' },
      { header: '抽查事项', value: '事项A' },
      { header: '检查对象', value: '建筑施工企业' },
      { header: '抽查比例', value: '5%' },
      { header: '抽查频次', value: '2次/年' },
      { header: '抽查数量', value: '在业41个，每次抽取3个，全年6个' },
      { header: '计划开展时间', value: '5月、9月' },
      { header: '责任股室', value: '建筑业股' },
    ]);
    expect(notDrawnColumns(n!, 1).map((c) => c.header)).toEqual([...NOT_DRAWN_HEADERS]);
    expect(notDrawnColumns(n!, 1).find((c) => c.header === '不抽查原因')!.value).toBe(n!.reason);
    expect(planTitle(config)).toBe('示例县住房和城乡建设局2027年度“双随机、一公开”抽查工作计划');
  });
  it('JSON has the contract fields', () => {
    const [a] = buildPlan([item('A', '建筑施工企业', 0.05)], entities, config);
    expect(planJson(a!)).toMatchObject({ item: 'A', name: '事项A', pool: 41, ratio: 0.05, perRound: 3, rounds: 2, months: [5, 9], reason: null });
  });
});
