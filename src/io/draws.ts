// The draw records of a workspace (draws/<id>.json, never rewritten) and the ledger (draws/ledger.jsonl).
// Every record joins the ledger through commitRecords: the record file and its ledger line are written as one
// commit (a journal under the workspace lock), so a command killed at any instant leaves the workspace as it was
// before or as it is after; the next command that takes the lock finishes or rolls back what was interrupted
// (recoverWorkspace). docs/ledger.md.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SsjError } from '../core/errors.js';
import { isDrawKind, kindName, legacyLines, nextEntry, type LedgerEntry, type LedgerKind } from '../core/ledger.js';
import { compactFromLongBytes } from '../core/long-json.js';
import { canonicalJson, recordHash, type LedgerRecord } from '../core/record.js';
import type { Publication, ResultsVersion } from '../core/results.js';
import { fsyncDir, removeDeadTemps, writeFileAtomic, writeTemp } from './atomic.js';
import { readJsonl } from './jsonl.js';
import { alive } from './lock.js';
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

/**
 * The ledger and its records without the draws' exclusion lists (given as []), unchecked, for commands that state
 * what the records say but check nothing (ssj status, ssj export results: readAll never checked hashes either; ssj
 * verify and ssj report do). A record file in sealRecord's long layout has its `exclusions` field cut out before
 * decoding (it is most of the file); any other file is parsed whole, as readAll parses it (errors included).
 */
export async function readLight(root: string): Promise<{ entries: LedgerEntry[]; records: Map<string, LedgerRecord | null> }> {
  const entries = await readLedger(root);
  const records = new Map<string, LedgerRecord | null>();
  for (const e of entries) {
    if (!isDrawKind(e.kind)) continue;
    const path = join(root, e.file);
    let record: LedgerRecord | null;
    try {
      record = readWithoutExclusions(path);
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
 * A record file read up to its `exclusions` field and from the next field on (the field itself, most of a draw
 * record, is not read at all); any other layout read and parsed whole. Throws when the file cannot be read.
 */
function readWithoutExclusions(path: string): LedgerRecord | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const whole = () => {
      const all = Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const n = readSync(fd, all, got, size - got, got);
        if (n === 0) break;
        got += n;
      }
      const bytes = all.subarray(0, got);
      return withoutExclusions(bytes) ?? parseRecord(path, bytes.toString('utf8'));
    };
    // the head, up to the field
    const STEP = 1 << 16;
    let head = Buffer.allocUnsafe(Math.min(size, STEP));
    let have = 0;
    let start = -1;
    while (have < size) {
      if (have === head.length) {
        const bigger = Buffer.allocUnsafe(Math.min(size, head.length * 2));
        head.copy(bigger, 0, 0, have);
        head = bigger;
      }
      const n = readSync(fd, head, have, head.length - have, have);
      if (n === 0) break;
      const from = Math.max(0, have - EXCLUSIONS_KEY.length);
      have += n;
      start = head.subarray(0, have).indexOf(EXCLUSIONS_KEY, from);
      if (start >= 0) break;
    }
    if (start < 0 || head[0] !== 0x7b || head[1] !== 0x0a) return whole();
    // the tail: from the next top-level field's line on (a raw line break is never inside a JSON string)
    const after = start + EXCLUSIONS_KEY.length;
    const tailFrom = Math.max(after, size - STEP);
    const tail = Buffer.allocUnsafe(size - tailFrom);
    let got = 0;
    while (got < tail.length) {
      const n = readSync(fd, tail, got, tail.length - got, tailFrom + got);
      if (n === 0) break;
      got += n;
    }
    let next = tail.indexOf(NEXT_KEY);
    if (next < 0) next = tail.indexOf(END);
    if (next < 0 || (tailFrom > after && tail.subarray(0, next).includes(EXCLUSIONS_KEY))) return whole();
    try {
      const r = JSON.parse(head.toString('utf8', 0, start) + tail.toString('utf8', next, got)) as LedgerRecord;
      if (r !== null && typeof r === 'object') return r;
    } catch {
      // not what it seemed: read it whole
    }
    return whole();
  } finally {
    closeSync(fd);
  }
}

