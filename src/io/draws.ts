// The draw records of a workspace (draws/<id>.json, never rewritten) and the ledger (draws/ledger.jsonl), as read:
// the ledger's lines, each record (in full, or without the long lists the report and status never read) and the
// records the ledger does not name. Writing goes through io/ledger-commit.ts. docs/ledger.md.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SsjError } from '../core/errors.js';
import { isDrawKind, type LedgerEntry } from '../core/ledger.js';
import { compactFromLongBytes } from '../core/long-json.js';
import type { LedgerRecord } from '../core/record.js';
import { readJsonl } from './jsonl.js';
import { bareVisits, takeVisits } from './bare-visits.js';
import { ReadBuffer } from './read-buffer.js';
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

/**
 * The entity snapshot a draw record file names, read from its `inputs` line near the file's end (sealRecord's long
 * layout) without reading the rest: a window at the end, grown until it holds that line (the fields after it, such
 * as `merge`, can be long). Null when not found. Only a hint, for reading the snapshot ahead of need: what is drawn
 * from is always the parsed record's. `reader` is reused across files (ssj verify peeks at every record).
 */
export function peekEntitySnapshot(path: string, reader: ReadBuffer = new ReadBuffer()): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const sha = reader.fromEnd(fd, size, 0, size, (tail) => {
      const at = tail.indexOf(INPUTS_KEY);
      if (at < 0) return undefined;
      const eol = tail.indexOf(0x0a, at + INPUTS_KEY.length);
      const line = tail.toString('utf8', at + INPUTS_KEY.length, eol < 0 ? tail.length : eol).replace(/,$/, '');
      return (JSON.parse(line) as { entities?: { snapshot?: unknown } } | null)?.entities?.snapshot ?? null;
    });
    return typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) ? sha : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** A record file as stored, or null when it is missing. Unreadable JSON is an error. */
