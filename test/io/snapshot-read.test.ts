// A large snapshot is hashed on a second thread while its rows are read (src/io/snapshot-read.ts): the same table,
// and the same errors, as on one thread. The worker runs from the compiled file, so this test loads dist/ (npm test
// builds first); workerFrom: 1 makes a small snapshot take the two-thread path.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityTable } from '../../src/core/entity-table.js';
import type { Entity } from '../../src/core/types.js';
import { rng, type Rng } from '../helpers/rng.js';

const ROOT = join(import.meta.dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'io', 'hash-worker.js'));
const dist = async <T>(p: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', p)).href)) as T;
type Store = typeof import('../../src/io/store.js');
type Read = typeof import('../../src/io/snapshot-read.js');
type Snap = typeof import('../../src/core/snapshot.js');
type Schema = typeof import('../../src/core/schema.js');

const DRAW_FIELDS = ['section', 'category', 'region', 'risk', 'status'];
const TRICKY = ['甲\n乙', '"引号"', 'a,b', '\r\n', '公司'];

/** A registry whose names and addresses often hold line breaks, quotes and commas (records over several lines, cut by chunks). */
function registry(r: Rng, rows: number, tricky = 0.3): Entity[] {
  const text = () => (r.next() < tricky ? r.pick(TRICKY) + r.pick(TRICKY) : '某某建筑工程有限公司');
  return Array.from({ length: rows }, (_, i) => ({
    code: `9135${String(i).padStart(8, '0')}${r.pick(['A', 'B', 'C'])}`, creditCode: '', projectCode: '', name: `${text()}${i}`, legalRep: '张三', contact: text(),
    phone: '13800000000', section: r.pick(['建筑业股', '房地产股', '']), category: r.pick(['建筑施工企业', '物业服务企业']), region: r.pick(['城关镇', '南街', '北关']),
    address: text().repeat(1 + r.int(40)), risk: r.pick(['A', 'B', 'C', 'D']), status: r.next() < 0.1 ? 'gone' : 'active', statusText: '存续',
  }) as unknown as Entity);
}

function dump(t: EntityTable, fields: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) out.push([t.code(i), t.name(i), ...fields.map((f) => t.value(i, f))].join('|'));
  for (const f of fields) {
    const c = t.coded(f);
    out.push(`${f}:${Array.from(c.ids, (id) => c.values[id]).join('|')}`);
  }
  return out;
}

/** The error a call rejects with (an SsjError of dist/, so checked by its code). */
async function rejected(f: () => Promise<unknown>): Promise<Error> {
  try {
    await f();
  } catch (e) {
    expect((e as { code?: unknown }).code).toBeTypeOf('string');
    return e as Error;
  }
  throw new Error('expected an SsjError');
}

