// 复核: re-run a recorded draw and its amendments from the lists and the seed, and say exactly what differs.
import {
  applyAmendment, assignTeams, drawEntities, planDraw,
  type ConflictPair, type DrawInputs, type DrawParams, type DrawPlan, type DrawState,
} from './draw.js';
import type { AmendmentRecord, DrawRecord, RecordedVisit } from './record.js';
import { canonicalJson, recordedVisits } from './record.js';
import { seedFromComponents } from './seed.js';
import { departmentsOf, rosterFor } from './departments.js';
import { JOINT_ALGORITHM, jointContext } from './joint-teams.js';
import type { Entity, InspectionItem, Inspector } from './types.js';
import type { EntityTable } from './entity-table.js';

export function itemsOf(r: DrawRecord): InspectionItem[] {
  return r.task.items.map((it) => ({
    id: it.id, name: it.name, target: it.target, ratio: it.ratio, ratioText: it.ratioText,
    basis: '', content: '', method: '', rounds: null, roundsText: '', subject: '', section: '',
    ...(it.dept !== undefined ? { dept: it.dept } : {}),
  }));
}

export function paramsOf(r: DrawRecord): DrawParams {
  const t = r.task;
  return {
    items: t.items.map((i) => i.id), round: t.round, date: r.date, ratio: t.ratio, count: t.count, where: t.where,
    strata: t.strata, riskRatios: t.riskRatios, teamSize: t.teamSize, experts: t.experts, teamRules: t.teamRules,
  };
}

/** Summary of a plan as the record keeps it. */
export function poolOf(plan: DrawPlan): DrawRecord['pool'] {
  return {
    hash: plan.poolHash,
    size: plan.poolSize,
    items: plan.pools.map((p) => ({
      id: p.item.id, ratio: p.ratio, population: p.population, available: p.available, sample: p.sample,
      strata: p.strata.map((s) => ({ label: s.label, ratio: s.ratio, population: s.population, available: s.available, sample: s.sample })),
    })),
  };
}

/** The 回避 pairs that touch these entities, in canonical order. */
export function conflictsTouching(pairs: readonly ConflictPair[], codes: Iterable<string>): ConflictPair[] {
  const want = new Set(codes);
  return pairs
    .filter((p) => want.has(p.code))
    .map((p) => ({ certNo: p.certNo, code: p.code }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : a.certNo < b.certNo ? -1 : a.certNo > b.certNo ? 1 : 0));
}

const sameList = <T>(x: readonly T[], y: readonly T[], eq: (p: T, q: T) => boolean) => x.length === y.length && x.every((p, i) => eq(p, y[i]!));
/** Field by field (fast for 50,000 visits); a visit with extra or missing fields is also caught by its record hash. */
function sameVisit(a: RecordedVisit, b: RecordedVisit): boolean {
  return a.code === b.code && a.name === b.name &&
    sameList(a.items, b.items, (p, q) => p === q) &&
    sameList(a.picks, b.picks, (p, q) => p.item === q.item && p.stratum === q.stratum && p.position === q.position) &&
    sameList(a.team, b.team, (p, q) => p.certNo === q.certNo && p.name === q.name && p.role === q.role);
}

const visitLine = (v: RecordedVisit) => `${v.name}（${v.code}）事项 ${v.items.join('、')}，检查组 ${v.team.map((m) => `${m.role}${m.name}（${m.certNo}）`).join('、')}`;

/** Differences between recorded and recomputed entity lists, in words. */
export function compareVisits(recorded: readonly RecordedVisit[], actual: readonly RecordedVisit[], where: string): string[] {
  const out: string[] = [];
  if (recorded.length !== actual.length) out.push(`${where}：记录中有 ${recorded.length} 个检查对象，重新计算得到 ${actual.length} 个`);
  const n = Math.max(recorded.length, actual.length);
  for (let i = 0; i < n && out.length < 20; i++) {
    const a = recorded[i];
    const b = actual[i];
    if (a && b && sameVisit(a, b)) continue;
    out.push(`${where} 第 ${i + 1} 个：记录为 ${a ? visitLine(a) : '（无）'}；重新计算为 ${b ? visitLine(b) : '（无）'}`);
  }
  return out;
}

export interface ReplayInputs {
  entities: readonly Entity[] | EntityTable;
  inspectors: readonly Inspector[];
  /** entities from a stored snapshot (canonical order by construction) */
  entitiesInOrder?: boolean;
}

export interface Rebuilt {
  diffs: string[];
  plan: DrawPlan;
  state: DrawState;
  inputs: DrawInputs;
  params: DrawParams;
}

/**
 * Re-run a draw record and its amendments (in order) from the lists, comparing each step with what was recorded.
 * Each amendment sees the 回避 pairs recorded up to it. Returns every difference found (none: the records
 * follow from their inputs and seed) and the state after the last amendment.
 */
