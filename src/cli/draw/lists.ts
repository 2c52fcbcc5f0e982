// ssj draw (and draw announce): the lists a draw is made from, read from the workspace's current snapshots.
import { SsjError } from '../../core/errors.js';
import { DRAW_ENTITY_FIELDS } from '../../core/draw.js';
import type { DrawRecord } from '../../core/record.js';
import type { ListKind } from '../../core/types.js';
import { loadCurrent, loadCurrentTable } from '../../io/store.js';
import type { Workspace } from '../../io/workspace.js';

/** The lists a draw needs, from the workspace's current snapshots. */
export async function loadDrawLists(ws: Workspace) {
  const need = async (kind: ListKind, label: string, only?: readonly string[]) => {
    const cur = await loadCurrent(ws.root, kind, only);
    if (!cur) throw new SsjError('NO_DATA', `还没有导入${label}`, { hint: `请先运行 ssj import ${kind} 文件.xlsx` });
    return cur;
  };
  const items = await need('items', '随机抽查事项清单');
  // the registry as columns (core/entity-columns.ts): a million rows without a million objects
  const entities = await loadCurrentTable(ws.root, DRAW_ENTITY_FIELDS);
  if (!entities) throw new SsjError('NO_DATA', '还没有导入检查对象名录库', { hint: '请先运行 ssj import entities 文件.xlsx' });
  const inspectors = await need('inspectors', '执法检查人员名录');
  const conflicts = await loadCurrent(ws.root, 'conflicts');
  return { items, entities, inspectors, conflicts };
}

export type DrawLists = Awaited<ReturnType<typeof loadDrawLists>>;

/** The snapshots a draw (or an announcement) is made from. */
export function inputsOf(lists: DrawLists): DrawRecord['inputs'] {
  return {
    entities: { snapshot: lists.entities.entry.snapshot, size: lists.entities.records.length },
    inspectors: { snapshot: lists.inspectors.entry.snapshot, size: lists.inspectors.records.length },
    items: { snapshot: lists.items.entry.snapshot, size: lists.items.records.length },
    conflicts: { snapshot: lists.conflicts?.entry.snapshot ?? null, size: lists.conflicts?.records.length ?? 0 },
  };
}