describe.skipIf(!built)('a snapshot hashed on a second thread', () => {
  let dir: string;
  let store: Store;
  let read: Read;
  let COLS: readonly string[];
  let lines: Snap['snapshotLines'];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ssj-snapshot-read-'));
    store = await dist<Store>('io/store.js');
    read = await dist<Read>('io/snapshot-read.js');
    COLS = (await dist<Schema>('core/schema.js')).SNAPSHOT_COLUMNS.entities;
    lines = (await dist<Snap>('core/snapshot.js')).snapshotLines;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A snapshot file with exactly these bytes, named by their hash as the workspace names it. */
  const put = (bytes: Buffer): { sha: string; path: string } => {
    const sha = createHash('sha256').update(bytes).digest('hex');
    const path = store.snapshotPath(dir, 'entities', sha);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
    return { sha, path };
  };
  const one = { workerFrom: Number.POSITIVE_INFINITY };
  const two = { workerFrom: 1 };

  it('gives the one-thread table, over many chunks and records cut by them', async () => {
    // about 5 MB: five 1 MB chunks, more than the four slots, so slots are reused
    const { sha256: sha, path } = await store.storeSnapshot(dir, 'entities', registry(rng(19), 12_000));
    expect((await import('node:fs')).statSync(path).size).toBeGreaterThan(4.5 * (1 << 20));
    for (const only of [undefined, DRAW_FIELDS]) {
      const fields = only ?? COLS;
      const want = dump(await store.loadEntityTable(dir, sha, only, one), fields);
      expect(want.length).toBe(12_000 + fields.length);
      const before = read.threadedReads.count;
      const threaded = await store.loadEntityTable(dir, sha, only, two);
      expect(dump(threaded, fields)).toEqual(want);
      expect(read.threadedReads.count).toBe(before + 1); // (it did take the two-thread path)
      // its columns, once sized (row positions and value ids of every column; the values of a column that holds more
      // than its first 64 KiB, as the codes do), are in memory the hash thread faulted in ahead: shared, so never
      // in the list of buffers to move to another thread
      type Data = { columns: string[]; stores: ({ plain: { bytes: Uint8Array; ends: Int32Array } } | { id: { ids: Int32Array } } | null)[] };
      const moved = new Set<ArrayBuffer>();
      const data = (threaded as unknown as { toData(m: Set<ArrayBuffer>): Data }).toData(moved);
      const sized = data.stores.flatMap((st) => (st === null ? [] : 'plain' in st ? [st.plain.ends.buffer] : [st.id.ids.buffer]));
      const codes = data.stores[data.columns.indexOf('code')] as { plain: { bytes: Uint8Array } };
      expect(sized.length).toBe(only ? only.length + 2 : COLS.length); // (code and name are always kept)
      for (const b of [...sized, codes.plain.bytes.buffer]) expect(b).toBeInstanceOf(SharedArrayBuffer);
      expect([...moved].some((b) => (b as unknown) instanceof SharedArrayBuffer)).toBe(false);
    }
  });

  it('takes the hash worker started ahead for a large snapshot (ssj draw starts it while loading), and starts none for small ones', async () => {
    const { sha256: sha } = await store.storeSnapshot(dir, 'entities', registry(rng(23), 3_000));
    const want = dump(await store.loadEntityTable(dir, sha, DRAW_FIELDS, one), DRAW_FIELDS);
    const before = { ...read.threadedReads };
    read.prewarmHashWorker(store.snapshotDir(dir, 'entities'), 1 << 30); // every snapshot here is smaller than that: no worker
    expect(read.threadedReads.prewarmed).toBe(before.prewarmed);
    read.prewarmHashWorker(store.snapshotDir(dir, 'entities'), 1);
    read.prewarmHashWorker(store.snapshotDir(dir, 'entities'), 1); // (once is enough: the second call starts no other)
    expect(read.threadedReads.prewarmed).toBe(before.prewarmed + 1);
    expect(dump(await store.loadEntityTable(dir, sha, DRAW_FIELDS, two), DRAW_FIELDS)).toEqual(want);
    expect(read.threadedReads.taken).toBe(before.taken + 1);
    expect(read.threadedReads.count).toBe(before.count + 1);
    // and the next read starts a worker of its own
    expect(dump(await store.loadEntityTable(dir, sha, DRAW_FIELDS, two), DRAW_FIELDS)).toEqual(want);
    expect(read.threadedReads.taken).toBe(before.taken + 1);
    expect(read.threadedReads.count).toBe(before.count + 2);
  });

  it('never keeps a process running with a worker started ahead that no read took (a draw refused before reading)', () => {
    const script = `const r = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'io', 'snapshot-read.js')).href)});
      r.prewarmHashWorker(${JSON.stringify(store.snapshotDir(dir, 'entities'))}, 1);
      if (r.threadedReads.prewarmed !== 1) process.exit(3);`;
    const file = join(dir, 'prewarm.mjs'); // (a module file: as bin/ssj.js runs, not -e)
    writeFileSync(file, script);
    const run = spawnSync(process.execPath, [file], { timeout: 20_000, encoding: 'utf8' });
    expect(run.signal, 'still running after 20 s').toBeNull();
    expect(run.status, run.stderr).toBe(0);
  });

  it('reports a changed file as changed, and a malformed line by its number, as on one thread', async () => {
    const text = [...lines('entities', registry(rng(7), 9_000, 0))].join('');
    const good = Buffer.from(text, 'utf8');
    const { sha, path } = put(good);
    // one byte changed in the last chunk: the hash is wrong
    const bad = Buffer.from(good);
    bad[bad.length - 100] ^= 1;
    writeFileSync(path, bad);
    const e1 = await rejected(() => store.loadEntityTable(dir, sha, DRAW_FIELDS, one));
    expect(e1.message).toContain('被改动过');
    expect((await rejected(() => store.loadEntityTable(dir, sha, DRAW_FIELDS, two))).message).toBe(e1.message);
    // a field too many on a line near the end, under the hash of those very bytes: the error names that line
    const rows = text.split('\n');
    rows[rows.length - 5] += ',多余';
    const broken = put(Buffer.from(rows.join('\n'), 'utf8'));
    const want = await rejected(() => store.loadEntityTable(dir, broken.sha, DRAW_FIELDS, one));
    expect(want.message).toMatch(new RegExp(`第 ${rows.length - 4} 行`));
    expect((await rejected(() => store.loadEntityTable(dir, broken.sha, DRAW_FIELDS, two))).message).toBe(want.message);
  });
});
