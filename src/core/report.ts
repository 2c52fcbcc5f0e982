// 年度抽查情况报告: the year at a glance, from the ledger, the results and the item list. Pure: the caller reads
// the files and works out each task's dates (deadlines need the holiday calendar).
import { belowDefaults, planRounds } from './plan.js';
import { scopeLabel } from './where.js';
import type { MergedVisit } from './visits.js';
import type { AmendmentRecord, DrawRecord } from './record.js';
import { GONE_RESULTS } from './results.js';
import { sampleSize } from './sample.js';
import type { Task, TaskProgress } from './tasks.js';
import type { InspectionItem, Inspector } from './types.js';

export interface ItemReport {
  item: string;
  name: string;
  roundsDone: number;
  roundsRequired: number;
  /** the item's population at its latest draw (or in the current registry when not drawn) */
  pool: number;
  /** distinct entities drawn for the item this year (after replacements) */
  drawn: number;
  /** rounds whose results are entered */
  resultsEntered: number;
  /** rounds whose results are published */
  published: number;
  publishedOnTime: number;
  publishedLate: number;
  /** finished rounds not yet published: still within the deadline, or past it */
  awaiting: number;
  overdue: number;
  rounds: {
    round: number; task: string; population: number; sample: number; required: number; stage: 'drawn' | 'results' | 'published'; due: string | null; published: string | null; onTime: boolean | null;
    /** 定向: drawn from part of the item's population (--where); `required` is then of the whole population */
    directed: boolean;
    /** the part drawn from, e.g. 区域=城关镇；投诉举报次数=3 ('' when not directed) */
    scope: string;
  }[];
  /** the item's whole population (its 检查对象, active): what every round's coverage is judged against */
  wholePopulation: number;
  /** the item's 备注 (where the basis of a listed ratio or frequency is written), or null */
  remark: string | null;
  /** a listed ratio or frequency below the defaults (kept as listed), for its legal basis; [] when none */
  belowDefaults: string[];
  /** 不抽查 (ratio 不适用): nothing required */
  notDrawn: boolean;
  ok: boolean;
  reasons: string[];
}

export interface YearReport {
  year: number;
  org: string;
  asOf: string;
  items: ItemReport[];
  repeatEntities: { code: string; name: string; items: string[]; times: number; tasks: string[] }[];
  merged: { task: string; code: string; name: string; items: string[] }[];
  /** 合并检查 across tasks: one inspection of an entity for several standing tasks (see core/visits.ts) */
  mergedVisits: { code: string; name: string; tasks: string[]; items: string[]; teamFrom: string; done: boolean }[];
  workload: { certNo: string; name: string; count: number }[];
  workloadStats: { people: number; min: number; median: number; max: number; experts: number };
  gone: { task: string; code: string; name: string; result: string; checkDate: string }[];
  redraws: { id: string; of: string[]; reason: string; date: string; items: string[]; round: number }[];
  replacements: { id: string; of: string; date: string; type: 'entity' | 'inspector'; reason: string; removed: string | null; added: string[]; teamChanges: string[] }[];
  ledgerOk: boolean;
  ledgerProblems: string[];
  totals: { tasks: number; visits: number; entities: number; itemsOk: number; itemsRequired: number; inspections: number; mergedAcrossTasks: number };
}

