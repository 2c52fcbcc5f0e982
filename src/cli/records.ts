// Finding a draw record by id or file name, and loading the lists it was drawn from.
import { basename, join } from 'node:path';
import { SsjError } from '../core/errors.js';
import { amendmentsOf, isDrawKind, type LedgerEntry } from '../core/ledger.js';
import type { AmendmentRecord, DrawRecord, LedgerRecord } from '../core/record.js';
import type { Inspector, ListRecord } from '../core/types.js';
import type { EntityTable } from '../core/entity-table.js';
import { readAll, readLight } from '../io/draws.js';
import { tasksOf, type Task } from '../core/tasks.js';

/** "2026-001", "draws/2026-001.json" or "2026-001.json" → the ledger entry. */
export function findEntry(entries: readonly LedgerEntry[], arg: string): LedgerEntry {
  const id = basename(arg.trim()).replace(/\.json$/i, '');
  const e = entries.find((x) => isDrawKind(x.kind) && (x.id === id || x.id.toUpperCase() === id.toUpperCase()));
  if (!e) {
    // the draws themselves (not announcements, amendments or other records): the ids a form, a replacement or a
    // results sheet is asked for by
    const draws = entries.filter((x) => x.kind === 'draw' || x.kind === 'redraw').map((x) => x.id);
    throw new SsjError('FILE_NOT_FOUND', `抽取台账中没有记录「${arg}」`, {
      hint: draws.length ? `现有抽取记录：${draws.slice(-8).join('、')}${draws.length > 8 ? ` 等 ${draws.length} 条` : ''}` : '还没有任何抽取记录：请先运行 ssj draw',
    });
  }
  return e;
}

/** The draw a record belongs to (itself, or the draw an amendment amends). */
export function drawOf(r: LedgerRecord, records: ReadonlyMap<string, LedgerRecord | null>): DrawRecord {
  if (r.kind === 'draw') return r;
  if (r.kind === 'announcement') throw new SsjError('USAGE', `记录 ${r.id} 是抽取公告，不是抽取记录`, { hint: `按公告抽取：ssj draw --announced ${r.id} --public 开奖号码` });
  const d = records.get(r.of.id);
  if (!d || d.kind !== 'draw') throw new SsjError('VERIFY_FAILED', `补抽记录 ${r.id} 所属的抽取记录 ${r.of.id} 不见了`, { hint: '请运行 ssj verify 检查台账' });
  return d;
}

/** The draw a record argument names (an amendment names its draw), every record of the ledger in order, and the draw's amendments. */
export function drawWithAmendments(
  entries: readonly LedgerEntry[], records: ReadonlyMap<string, LedgerRecord | null>, arg: string,
): { draw: DrawRecord; all: LedgerRecord[]; amendments: AmendmentRecord[] } {
  const entry = findEntry(entries, arg);
  const r = records.get(entry.id);
  if (!r) throw new SsjError('VERIFY_FAILED', `记录文件 ${entry.file} 不见了`, { hint: '请从备份中恢复，再运行 ssj verify' });
  const draw = drawOf(r, records);
  const all = entries.map((e) => records.get(e.id)).filter((x): x is LedgerRecord => Boolean(x));
  return { draw, all, amendments: amendmentsOf(draw.id, all) };
}

/** Snapshots already read, by kind and hash (many draws of a year share the same lists). */
export type SnapshotCache = Map<string, Promise<ListRecord[] | EntityTable>>;

/**
 * Start reading, on a worker thread, the registry snapshots the workspace's draws were made from (io/table-prefetch.ts),
 * into `cache` as listsOf reads them: for ssj verify, which reads and hashes every record meanwhile.
 */
