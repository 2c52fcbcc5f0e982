// Adding records to the ledger crash-safely: commitRecords writes the record files and the ledger's new lines as one
// commit (a journal under the workspace lock), so a command killed at any instant leaves the workspace as it was
// before or as it is after; the next command that takes the lock finishes or rolls back what was interrupted
// (recoverWorkspace). docs/ledger.md.
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SsjError } from '../core/errors.js';
import { kindName, legacyLines, nextEntry, type LedgerEntry, type LedgerKind } from '../core/ledger.js';
import { recordHash, type LedgerRecord } from '../core/record.js';
import { fsyncDir, removeDeadTemps, writeFileAtomic, writeTemp } from './atomic.js';
import { alive } from './lock.js';
import { FOLDERS } from './workspace.js';

import { LEDGER_FILE, readLedger, readRecord, recordFile, sha256, strayRecords } from './draws.js';
import { PUBLICATIONS, publicationHash, publicationId, readPublicationLines, resultsId, resultVersionFiles } from './ledger-others.js';
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
