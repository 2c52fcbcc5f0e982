// ssj draw, step 3: the draw's plan (the pool and sample sizes per item and stratum) and the task it records,
// checked against the announcement when drawing as announced.
import { SsjError } from '../../core/errors.js';
import { refusePrivateStrata } from '../../core/privacy.js';
import { planDraw, type ConflictPair, type DrawInputs, type DrawParams } from '../../core/draw.js';
import { repeatExclusions } from '../../core/ledger.js';
import type { DrawRecord } from '../../core/record.js';
import { departmentsOf, itemDepartment, rosterFor } from '../../core/departments.js';
import { JOINT_ALGORITHM, jointContext, visitDepartments } from '../../core/joint-teams.js';
import { poolOf } from '../../core/replay.js';
import { ALGORITHM } from '../../core/rng.js';
import { recordedSuspendedRule } from '../../core/status-rule.js';
import { announcementDiffs } from '../../core/announce.js';
import type { Conflict, Inspector } from '../../core/types.js';
import { today } from '../../io/clock.js';
import type { Workspace } from '../../io/workspace.js';
import { inputsOf } from './lists.js';
import type { ResolvedDraw } from './resolve.js';

export interface PlannedDraw {
  date: string;
  params: DrawParams;
  inputs: DrawInputs;
  plan: ReturnType<typeof planDraw>;
  task: DrawRecord['task'];
  algorithm: string;
  /** the snapshots drawn from, as the record states them */
  drawInputs: DrawRecord['inputs'];
  conflictPairs: ConflictPair[];
  /** the whole roster (every department's rows) */
  roster: Inspector[];
}

/** What a draw's plan and task are made of: ResolvedDraw's parts, which ssj draw announce gathers too. */
export type TaskRequest = Pick<ResolvedDraw, 'lists' | 'past' | 'allItems' | 'items' | 'ids' | 'round' | 'ratio' | 'count' | 'where' | 'strata' | 'riskRatios' | 'teamSize' | 'experts'>;

/**
 * The plan (pools and sample sizes) of a draw made on `date`, and the task, algorithm and inputs it records: one
 * piece for ssj draw and for ssj draw announce (`what`: 抽取 or 公告), so that an announced draw records what its
 * announcement did — the items' departments once another department's list was imported with --dept, the joint
 * algorithm (ssj-draw/2-joint) for items of several departments.
 */
export function planTask(ws: Workspace, r: TaskRequest, date: string, what: '抽取' | '公告'): Omit<PlannedDraw, 'drawInputs'> {
  const { lists, ids, items, round, ratio, count, where, strata, riskRatios, teamSize, experts } = r;
  const org = ws.config.org;
  const params: DrawParams = {
    items: ids, round, date, ratio, count, where, strata, riskRatios, teamSize, experts,
    teamRules: Object.fromEntries(Object.entries(ws.config.teamRules).filter(([k]) => ids.includes(k))),
  };
  const conflictPairs: ConflictPair[] = ((lists.conflicts?.records ?? []) as Conflict[]).map((c) => ({ certNo: c.certNo, code: c.code }));
  const excludeRepeat = ws.config.excludeRepeat;
  // 部门联合抽查: items of several departments make a joint draw (ssj-draw/2-joint); other departments' roster
  // rows take part only in draws of their department's items (core/departments.ts)
  const roster = lists.inspectors.records as Inspector[];
  const departments = departmentsOf(items, org);
  const joint = departments.length > 1;
  const namesDepts = joint || roster.some((p) => p.dept) || items.some((it) => it.dept);
  const inputs: DrawInputs = {
    entities: lists.entities.records,
    items: r.allItems,
    inspectors: rosterFor(roster, departments) as Inspector[],
    ...(joint ? { joint: jointContext(items, org) } : {}),
    conflicts: conflictPairs,
    repeat: excludeRepeat ? repeatExclusions(r.past, ids, round) : [],
    entitiesInOrder: true,
  };
  const plan = planDraw(inputs, params);
  if (plan.problems.length) {
    throw new SsjError('CANNOT_DRAW', `无法按要求${what}：\n  ${plan.problems.join('\n  ')}`, { hint: '请检查事项的检查对象与名录库的行业类别是否一致，或调整 --where、--ratio、--count' });
  }
  refusePrivateStrata(plan.pools, what === '抽取' ? '抽取记录' : '抽取公告');
  const task: DrawRecord['task'] = {
    name: `${items.map((it) => it.name).join('、')}${items.length > 1 ? '（合并检查）' : ''} ${ws.config.year}年第${round}次抽查`,
    type: where.length ? '定向' : '不定向',
    items: items.map((it) => ({ id: it.id, name: it.name, target: it.target, ratio: it.ratio, ratioText: it.ratioText, ...(namesDepts ? { dept: itemDepartment(it, org) } : {}) })),
    round, ratio, count, where, strata, riskRatios, teamSize, experts, teamRules: params.teamRules, excludeRepeat,
    ...recordedSuspendedRule(lists.entities.records),
    ...(joint ? { departments: visitDepartments(items.map((it) => it.id), jointContext(items, org)) } : {}),
  };
  return { date, params, inputs, plan, task, algorithm: joint ? JOINT_ALGORITHM : ALGORITHM, conflictPairs, roster };
}

export function planDrawTask(ws: Workspace, r: ResolvedDraw): PlannedDraw {
  const { lists, announcement } = r;
  const planned = planTask(ws, r, today(), '抽取');
  const drawInputs = inputsOf(lists);
  if (announcement) {
    const diffs = announcementDiffs(announcement, { task: planned.task, inputs: drawInputs, pool: poolOf(planned.plan), algorithm: planned.algorithm });
    if (diffs.length) {
      throw new SsjError('ANNOUNCEMENT_MISMATCH', `与公告 ${announcement.id} 不一致，不能按公告抽取：\n  ${diffs.join('\n  ')}`, {
        hint: '按公告抽取必须用公告时的名录和设置。请恢复公告时的名录（ssj import），或发布新的公告（ssj draw announce）',
      });
    }
  }
  return { ...planned, drawInputs };
}