export async function prefetchDrawTables(root: string, cache: SnapshotCache): Promise<void> {
  const { peekEntitySnapshot, readLedger } = await import('../io/draws.js');
  const { ReadBuffer } = await import('../io/read-buffer.js');
  const { prefetchTables } = await import('../io/table-prefetch.js');
  const { DRAW_ENTITY_FIELDS } = await import('../core/draw.js');
  const files = (await readLedger(root)).filter((e) => e.kind === 'draw' || e.kind === 'redraw').map((e) => e.file);
  const shas: string[] = [];
  const reader = new ReadBuffer(1 << 16);
  for (const f of files) {
    const sha = peekEntitySnapshot(join(root, f), reader); // (one buffer for all: a year holds hundreds)
    if (sha !== null && !cache.has(`entities/${sha}`)) shas.push(sha);
  }
  for (const [sha, table] of prefetchTables(root, shas, DRAW_ENTITY_FIELDS)) cache.set(`entities/${sha}`, table);
}

/** The entity registry (the columns a draw reads) and the roster a draw was made from: its snapshots, hash-checked. */
export async function listsOf(root: string, r: DrawRecord, cache: SnapshotCache = new Map()): Promise<{ entities: EntityTable; inspectors: Inspector[]; entitiesInOrder: true }> {
  const load = (key: string, read: () => Promise<ListRecord[] | EntityTable>) => {
    let p = cache.get(key);
    if (!p) cache.set(key, (p = read()));
    return p;
  };
  // the registry as columns (core/entity-columns.ts), every byte of the snapshot hashed; the draw's module (its
  // random streams, teams …) and the snapshot readers loaded only here: ssj status never reads a draw's lists
  const { DRAW_ENTITY_FIELDS } = await import('../core/draw.js');
  const { loadEntityTable, loadSnapshot } = await import('../io/store.js');
  const entities = (await load(`entities/${r.inputs.entities.snapshot}`, () => loadEntityTable(root, r.inputs.entities.snapshot, DRAW_ENTITY_FIELDS))) as EntityTable;
  const inspectors = (await load(`inspectors/${r.inputs.inspectors.snapshot}`, () => loadSnapshot(root, 'inspectors', r.inputs.inspectors.snapshot))) as Inspector[];
  return { entities, inspectors, entitiesInOrder: true };
}

/**
 * The workspace's tasks (every draw, with its entities after amendments), and the one an argument names. `light`: the
 * records without their exclusion lists (readLight: the bulk of a draw record), for commands that never replay,
 * verify or republish a record (ssj status, ssj export results); with `bareVisits` also without the draws' entities'
 * names, picks and teams (ssj status and the public results export: see readLight).
 */
export async function loadTasks(root: string, opts: { light?: boolean; bareVisits?: boolean } = {}): Promise<{ tasks: Task[]; entries: LedgerEntry[]; records: LedgerRecord[] }> {
  const { entries, records } = opts.light ? await readLight(root, { bareVisits: opts.bareVisits ?? false }) : await readAll(root);
  const missing = entries.filter((e) => isDrawKind(e.kind) && !records.get(e.id));
  if (missing.length) {
    throw new SsjError('VERIFY_FAILED', `抽取记录文件不见了：${missing.map((e) => e.file).join('、')}`, { hint: '请从备份中恢复，再运行 ssj verify' });
  }
  const list = entries.filter((e) => isDrawKind(e.kind)).map((e) => records.get(e.id)!);
  return { tasks: tasksOf(list), entries, records: list };
}

/** "2026-001" (or an amendment "2026-001-R1", or a record file name) → its task; a replaced draw is an error. */
export function findTask(tasks: readonly Task[], entries: readonly LedgerEntry[], arg: string, allowReplaced = false): Task {
  const entry = findEntry(entries, arg);
  const id = entry.kind === 'amendment' ? entry.id.replace(/-R\d+$/, '') : entry.id;
  const t = tasks.find((x) => x.id === id);
  if (!t) throw new SsjError('FILE_NOT_FOUND', `抽取台账中没有抽查任务「${arg}」`);
  if (!allowReplaced && t.replacedBy.length) {
    throw new SsjError('CANNOT_DRAW', `抽查任务 ${t.id} 已被再次抽取 ${t.replacedBy.join('、')} 取代，不再实施检查`, { hint: `请改用 ${t.replacedBy.at(-1)}` });
  }
  return t;
}
