// 年度抽查工作计划: per inspection item, the pool in the current registry, the ratio, the sample per round,
// the rounds and the proposed months; items that are not drawn, with the reason. Pure: lists and settings in,
// plain rows out (used by `ssj plan`, `ssj export plan` and the year report).
//
// Rules (docs/cli-json.md, “ssj plan”):
// - pool: active entities whose 行业类别 equals the item's 检查对象 (as a draw builds its pool; gone ones are
//   counted apart in `gone`).
// - ratio: the item's own 抽查比例 (what `ssj draw` uses); one below ssj.json minRatio is kept and flagged
//   in `warnings` (a law may set a lower one). With ssj.json riskRatios the sample per round is, as in a draw,
//   the sum over 信用风险分类 strata of ceil(stratum ratio × stratum size), a class without a ratio of its own
//   taking the item's.
// - perRound: ceil(ratio × pool), at least 1 (sampleSize).
// - rounds: the item's 抽查频次 as listed (a law may set fewer: one below minRounds is kept and flagged for its
//   legal basis, with the item's 备注 where it has one); minRounds only for an item that lists none.
// - months: rounds spread evenly over March–November (the plan is published and the registry revised in
//   January–February; December is left to finish inspections and publish results): round k of n (k = 0…n-1)
//   in month 3 + floor(9(2k+1) / 2n), the middle of the k-th of n equal parts of those nine months
//   (1 → [7], 2 → [5, 9], 3 → [4, 7, 10], 4 → [4, 6, 8, 10]). More than nine rounds spread over the whole
//   year: month 1 + floor(12k / n) (12 → every month).
// - not drawn: 抽查比例 不适用 (ratio null), or a pool of 0; such rows keep their pool and have perRound 0,
//   rounds 0, months [] and a reason.
import type { Config } from './config.js';
import { sampleSize } from './sample.js';
import { compareCodePoints } from './snapshot.js';
import type { Entity, InspectionItem } from './types.js';

export type PlanConfig = Pick<Config, 'org' | 'year' | 'minRatio' | 'minRounds' | 'riskRatios'>;

/** A stratum of differentiated ratios by 信用风险分类 (ssj.json riskRatios). */
export interface PlanStratum {
  /** 信用风险分类: A/B/C/D, or '' for entities without one */
  risk: string;
  ratio: number;
  pool: number;
  perRound: number;
}

/** One inspection item in the year's plan. */
export interface PlanRow {
  /** 事项编号 */
  item: string;
  /** 抽查事项 (the item's name) */
  name: string;
  /** 检查对象: the 行业类别 the pool is taken from */
  target: string;
  /** 检查主体 */
  subject: string;
  /** 责任股室 */
  section: string;
  /** 抽查任务名称, e.g. 2027年建筑施工企业资质及安全生产条件检查“双随机”抽查 */
  task: string;
  /** 抽查类型: a planned draw over the item's whole pool */
  type: '不定向';
  /** active entities of the item's 检查对象 in the current registry */
  pool: number;
  /** entities of that 检查对象 that are gone (注销, 吊销, 迁出 …): never drawn, not in `pool` */
  gone: number;
  /** the item's 抽查比例 (null: 不适用) */
  ratio: number | null;
  /** 抽查比例 as published, e.g. 5% */
  ratioText: string;
  /** differentiated ratios by 信用风险分类 (ssj.json riskRatios), else null */
  strata: PlanStratum[] | null;
  /** entities drawn per round: ceil(ratio × pool), at least 1; 0 when not drawn */
  perRound: number;
  /** rounds this year; 0 when not drawn */
  rounds: number;
  /** 抽查频次 as published, e.g. 2次/年 */
  roundsText: string;
  /** perRound × rounds */
  total: number;
  /** proposed month (1–12) of each round; [] when not drawn */
  months: number[];
  /** why the item is not drawn; null when it is */
  reason: string | null;
  /** things to check (a ratio below minRatio, a 频次 below minRounds, …) */
  warnings: string[];
  /** the item's 备注 (where the basis of a listed ratio or frequency is written), or null */
  remark: string | null;
  /** a listed ratio or frequency below minRatio / minRounds (kept as listed), for its legal basis; [] when none */
  belowDefaults: string[];
}

/** The JSON contract of `ssj plan --json` (one element per item); extra fields may be added, never removed. */
export interface PlanJson {
  item: string;
  name: string;
  pool: number;
  ratio: number | null;
  perRound: number;
  rounds: number;
  months: number[];
  reason: string | null;
  target: string;
  section: string;
  subject: string;
  task: string;
  type: string;
  gone: number;
  total: number;
  ratioText: string;
  roundsText: string;
  strata: PlanStratum[] | null;
  warnings: string[];
  remark: string | null;
  belowDefaults: string[];
}

