// The paper trail's files in a workspace: plan records (plans/), evidence records (evidence/<id>.json) and the
// evidence store (evidence/files/<sha256><ext>, content-addressed, never overwritten). docs/paper-trail.md.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, link, mkdir, open, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { EVIDENCE_KIND, type EvidenceRecord } from '../core/evidence.js';
import { PLAN_KIND, type PlanFiling } from '../core/filed-plan.js';
import type { LedgerEntry } from '../core/ledger.js';
import { fsyncDir, removeDeadTemps, tempPathFor } from './atomic.js';
import { alive } from './lock.js';

export const PLANS_DIR = 'plans';
export const EVIDENCE_DIR = 'evidence';
export const EVIDENCE_FILES = join(EVIDENCE_DIR, 'files');

/** Read a JSON record file; null when missing or not JSON (verify reports it through the ledger's hash). */
function readJsonFile<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The plan versions the ledger registers, in order (missing or unreadable ones left out). */
export function readPlans(root: string, entries: readonly LedgerEntry[]): PlanFiling[] {
  return entries.filter((e) => e.kind === PLAN_KIND).map((e) => readJsonFile<PlanFiling>(join(root, e.file))).filter((p): p is PlanFiling => p !== null);
}

/** The evidence records the ledger registers, in order. */
export function readEvidence(root: string, entries: readonly LedgerEntry[]): EvidenceRecord[] {
  return entries.filter((e) => e.kind === EVIDENCE_KIND).map((e) => readJsonFile<EvidenceRecord>(join(root, e.file))).filter((r): r is EvidenceRecord => r !== null && Array.isArray(r.files));
}

/** A progress callback: bytes done so far of the total. */
export type Progress = (done: number, total: number) => void;

/** SHA-256 of a file, read as a stream (GB videos never sit in memory). */
export async function hashFile(path: string, onProgress?: Progress): Promise<{ hash: string; size: number }> {
  const h = createHash('sha256');
  const total = statSync(path).size;
  let done = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    h.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onProgress?.(done, total);
  }
  return { hash: h.digest('hex'), size: done };
}

/**
 * Copy a file into the evidence store under its content hash, hashing while copying (one read). The copy is
 * written to a temp file, flushed, and linked to its name: an existing stored file is never overwritten (same
 * name, same content). Returns the hash, size and stored path (relative to the root), and whether it was new.
 */
export async function storeEvidenceFile(root: string, source: string, storedNameOf: (hash: string) => string, onProgress?: Progress): Promise<{ hash: string; size: number; stored: string; created: boolean }> {
  const dir = join(root, EVIDENCE_FILES);
  await mkdir(dir, { recursive: true });
  await removeDeadTemps(dir, (pid) => alive(pid));
  const tmp = tempPathFor(join(dir, 'incoming'));
  const h = createHash('sha256');
  const total = statSync(source).size;
  let done = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      h.update(chunk);
      done += chunk.length;
      onProgress?.(done, total);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source, { highWaterMark: 1 << 20 }), tap, createWriteStream(tmp, { flags: 'wx' }));
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    const hash = h.digest('hex');
    const stored = storedNameOf(hash);
    const target = join(root, stored);
    let created = false;
    if (!existsSync(target)) {
      try {
        await link(tmp, target); // fails when the name exists: never overwrite
        created = true;
        await chmod(target, 0o444).catch(() => undefined); // read-only: evidence is kept as it came
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      await fsyncDir(dirname(target));
    }
    return { hash, size: done, stored, created };
  } finally {
    await rm(tmp, { force: true });
  }
}

/** One evidence file checked against its hash. */
export interface EvidenceCheck {
  record: string;
  task: string;
  kind: string;
  name: string;
  stored: string;
  hash: string;
  status: 'ok' | 'missing' | 'altered';
}

/** Every file of every evidence record, re-hashed (streaming). */
export async function checkEvidenceFiles(root: string, records: readonly EvidenceRecord[], onProgress?: Progress): Promise<EvidenceCheck[]> {
  const out: EvidenceCheck[] = [];
  for (const r of records) {
    for (const f of r.files) {
      const path = join(root, f.stored);
      let status: EvidenceCheck['status'] = 'ok';
      if (!existsSync(path)) status = 'missing';
      else if (statSync(path).size !== f.size || (await hashFile(path, onProgress)).hash !== f.hash) status = 'altered';
      out.push({ record: r.id, task: r.task, kind: r.kind, name: f.name, stored: f.stored, hash: f.hash, status });
    }
  }
  return out;
}

/** Problems with the paper trail's files: plan and evidence records outside the ledger, evidence files missing or altered. */
export async function paperTrailProblems(root: string, entries: readonly LedgerEntry[], checks: readonly EvidenceCheck[]): Promise<string[]> {
  const problems: string[] = [];
  const named = new Set(entries.map((e) => e.file.replace(/\\/g, '/')));
  for (const dir of [PLANS_DIR, EVIDENCE_DIR]) {
    const names = (await readdir(join(root, dir)).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    for (const n of names) if (!named.has(`${dir}/${n}`)) problems.push(`${dir}/${n} 不在抽取台账中（被插入，或台账中的一行被删除）`);
  }
  for (const c of checks) {
    if (c.status === 'missing') problems.push(`证据材料 ${c.stored}（${c.record}，${c.kind}，原文件名「${c.name}」）不见了`);
    if (c.status === 'altered') problems.push(`证据材料 ${c.stored}（${c.record}，${c.kind}，原文件名「${c.name}」）的内容被改动过：与登记的哈希 ${c.hash} 不符`);
  }
  return problems;
}
