// Snapshots (immutable, content-addressed canonical CSV) and the import log of a workspace.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SsjError } from '../core/errors.js';
import type { SheetReport } from '../core/list-builder.js';
import { SnapshotParser } from '../core/snapshot-parse.js';
import { EntityColumnsParser } from '../core/entity-columns.js';
import type { EntityTable } from '../core/entity-table.js';
import { snapshotLines } from '../core/snapshot.js';
import type { ListKind, ListRecord } from '../core/types.js';
import type { Alloc } from '../core/column-store.js';
import { readHashed, type HashedReadOptions, type SnapshotSink } from './snapshot-read.js';
import { fsyncDir, writeFileAtomic, writeLinesToTemp } from './atomic.js';
import { FOLDERS } from './workspace.js';

/** 导入记录: one line of imports/log.jsonl. */
export interface ImportLogEntry {
  seq: number;
  kind: ListKind;
  /** ISO timestamp with offset */
  at: string;
  user: string;
  source: { path: string; name: string; sha256: string; bytes: number };
  snapshot: string;
  counts: { imported: number; active: number; gone: number; rejected: number; warnings: number };
  sheets: SheetReport[];
  skipInvalid: boolean;
  /** rejects workbook, relative to the workspace root */
  rejects: string | null;
  /** import --dept: the department whose list this was (kept beside the bureau's own) */
  dept?: string;
}

/** The folder of a workspace's snapshots of one kind of list. */
export const snapshotDir = (root: string, kind: ListKind) => join(root, FOLDERS.snapshots, kind);
export const snapshotPath = (root: string, kind: ListKind, sha: string) => join(snapshotDir(root, kind), `${sha}.csv`);
const logPath = (root: string) => join(root, FOLDERS.imports, 'log.jsonl');

/** Write the canonical snapshot of `records`; an identical snapshot already stored is kept as it is. */
export async function storeSnapshot(root: string, kind: ListKind, records: readonly ListRecord[]): Promise<{ sha256: string; path: string; created: boolean }> {
  const hash = createHash('sha256');
  const dir = snapshotDir(root, kind);
  const tmp = await writeLinesToTemp(dir, snapshotLines(kind, records), (bytes) => hash.update(bytes));
  const sha256 = hash.digest('hex');
  const path = snapshotPath(root, kind, sha256);
  if (existsSync(path)) {
    await rm(tmp, { force: true }); // same content: never touch a stored snapshot
    return { sha256, path, created: false };
  }
  await rename(tmp, path);
  await fsyncDir(dir);
  return { sha256, path, created: true };
}

export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function readImportLog(root: string): Promise<ImportLogEntry[]> {
  let text: string;
  try {
    text = await readFile(logPath(root), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as ImportLogEntry;
      } catch {
        throw new SsjError('CONFIG_INVALID', `导入记录 ${logPath(root)} 第 ${i + 1} 行已损坏`, { hint: '请从备份中恢复该文件' });
      }
    });
}

/** Append to the log by rewriting it atomically: a crash leaves the old log or the new one, never half a line. */
export async function appendImportLog(root: string, entry: Omit<ImportLogEntry, 'seq'>): Promise<ImportLogEntry> {
  const log = await readImportLog(root);
  const full: ImportLogEntry = { seq: (log.at(-1)?.seq ?? 0) + 1, ...entry };
  const text = [...log, full].map((e) => JSON.stringify(e)).join('\n') + '\n';
  await writeFileAtomic(logPath(root), text);
  return full;
}

/** The newest import of a kind: its log entry, or null when that list was never imported. */
export async function currentImport(root: string, kind: ListKind): Promise<ImportLogEntry | null> {
  const log = await readImportLog(root);
  for (let i = log.length - 1; i >= 0; i--) if (log[i]!.kind === kind) return log[i]!;
  return null;
}

const changedSnapshot = (path: string) =>
  new SsjError('INPUT_INVALID', `快照文件 ${path} 的内容被改动过（哈希不符）`, {
    hint: '快照是抽取可复核的依据，不能修改：请从备份中恢复原文件',
  });

/**
 * Read a snapshot through `sink` in one pass, hashing every byte as it goes (snapshot-read.ts): the result only when
 * the content still has the hash the snapshot is named by (a changed file is reported as changed, not as malformed).
 */
async function readSnapshot<T>(root: string, kind: ListKind, sha256: string, sink: (path: string, size: number, alloc?: Alloc) => SnapshotSink<T>, opts?: HashedReadOptions): Promise<T> {
  const path = snapshotPath(root, kind, sha256);
  if (!existsSync(path)) {
    // (a snapshot missing is a record of the workspace missing: VERIFY_FAILED, as docs/cli-json.md says; not ssj.json)
    throw new SsjError('VERIFY_FAILED', `快照文件 ${path} 不见了`, { hint: '快照不能删除：请从备份中恢复，或重新导入名录' });
  }
  return readHashed(path, sha256, (size, alloc) => sink(path, size, alloc), () => changedSnapshot(path), opts);
}

/** Read a snapshot back, checking its hash; `only` keeps just those columns (the others come back empty). */
export async function loadSnapshot(root: string, kind: ListKind, sha256: string, only?: readonly string[]): Promise<ListRecord[]> {
  return readSnapshot(root, kind, sha256, (path) => new SnapshotParser(kind, { source: path, ...(only ? { only } : {}) }));
}

/**
 * An entity snapshot as a table (entity-columns.ts), its hash checked: for draws and their verification, which read a
 * few columns of every row. `only` as for loadSnapshot (code, name and the registry's extra columns are always kept).
 */
export async function loadEntityTable(root: string, sha256: string, only?: readonly string[], opts?: HashedReadOptions): Promise<EntityTable> {
  return readSnapshot(root, 'entities', sha256, (path, size, alloc) => new EntityColumnsParser({ source: path, size, ...(only ? { only } : {}), ...(alloc ? { alloc } : {}) }), opts);
}

/** The current entity registry as a table (see loadEntityTable), or null when none was imported. */
export async function loadCurrentTable(root: string, only?: readonly string[]): Promise<{ entry: ImportLogEntry; records: EntityTable } | null> {
  const entry = await currentImport(root, 'entities');
  if (!entry) return null;
  return { entry, records: await loadEntityTable(root, entry.snapshot, only) };
}

export async function loadCurrent(root: string, kind: ListKind, only?: readonly string[]): Promise<{ entry: ImportLogEntry; records: ListRecord[] } | null> {
  const entry = await currentImport(root, kind);
  if (!entry) return null;
  return { entry, records: await loadSnapshot(root, kind, entry.snapshot, only) };
}
