// Reading a snapshot in one pass, hashing every byte as it goes (store.ts). The file is read in 1 MB chunks into a
// few reused buffers, each hashed and handed to the parser. A large snapshot (a draw's million-row registry) is
// hashed on a second thread (hash-worker.ts) while this thread parses: the chunks are then slices of one shared
// buffer, and a slot is read into again only after both have finished with it, so the bytes hashed are the bytes
// parsed. When the worker cannot run, the file is read again on this thread alone.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Alloc } from '../core/column-store.js';
import type { HashAnswer, HashJob } from './hash-worker.js';

/** What reads a snapshot's bytes: SnapshotParser into records, EntityColumnsParser into a table. */
export interface SnapshotSink<T> {
  write(chunk: Uint8Array): void;
  end(): T;
}

export interface HashedReadOptions {
  /** hash on a second thread from this file size on (default 16 MB; Infinity: never) */
  workerFrom?: number;
}

const CHUNK = 1 << 20;
/** readHashed hashes a file this large or larger on a second thread (unless told otherwise) */
const WORKER_FROM = 16 << 20;
const SLOTS = 4;
const WORKER = new URL('./hash-worker.js', import.meta.url);
/** (the compiled worker is there: not when the sources run under vitest) */
const workerFile = (): boolean => existsSync(fileURLToPath(WORKER));

/** How many reads were hashed on the second thread, and how many hash workers were started ahead and taken, in this process (for tests). */
export const threadedReads = { count: 0, prewarmed: 0, taken: 0 };

/** Where each chunk is read, and how it is hashed. */
interface Hasher {
  /** the read that uses it from now on (a worker started ahead is waited for) */
  take?(): void;
  /** memory for the parser's columns that this hasher's thread faults in ahead of the parser (column-store.ts Alloc) */
  alloc?: Alloc;
  slots: Buffer[];
  /** hash slot's first `length` bytes: a promise when that happens elsewhere (the slot is busy until it settles) */
  update(slot: number, length: number): Promise<void> | null;
  digest(): Promise<string>;
  close(): void;
}

function localHasher(): Hasher {
  const hash = createHash('sha256');
  const slots = Array.from({ length: SLOTS }, () => Buffer.allocUnsafe(CHUNK));
  return {
    slots,
    update: (slot, length) => (hash.update(slots[slot]!.subarray(0, length)), null),
    digest: async () => hash.digest('hex'),
    close: () => undefined,
  };
}

class WorkerFailed extends Error {}

/** A hash worker started ahead of need (prewarmHashWorker), for the next read that hashes on a second thread. */
let warm: Promise<Hasher> | null = null;

/**
 * Start the hash worker now when the folder `dir` (a workspace's entity snapshots) holds a file big enough to be
 * hashed on it (as readHashed decides): a worker takes about 0.1 s to start on a small virtual machine, time that then
 * overlaps the loading of the command's modules rather than holding up the snapshot's first chunks (ssj draw of a
 * province's registry). Until a read takes it, it keeps nothing running; without the compiled worker, nothing.
 */
export function prewarmHashWorker(dir: string, from = WORKER_FROM): void {
  if (warm || !workerFile()) return;
  let big = false;
  try {
    big = readdirSync(dir).some((f) => statSync(join(dir, f)).size >= from);
  } catch {
    return; // (no snapshots yet: nothing to read)
  }
  if (!big) return;
  warm = workerHasher(true);
  threadedReads.prewarmed++;
  warm.catch(() => undefined); // (a worker that cannot start is met by the read that takes it: it then reads alone)
}

