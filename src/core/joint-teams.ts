// 部门联合抽查 (`ssj-draw/2-joint`): teams for a task whose items belong to more than one department. Each visit's
// team has at least one member of every department whose items the visit covers, each qualified for the items of
// their own department; the rest of the seats go to the departments with the fewest members on the team so far
// (balanced), each pick the least-used eligible person with ties broken by the seeded stream, as in ssj-draw/1.
// Entities are drawn exactly as ssj-draw/1 draws them (same streams, same keys). Spec: docs/draw-algorithm.md,
// “部门联合抽查”.
import { departmentOf, itemDepartment } from './departments.js';
import type { TeamPicker } from './teams.js';
import { ineligibility, isExpert, type TeamMember, type TeamRule } from './teams.js';
import type { InspectionItem, Inspector } from './types.js';

export const JOINT_ALGORITHM = 'ssj-draw/2-joint';

/** What a joint draw needs to know about departments (in the draw's inputs as `joint`). */
export interface JointContext {
  /** the workspace's 单位名称 (the lead department, and the department of rows and items naming none) */
  org: string;
  /** item id → department */
  itemDept: Record<string, string>;
}

export function jointContext(items: readonly InspectionItem[], org: string): JointContext {
  return { org, itemDept: Object.fromEntries(items.map((it) => [it.id, itemDepartment(it, org)])) };
}

/** The departments of a visit's items: the lead department (the workspace's) first, the others in code-point order. */
export function visitDepartments(itemIds: readonly string[], ctx: JointContext): string[] {
  const lead = departmentOf({ unit: '' }, ctx.org);
  const ds = [...new Set(itemIds.map((id) => ctx.itemDept[id] ?? lead))];
  return ds.sort((a, b) => (a === lead ? -1 : b === lead ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

export interface JointVisit {
  code: string;
  name: string;
  items: string[];
  team: TeamMember[];
}

/**
 * Staff one visit of a joint draw with `size` inspectors (size ≥ teamSize and ≥ its departments). People are indexes
 * into `people` (canonical order); `picker` holds the draw's workload counts and stream. Returns a problem when a
 * department has no eligible member left, or seats cannot be filled; the team is then left as it is.
 */
export function staffJointVisit(
  v: JointVisit,
  people: readonly Inspector[],
  ctx: JointContext,
  rules: Record<string, TeamRule>,
  date: string,
  blocked: ReadonlySet<string> | undefined,
  picker: TeamPicker,
  teamSize: number,
  items: readonly InspectionItem[],
  index: ReadonlyMap<string, number>,
): string | null {
  const depts = visitDepartments(v.items, ctx);
  const size = Math.max(teamSize, depts.length);
  // eligible per department: own-department items only
  const eligible = new Map<string, number[]>();
  const why: string[] = [];
  for (const d of depts) {
    const own = items.filter((it) => v.items.includes(it.id) && (ctx.itemDept[it.id] ?? '') === d);
    const list: number[] = [];
    for (let i = 0; i < people.length; i++) {
      const p = people[i]!;
      if (isExpert(p) || departmentOf(p, ctx.org) !== d) continue;
      if (blocked?.has(p.certNo)) continue;
      if (ineligibility(p, own, rules, date) !== null) continue;
      list.push(i);
    }
    eligible.set(d, list);
  }
  const inTeam = () => v.team.filter((m) => m.role !== '专家').map((m) => index.get(m.certNo)).filter((i): i is number => i !== undefined);
  const deptOfIdx = (i: number) => departmentOf(people[i]!, ctx.org);
  const countIn = (d: string) => inTeam().filter((i) => deptOfIdx(i) === d).length;
  const add = (i: number) => {
    const p = people[i]!;
    v.team.push({ certNo: p.certNo, name: p.name, role: v.team.some((m) => m.role === '组长') ? '组员' : '组长' });
  };
  // 1. one member of each department, lead department first
  for (const d of depts) {
    if (countIn(d) > 0) continue;
    const got = picker.pick(eligible.get(d)!, 1, inTeam());
    if (got.length === 0) {
      why.push(`部门「${d}」没有符合条件的执法人员（需持有效执法证、符合本部门事项的要求、无回避关系）`);
      continue;
    }
    add(got[0]!);
  }
  if (why.length) return `检查对象「${v.name}」（${v.code}）是部门联合抽查，检查组须有每个部门的人员：${why.join('；')}`;
  // 2. the other seats, each to the departments with the fewest members so far
  while (inTeam().length < size) {
    const taken = inTeam();
    const counts = depts.map((d) => ({ d, n: countIn(d), free: eligible.get(d)!.filter((i) => !taken.includes(i)) })).filter((x) => x.free.length > 0);
    if (counts.length === 0) return `检查对象「${v.name}」（${v.code}）需要 ${size} 名执法人员，各部门符合条件的只有 ${taken.length} 名`;
    const min = Math.min(...counts.map((x) => x.n));
    const pool = counts.filter((x) => x.n === min).flatMap((x) => x.free).sort((a, b) => a - b);
    const got = picker.pick(pool, 1, taken);
    add(got[0]!);
  }
  return null;
}