const EXCLUSIONS_KEY = Buffer.from(',\n  "exclusions": ');
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

// ─── commits ──────────────────────────────────────────────────────────────────────────────────────

/** The journal of a commit in progress: written (atomically, flushed) before anything it names is put in place. */
export const JOURNAL_FILE = '.ssj-journal.json';
const JOURNAL_FORMAT = 'ssj-journal/1';

interface JournalWrite {
  /** paths relative to the workspace root */
  target: string;
  tmp: string;
  sha256: string;
  /** a new file (removed on roll-back) rather than a replaced one */
  create: boolean;
}

interface Journal {
  format: typeof JOURNAL_FORMAT;
  pid: number;
  /** the lines added */
  entries: LedgerEntry[];
  /** SHA-256 of the ledger file before the commit (null: there was none) */
  ledgerBefore: string | null;
  /** in order; the last is the ledger itself */
  writes: JournalWrite[];
}

/** One record to add to the ledger. */
export interface CommitItem {
  id: string;
  kind: LedgerKind;
  /** where it is stored, relative to the workspace root */
  file: string;
  /** the hash the ledger registers (a draw record's own hash; for other kinds the SHA-256 of what they hold) */
  hash: string;
  at: string;
  /** the file's new content; null when the file is already in place (an interrupted write being registered) */
  text: string | Uint8Array | null;
  /** the file exists and is rewritten whole (publications.jsonl); else it must not exist yet */
  replace?: boolean;
}

const rel = (root: string, abs: string) => abs.slice(root.length + 1).replace(/\\/g, '/');

/**
 * Add records to the ledger as one commit: their files and the ledger's new lines are in place together or not at
 * all, whenever the process is killed. The caller holds the workspace lock (withLock), which has already recovered
 * any commit interrupted before. Returns the lines added.
 */
export async function commitRecords(root: string, items: readonly CommitItem[]): Promise<LedgerEntry[]> {
  const ledgerPath = join(root, LEDGER_FILE);
  const before = existsSync(ledgerPath) ? readFileSync(ledgerPath) : null;
  const entries = await readLedger(root);
  for (const it of items) {
    if (it.text !== null && !it.replace && existsSync(join(root, it.file))) {
      throw new SsjError('INTERNAL', `${kindName(it.kind)} ${join(root, it.file)} 已经存在，不能覆盖`, { hint: '请运行 ssj verify 检查台账' });
    }
    if (entries.some((e) => e.id === it.id)) throw new SsjError('INTERNAL', `台账中已经有编号为 ${it.id} 的记录`, { hint: '请运行 ssj verify 检查台账' });
  }
  const added: LedgerEntry[] = [];
  for (const it of items) added.push(nextEntry([...entries, ...added], it));
  const ledgerText = [...entries, ...added].map((e) => JSON.stringify(e)).join('\n') + '\n';

  const writes: JournalWrite[] = [];
  try {
    for (const it of items) {
      if (it.text === null) continue;
      const target = join(root, it.file);
      writes.push({ target: rel(root, target), tmp: rel(root, await writeTemp(target, it.text)), sha256: sha256(it.text), create: !it.replace });
    }
    writes.push({ target: LEDGER_FILE, tmp: rel(root, await writeTemp(ledgerPath, ledgerText)), sha256: sha256(ledgerText), create: false });
    for (const d of new Set(writes.map((w) => dirname(join(root, w.tmp))))) await fsyncDir(d);
    const journal: Journal = { format: JOURNAL_FORMAT, pid: process.pid, entries: added, ledgerBefore: before ? sha256(before) : null, writes };
    await writeFileAtomic(join(root, JOURNAL_FILE), JSON.stringify(journal) + '\n'); // ← the commit point
  } catch (e) {
    // once the journal is in place (its folder's flush may still have failed) the commit stands: the next command finishes it
    if (!existsSync(join(root, JOURNAL_FILE))) for (const w of writes) await rm(join(root, w.tmp), { force: true });
    throw e;
  }
  await applyJournal(root, (await readJournal(root))!, false);
  return added;
}