async function workerHasher(idle = false): Promise<Hasher> {
  const { Worker } = await import('node:worker_threads');
  const buffer = new SharedArrayBuffer(SLOTS * CHUNK);
  const worker = new Worker(WORKER, { workerData: { buffer, chunk: CHUNK } });
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let digest: { resolve: (h: string) => void; reject: (e: Error) => void } | null = null;
  let failed: Error | null = null;
  const fail = (e: Error) => {
    failed = new WorkerFailed(e.message);
    for (const w of waiting.values()) w.reject(failed);
    waiting.clear();
    digest?.reject(failed);
  };
  worker.on('message', (a: HashAnswer) => {
    if ('ack' in a) {
      waiting.get(a.ack)?.resolve();
      waiting.delete(a.ack);
    } else digest?.resolve(a.hash);
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('hash worker exited')));
  const post = (job: HashJob) => worker.postMessage(job);
  // started ahead: it keeps the process running only once a read takes it (after the listeners: adding one refs it)
  if (idle) worker.unref();
  return {
    take: () => void worker.ref(),
    alloc: (bytes) => {
      const shared = new SharedArrayBuffer(bytes);
      if (!failed) post({ touch: shared });
      return shared;
    },
    slots: Array.from({ length: SLOTS }, (_, k) => Buffer.from(buffer, k * CHUNK, CHUNK)),
    update(slot, length) {
      if (failed) return Promise.reject(failed);
      const p = new Promise<void>((resolve, reject) => waiting.set(slot, { resolve, reject }));
      p.catch(() => undefined); // (a failure is met where the slot is awaited, or not at all)
      post({ slot, length });
      return p;
    },
    digest() {
      if (failed) return Promise.reject(failed);
      const p = new Promise<string>((resolve, reject) => (digest = { resolve, reject }));
      post({ end: true });
      return p;
    },
    close: () => void worker.terminate(),
  };
}

/**
 * The sink's result for the file at path, when its bytes have the hash sha256; else throws changed() (also when the
 * bytes do not parse: a changed file is reported as changed, not as malformed). Parse errors are thrown after that.
 */
export async function readHashed<T>(path: string, sha256: string, sink: (size: number, alloc?: Alloc) => SnapshotSink<T>, changed: () => Error, opts: HashedReadOptions = {}): Promise<T> {
  const fh = await open(path, 'r');
  let size: number;
  try {
    size = (await fh.stat()).size;
  } catch (e) {
    await fh.close();
    throw e;
  }
  const threaded = size >= (opts.workerFrom ?? WORKER_FROM) && workerFile();
  try {
    const hasher = threaded ? await takeWorkerHasher() : localHasher();
    const result = await readWith(fh, sink(size, hasher.alloc), hasher, sha256, changed);
    if (threaded) threadedReads.count++;
    return result;
  } catch (e) {
    if (!(e instanceof WorkerFailed)) throw e;
  } finally {
    await fh.close();
  }
  // the worker could not run: all again, on this thread
  const again = await open(path, 'r');
  try {
    return await readWith(again, sink(size), localHasher(), sha256, changed);
  } finally {
    await again.close();
  }
}

/** The hash worker started ahead, if any (else a new one). */
async function takeWorkerHasher(): Promise<Hasher> {
  const started = warm;
  warm = null;
  if (started) threadedReads.taken++;
  const hasher = await (started ?? workerHasher());
  hasher.take?.();
  return hasher;
}

async function readWith<T>(fh: import('node:fs/promises').FileHandle, parser: SnapshotSink<T>, hasher: Hasher, sha256: string, changed: () => Error): Promise<T> {
  const { slots } = hasher;
  const busy: (Promise<void> | null)[] = slots.map(() => null);
  let result: T | undefined;
  let parseError: unknown = null;
  let reading: Promise<{ bytesRead: number }> | null = null;
  try {
    // the next chunk is read while this one is hashed and parsed (the parser keeps no reference to it)
    reading = fh.read(slots[0]!, 0, CHUNK, null);
    for (let i = 0; ; i++) {
      const { bytesRead } = await reading;
      reading = null;
      if (bytesRead === 0) break;
      const slot = i % SLOTS;
      const next = (i + 1) % SLOTS;
      if (busy[next]) await busy[next];
      busy[next] = null;
      reading = fh.read(slots[next]!, 0, CHUNK, null);
      busy[slot] = hasher.update(slot, bytesRead);
      if (parseError === null) {
        try {
          parser.write(slots[slot]!.subarray(0, bytesRead));
        } catch (e) {
          parseError = e; // keep hashing: a changed file is reported as changed, not as malformed
        }
      }
    }
    if (parseError === null) {
      try {
        result = parser.end();
      } catch (e) {
        parseError = e;
      }
    }
    const actual = await hasher.digest();
    if (actual !== sha256) throw changed();
  } finally {
    await reading?.catch(() => undefined); // never close the file under a read still running
    await Promise.allSettled(busy.filter((b) => b !== null));
    hasher.close();
  }
  if (parseError !== null) throw parseError;
  return result!;
}
