// 部门联合抽查: which department an inspector and an item belong to, and how another department's roster or
// item list sits beside the bureau's own (ssj import inspectors|items FILE --dept 部门).
import { noSpaces } from './text.js';
import type { InspectionItem, Inspector } from './types.js';

/** An inspector's department: the 部门 column or --dept, else the roster's 单位, else the workspace's 单位名称. */
export function departmentOf(p: Pick<Inspector, 'unit'> & { dept?: string | undefined }, org: string): string {
  return noSpaces(p.dept || p.unit || org);
}

/** An item's department: --dept, else its 检查主体, else the workspace's 单位名称. */
export function itemDepartment(it: Pick<InspectionItem, 'subject'> & { dept?: string | undefined }, org: string): string {
  return noSpaces(it.dept || it.subject || org);
}

/** The departments of a task's items, in code-point order (one: an ordinary draw; more: a joint draw). */
export function departmentsOf(items: readonly (Pick<InspectionItem, 'subject'> & { dept?: string | undefined })[], org: string): string[] {
  return [...new Set(items.map((it) => itemDepartment(it, org)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

type Row = Inspector | InspectionItem;
const keyOf = (kind: 'inspectors' | 'items', r: Row) => (kind === 'inspectors' ? (r as Inspector).certNo : (r as InspectionItem).id);

/**
 * The list after importing `incoming`: with --dept X, the current rows of department X are replaced and every
 * other row stays; without it (the bureau's own list), the current rows imported with --dept (their `dept` is
 * one of `imported`, the departments named by earlier --dept imports) stay and the rest are replaced. A key
 * (执法证号, 事项编号) in both the rows kept and the file is a conflict: nothing is imported.
 */
export function mergeDepartment(
  kind: 'inspectors' | 'items',
  current: readonly Row[],
  incoming: readonly Row[],
  dept: string | null,
  imported: ReadonlySet<string> = new Set(),
): { records: Row[]; conflicts: string[] } {
  const kept = current.filter((r) => {
    const d = r.dept ?? '';
    return dept !== null ? d !== dept : d !== '' && imported.has(d);
  });
  const keys = new Map(kept.map((r) => [keyOf(kind, r), r]));
  const what = kind === 'inspectors' ? '执法证号' : '事项编号';
  const conflicts: string[] = [];
  for (const r of incoming) {
    const other = keys.get(keyOf(kind, r));
    if (other) conflicts.push(`${what}「${keyOf(kind, r)}」已在${other.dept ? `部门「${other.dept}」` : '本单位'}的${kind === 'inspectors' ? '执法检查人员名录' : '抽查事项清单'}中：各部门的${what}不能重复`);
  }
  return { records: [...kept, ...incoming], conflicts };
}

/**
 * The roster a draw uses (input selection, not part of the algorithm): rows imported for another department
 * (their 部门 / --dept names a department none of the task's items belongs to) are left out; every other row
 * stays. A roster without 部门 is used whole, as it always was.
 */
export function rosterFor<P extends Inspector>(people: readonly P[], taskDepts: readonly string[]): readonly P[] {
  if (!people.some((p) => p.dept)) return people;
  const want = new Set(taskDepts);
  return people.filter((p) => !p.dept || want.has(noSpaces(p.dept)));
}