export function rebuild(r: DrawRecord, amendments: readonly AmendmentRecord[], lists: ReplayInputs): Rebuilt {
  const diffs: string[] = [];
  const id = r.id;
  if (r.seed.components.some((c) => c.source !== 'given') && seedFromComponents(r.seed.components) !== r.seed.text) {
    diffs.push(`${id}：随机种子“${r.seed.text}”不是由记录中的各组成部分得出的（应为“${seedFromComponents(r.seed.components)}”）`);
  }
  // the roster as the draw used it (other departments' rows left out), and the joint draw's departments
  const items = itemsOf(r);
  const taskDepts = departmentsOf(items, r.org);
  const inputs: DrawInputs = {
    entities: lists.entities, inspectors: rosterFor(lists.inspectors, taskDepts), items, conflicts: r.conflicts,
    ...(r.algorithm === JOINT_ALGORITHM ? { joint: jointContext(items, r.org) } : {}),
    repeat: r.exclusions.filter((x) => x.kind === 'repeat'),
    entitiesInOrder: lists.entitiesInOrder ?? false,
  };
  const params = paramsOf(r);
  const plan = planDraw(inputs, params);
  const state: DrawState = { visits: [], retired: [] };
  if (plan.problems.length) {
    diffs.push(...plan.problems.map((p) => `${id}：按记录的参数重新抽取时出错：${p}`));
    return { diffs, plan, state, inputs, params };
  }
  if (plan.poolHash !== r.pool.hash) diffs.push(`${id}：抽取范围（检查对象池）的哈希不符：记录为 ${r.pool.hash}，用所给名录算得 ${plan.poolHash}（名录与抽取时的不同）`);
  const pool = poolOf(plan);
  if (canonicalJson(pool.items) !== canonicalJson(r.pool.items) || pool.size !== r.pool.size) {
    diffs.push(`${id}：各事项的总数、可抽数或抽取数与记录不符：记录为 ${describePool(r.pool.items)}；重新计算为 ${describePool(pool.items)}`);
  }
  const gone = (xs: DrawRecord['exclusions']) => xs.filter((x) => x.kind === 'gone');
  if (!sameList(gone(plan.exclusions), gone(r.exclusions), (p, q) => p.item === q.item && p.code === q.code && p.name === q.name && p.reason === q.reason)) diffs.push(`${id}：因注销、吊销、迁出等未参加抽取的检查对象与记录不符`);

  if (plan.poolHash !== r.pool.hash) {
    // A different pool gives a different draw throughout: say so once instead of listing every entity.
    diffs.push(`${id}：检查对象池不同，因此无法复核抽取结果：请使用抽取时的名录（快照 ${r.inputs.entities.snapshot}）`);
    return { diffs, plan, state, inputs, params };
  }
  state.visits = drawEntities(plan, r.seed.text);
  diffs.push(...assignTeams(state.visits, inputs, params, r.seed.text).map((p) => `${id}：重新分配检查组时出错：${p}`));
  diffs.push(...compareVisits(r.entities, recordedVisits(state.visits), `${id} 抽取结果`));

  let conflicts: ConflictPair[] = [...r.conflicts];
  for (const a of amendments) {
    if (a.of.id !== r.id) diffs.push(`${a.id}：记录的原抽取为 ${a.of.id}，不是 ${r.id}`);
    if (a.of.hash !== r.hash) diffs.push(`${a.id}：记录的原抽取哈希与 ${r.id} 的哈希不符`);
    conflicts = [...conflicts, ...a.conflicts];
    // A re-run passes over exactly the entities the record says were drawn in other rounds (the ledger may have
    // changed since); ssj-draw-record/1 listed only those, /2 lists every position passed over.
    const recorded = a.passedOver ?? [];
    const others = recorded.filter((x) => x.kind === 'repeat');
    const { change, problems, passedOver } = applyAmendment(plan, state, { ...inputs, conflicts }, params, r.seed.text, a.number, a.request, others);
    const expected = a.format === 'ssj-draw-record/1'
      ? passedOver.filter((x) => x.kind === 'repeat').map((x) => ({ code: x.code, item: x.item, kind: x.kind, name: recorded.find((y) => y.code === x.code && y.item === x.item)?.name ?? x.name, reason: x.reason }))
      : passedOver;
    if (canonicalJson(expected) !== canonicalJson(recorded)) diffs.push(`${a.id}：补抽时跳过的位置（passedOver：本年度其他批次已抽中、此前补抽已替换）与记录不符`);
    diffs.push(...problems.map((p) => `${a.id}：重新补抽时出错：${p}`));
    if (canonicalJson(change) !== canonicalJson(a.change)) diffs.push(`${a.id}：补抽的结果与记录不符：记录为 ${canonicalJson(a.change)}；重新计算为 ${canonicalJson(change)}`);
    diffs.push(...compareVisits(a.entities, recordedVisits(state.visits), `${a.id} 补抽后的结果`));
  }
  inputs.conflicts = conflicts;
  return { diffs, plan, state, inputs, params };
}

export const replay = (r: DrawRecord, amendments: readonly AmendmentRecord[], lists: ReplayInputs): string[] => rebuild(r, amendments, lists).diffs;

function describePool(items: DrawRecord['pool']['items']): string {
  return items.map((i) => `${i.id} 总数 ${i.population} 可抽 ${i.available} 抽取 ${i.sample}`).join('；');
}
