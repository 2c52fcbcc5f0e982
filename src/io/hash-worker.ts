// The thread that hashes a snapshot while the main thread reads its rows (snapshot-read.ts): SHA-256 over the chunks
// of a shared buffer, in the order they are posted; each is acknowledged so that its slot can be read into again.
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * Posted by the main thread: a chunk to hash (`slot`, `length`), the end (then the digest is posted back), or memory
 * the parser will fill (its columns, io/snapshot-read.ts): each of its pages is written here first, between chunks, so
 * that the page faults (costly on a virtual machine) happen on this thread, which waits for chunks half the time.
 */
export type HashJob = { slot: number; length: number } | { end: true } | { touch: SharedArrayBuffer };
export type HashAnswer = { ack: number } | { hash: string };

const { buffer, chunk } = workerData as { buffer: SharedArrayBuffer; chunk: number };
const hash = createHash('sha256');
const port = parentPort!;

const PAGE = 4096;
/** pages written per turn: about 1 MB, then the next chunk to hash (if one came) goes first */
const TURN = 256;
const touching: Uint8Array[] = [];
let at = 0;
let scheduled = false;
/** Touch some pages on a later turn (once: a turn already due does it). */
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(touchSome);
}
function touchSome(): void {
  scheduled = false;
  for (let left = TURN; left > 0 && touching.length > 0; ) {
    const mem = touching[0]!;
    // a locked compare-and-exchange of 0 for 0: a write, so the page is faulted in, that never changes a value (the
    // parser may have written there already)
    for (; at < mem.length && left > 0; at += PAGE, left--) Atomics.compareExchange(mem, at, 0, 0);
    if (at >= mem.length) {
      touching.shift();
      at = 0;
    }
  }
  if (touching.length > 0) schedule();
}

port.on('message', (job: HashJob) => {
  if ('touch' in job) {
    touching.push(new Uint8Array(job.touch));
    schedule();
    return;
  }
  if ('end' in job) {
    touching.length = 0; // (the parser is done with its memory)
    port.postMessage({ hash: hash.digest('hex') } satisfies HashAnswer);
    port.close();
    return;
  }
  hash.update(new Uint8Array(buffer, job.slot * chunk, job.length));
  port.postMessage({ ack: job.slot } satisfies HashAnswer);
});
