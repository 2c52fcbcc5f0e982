// The results of a workspace: results/<task>/v<N>.json (one per import, never rewritten) and
// results/publications.jsonl (each 结果公示 recorded, only grows).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SsjError } from '../core/errors.js';
import type { Publication, ResultsVersion } from '../core/results.js';
import { sha256 } from './draws.js';
import { commitRecords } from './ledger-commit.js';
import { publicationHash, publicationId, resultsId } from './ledger-others.js';
import { readJsonl } from './jsonl.js';
import { ReadBuffer } from './read-buffer.js';
import { FOLDERS } from './workspace.js';
import { longJson } from '../core/long-json.js';
import { parseLongList } from './long-read.js';

export const PUBLICATIONS_FILE = join(FOLDERS.results, 'publications.jsonl');
export const versionFile = (task: string, version: number) => join(FOLDERS.results, task, `v${version}.json`);
export const sheetFile = (task: string) => join(FOLDERS.results, `${task} 检查结果填报表.xlsx`);

/** Every stored version of a task's results, oldest first. */
export async function readVersions(root: string, task: string): Promise<ResultsVersion[]> {
  return versionsOf(join(root, FOLDERS.results, task));
}

/**
 * The versions in a task's results folder, oldest first. Read with synchronous calls: a status reads hundreds of
 * small files, and one read each is faster than fs/promises' round trips through the thread pool.
 */
function versionsOf(dir: string, reader = new ReadBuffer()): ResultsVersion[] {
  if (!existsSync(dir)) return [];
  return versionNames(dir).map((n) => parseVersion(join(dir, n), reader.readFile(join(dir, n))));
}

/** The version files (v<N>.json) in a task's results folder, oldest first. */
const versionNames = (dir: string): string[] =>
  readdirSync(dir).filter((n) => /^v\d+\.json$/.test(n)).sort((a, b) => versionOf(a) - versionOf(b));

/** A version file's number (v12.json: 12). */
const versionOf = (name: string): number => Number(name.slice(1, -5));

/** Each task's latest version file in the results folder `dir`, with how many versions the task has, in the folder's order. */
function* latestFiles(dir: string): Generator<{ task: string; path: string; version: number; versions: number }> {
  if (!existsSync(dir)) return;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const names = versionNames(join(dir, d.name));
    const last = names.at(-1);
    if (last !== undefined) yield { task: d.name, path: join(dir, d.name, last), version: versionOf(last), versions: names.length };
  }
}

/** Bytes of UTF-8 from which a decoded text may be more than 128 KB (64K UTF-16 units): one of V8's large objects. */
const LARGE_TEXT = 1 << 16;

function parseVersion(path: string, bytes: Buffer): ResultsVersion {
  // (a file whose text would be a large object, its entries decoded a few lines at a time: long-read.ts)
  const pieces = bytes.length > LARGE_TEXT ? parseLongList(bytes, 'entries') : undefined;
  if (pieces) return pieces as unknown as ResultsVersion;
  try {
    return JSON.parse(bytes.toString('utf8')) as ResultsVersion;
  } catch (e) {
    throw new SsjError('VERIFY_FAILED', `检查结果文件 ${path} 不是有效的 JSON（${(e as Error).message}）`, { hint: '结果文件不能手工修改：请从备份中恢复' });
  }
}

/**
 * Every task's latest results version (as readAllLatest gives it), with its SHA-256 (its ledger hash); `hashes`
 * holds that one version's. The versions before it are not read: the export states only the latest (ssj verify
 * reads and checks every one). A latest version that is not valid JSON is an error, as in readVersions. For the
 * results export. Each file is read into one reused buffer and hashed there: on a virtual machine a fresh buffer per
 * file (to hash it on the thread pool meanwhile) cost more in new memory than the hashing takes.
 */
export async function readLatestWithHashes(root: string): Promise<Map<string, { latest: ResultsVersion; hashes: Map<number, string> }>> {
  const out = new Map<string, { latest: ResultsVersion; hashes: Map<number, string> }>();
  const reader = new ReadBuffer();
  for (const { task, path, version } of latestFiles(join(root, FOLDERS.results))) {
    const bytes = reader.readFile(path);
    const hashes = new Map([[version, sha256(bytes)]]);
    out.set(task, { latest: parseVersion(path, bytes), hashes });
  }
  return out;
}

/** The latest results of every task that has any, by task id, and how many versions it has. */
export type LatestResults = ReadonlyMap<string, { latest: ResultsVersion; versions: number }>;

/** The latest results of every task that has any, by task id. */
export async function readAllLatest(root: string): Promise<Map<string, { latest: ResultsVersion; versions: number }>> {
  const m = new Map<string, { latest: ResultsVersion; versions: number }>();
  const reader = new ReadBuffer();
  // (only the latest is read: ssj status counts the versions before it)
  for (const { task, path, versions } of latestFiles(join(root, FOLDERS.results))) m.set(task, { latest: parseVersion(path, reader.readFile(path)), versions });
  return m;
}

/**
 * Store a new version (its number must be the next one), as a ledger record (kind results, id <task>-v<N>, hash the
 * SHA-256 of the file) committed with its ledger line; refuses to overwrite. The caller holds the lock.
 */
export async function storeVersion(root: string, v: ResultsVersion): Promise<string> {
  const file = versionFile(v.task, v.version).replace(/\\/g, '/');
  // laid out as the draw records are: a field per line, an entity per line (versions written before were indented
  // JSON: the same values, twice the bytes to read)
  const text = longJson(v as unknown as Record<string, unknown>);
  await commitRecords(root, [{ id: resultsId(v.task, v.version), kind: 'results', file, hash: sha256(text), at: v.importedAt, text }]);
  return file;
}

export async function readPublications(root: string): Promise<Publication[]> {
  const path = join(root, PUBLICATIONS_FILE);
  const read = await readJsonl<Publication>(path);
  if (!read) return [];
  if (read.bad.length) throw new SsjError('VERIFY_FAILED', `公示登记 ${path} 已损坏（第 ${read.bad.join('、')} 行不是有效的 JSON）`, { hint: '请从备份中恢复该文件' });
  return read.values;
}

/**
 * Add a publication (the register rewritten with one more line) as a ledger record (kind publication, id
 * <task>-P<n>, hash the SHA-256 of its canonical JSON), committed with its ledger line. The caller holds the lock.
 */
export async function appendPublication(root: string, p: Publication): Promise<void> {
  const before = await readPublications(root);
  const all = [...before, p];
  const n = before.filter((x) => x.task === p.task).length + 1;
  await commitRecords(root, [{
    id: publicationId(p.task, n), kind: 'publication', file: PUBLICATIONS_FILE.replace(/\\/g, '/'), hash: publicationHash(p), at: p.at,
    text: all.map((x) => JSON.stringify(x)).join('\n') + '\n', replace: true,
  }]);
}
