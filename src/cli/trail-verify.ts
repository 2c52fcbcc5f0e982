// ssj verify's part for the paper trail: plan and evidence records that are not in the ledger, and every evidence
// file re-hashed (streaming, with progress on a terminal). The records themselves are checked with the ledger's
// other lines (their hash is their file's SHA-256). docs/paper-trail.md.
import type { LedgerEntry } from '../core/ledger.js';
import { checkEvidenceFiles, paperTrailProblems, readEvidence, readPlans, type EvidenceCheck } from '../io/evidence-store.js';

export async function verifyTrail(root: string, entries: readonly LedgerEntry[], skipFiles = false): Promise<{ problems: string[]; notes: string[]; checks: EvidenceCheck[] }> {
  const all = readEvidence(root, entries);
  const evidence = skipFiles ? [] : all;
  const total = evidence.reduce((a, r) => a + r.files.reduce((b, f) => b + f.size, 0), 0);
  const tty = process.stderr.isTTY && total > 256 * 1024 * 1024;
  let base = 0;
  const checks = await checkEvidenceFiles(root, evidence, tty ? (done, size) => {
    process.stderr.write(`\r  核对证据材料：${Math.floor(((base + done) / total) * 100)}%`);
    if (done >= size) base += size;
  } : undefined);
  if (tty) process.stderr.write('\n');
  const problems = await paperTrailProblems(root, entries, checks);
  const notes: string[] = [];
  const plans = readPlans(root, entries);
  if (plans.length) notes.push(`备案的抽查计划 ${plans.length} 版（${plans.map((p) => p.id).join('、')}）`);
  if (skipFiles && all.length) notes.push(`证据材料 ${all.reduce((a, r) => a + r.files.length, 0)} 个文件没有逐个核对（--skip-evidence-files：只核对了它们的登记）`);
  if (checks.length) notes.push(`证据材料 ${checks.length} 个文件已按哈希逐个核对${checks.every((c) => c.status === 'ok') ? '，均完好' : ''}`);
  return { problems, notes, checks };
}
