// 合并实施检查: “同一市场主体在多个检查任务中被确定为检查对象的，要合并实施检查”. When a draw picks an entity that
// another standing task of the year picked and whose result is not yet entered, the two tasks' visits of it are
// one inspection. The draw decides the merged team and writes the decision into its own record (`merge`), so the
// merge is in the hash-chained ledger and `ssj verify` re-checks it (see docs/draw-algorithm.md, 合并检查).
//
// Team of a merged visit: the earlier visit's team (the group's team when it was merged already) when it fits
// every item of the later task — each inspector's certificate valid on the later draw date, the later task's
// teamRules met, no 回避 with the entity, and at least the later task's team size; otherwise the two teams go
// together ("joined"): the earlier team, then the later team's members not already in it (its 组长 as 组员).
// Nothing the draw drew changes: the draw's own visits and teams are recorded as ssj-draw/1 makes them.
import type { RecordedVisit } from './record.js';
import type { DrawRecord } from './record.js';
import type { ResultEntry, ResultsVersion } from './results.js';
import type { Task } from './tasks.js';
import { ineligibility, type TeamMember, type TeamRule } from './teams.js';
import type { InspectionItem, Inspector } from './types.js';

/** One merge decided by a draw, as its record keeps it (`merge`, one per entity drawn that merges). */
export interface MergeNote {
  code: string;
  name: string;
  /** the earlier standing tasks whose visit of the entity this one joins, with their items */
  with: { task: string; items: string[] }[];
  /** earlier: the earlier team does it all; joined: both teams together */
  teamFrom: 'earlier' | 'joined';
  /** the team of the merged visit */
  team: TeamMember[];
}

/** An inspection to make: one entity, every task and item it covers, one team (`ssj visits`). */
export interface MergedVisit {
  code: string;
  name: string;
  /** task ids, in ledger order */
  tasks: string[];
  /** item ids, in order of first appearance */
  items: string[];
  team: TeamMember[];
  /** more than one task */
  merged: boolean;
  teamFrom: 'own' | 'earlier' | 'joined';
  /** a result is entered for it (in any of its tasks) */
  done: boolean;
}

/** The merge notes of a draw record ([] for records made before merges were recorded). */
export const mergeNotesOf = (d: DrawRecord): MergeNote[] => ((d as DrawRecord & { merge?: MergeNote[] }).merge ?? []);

const entryOf = (latest: ReadonlyMap<string, ResultsVersion | null>, task: string, code: string): ResultEntry | undefined =>
  latest.get(task)?.entries.find((e) => e.code === code);

/**
 * The year's inspections: the standing tasks' visits, those of one entity in several tasks made one where a
 * draw's record says so (and the earlier visit still stands). In order of first drawing.
 */
export function mergedVisits(tasks: readonly Task[], latest: ReadonlyMap<string, ResultsVersion | null> = new Map()): MergedVisit[] {
  const standing = tasks.filter((t) => t.replacedBy.length === 0);
  const order = new Map(standing.map((t, i) => [t.id, i]));
  const key = (task: string, code: string) => `${task}\u0000${code}`;
  const visitOf = new Map<string, { task: Task; v: RecordedVisit }>();
  for (const t of standing) for (const v of t.visits) visitOf.set(key(t.id, v.code), { task: t, v });
  // union-find over (task, code)
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    // the earlier task's node is the root
    const ta = order.get(ra.split('\u0000')[0]!)!;
    const tb = order.get(rb.split('\u0000')[0]!)!;
    if (ta <= tb) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  const teamOf = new Map<string, { team: TeamMember[]; from: 'earlier' | 'joined' }>();
  for (const t of standing) {
    for (const m of mergeNotesOf(t.draw)) {
      const self = key(t.id, m.code);
      if (!visitOf.has(self)) continue; // replaced since
      let joined = false;
      for (const w of m.with) {
        const other = key(w.task, m.code);
        if (!visitOf.has(other)) continue;
        union(self, other);
        joined = true;
      }
      if (joined) teamOf.set(find(self), { team: m.team, from: m.teamFrom }); // later tasks come later: the latest note wins
    }
  }
  const groups = new Map<string, MergedVisit>();
  for (const t of standing) {
    for (const v of t.visits) {
      const root = find(key(t.id, v.code));
      let g = groups.get(root);
      if (!g) {
        g = { code: v.code, name: v.name, tasks: [], items: [], team: v.team.map((m) => ({ ...m })), merged: false, teamFrom: 'own', done: false };
        groups.set(root, g);
      }
      if (!g.tasks.includes(t.id)) g.tasks.push(t.id);
      for (const i of v.items) if (!g.items.includes(i)) g.items.push(i);
      if (entryOf(latest, t.id, v.code)) g.done = true;
    }
  }
  for (const [root, g] of groups) {
    g.merged = g.tasks.length > 1;
    const decided = teamOf.get(root);
    if (g.merged && decided) {
      g.team = decided.team.map((m) => ({ ...m }));
      g.teamFrom = decided.from;
    }
  }
  return [...groups.values()];
}

