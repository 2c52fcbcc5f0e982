// 合并实施检查: “同一市场主体在多个检查任务中被确定为检查对象的，要合并实施检查”. When a draw picks an entity that
// another standing task of the year picked and whose result is not yet entered, the two tasks' visits of it are
// one inspection. The draw decides the merged team and writes the decision into its own record (`merge`), so the
// merge is in the hash-chained ledger and `ssj verify` re-checks it (see docs/draw-algorithm.md, 合并检查).
//
// Team of a merged visit: the earlier visit's team (the group's team when it was merged already) when it fits
// every item of the later task — each inspector's certificate valid on the later draw date, the later task's
// teamRules met, no 回避 with the entity, and at least the later task's team size; where the visit's items belong
// to several departments (部门联合), a member of each department, each fit for their own department's items.
// Otherwise the teams are joined ("joined"): the earlier team, then the later team's members of the departments the
// earlier team lacks when that makes a team that fits, else all the later team's members (its 组长 as 组员).
// Nothing the draw drew changes: the draw's own visits and teams are recorded as ssj-draw/1 makes them.
import type { AmendmentRecord, DrawRecord, RecordedVisit } from './record.js';
import type { ResultEntry, ResultsVersion } from './results.js';
import type { Task } from './tasks.js';
import { ineligibility, type TeamMember, type TeamRule } from './teams.js';
import type { InspectionItem, Inspector } from './types.js';
import { departmentOf, itemDepartment } from './departments.js';

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

/**
 * The merge notes of a draw or amendment record ([] for records made before merges were recorded). A 补抽 that
 * brings in an entity another open task holds notes the merge in the amendment record, as a draw does.
 */
export const mergeNotesOf = (d: DrawRecord | AmendmentRecord): MergeNote[] => ((d as { merge?: MergeNote[] }).merge ?? []);

/** A task's merge notes, its draw's and its amendments', with the ledger position of the record that made each. */
const taskNotes = (t: Task): { seq: number; note: MergeNote }[] =>
  [t.draw, ...t.amendments].flatMap((r) => mergeNotesOf(r).map((note) => ({ seq: r.seq, note })));

const entryOf = (latest: ReadonlyMap<string, ResultsVersion | null>, task: string, code: string): ResultEntry | undefined =>
  latest.get(task)?.entries.find((e) => e.code === code);

/** Which tasks' visits of an entity are one inspection: what effectiveEntries reads of a MergedVisit. */
export type VisitGroup = Pick<MergedVisit, 'code' | 'tasks' | 'merged'>;

/**
 * The year's inspections: the standing tasks' visits, those of one entity in several tasks made one where a
 * draw's record says so (and the earlier visit still stands). In order of first drawing.
 */
export function mergedVisits(tasks: readonly Task[], latest: ReadonlyMap<string, ResultsVersion | null> = new Map()): MergedVisit[] {
  const standing = tasks.filter((t) => t.replacedBy.length === 0);
  const { n, nodesOf, find, decisions } = joinVisits(standing);
  const groupOf: (MergedVisit | undefined)[] = new Array<MergedVisit | undefined>(n);
  const groups: { root: number; g: MergedVisit }[] = [];
  standing.forEach((t, ti) => {
    const entered = new Set((latest.get(t.id)?.entries ?? []).map((e) => e.code)); // (not a scan of the entries per visit)
    const nodes = nodesOf[ti]!;
    for (const v of t.visits) {
      const root = find(nodes.get(v.code)!);
      let g = groupOf[root];
      if (!g) {
        g = { code: v.code, name: v.name, tasks: [], items: [], team: v.team.map((m) => ({ ...m })), merged: false, teamFrom: 'own', done: false };
        groupOf[root] = g;
        groups.push({ root, g });
      }
      if (!g.tasks.includes(t.id)) g.tasks.push(t.id);
      for (const i of v.items) if (!g.items.includes(i)) g.items.push(i);
      if (entered.has(v.code)) g.done = true;
    }
  });
  // each group's team: the latest note of the group, in ledger order (roots are final only now)
  const teamOf = new Map<number, { team: TeamMember[]; from: 'earlier' | 'joined' }>();
  for (const d of decisions) teamOf.set(find(d.self), { team: d.team, from: d.from });
  for (const { root, g } of groups) {
    g.merged = g.tasks.length > 1;
    const decided = teamOf.get(root);
    if (g.merged && decided) {
      g.team = decided.team.map((m) => ({ ...m }));
      g.teamFrom = decided.from;
    }
  }
  return groups.map((x) => x.g);
}

