// Entity tables read ahead on a worker thread (src/io/table-prefetch.ts) are loadEntityTable's tables, moved from the
// worker; a snapshot that cannot be read gives loadEntityTable's error. The worker runs from the compiled file, so
// this test loads dist/ (npm test builds first).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityTable } from '../../src/core/entity-table.js';
import type { Entity } from '../../src/core/types.js';
import { rng, type Rng } from '../helpers/rng.js';

const ROOT = join(import.meta.dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'io', 'table-worker.js'));
const dist = async <T>(p: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'dist', p)).href)) as T;
type Store = typeof import('../../src/io/store.js');
type Prefetch = typeof import('../../src/io/table-prefetch.js');

const FIELDS = ['code', 'name', 'section', 'category', 'region', 'risk', 'status', 'statusText'];

function registry(r: Rng, rows: number): Entity[] {
  return Array.from({ length: rows }, (_, i) => ({
    code: `9135${String(i).padStart(8, '0')}${r.pick(['A', 'B'])}`, creditCode: '', projectCode: '', name: r.pick(['某某公司', '甲\n乙', '"引号",逗号']) + i, legalRep: '张三', contact: '',
    phone: '13800000000', section: r.pick(['建筑业股', '房地产股']), category: r.pick(['建筑施工企业', '物业服务企业']), region: r.pick(['城关镇', '南街', '北关']),
    address: '某路', risk: r.pick(['A', 'B', 'C', 'D']), status: r.next() < 0.1 ? 'gone' : 'active', statusText: r.pick(['存续', '注销']),
  }) as unknown as Entity);
}

function dump(t: EntityTable): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) out.push(FIELDS.map((f) => t.value(i, f)).join('|'));
  for (const f of FIELDS.slice(2)) out.push(`${f}:${Array.from(t.coded(f).ids).join(',')}:${t.coded(f).values.join(',')}`);
  out.push(`find:${[0, 7, t.length - 1].map((i) => t.find(t.code(i))).join(',')}`);
  return out;
}

describe.skipIf(!built)('entity tables read ahead on a worker thread', () => {
  let dir: string;
  let store: Store;
  let prefetch: Prefetch;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ssj-prefetch-'));
    store = await dist<Store>('io/store.js');
    prefetch = await dist<Prefetch>('io/table-prefetch.js');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives loadEntityTable's tables, for several snapshots at once", async () => {
    const a = await store.storeSnapshot(dir, 'entities', registry(rng(1), 3000));
    const b = await store.storeSnapshot(dir, 'entities', registry(rng(2), 500));
    const before = prefetch.fromWorker.count;
    const tables = prefetch.prefetchTables(dir, [a.sha256, b.sha256, a.sha256], FIELDS);
    expect([...tables.keys()]).toEqual([a.sha256, b.sha256]);
    for (const sha of [a.sha256, b.sha256]) {
      const want = dump(await store.loadEntityTable(dir, sha, FIELDS, { workerFrom: Number.POSITIVE_INFINITY }));
      expect(dump(await tables.get(sha)!)).toEqual(want);
    }
    expect(prefetch.fromWorker.count).toBe(before + 2); // (both came from the worker)
  });

  it("gives loadEntityTable's error for a changed or missing snapshot", async () => {
    const { sha256, path } = await store.storeSnapshot(dir, 'entities', registry(rng(3), 200));
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 1;
    writeFileSync(path, bytes);
    const missing = 'f'.repeat(64);
    const tables = prefetch.prefetchTables(dir, [sha256, missing], FIELDS);
    for (const sha of [sha256, missing]) {
      const want = await store.loadEntityTable(dir, sha, FIELDS).then(() => null, (e: Error) => e.message);
      expect(want).toMatch(/被改动过|不见了/);
      expect(await tables.get(sha)!.then(() => null, (e: Error) => e.message)).toBe(want);
    }
  });
});