export async function readRecord(root: string, file: string): Promise<LedgerRecord | null> {
  const path = join(root, file);
  let bytes: Buffer;
  try {
    // one read and one decoding of the whole file (readFile(path, 'utf8') decodes a 24 MB record in 64 KiB pieces,
    // four times slower); the same text
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  return parseRecord(path, bytes.toString('utf8'));
}

function parseRecord(path: string, text: string): LedgerRecord {
  try {
    return JSON.parse(text) as LedgerRecord;
  } catch (e) {
    throw new SsjError('VERIFY_FAILED', `抽取记录 ${path} 不是有效的 JSON（${(e as Error).message}）`, { hint: '记录文件不能手工修改：请从备份中恢复' });
  }
}

/**
 * The ledger (every line, of every kind) and every draw record it names (null where the file is missing), in
 * ledger order. Lines of other kinds (results versions, publications …) have no entry in `records`.
 */
export async function readAll(root: string): Promise<{ entries: LedgerEntry[]; records: Map<string, LedgerRecord | null> }> {
  const entries = await readLedger(root);
  const records = new Map<string, LedgerRecord | null>();
  for (const e of entries) if (isDrawKind(e.kind)) records.set(e.id, await readRecord(root, e.file));
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
    if (!isDrawKind(e.kind)) continue;
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
    // the full path decodes as readRecord does
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

/**
 * The ledger and its records without the draws' exclusion lists (given as []), unchecked, for commands that state
 * what the records say but check nothing (ssj status, ssj export results: readAll never checked hashes either; ssj
 * verify and ssj report do). A record file in sealRecord's long layout has its `exclusions` field cut out before
 * decoding (it is most of the file, and is not even read); any other file is parsed whole, as readAll parses it.
 * A file that cannot be read or parsed is given as null (missing).
 */
export interface LightOptions {
  /**
   * The draw records' entities without their names, picks and teams (given as '', [] and []): for ssj status and
   * the public results export, which count the entities and read their codes and items only. Cut out of the text
   * before decoding, entity by entity, and the entities then made from the bytes (bare-visits.ts; the empty lists
   * and the items are frozen: nothing may change them); an entity whose line is not laid out as sealRecord writes
   * it keeps them.
   */
  bareVisits?: boolean;
}

export async function readLight(root: string, opts: LightOptions = {}): Promise<{ entries: LedgerEntry[]; records: Map<string, LedgerRecord | null> }> {
  const entries = await readLedger(root);
  const records = new Map<string, LedgerRecord | null>();
  const reader = new ReadBuffer();
  for (const e of entries) {
    if (!isDrawKind(e.kind)) continue;
    const path = join(root, e.file);
    let record: LedgerRecord | null;
    try {
      record = readWithoutExclusions(path, reader, opts);
    } catch {
      records.set(e.id, null);
      continue;
    }
    if (record?.kind === 'draw') record.exclusions = [];
    records.set(e.id, record);
  }
  return { entries, records };
}

/**
 * A record file read up to its `exclusions` field and from the field after it on (the field itself, most of a
 * draw record, is not read at all); any other layout read and parsed whole. Throws when the file cannot be read.
 *
 * The long layout puts each top-level field on a line of its own starting `,\n  "key": ` (the elements of a long
 * list on lines indented further; a raw line break is never inside a JSON string), in canonical (sorted) key
 * order, so the field after `exclusions` is `format` (every record has one), and its line is the only `,\n
 * "format": ` in the file. The end of the file is read in a growing window until the window holds that line.
 */
export function readWithoutExclusions(path: string, reader: ReadBuffer = new ReadBuffer(), opts: LightOptions = {}): LedgerRecord | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const whole = (have: number) => {
      const got = have + reader.readAt(fd, have, size - have, have);
      const bytes = reader.buf.subarray(0, got);
      return withoutExclusions(bytes) ?? parseRecord(path, bytes.toString('utf8'));
    };
    // the head, up to the field, 16 KiB at a time (a draw of 60 entities has its exclusions start after about 10 KiB:
    // reading 64 KiB at once copied four times what is used)
    const STEP = 1 << 14;
    let have = 0;
    let start = -1;
    while (have < size) {
      const n = reader.readAt(fd, have, Math.min(STEP, size - have), have);
      if (n === 0) break;
      const from = Math.max(0, have - EXCLUSIONS_KEY.length);
      have += n;
      start = reader.buf.subarray(0, have).indexOf(EXCLUSIONS_KEY, from);
      if (start >= 0) break;
    }
    if (start < 0 || reader.buf[0] !== 0x7b || reader.buf[1] !== 0x0a) return whole(have);
    // the tail, from the `format` line on, read into the buffer right after the head
    const after = start + EXCLUSIONS_KEY.length;
    const parsed = reader.fromEnd(fd, size, start, size - after, (tail) => {
      const next = tail.indexOf(FORMAT_KEY);
      // (the exclusions' list ends just before it: `[]` or `\n  ]`)
      if (next <= 0 || tail[next - 1] !== 0x5d) return undefined;
      const got = tail.length;
      reader.buf.copy(reader.buf, start, start + next, start + got);
      let len = opts.bareVisits ? bareVisits(reader.buf, start, start + got - next) : start + got - next;
      try {
        // (the entities' lines made objects from their bytes, the rest decoded and parsed: bare-visits.ts)
        const taken = opts.bareVisits ? takeVisits(reader.buf, len) : null;
        if (taken) len = taken.end;
        const r = JSON.parse(reader.buf.toString('utf8', 0, len)) as LedgerRecord;
        if (r !== null && typeof r === 'object') {
          if (taken) (r as { entities?: unknown }).entities = taken.visits;
          return r;
        }
      } catch {
        // not what it seemed: read it whole
      }
      return null;
    });
    return parsed ?? whole(0);
  } finally {
    closeSync(fd);
  }
}

const EXCLUSIONS_KEY = Buffer.from(',\n  "exclusions": ');
const FORMAT_KEY = Buffer.from(',\n  "format": ');
const INPUTS_KEY = Buffer.from(',\n  "inputs": ');
const NEXT_KEY = Buffer.from(',\n  "');
const END = Buffer.from('\n}\n');

/** A long-layout record parsed without its top-level `exclusions` line(s), or null (another layout, or no such field). */
function withoutExclusions(bytes: Buffer): LedgerRecord | null {
  if (bytes[0] !== 0x7b || bytes[1] !== 0x0a) return null;
  const start = bytes.indexOf(EXCLUSIONS_KEY);
  if (start < 0) return null;
  // the field ends where the next top-level field's line starts (a raw line break is never inside a JSON string)
  let end = bytes.indexOf(NEXT_KEY, start + EXCLUSIONS_KEY.length);
  if (end < 0) end = bytes.indexOf(END, start);
  if (end < 0) return null;
  try {
    const r = JSON.parse(bytes.toString('utf8', 0, start) + bytes.toString('utf8', end)) as LedgerRecord;
    return r !== null && typeof r === 'object' ? r : null;
  } catch {
    return null;
  }
}

/** Records in draws/ that the ledger does not name (an inserted or orphaned record). */
export async function strayRecords(root: string, entries: readonly LedgerEntry[]): Promise<string[]> {
  // every line's file counts (records of kinds added later may live in draws/ too)
  const named = new Set(entries.map((e) => e.file.replace(/\\/g, '/')).filter((f) => f.startsWith(`${FOLDERS.draws}/`)).map((f) => f.slice(FOLDERS.draws.length + 1)));
  const dir = join(root, FOLDERS.draws);
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((n) => n.endsWith('.json') && !n.startsWith('.') && !named.has(n));
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