/** 5% from 0.05; exact to a millionth, no float noise (0.07 → 7%). */
export const percentText = (ratio: number) => `${+(ratio * 100).toFixed(4)}%`;

/** Proposed months for n rounds (see the rules above). */
export function proposedMonths(rounds: number): number[] {
  const n = Math.max(0, Math.floor(rounds));
  const months: number[] = [];
  for (let k = 0; k < n; k++) months.push(n <= 9 ? 3 + Math.floor((9 * (2 * k + 1)) / (2 * n)) : 1 + Math.floor((12 * k) / n));
  return months;
}

/** 3月、9月; a month with several rounds: 1月（2次）. */
export function monthsText(months: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const m of months) counts.set(m, (counts.get(m) ?? 0) + 1);
  return [...counts].map(([m, n]) => (n > 1 ? `${m}月（${n}次）` : `${m}月`)).join('、');
}

/** Rounds for an item that is drawn, and a warning when the list gives none or fewer than minRounds. */
export function planRounds(item: InspectionItem, minRounds: number): { rounds: number; warning: string | null } {
  if (item.rounds === null) {
    return { rounds: minRounds, warning: `清单${item.roundsText ? `写的抽查频次“${item.roundsText}”不是每年的次数` : '没有写抽查频次'}，计划按每年至少 ${minRounds} 次安排` };
  }
  if (item.rounds < minRounds) {
    return { rounds: item.rounds, warning: `清单写的抽查频次“${item.roundsText || `${item.rounds}次/年`}”少于一般要求的每年 ${minRounds} 次，按清单执行：${basisText(item)}` };
  }
  return { rounds: item.rounds, warning: null };
}

/** Where a listed value below the defaults rests: the item's 备注, or a request to write it there. */
export const basisText = (item: Pick<InspectionItem, 'remark'>) =>
  item.remark ? `依据（备注）：${item.remark}` : '请确认有法律依据，并在事项清单的“备注”列写明';

/** The flags of an item whose listed ratio or frequency is below minRatio/minRounds (kept as listed). */
export function belowDefaults(item: InspectionItem, config: Pick<Config, 'minRatio' | 'minRounds'>): string[] {
  const out: string[] = [];
  if (item.ratio !== null && item.ratio < config.minRatio) out.push(`抽查比例 ${percentText(item.ratio)} 低于一般要求的 ${percentText(config.minRatio)}`);
  if (item.ratio !== null && item.rounds !== null && item.rounds < config.minRounds) out.push(`抽查频次每年 ${item.rounds} 次，少于一般要求的每年 ${config.minRounds} 次`);
  return out;
}

export const planTaskName = (year: number, item: Pick<InspectionItem, 'name'>) => `${year}年${item.name}“双随机”抽查`;

