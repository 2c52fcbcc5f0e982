// The thread that reads entity snapshots into tables ahead of need (table-prefetch.ts): each job is loadEntityTable
// (every byte hashed, on this thread), and the table's memory is moved to the main thread, not copied.
import { parentPort } from 'node:worker_threads';
import type { EntityColumns } from '../core/column-store.js';
import { loadEntityTable } from './store.js';
import type { TableAnswer, TableJob } from './table-prefetch.js';

const port = parentPort!;
port.on('message', (job: TableJob) => {
  loadEntityTable(job.root, job.sha256, job.only, { workerFrom: Number.POSITIVE_INFINITY }).then(
    (table) => {
      const moved = new Set<ArrayBuffer>();
      const data = (table as EntityColumns).toData(moved);
      port.postMessage({ sha256: job.sha256, data } satisfies TableAnswer, [...moved]);
    },
    // anything wrong: the main thread reads it itself, and reports it as it always does
    () => port.postMessage({ sha256: job.sha256, data: null } satisfies TableAnswer),
  );
});