/** Put a committed journal's files in place and remove it; 'broken' when a write can be neither found done nor done. */
async function applyJournal(root: string, j: Journal, check: boolean): Promise<'done' | 'broken'> {
  for (const w of j.writes) {
    const target = join(root, w.target);
    const tmp = join(root, w.tmp);
    if (check) {
      if (existsSync(target) && sha256(readFileSync(target)) === w.sha256) continue;
      if (!existsSync(tmp) || sha256(readFileSync(tmp)) !== w.sha256) return 'broken';
    }
    await rename(tmp, target);
  }
  for (const d of new Set(j.writes.map((w) => dirname(join(root, w.target))))) await fsyncDir(d);
  await rm(join(root, JOURNAL_FILE), { force: true });
  await fsyncDir(root);
  return 'done';
}

async function readJournal(root: string): Promise<Journal | null> {
  let text: string;
  try {
    text = await readFile(join(root, JOURNAL_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const j = JSON.parse(text) as Journal;
    if (j.format === JOURNAL_FORMAT && Array.isArray(j.writes) && Array.isArray(j.entries)) return j;
  } catch {
    // fall through
  }
  throw new SsjError('VERIFY_FAILED', `工作区中的中断记录 ${join(root, JOURNAL_FILE)} 已损坏`, { hint: '它不是 ssj 写下的：请从备份中恢复工作区，或删除该文件后运行 ssj verify' });
}

/** Add one record (the API for every record kind): its file `text` and its ledger line, committed together. */
export async function commitRecord(root: string, record: LedgerRecord, kind: LedgerEntry['kind'], text: string | Uint8Array, at: string = record.time): Promise<LedgerEntry> {
  const [entry] = await commitRecords(root, [{ id: record.id, kind, file: recordFile(record.id), hash: record.hash, at, text }]);
  return entry!;
}

/** Add a draw record (sealRecord's `text`) with its ledger line. The caller holds the workspace lock. Kept for callers of the old name. */
export function appendRecord(root: string, record: LedgerRecord, kind: LedgerEntry['kind'], at: string, text: string | Uint8Array): Promise<LedgerEntry> {
  return commitRecord(root, record, kind, text, at);
}

// ─── recovery ─────────────────────────────────────────────────────────────────────────────────────

const notice = (s: string) => process.stderr.write(`${s}\n`);
const describe = (entries: readonly LedgerEntry[]) => entries.map((e) => `${e.id}（${kindName(e.kind)}）`).join('、');

/**
 * Run under the workspace lock before every writing command: finish (or roll back) a commit that was interrupted,
 * register a record an older ssj wrote without its ledger line, register results and publications an older ssj
 * stored outside the ledger, and remove temporary files left by processes no longer running. Prints one line for
 * what it did (nothing when there was nothing to do).
 */
export async function recoverWorkspace(root: string): Promise<void> {
  const j = await readJournal(root);
  if (j) {
    const ledgerPath = join(root, LEDGER_FILE);
    const now = existsSync(ledgerPath) ? sha256(readFileSync(ledgerPath)) : null;
    const last = j.writes.at(-1)!;
    if (now !== j.ledgerBefore && now !== last.sha256) {
      throw new SsjError('VERIFY_FAILED', `上次被中断的写入（${describe(j.entries)}）与现在的台账对不上：台账在中断之后被改动过`, { hint: `请运行 ssj verify 查看详情；从备份中恢复工作区，或删除 ${join(root, JOURNAL_FILE)}` });
    }
    if ((await applyJournal(root, j, true)) === 'done') {
      notice(`ssj：上次的命令（进程 ${j.pid}）在写入 ${describe(j.entries)} 时被中断；它已全部写好，现已补完登记，台账完整。`);
    } else {
      for (const w of j.writes) {
        const target = join(root, w.target);
        if (w.create && existsSync(target) && sha256(readFileSync(target)) === w.sha256) await rm(target, { force: true });
        await rm(join(root, w.tmp), { force: true });
      }
      await rm(join(root, JOURNAL_FILE), { force: true });
      await fsyncDir(root);
      notice(`ssj：上次的命令（进程 ${j.pid}）在写入 ${describe(j.entries)} 时被中断，没有写成；已撤销，台账保持原样。`);
    }
  }
  const orphan = await interruptedRecord(root);
  if (orphan) {
    await commitRecords(root, [{ id: orphan.record.id, kind: orphan.kind, file: orphan.file, hash: orphan.record.hash, at: orphan.record.time, text: null }]);
    notice(`ssj：记录 ${orphan.record.id} 已写入 ${orphan.file}，但写入台账前命令被中断（旧版本 ssj）；已补登到台账，台账完整。`);
  }
  const legacy = await unregistered(root);
  if (legacy.length) {
    await commitRecords(root, legacy);
    notice(`ssj：已把旧版本 ssj 保存的 ${legacy.length} 项检查结果与公示登记登记到台账（见 docs/ledger.md）。`);
  }
  for (const dir of await workspaceDirs(root)) await removeDeadTemps(dir, (pid) => alive(pid));
  for (const n of await readdir(root).catch(() => [] as string[])) {
    // takeover guards (io/lock.ts) are all stale once the lock is held
    if (/^\.ssj\.lock\..+\.takeover$/.test(n)) await rm(join(root, n), { force: true });
  }
}

/** True when recoverWorkspace has something to finish (an interrupted commit or record): ssj verify then takes the lock first. */
export async function needsRecovery(root: string): Promise<boolean> {
  return existsSync(join(root, JOURNAL_FILE)) || (await interruptedRecord(root)) !== null;
}

/** The files the current journal is writing (an in-flight commit of another process), relative to the root. */
export async function inFlight(root: string): Promise<Set<string>> {
  const j = await readJournal(root).catch(() => null);
  return new Set(j ? j.writes.map((w) => w.target) : []);
}

/** A draw record in draws/ that is the ledger's next one exactly (seq, prev, own hash): written by an older ssj, not registered. */
async function interruptedRecord(root: string): Promise<{ record: LedgerRecord; file: string; kind: LedgerKind } | null> {
  if (!existsSync(join(root, LEDGER_FILE)) && !existsSync(join(root, FOLDERS.draws))) return null;
  const entries = await readLedger(root);
  // only a ledger last written by an older ssj (no line hashes) can hold such a record: this version commits a
  // record and its line together, so a record outside a ledger it wrote was put there by someone (tampering)
  if (legacyLines(entries) < entries.length) return null;
  for (const name of await strayRecords(root, entries)) {
    const file = `${FOLDERS.draws}/${name}`;
    let r: LedgerRecord | null;
    try {
      r = await readRecord(root, file);
    } catch {
      continue;
    }
    if (!r || typeof r !== 'object' || r.id !== name.replace(/\.json$/, '')) continue;
    if (r.seq !== entries.length + 1 || r.prev !== (entries.at(-1)?.hash ?? null)) continue;
    try {
      if (recordHash(r) !== r.hash) continue;
    } catch {
      continue;
    }
    const kind: LedgerKind = r.kind === 'amendment' ? 'amendment' : r.kind === 'announcement' ? 'announcement' : r.redraw ? 'redraw' : 'draw';
    return { record: r, file, kind };
  }
  return null;
}

/**
 * Results versions and publications stored by an older ssj (before they were ledger records), to register: only
 * while no line of the ledger has a line hash yet (the ledger was last written by an older ssj) and it has lines.
 */
async function unregistered(root: string): Promise<CommitItem[]> {
  const entries = await readLedger(root);
  if (entries.length === 0 || legacyLines(entries) < entries.length) return [];
  const items: CommitItem[] = [];
  for (const v of await resultVersionFiles(root)) items.push({ id: resultsId(v.task, v.version), kind: 'results', file: v.file, hash: sha256(v.bytes), at: v.at, text: null });
  const pubs = await readPublicationLines(root);
  const n = new Map<string, number>();
  for (const p of pubs) {
    const k = (n.get(p.task) ?? 0) + 1;
    n.set(p.task, k);
    items.push({ id: publicationId(p.task, k), kind: 'publication', file: PUBLICATIONS, hash: publicationHash(p), at: p.at, text: null });
  }
  return items;
}

async function workspaceDirs(root: string): Promise<string[]> {
  const dirs = [root];
  for (const f of Object.values(FOLDERS) as string[]) {
    const d = join(root, f);
    if (!existsSync(d)) continue;
    dirs.push(d);
    for (const x of await readdir(d, { withFileTypes: true }).catch(() => [])) if (x.isDirectory() && !x.name.startsWith('.')) dirs.push(join(d, x.name));
  }
  return dirs;
}

// ─── results and publications as ledger records ───────────────────────────────────────────────────

export const PUBLICATIONS = `${FOLDERS.results}/publications.jsonl`;
export const resultsId = (task: string, version: number) => `${task}-v${version}`;
export const publicationId = (task: string, n: number) => `${task}-P${n}`;
/** A publication's ledger hash: SHA-256 of its canonical JSON (one line of publications.jsonl). */
export const publicationHash = (p: Publication) => sha256(canonicalJson(p));

/** Every results/<task>/v<N>.json with its bytes, by task then version. */
export async function resultVersionFiles(root: string): Promise<{ task: string; version: number; file: string; bytes: Buffer; at: string }[]> {
  const dir = join(root, FOLDERS.results);
  const out: { task: string; version: number; file: string; bytes: Buffer; at: string }[] = [];
  for (const d of (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((x) => x.isDirectory()).map((x) => x.name).sort()) {
    const names = (await readdir(join(dir, d))).filter((n) => /^v\d+\.json$/.test(n)).sort((a, b) => Number(a.slice(1, -5)) - Number(b.slice(1, -5)));
    for (const n of names) {
      const bytes = readFileSync(join(dir, d, n));
      let at = '';
      try {
        at = String((JSON.parse(bytes.toString('utf8')) as ResultsVersion).importedAt ?? '');
      } catch {
        // an unreadable version is reported by verify
      }
      out.push({ task: d, version: Number(n.slice(1, -5)), file: `${FOLDERS.results}/${d}/${n}`, bytes, at });
    }
  }
  return out;
}

/** The lines of results/publications.jsonl, parsed (a bad line is an error). */
export async function readPublicationLines(root: string): Promise<Publication[]> {
  const path = join(root, PUBLICATIONS);
  const read = await readJsonl<Publication>(path);
  if (!read) return [];
  if (read.bad.length) throw new SsjError('VERIFY_FAILED', `公示登记 ${path} 已损坏（第 ${read.bad.join('、')} 行不是有效的 JSON）`, { hint: '请从备份中恢复该文件' });
  return read.values;
}

/**
 * For the ledger's lines that are not draw records: the hash of what their file holds now (null: missing), and the
 * files of those kinds that no line registers (strays).
 */
export async function otherRecords(root: string, entries: readonly LedgerEntry[]): Promise<{ hashes: Map<string, string | null>; strays: string[] }> {
  const hashes = new Map<string, string | null>();
  const versions = await resultVersionFiles(root);
  const byFile = new Map(versions.map((v) => [v.file, v]));
  let pubs: Publication[] = [];
  try {
    pubs = await readPublicationLines(root);
  } catch {
    pubs = [];
  }
  let k = 0;
  const registered = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'results') {
      const v = byFile.get(e.file);
      hashes.set(e.id, v ? sha256(v.bytes) : null);
      registered.add(e.file);
    } else if (e.kind === 'publication') {
      const p = pubs[k++];
      hashes.set(e.id, p ? publicationHash(p) : null);
    } else if (!isDrawKind(e.kind)) {
      const path = join(root, e.file);
      hashes.set(e.id, existsSync(path) ? sha256(readFileSync(path)) : null);
    }
  }
  const strays = versions.filter((v) => !registered.has(v.file)).map((v) => v.file);
  for (let i = k; i < pubs.length; i++) strays.push(`${PUBLICATIONS} 第 ${i + 1} 行（${pubs[i]!.task} 的公示登记）`);
  return { hashes, strays };
}
