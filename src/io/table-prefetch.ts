// Entity tables read ahead on a worker thread (issue 19): `ssj verify` starts reading the registry snapshots its
// records were drawn from while it reads and hashes the records themselves, which takes about as long. Each table is
// exactly loadEntityTable's (the worker runs it, hashing every byte); when the worker cannot run or fails, the table
// is read again on the main thread, which reports any error as always.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EntityColumns, type EntityColumnsData } from '../core/column-store.js';
import type { EntityTable } from '../core/entity-table.js';
import { loadEntityTable } from './store.js';

export interface TableJob {
  root: string;
  sha256: string;
  only: readonly string[] | undefined;
}

export interface TableAnswer {
  sha256: string;
  /** null: not read there */
  data: EntityColumnsData | null;
}

const WORKER = new URL('./table-worker.js', import.meta.url);

/** How many tables came from the worker, in this process (for tests). */
export const fromWorker = { count: 0 };

/**
 * Start reading these snapshots (in order, one worker) and give a promise of each table. Without the compiled
 * worker (the sources under vitest) they are read on this thread, as loadEntityTable would.
 */
export function prefetchTables(root: string, shas: readonly string[], only: readonly string[] | undefined): Map<string, Promise<EntityTable>> {
  const out = new Map<string, Promise<EntityTable>>();
  const wanted = [...new Set(shas)];
  if (wanted.length === 0) return out;
  if (!existsSync(fileURLToPath(WORKER))) {
    for (const sha of wanted) {
      const table = loadEntityTable(root, sha, only);
      table.catch(() => undefined);
      out.set(sha, table);
    }
    return out;
  }
  const waiting = new Map<string, (data: EntityColumnsData | null) => void>();
  for (const sha of wanted) {
    const answer = new Promise<EntityColumnsData | null>((resolve) => waiting.set(sha, resolve));
    const table = answer.then((data) => (data ? (fromWorker.count++, EntityColumns.fromData(data)) : loadEntityTable(root, sha, only)));
    table.catch(() => undefined); // (an error is met where the table is awaited, or not at all)
    out.set(sha, table);
  }
  const failAll = () => {
    for (const resolve of waiting.values()) resolve(null);
    waiting.clear();
  };
  void import('node:worker_threads').then(({ Worker }) => {
    const worker = new Worker(WORKER);
    worker.unref(); // (never keeps the command running)
    worker.on('message', (a: TableAnswer) => {
      waiting.get(a.sha256)?.(a.data);
      waiting.delete(a.sha256);
      if (waiting.size === 0) void worker.terminate();
    });
    worker.on('error', failAll);
    worker.on('exit', failAll);
    for (const sha of wanted) worker.postMessage({ root, sha256: sha, only } satisfies TableJob);
  }, failAll);
  return out;
}
