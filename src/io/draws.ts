// The draw records of a workspace (draws/<id>.json, never rewritten) and the ledger (draws/ledger.jsonl).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SsjError } from '../core/errors.js';
import type { LedgerEntry } from '../core/ledger.js';
import { compactFromLongBytes } from '../core/long-json.js';
import type { LedgerRecord } from '../core/record.js';
import { writeFileAtomic } from './atomic.js';
import { readJsonl } from './jsonl.js';
import { FOLDERS } from './workspace.js';

export const LEDGER_FILE = join(FOLDERS.draws, 'ledger.jsonl');
export const recordFile = (id: string) => join(FOLDERS.draws, `${id}.json`);

export async function readLedger(root: string): Promise<LedgerEntry[]> {
  const path = join(root, LEDGER_FILE);
  const read = await readJsonl<LedgerEntry>(path);
  if (!read) return [];
  if (read.bad.length) {
    throw new SsjError('VERIFY_FAILED', `抽取台账 ${path} 已损坏（${read.bad.map((n) => `第 ${n} 行`).join('、')}不是有效的 JSON）`, { hint: '台账不能手工修改：请从备份中恢复该文件，再运行 ssj verify' });
  }
  return read.values;
}

/** A record file as stored, or null when it is missing. Unreadable JSON is an error. */
export async function readRecord(root: string, file: string): Promise<LedgerRecord | null> {
  const path = join(root, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  return parseRecord(path, text);
}

function parseRecord(path: string, text: string): LedgerRecord {
  try {
    return JSON.parse(text) as LedgerRecord;
  } catch (e) {
    throw new SsjError('VERIFY_FAILED', `抽取记录 ${path} 不是有效的 JSON（${(e as Error).message}）`, { hint: '记录文件不能手工修改：请从备份中恢复' });
  }
}

/** The ledger and every record it names (null where the file is missing), in ledger order. */
export async function readAll(root: string): Promise<{ entries: LedgerEntry[]; records: Map<string, LedgerRecord | null> }> {
  const entries = await readLedger(root);
  const records = new Map<string, LedgerRecord | null>();
  for (const e of entries) records.set(e.id, await readRecord(root, e.file));
  return { entries, records };
}

/** Fields of a record that ssj report never reads: left unparsed by readForReport (by far the bulk of a draw record). */
const NOT_REPORTED: ReadonlySet<string> = new Set(['exclusions']);

/**
 * The ledger and its records for `ssj report` only: each record without its `exclusions` (given as [] on a draw
 * record), with `hashes` holding what recordHash gives for it. These light records are for the report and its
 * chain check (checkChain with hashOf = (r) => hashes.get(r) ?? recordHash(r)) and must never be replayed,
 * verified entity by entity or written back: readAll is for that.
 *
 * A file in sealRecord's long layout (long-json.ts) is compacted and hashed as its bytes stand, without decoding
 * or parsing the fields left out; when that hash equals the one the file states, the bytes hashed are the record's
 * canonical JSON and the record is kept light, its hash in `hashes`. Any other file (another layout, or a hash
 * that does not match: a changed record) is read in full as readAll reads it and is not in `hashes`, so recordHash
 * finds exactly the problem checkChain found before, in the same words. (The two paths could differ only on a file
 * rewritten with its hash recomputed over JSON that is not canonical or not valid: the light path takes the text as
 * hashed. No accidental change does that; ssj verify reads every record in full.)
 */
export async function readForReport(root: string): Promise<{ entries: LedgerEntry[]; records: Map<string, LedgerRecord | null>; hashes: Map<LedgerRecord, string> }> {
  const entries = await readLedger(root);
  const records = new Map<string, LedgerRecord | null>();
  const hashes = new Map<LedgerRecord, string>();
  for (const e of entries) {
    const path = join(root, e.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path); // faster here than fs/promises (one read per file, no thread-pool round trips)
    } catch {
      records.set(e.id, null);
      continue;
    }
    const light = lightRecord(bytes);
    if (light) hashes.set(light.record, light.hash);
    // the full path decodes as readFile(path, 'utf8') does
    records.set(e.id, light ? light.record : parseRecord(path, bytes.toString('utf8')));
  }
  return { entries, records, hashes };
}

/** A record file in the long layout whose hash matches its content, without the fields the report leaves out; else null. */
function lightRecord(bytes: Buffer): { record: LedgerRecord; hash: string } | null {
  const compact = compactFromLongBytes(bytes, NOT_REPORTED);
  if (!compact || compact.hash === null) return null;
  const hash = createHash('sha256').update(compact.hashBytes).digest('hex');
  if (hash !== compact.hash) return null;
  let record: LedgerRecord;
  try {
    record = JSON.parse(compact.parseText) as LedgerRecord;
  } catch {
    return null;
  }
  if (record.kind === 'draw') record.exclusions = [];
  return { record, hash };
}

/** Records in draws/ that the ledger does not name (an inserted or orphaned record). */
export async function strayRecords(root: string, entries: readonly LedgerEntry[]): Promise<string[]> {
  const named = new Set(entries.map((e) => e.file.replace(/\\/g, '/').split('/').pop()));
  const dir = join(root, FOLDERS.draws);
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.') && !named.has(n));
}

/**
 * Add a record: write its file `text` (sealRecord's; refusing to overwrite one), then the ledger with one more line (atomically).
 * The caller holds the workspace lock. If the ledger cannot be written the record file is removed again.
 */
export async function appendRecord(root: string, record: LedgerRecord, kind: LedgerEntry['kind'], at: string, text: string): Promise<LedgerEntry> {
  const file = recordFile(record.id);
  const path = join(root, file);
  if (existsSync(path)) {
    throw new SsjError('INTERNAL', `抽取记录 ${path} 已经存在，不能覆盖`, { hint: '请运行 ssj verify 检查台账' });
  }
  const entries = await readLedger(root);
  const entry: LedgerEntry = { seq: entries.length + 1, id: record.id, kind, file: file.replace(/\\/g, '/'), hash: record.hash, prev: entries.at(-1)?.hash ?? null, at };
  await writeFileAtomic(path, text);
  try {
    const text = [...entries, entry].map((e) => JSON.stringify(e)).join('\n') + '\n';
    await writeFileAtomic(join(root, LEDGER_FILE), text);
  } catch (e) {
    await rm(path, { force: true });
    throw e;
  }
  return entry;
}
