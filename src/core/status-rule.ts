// 停业、歇业、清算 and ssj.json "suspendedDrawable": import decides each entity's status (active / gone) from its
// 经营状态 and keeps it in the registry snapshot; the published registry has the 经营状态 text but not the status.
// A draw whose snapshot classified these as gone (suspendedDrawable false) says so in its record
// (task.suspendedDrawable: false, absent otherwise: records made under the default keep their layout and hashes),
// and a re-run from the published registry classifies them by the rule the record names (draw-algorithm.md §4.2).
import { isEntityTable, tableOf, type EntityTable } from './entity-table.js';
import { classifyStatus, isSuspended } from './normalize.js';
import type { Entity } from './types.js';

/** How many rows of a registry with a 停业/歇业/清算 status (and no word of leaving) are active, and how many gone. */
export function suspendedCounts(entities: readonly Entity[] | EntityTable): { active: number; gone: number } {
  const table = isEntityTable(entities) ? entities : tableOf(entities, true);
  const text = table.coded('statusText');
  const status = table.coded('status');
  const suspended = text.values.map((v) => (isSuspended(v) ? 1 : 0));
  const gone = status.values.map((v) => (v === 'gone' ? 1 : 0));
  let a = 0;
  let g = 0;
  for (let i = 0; i < table.length; i++) {
    if (suspended[text.ids[i]!] === 0) continue;
    if (gone[status.ids[i]!] === 1) g++;
    else a++;
  }
  return { active: a, gone: g };
}

/**
 * What a draw records of the rule (task.suspendedDrawable): `false` when its registry snapshot has 停业/歇业/清算 rows
 * classified as gone (imported with suspendedDrawable false), else nothing (the default: they are drawn).
 */
export function recordedSuspendedRule(entities: readonly Entity[] | EntityTable): { suspendedDrawable?: false } {
  return suspendedCounts(entities).gone > 0 ? { suspendedDrawable: false } : {};
}

/**
 * The registry with the status of every 停业/歇业/清算 row decided by a rule (a record's task.suspendedDrawable), the
 * other rows as given: what a re-run from the published registry (经营状态 text only) draws from.
 */
export function withSuspendedRule(entities: readonly Entity[], drawable: boolean): readonly Entity[] {
  let changed = false;
  const out = entities.map((e) => {
    if (!isSuspended(e.statusText)) return e;
    const status = classifyStatus(e.statusText, drawable) ?? 'active';
    if (status === e.status) return e;
    changed = true;
    return { ...e, status };
  });
  return changed ? out : entities;
}

/**
 * Workspace verify: does the rule the record names describe its snapshot? A record that says false on a snapshot
 * with drawable 停业/歇业/清算 rows is a problem; a record without the field (made before it existed) on a snapshot
 * that has such rows as gone gets a note: a re-run from the published registry alone would differ.
 */
export function suspendedRuleCheck(id: string, suspendedDrawable: boolean | undefined, entities: readonly Entity[] | EntityTable): { problems: string[]; notes: string[] } {
  const c = suspendedCounts(entities);
  if (suspendedDrawable === false) {
    return c.active > 0
      ? { problems: [`${id}：记录写明停业、歇业、清算的检查对象不抽取（suspendedDrawable: false），而所用名录快照中有 ${c.active} 个这样的检查对象列为可抽取`], notes: [] }
      : { problems: [], notes: [] };
  }
  return c.gone > 0
    ? { problems: [], notes: [`${id}：所用名录快照把 ${c.gone} 个停业、歇业、清算的检查对象列为已退出（导入时 ssj.json 的 suspendedDrawable 为 false，或由旧版本导入），记录中没有写明这一点（旧版本的记录）：只用公开名录复核时先把它们当作可抽取，检查对象池不一致，再按不抽取复算`] }
    : { problems: [], notes: [] };
}