export interface ReportInputs {
  year: number;
  org: string;
  asOf: string;
  minRounds: number;
  /** ssj.json minRatio (for flagging listed ratios below it); 0.05 when not given */
  minRatio?: number;
  items: readonly InspectionItem[];
  /** current pool size per item id, for items never drawn or drawn only 定向 (their whole population) */
  currentPool: ReadonlyMap<string, number>;
  /** every draw of the year as a task (replaced draws included: they are the re-draws' history) */
  tasks: readonly Task[];
  progress: ReadonlyMap<string, TaskProgress>;
  /** the current roster, so that people never drawn show with 0 */
  inspectors: readonly Inspector[];
  ledgerProblems: string[];
  /** the year's inspections with merges across tasks (mergedVisits); without it every task visit is its own */
  visits?: readonly MergedVisit[];
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function buildReport(inp: ReportInputs): YearReport {
  const standing = inp.tasks.filter((t) => t.replacedBy.length === 0);
  const items: ItemReport[] = inp.items.map((it) => itemReport(it, standing, inp));

  // entities drawn in more than one task (执法扰民 check), and visits merging several items (合并检查)
  const byEntity = new Map<string, { code: string; name: string; items: Set<string>; tasks: string[] }>();
  const merged: YearReport['merged'] = [];
  let visits = 0;
  for (const t of standing) {
    for (const v of t.visits) {
      visits++;
      const e = byEntity.get(v.code) ?? { code: v.code, name: v.name, items: new Set<string>(), tasks: [] };
      v.items.forEach((i) => e.items.add(i));
      e.tasks.push(t.id);
      byEntity.set(v.code, e);
      if (v.items.length > 1) merged.push({ task: t.id, code: v.code, name: v.name, items: [...v.items] });
    }
  }
  const repeatEntities = [...byEntity.values()]
    .filter((e) => e.tasks.length > 1)
    .map((e) => ({ code: e.code, name: e.name, items: [...e.items].sort(), times: e.tasks.length, tasks: e.tasks }))
    .sort((a, b) => b.times - a.times || (a.code < b.code ? -1 : 1));

  // inspector workload: inspections per 执法人员 (experts counted apart)
  const counts = new Map<string, { certNo: string; name: string; count: number }>();
  for (const p of inp.inspectors) if (p.kind !== '专家') counts.set(p.certNo, { certNo: p.certNo, name: p.name, count: 0 });
  const experts = new Set<string>();
  for (const t of standing) {
    for (const v of t.visits) {
      for (const m of v.team) {
        if (m.role === '专家') {
          experts.add(m.certNo);
          continue;
        }
        const c = counts.get(m.certNo) ?? { certNo: m.certNo, name: m.name, count: 0 };
        c.count++;
        counts.set(m.certNo, c);
      }
    }
  }
  const workload = [...counts.values()].sort((a, b) => b.count - a.count || (a.certNo < b.certNo ? -1 : 1));
  const n = workload.map((w) => w.count);

  const gone: YearReport['gone'] = [];
  for (const t of standing) {
    for (const e of inp.progress.get(t.id)?.results?.entries ?? []) {
      if (GONE_RESULTS.includes(e.result)) gone.push({ task: t.id, code: e.code, name: e.name, result: e.result, checkDate: e.checkDate });
    }
  }

  const redraws = inp.tasks.filter((t) => t.draw.redraw).map((t) => ({
    id: t.id, of: t.draw.redraw!.of, reason: t.draw.redraw!.reason, date: t.draw.date, items: t.draw.task.items.map((i) => i.id), round: t.draw.task.round,
  }));
  const replacements = inp.tasks.flatMap((t) => t.amendments.map((a) => replacement(a)));

  return {
    year: inp.year, org: inp.org, asOf: inp.asOf, items, repeatEntities, merged, workload,
    workloadStats: { people: workload.length, min: n.length ? Math.min(...n) : 0, median: median(n), max: n.length ? Math.max(...n) : 0, experts: experts.size },
    gone, redraws, replacements,
    ledgerOk: inp.ledgerProblems.length === 0, ledgerProblems: inp.ledgerProblems,
    mergedVisits: (inp.visits ?? []).filter((v) => v.merged).map((v) => ({ code: v.code, name: v.name, tasks: [...v.tasks], items: [...v.items], teamFrom: v.teamFrom, done: v.done })),
    totals: {
      inspections: inp.visits ? inp.visits.length : visits,
      mergedAcrossTasks: (inp.visits ?? []).filter((v) => v.merged).length,
      tasks: standing.length, visits, entities: byEntity.size,
      itemsOk: items.filter((i) => !i.notDrawn && i.ok).length, itemsRequired: items.filter((i) => !i.notDrawn).length,
    },
  };
}

function replacement(a: AmendmentRecord): YearReport['replacements'][number] {
  const who = (m: { name: string; certNo: string }) => `${m.name}（${m.certNo}）`;
  return {
    id: a.id, of: a.of.id, date: a.date, type: a.request.type, reason: a.request.reason,
    removed: a.change.removed ? `${a.change.removed.name}（${a.change.removed.code}）` : null,
    added: a.change.added.map((x) => `${x.name}（${x.code}）`),
    teamChanges: a.change.teamChanges.map((c) => `${c.code}：${who(c.out)} → ${c.in ? who(c.in) : '（无）'}`),
  };
}

function itemReport(it: InspectionItem, standing: readonly Task[], inp: ReportInputs): ItemReport {
  const notDrawn = it.ratio === null;
  const roundsRequired = notDrawn ? 0 : planRounds(it, inp.minRounds).rounds;
  const mine = standing.filter((t) => t.draw.task.items.some((i) => i.id === it.id)).sort((a, b) => a.draw.task.round - b.draw.task.round);
  const drawnCodes = new Set<string>();
  const rounds: ItemReport['rounds'] = [];
  for (const t of mine) {
    const d: DrawRecord = t.draw;
    const p = d.pool.items.find((x) => x.id === it.id);
    const population = p?.population ?? 0;
    const recorded = d.task.items.find((x) => x.id === it.id);
    const ratio = recorded?.ratio ?? it.ratio;
    const sample = t.visits.filter((v) => v.items.includes(it.id)).length;
    t.visits.forEach((v) => v.items.includes(it.id) && drawnCodes.add(v.code));
    const pr = inp.progress.get(t.id);
    const stage = pr?.published ? 'published' : pr?.results ? 'results' : 'drawn';
    const due = pr?.due ?? null;
    const onTime = pr?.onTime ?? null;
    const directed = d.task.where.length > 0;
    const scope = d.task.where.map((c) => `${scopeLabel(c.field)}=${c.values.join('或')}`).join('；');
    rounds.push({ round: d.task.round, task: t.id, population, sample, required: ratio === null || population === 0 ? 0 : sampleSize(ratio, population), stage, due, published: pr?.published ?? null, onTime, directed, scope });
  }
  // Coverage is judged against the item's whole population: an undirected round's, else the current registry's.
  const undirected = rounds.filter((r) => !r.directed);
  const wholePopulation = undirected.length ? Math.max(...undirected.map((r) => r.population)) : inp.currentPool.get(it.id) ?? Math.max(0, ...rounds.map((r) => r.population));
  for (const r of rounds) {
    if (!r.directed) continue;
    const recorded = mine.find((t) => t.id === r.task)?.draw.task.items.find((x) => x.id === it.id);
    const ratio = recorded?.ratio ?? it.ratio;
    r.required = ratio === null || wholePopulation === 0 ? 0 : sampleSize(ratio, wholePopulation);
  }
  const roundsDone = new Set(rounds.map((r) => r.round)).size;
  const reasons: string[] = [];
  if (!notDrawn) {
    if (roundsDone < roundsRequired) reasons.push(`抽查 ${roundsDone} 次，少于每年 ${roundsRequired} 次`);
    // Per round number: every draw of that round together (a directed draw and an undirected one of the same round add up).
    const byRound = new Map<number, typeof rounds>();
    for (const r of rounds) byRound.set(r.round, [...(byRound.get(r.round) ?? []), r]);
    for (const [round, rs] of byRound) {
      const directedOnly = rs.every((r) => r.directed);
      const sample = rs.reduce((a, r) => a + r.sample, 0);
      const required = Math.max(...rs.map((r) => r.required));
      if (sample >= required) continue;
      if (directedOnly) {
        reasons.push(`第 ${round} 次为定向抽查（${rs.map((r) => `${r.task}：${r.scope}`).join('；')}），抽取 ${sample} 个，占该事项全部 ${wholePopulation} 个在业检查对象的 ${wholePopulation ? ((sample / wholePopulation) * 100).toFixed(1) : '0'}%，低于抽查比例所需的 ${required} 个`);
      } else if (rs.length > 1) {
        reasons.push(`第 ${round} 次（${rs.map((r) => r.task).join('、')}）共抽取 ${sample} 个，少于抽查比例所需 ${required} 个`);
      } else {
        const r = rs[0]!;
        reasons.push(`第 ${r.round} 次（${r.task}）抽取 ${r.sample} 个，少于 ${r.population} 个的抽查比例所需 ${r.required} 个`);
      }
    }
    for (const r of rounds) {
      if (r.stage === 'published' && r.onTime === false) reasons.push(`第 ${r.round} 次（${r.task}）结果逾期公示：期限 ${r.due}，${r.published} 公示`);
      if (r.stage === 'results') {
        if (r.due && inp.asOf > r.due) reasons.push(`第 ${r.round} 次（${r.task}）结果已逾期未公示（期限 ${r.due}）`);
        else reasons.push(`第 ${r.round} 次（${r.task}）检查已完成，结果尚未公示${r.due ? `（期限 ${r.due}）` : ''}`);
      }
    }
  }
  const latestUndirected = rounds.filter((r) => !r.directed).at(-1);
  const latestPool = latestUndirected ? latestUndirected.population : rounds.length && !inp.currentPool.has(it.id) ? rounds[rounds.length - 1]!.population : inp.currentPool.get(it.id) ?? 0;
  return {
    item: it.id, name: it.name, roundsDone, roundsRequired, pool: latestPool, drawn: drawnCodes.size,
    resultsEntered: rounds.filter((r) => r.stage !== 'drawn').length,
    published: rounds.filter((r) => r.stage === 'published').length,
    publishedOnTime: rounds.filter((r) => r.onTime === true).length,
    publishedLate: rounds.filter((r) => r.onTime === false).length,
    awaiting: rounds.filter((r) => r.stage === 'results' && !(r.due && inp.asOf > r.due)).length,
    overdue: rounds.filter((r) => r.stage === 'results' && r.due !== null && inp.asOf > r.due).length,
    rounds, notDrawn, ok: reasons.length === 0, reasons,
    wholePopulation, remark: it.remark || null,
    belowDefaults: notDrawn ? [] : belowDefaults(it, { minRatio: inp.minRatio ?? 0.05, minRounds: inp.minRounds }),
  };
}
