// The thread that hashes a snapshot while the main thread reads its rows (snapshot-read.ts): SHA-256 over the chunks
// of a shared buffer, in the order they are posted; each is acknowledged so that its slot can be read into again.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

/** Posted by the main thread: a chunk to hash (`slot`, `length`), or the end (then the digest is posted back). */
export type HashJob = { slot: number; length: number } | { end: true };
export type HashAnswer = { ack: number } | { hash: string };

const { buffer, chunk } = workerData as { buffer: SharedArrayBuffer; chunk: number };
const hash = createHash('sha256');
const port = parentPort!;
port.on('message', (job: HashJob) => {
  if ('end' in job) {
    port.postMessage({ hash: hash.digest('hex') } satisfies HashAnswer);
    port.close();
    return;
  }
  hash.update(new Uint8Array(buffer, job.slot * chunk, job.length));
  port.postMessage({ ack: job.slot } satisfies HashAnswer);
});