/**
 * The merged groups of mergedVisits (more than one task), with only their code and tasks, in the same order: all
 * effectiveEntries needs (ssj status does not build every inspection of the year to find the few merged ones).
 */
export function mergedGroups(tasks: readonly Task[]): VisitGroup[] {
  const standing = tasks.filter((t) => t.replacedBy.length === 0);
  // nodes only for the visits of entities some merge note names: a group holds no other (a year of 500 draws has
  // 30,000 visits and a few thousand merged)
  const named = new Set(standing.flatMap((t) => taskNotes(t).map((x) => x.note.code)));
  if (named.size === 0) return [];
  const { n, nodesOf, find } = joinVisits(standing, named);
  // nodes are numbered task by task in visit order: in node order, a group's first node is where mergedVisits
  // makes it, and its tasks come in mergedVisits' order
  const size = new Int32Array(n);
  const roots = new Int32Array(n);
  for (let k = 0; k < n; k++) size[(roots[k] = find(k))]!++;
  const groupOf = new Map<number, VisitGroup>();
  const out: VisitGroup[] = [];
  standing.forEach((t, ti) => {
    nodesOf[ti]!.forEach((k, code) => {
      const root = roots[k]!;
      if (size[root]! < 2) return;
      let g = groupOf.get(root);
      if (!g) {
        g = { code, tasks: [], merged: true };
        groupOf.set(root, g);
        out.push(g);
      }
      g.tasks.push(t.id);
    });
  });
  return out;
}

/**
 * The union-find of the standing tasks' visits by their merge notes: a node per (task, code), numbered task by
 * task in visit order (so a smaller node is of an earlier or the same task), each task's nodes by code, and the
 * merges' team decisions in ledger order. `only`: nodes only for these codes (a visit of another is in no merge).
 */