/** The plan's rows, in the order of the item list. */
export function buildPlan(items: readonly InspectionItem[], entities: readonly Entity[], config: PlanConfig): PlanRow[] {
  // One pass over the registry: active and gone per 行业类别, and active per (行业类别, 信用风险分类).
  const active = new Map<string, number>();
  const gone = new Map<string, number>();
  const byRisk = new Map<string, Map<string, number>>();
  for (const e of entities) {
    if (e.status !== 'active') {
      gone.set(e.category, (gone.get(e.category) ?? 0) + 1);
      continue;
    }
    active.set(e.category, (active.get(e.category) ?? 0) + 1);
    if (config.riskRatios) {
      let m = byRisk.get(e.category);
      if (!m) byRisk.set(e.category, (m = new Map()));
      m.set(e.risk, (m.get(e.risk) ?? 0) + 1);
    }
  }
  return items.map((item) => {
    const pool = active.get(item.target) ?? 0;
    const goneHere = gone.get(item.target) ?? 0;
    const base = {
      item: item.id, name: item.name, target: item.target, subject: item.subject, section: item.section,
      task: planTaskName(config.year, item), type: '不定向' as const, pool, gone: goneHere, ratio: item.ratio,
    };
    const remark = item.remark || null;
    const notDrawn = (reason: string, ratioText: string, warnings: string[] = []): PlanRow => ({
      ...base, ratioText, strata: null, perRound: 0, rounds: 0, roundsText: item.roundsText, total: 0, months: [], reason, warnings, remark, belowDefaults: [],
    });
    if (item.ratio === null) {
      // the list's own reason (不适用理由 / 不纳入原因 / 说明), else the bare fact, flagged
      return item.reason
        ? notDrawn(item.reason, item.ratioText || '不适用')
        : notDrawn(`抽查比例为“${item.ratioText || '空'}”，不进行随机抽查`, item.ratioText || '不适用', ['事项清单没有写不进行随机抽查的理由：请在“不适用理由”列写明充分的理由']);
    }
    const ratioText = percentText(item.ratio);
    if (pool === 0) {
      return notDrawn(
        `检查对象名录库中没有行业类别为“${item.target}”的在业检查对象${goneHere ? `（${goneHere} 个已注销、吊销或迁出）` : ''}`,
        ratioText,
      );
    }
    const warnings: string[] = [];
    if (item.ratio < config.minRatio) {
      warnings.push(`抽查比例 ${ratioText} 低于一般要求的 ${percentText(config.minRatio)}（ssj.json 中的 minRatio），按清单执行：${basisText(item)}`);
    }
    const { rounds, warning } = planRounds(item, config.minRounds);
    if (warning) warnings.push(warning);
    let strata: PlanStratum[] | null = null;
    let perRound: number;
    let published = ratioText;
    if (config.riskRatios) {
      const groups = byRisk.get(item.target)!;
      strata = [...groups.keys()].sort(compareCodePoints).map((risk) => {
        const ratio = config.riskRatios![risk] ?? item.ratio!;
        const n = groups.get(risk)!;
        return { risk, ratio, pool: n, perRound: sampleSize(ratio, n) };
      });
      perRound = strata.reduce((a, s) => a + s.perRound, 0);
      published = `${ratioText}（按信用风险分类：${strata.map((s) => `${s.risk ? `${s.risk}类` : '未分类'}${percentText(s.ratio)}`).join('、')}）`;
    } else {
      perRound = sampleSize(item.ratio, pool);
    }
    return {
      ...base, ratioText: published, strata, perRound, rounds, roundsText: `${rounds}次/年`, total: perRound * rounds,
      months: proposedMonths(rounds), reason: null, warnings, remark, belowDefaults: belowDefaults(item, config),
    };
  });
}

/** The `--json` element of a row. */
export function planJson(row: PlanRow): PlanJson {
  return {
    item: row.item, name: row.name, pool: row.pool, ratio: row.ratio, perRound: row.perRound, rounds: row.rounds,
    months: row.months, reason: row.reason, target: row.target, section: row.section, subject: row.subject,
    task: row.task, type: row.type, gone: row.gone, total: row.total, ratioText: row.ratioText,
    roundsText: row.roundsText, strata: row.strata, warnings: row.warnings, remark: row.remark, belowDefaults: row.belowDefaults,
  };
}

export type CellValue = string | number;
export interface PlanCell {
  header: string;
  value: CellValue;
}

/** The published plan's columns, in order. */
export const PLAN_HEADERS = [
  '序号', '检查主体', '抽查任务名称', '抽查类型', '抽查事项', '检查对象', '抽查比例', '抽查频次', '抽查数量', '计划开展时间', '责任股室',
] as const;

/** 抽查数量 as published: 在业 112 个，每次抽取 6 个，全年 12 个. */
export const quantityText = (row: PlanRow) => `在业${row.pool}个，每次抽取${row.perRound}个，全年${row.total}个`;

/** A drawn row as the published plan shows it; seq is its 序号 (1-based). */
export function planColumns(row: PlanRow, seq: number): PlanCell[] {
  const v: CellValue[] = [
    seq, row.subject, row.task, row.type, row.name, row.target, row.ratioText, row.roundsText, quantityText(row), monthsText(row.months), row.section,
  ];
  return PLAN_HEADERS.map((header, i) => ({ header, value: v[i]! }));
}

/** The columns of the list of items not drawn (不抽查事项). */
export const NOT_DRAWN_HEADERS = ['序号', '事项编号', '抽查事项', '检查对象', '在业检查对象', '抽查比例', '不抽查原因', '责任股室'] as const;

export function notDrawnColumns(row: PlanRow, seq: number): PlanCell[] {
  const v: CellValue[] = [seq, row.item, row.name, row.target, row.pool, row.ratioText, row.reason ?? '', row.section];
  return NOT_DRAWN_HEADERS.map((header, i) => ({ header, value: v[i]! }));
}

/** {单位}{年度}年度“双随机、一公开”抽查工作计划 */
export const planTitle = (config: Pick<Config, 'org' | 'year'>) => `${config.org}${config.year}年度“双随机、一公开”抽查工作计划`;