/**
 * What a new draw merges: for each entity it drew that an earlier standing task also has, with no result entered
 * for it there, the tasks joined and the merged team (see the rules at the top).
 */
export function decideMerges(
  drawn: readonly RecordedVisit[],
  tasks: readonly Task[],
  latest: ReadonlyMap<string, ResultsVersion | null>,
  ctx: {
    /** the new draw's items, date, teamRules and team size */
    items: readonly InspectionItem[];
    date: string;
    teamRules: Record<string, TeamRule>;
    teamSize: number;
    inspectors: readonly Inspector[];
    /** 回避 pairs (certNo, code) */
    conflicts: readonly { certNo: string; code: string }[];
  },
): MergeNote[] {
  const open = mergedVisits(tasks, latest).filter((g) => !g.done);
  const byCode = new Map<string, MergedVisit[]>();
  for (const g of open) byCode.set(g.code, [...(byCode.get(g.code) ?? []), g]);
  const people = new Map(ctx.inspectors.map((p) => [p.certNo, p]));
  const notes: MergeNote[] = [];
  for (const v of drawn) {
    const groups = byCode.get(v.code);
    if (!groups?.length) continue;
    const g = groups[0]!; // one open visit per entity (earlier merges made them one)
    const withTasks = g.tasks.map((id) => ({ task: id, items: tasks.find((t) => t.id === id)!.visits.find((x) => x.code === v.code)?.items ?? [] }));
    const items = v.items.map((id) => ctx.items.find((i) => i.id === id)).filter((i): i is InspectionItem => Boolean(i));
    const inspectorsOf = (team: readonly TeamMember[]) => team.filter((m) => m.role !== '专家');
    const fits = inspectorsOf(g.team).length >= ctx.teamSize && inspectorsOf(g.team).every((m) => {
      const p = people.get(m.certNo);
      if (!p) return false;
      if (ctx.conflicts.some((c) => c.certNo === m.certNo && c.code === v.code)) return false;
      return ineligibility(p, items, ctx.teamRules, ctx.date) === null;
    });
    let team: TeamMember[];
    if (fits) team = g.team.map((m) => ({ ...m }));
    else {
      team = g.team.map((m) => ({ ...m }));
      for (const m of v.team) {
        if (team.some((x) => x.certNo === m.certNo)) continue;
        team.push({ ...m, role: m.role === '组长' ? '组员' : m.role });
      }
      const rank = { 组长: 0, 组员: 1, 专家: 2 } as const;
      team.sort((a, b) => rank[a.role] - rank[b.role]);
    }
    notes.push({ code: v.code, name: v.name, with: withTasks, teamFrom: fits ? 'earlier' : 'joined', team });
  }
  return notes;
}

/**
 * A task's result entries with those of its merged visits entered under another task of the visit filled in
 * ("results entered once count for every task of the visit"): the entry as entered, with this task's items.
 */
export function effectiveEntries(task: Task, latest: ReadonlyMap<string, ResultsVersion | null>, visits: readonly MergedVisit[]): ResultEntry[] {
  const own = latest.get(task.id)?.entries ?? [];
  const have = new Set(own.map((e) => e.code));
  const out = [...own];
  for (const v of task.visits) {
    if (have.has(v.code)) continue;
    const g = visits.find((x) => x.code === v.code && x.tasks.includes(task.id));
    if (!g || !g.merged) continue;
    for (const other of g.tasks) {
      if (other === task.id) continue;
      const e = entryOf(latest, other, v.code);
      if (e) {
        out.push({ ...e, items: [...v.items], remark: e.remark ? `${e.remark}（合并检查，随 ${other} 录入）` : `合并检查，随 ${other} 录入` });
        break;
      }
    }
  }
  return out;
}

/** 合并检查：与 2026-001、2026-002 一并检查 — the note a form or sheet shows for a merged visit of `task`. */
export function mergeText(task: string, v: MergedVisit | undefined): string {
  if (!v || !v.merged) return '';
  return `合并检查：与 ${v.tasks.filter((t) => t !== task).join('、')} 一并检查`;
}