function joinVisits(standing: readonly Task[], only?: ReadonlySet<string>): {
  n: number;
  nodesOf: Map<string, number>[];
  find: (k: number) => number;
  decisions: { self: number; team: TeamMember[]; from: 'earlier' | 'joined' }[];
} {
  const taskIndex = new Map<string, number>();
  const nodesOf: Map<string, number>[] = [];
  let n = 0;
  standing.forEach((t, i) => {
    taskIndex.set(t.id, i);
    const m = new Map<string, number>();
    const visits = t.visits;
    for (let k = 0; k < visits.length; k++) {
      const code = visits[k]!.code;
      if ((only === undefined || only.has(code)) && !m.has(code)) m.set(code, n++);
    }
    nodesOf.push(m);
  });
  const nodeOf = (task: string, code: string): number | undefined => {
    const i = taskIndex.get(task);
    return i === undefined ? undefined : nodesOf[i]!.get(code);
  };
  const taskOfNode = new Int32Array(n);
  nodesOf.forEach((m, i) => {
    m.forEach((k) => (taskOfNode[k] = i));
  });
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (k: number): number => {
    let r = k;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[k] !== r) {
      const next = parent[k]!;
      parent[k] = r;
      k = next;
    }
    return r;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    // the earlier task's node is the root
    if (taskOfNode[ra]! <= taskOfNode[rb]!) parent[rb] = ra;
    else parent[ra] = rb;
  };
  const decisions: { self: number; team: TeamMember[]; from: 'earlier' | 'joined' }[] = [];
  // in ledger order: an amendment's notes come when it was made, after draws made since its task's draw
  const notes = standing.flatMap((t) => taskNotes(t).map((x) => ({ ...x, t }))).sort((a, b) => a.seq - b.seq);
  for (const { t, note: m } of notes) {
    const self = nodeOf(t.id, m.code);
    if (self === undefined) continue; // replaced since
    let joined = false;
    for (const w of m.with) {
      const other = nodeOf(w.task, m.code);
      if (other === undefined) continue;
      union(self, other);
      joined = true;
    }
    if (joined) decisions.push({ self, team: m.team, from: m.teamFrom });
  }
  return { n, nodesOf, find, decisions };
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
    /** the workspace's 单位名称: departments of items and people naming none (see core/departments.ts) */
    org?: string;
  },
): MergeNote[] {
  const org = ctx.org ?? '';
  // item departments: the earlier tasks' as recorded (their own department when not recorded), the new draw's
  const itemDept = new Map<string, string>();
  for (const t of tasks) for (const it of t.draw.task.items) itemDept.set(it.id, it.dept ?? departmentOf({ unit: '' }, org));
  for (const it of ctx.items) itemDept.set(it.id, itemDepartment(it, org));
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
    // 部门联合: with items of several departments, the team needs a member of each, each fit for their own department's items
    const depts = new Set([...g.items, ...v.items].map((id) => itemDept.get(id) ?? departmentOf({ unit: '' }, org)));
    const multi = depts.size > 1;
    const deptOf = (m: TeamMember) => (people.has(m.certNo) ? departmentOf(people.get(m.certNo)!, org) : '');
    const fitsAll = (team: readonly TeamMember[]) => {
      const ins = inspectorsOf(team);
      return ins.length >= Math.max(ctx.teamSize, depts.size) && ins.every((m) => {
        const p = people.get(m.certNo);
        if (!p) return false;
        if (ctx.conflicts.some((c) => c.certNo === m.certNo && c.code === v.code)) return false;
        const own = multi ? items.filter((it) => itemDept.get(it.id) === departmentOf(p, org)) : items;
        return ineligibility(p, own, ctx.teamRules, ctx.date) === null;
      }) && (!multi || [...depts].every((d) => ins.some((m) => deptOf(m) === d)));
    };
    const rank = { 组长: 0, 组员: 1, 专家: 2 } as const;
    const join = (extra: readonly TeamMember[]) => {
      const t = g.team.map((m) => ({ ...m }));
      for (const m of extra) if (!t.some((x) => x.certNo === m.certNo)) t.push({ ...m, role: m.role === '组长' ? '组员' : m.role });
      return t.sort((a, b) => rank[a.role] - rank[b.role]);
    };
    const fits = fitsAll(g.team);
    let merged: TeamMember[];
    if (fits) merged = g.team.map((m) => ({ ...m }));
    else {
      // the later team's members of the departments the earlier team lacks; if that is not enough, the whole later team
      const lacking = v.team.filter((m) => m.role !== '专家' && !g.team.some((x) => deptOf(x) === deptOf(m)));
      const some = join(lacking);
      merged = lacking.length && fitsAll(some) ? some : join(v.team);
    }
    notes.push({ code: v.code, name: v.name, with: withTasks, teamFrom: fits ? 'earlier' : 'joined', team: merged });
  }
  return notes;
}

/**
 * The visits by code, in order, and the tasks of the merged ones (computed once per list: effectiveEntries runs for
 * every task of a year).
 */
const byCodeCache = new WeakMap<readonly VisitGroup[], { byCode: Map<string, VisitGroup[]>; mergedTasks: Set<string> }>();
function visitsByCode(visits: readonly VisitGroup[]): { byCode: Map<string, VisitGroup[]>; mergedTasks: Set<string> } {
  let m = byCodeCache.get(visits);
  if (!m) {
    m = { byCode: new Map(), mergedTasks: new Set() };
    for (const x of visits) {
      const list = m.byCode.get(x.code);
      if (list) list.push(x);
      else m.byCode.set(x.code, [x]);
      if (x.merged) for (const t of x.tasks) m.mergedTasks.add(t);
    }
    byCodeCache.set(visits, m);
  }
  return m;
}

/**
 * A task's result entries with those of its merged visits entered under another task of the visit filled in
 * ("results entered once count for every task of the visit"): the entry as entered, with this task's items. When
 * nothing is filled in, the task's own list itself (not a copy: callers read it).
 */
export function effectiveEntries(task: Task, latest: ReadonlyMap<string, ResultsVersion | null>, visits: readonly VisitGroup[]): ResultEntry[] {
  const own = latest.get(task.id)?.entries ?? [];
  const { byCode, mergedTasks } = visitsByCode(visits);
  if (!mergedTasks.has(task.id)) return own; // (no merged visit of this task: nothing to fill in)
  const have = new Set(own.map((e) => e.code));
  let out: ResultEntry[] | undefined; // (made only when something is filled in: for most tasks nothing is)
  const taskVisits = task.visits;
  for (let k = 0; k < taskVisits.length; k++) {
    const v = taskVisits[k]!;
    if (have.has(v.code)) continue;
    const g = byCode.get(v.code)?.find((x) => x.tasks.includes(task.id));
    if (!g || !g.merged) continue;
    for (const other of g.tasks) {
      if (other === task.id) continue;
      const e = entryOf(latest, other, v.code);
      if (e) {
        (out ??= [...own]).push({ ...e, items: [...v.items], remark: e.remark ? `${e.remark}（合并检查，随 ${other} 录入）` : `合并检查，随 ${other} 录入` });
        break;
      }
    }
  }
  return out ?? own;
}

/** 合并检查：与 2026-001、2026-002 一并检查 — the note a form or sheet shows for a merged visit of `task`. */
export function mergeText(task: string, v: MergedVisit | undefined): string {
  if (!v || !v.merged) return '';
  return `合并检查：与 ${v.tasks.filter((t) => t !== task).join('、')} 一并检查`;
}

/**
 * `ssj verify`: a draw's merge notes against the ledger before it — each task joined is an earlier draw whose
 * visit of the entity (as it stood then, after its amendments) has the items noted; an "earlier" team is that
 * visit's team (or the team an earlier merge of it gave); a "joined" team holds an earlier team and members of this
 * draw's team, and no one else.
 */
export function checkMerges(d: DrawRecord | AmendmentRecord, records: readonly { kind: string; seq: number; id: string }[]): string[] {
  const notes = mergeNotesOf(d);
  if (notes.length === 0) return [];
  const before = records.filter((r) => r.seq < d.seq) as unknown as import('./record.js').LedgerRecord[];
  const problems: string[] = [];
  const own = new Map(d.entities.map((v) => [v.code, v]));
  const ids = (team: readonly TeamMember[]) => team.map((m) => m.certNo).sort().join(',');
  for (const m of notes) {
    const mine = own.get(m.code);
    if (!mine) {
      problems.push(`${d.id}：合并检查记录的检查对象 ${m.code} 不在本次抽取结果中`);
      continue;
    }
    const earlierTeams: string[] = [];
    const members = new Set(mine.team.map((x) => x.certNo));
    for (const w of m.with) {
      const t = before.find((r): r is DrawRecord => r.kind === 'draw' && r.id === w.task);
      if (d.kind === 'amendment' && d.of.id === w.task) {
        problems.push(`${d.id}：合并检查记录的任务 ${w.task} 是本次补抽所属的抽取本身，不能与自己合并`);
        continue;
      }
      if (!t) {
        problems.push(`${d.id}：合并检查记录的任务 ${w.task} 不是此前的抽取`);
        continue;
      }
      let visits = t.entities;
      for (const r of before) if (r.kind === 'amendment' && r.of.id === t.id) visits = r.entities;
      const v = visits.find((x) => x.code === m.code);
      if (!v || v.items.join(',') !== w.items.join(',')) {
        problems.push(`${d.id}：合并检查记录中 ${w.task} 对 ${m.code} 的抽取与台账不符`);
        continue;
      }
      earlierTeams.push(ids(v.team));
      v.team.forEach((x) => members.add(x.certNo));
      for (const r of before) {
        if (r.kind !== 'draw' && r.kind !== 'amendment') continue;
        for (const n of mergeNotesOf(r)) if (n.code === m.code && n.with.some((x) => x.task === w.task)) earlierTeams.push(ids(n.team));
      }
    }
    const team = new Set(m.team.map((x) => x.certNo));
    for (const t of earlierTeams) for (const c of t.split(',')) if (c) members.add(c);
    const ok = m.teamFrom === 'earlier'
      ? earlierTeams.includes(ids(m.team))
      : mine.team.some((x) => team.has(x.certNo)) && earlierTeams.some((t) => t.split(',').every((c) => !c || team.has(c))) && [...team].every((c) => members.has(c));
    if (!ok) problems.push(`${d.id}：${m.name}（${m.code}）合并检查的检查组与台账中各任务的检查组不符`);
  }
  return problems;
}
