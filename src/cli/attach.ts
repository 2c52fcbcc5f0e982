// ssj attach TASK FILE… --kind 照片|视频|签字记录表|检查记录|整改材料|处罚决定|其他 [--entity CODE] [--note TEXT] [--json]
// Copies each file into the evidence store (named by its content hash, never overwritten) and records kind, task,
// entity, hash, size, original name and time in the ledger (one evidence record per command). docs/paper-trail.md.
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { SsjError, usageError } from '../core/errors.js';
import { EVIDENCE_FORMAT, EVIDENCE_KIND, EVIDENCE_KINDS, evidenceFile, evidenceId, storedName, type EvidenceKind, type EvidenceRecord } from '../core/evidence.js';
import { currentUser, nowStamp } from '../io/clock.js';
import { readLedger, sha256 } from '../io/draws.js';
import { commitRecords } from '../io/ledger-commit.js';
import { storeEvidenceFile, type Progress } from '../io/evidence-store.js';
import { withLock } from '../io/lock.js';
import { openWorkspace } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import type { AttachOptions } from './options/attach.js';
import type { GlobalOptions } from './main.js';
import { findTask, loadTasks } from './records.js';
import { saving } from './interrupt.js';

export type { AttachOptions } from './options/attach.js';

const MB = 1024 * 1024;

/** Progress on a terminal (stderr) for files over 64 MB: hashing a GB video takes a while. */
function progressFor(name: string, size: number, quiet: boolean): Progress | undefined {
  if (quiet || !process.stderr.isTTY || size < 64 * MB) return undefined;
  let last = -1;
  return (done, total) => {
    const pct = Math.floor((done / Math.max(1, total)) * 100);
    if (pct === last) return;
    last = pct;
    process.stderr.write(`\r  复制并计算哈希：${name} ${pct}%（${(done / MB).toFixed(0)}/${(total / MB).toFixed(0)} MB）${done >= total ? '\n' : ''}`);
  };
}

export async function attach(taskArg: string, files: string[], opts: AttachOptions, g: GlobalOptions): Promise<number> {
  const kind = opts.kind?.trim() as EvidenceKind | undefined;
  if (!kind) throw usageError(`请用 --kind 说明材料类别：${EVIDENCE_KINDS.join('、')}`);
  if (!EVIDENCE_KINDS.includes(kind)) throw usageError(`--kind 只能是 ${EVIDENCE_KINDS.join('、')}，现在是「${opts.kind}」`);
  if (files.length === 0) throw usageError('请给出要保存的文件，如 ssj attach 2026-001 抽取现场.jpg --kind 照片');
  const paths = files.map((f) => resolve(g.cwd, f));
  const problems = paths.flatMap((p, i) => (!existsSync(p) ? [`找不到文件 ${files[i]}`] : !statSync(p).isFile() ? [`${files[i]} 不是文件`] : []));
  if (problems.length) throw new SsjError('FILE_NOT_FOUND', problems.join('；'), { hint: '请检查文件名和路径' });

  const ws = await openWorkspace(g.cwd);
  const { tasks, entries } = await loadTasks(ws.root);
  const task = findTask(tasks, entries, taskArg, true);
  let entityName: string | null = null;
  const entity = opts.entity?.trim().toUpperCase() || null;
  if (entity) {
    const v = task.visits.find((x) => x.code.toUpperCase() === entity);
    if (!v) {
      throw new SsjError('INPUT_INVALID', `检查对象 ${opts.entity} 不在抽查任务 ${task.id} 抽中的对象中`, {
        hint: `该任务的检查对象：${task.visits.slice(0, 6).map((x) => `${x.code}（${x.name}）`).join('、')}${task.visits.length > 6 ? ' 等' : ''}`,
      });
    }
    entityName = v.name;
  }

  // the files are copied into the content-addressed store first (no lock needed: a stored file is never
  // overwritten, and one no record names is harmless); the record then joins the ledger under the lock
  const stored: EvidenceRecord['files'] = [];
  for (const [i, p] of paths.entries()) {
    const name = basename(files[i]!);
    const s = await storeEvidenceFile(ws.root, p, (h) => storedName(h, name), progressFor(name, statSync(p).size, Boolean(opts.json)));
    stored.push({ name, hash: s.hash, size: s.size, stored: s.stored });
  }

  const record = await withLock(ws.root, async () => {
    const ledger = await readLedger(ws.root);
    const n = ledger.filter((e) => e.kind === EVIDENCE_KIND && e.id.startsWith(`${task.id}-E`)).length + 1;
    const id = evidenceId(task.id, n);
    const r: EvidenceRecord = {
      format: EVIDENCE_FORMAT, id, task: task.id, kind, entity: entity ? task.visits.find((x) => x.code.toUpperCase() === entity)!.code : null, entityName,
      note: opts.note?.trim() ?? '', at: nowStamp(), operator: currentUser(), files: stored,
    };
    const text = JSON.stringify(r, null, 2) + '\n';
    const save = saving(`证据材料 ${id}`, `ssj status`);
    await commitRecords(ws.root, [{ id, kind: EVIDENCE_KIND, file: evidenceFile(id), hash: sha256(text), at: r.at, text }]);
    save.saved();
    return r;
  });

  if (opts.json) {
    json({ ok: true, id: record.id, task: record.task, entity: record.entity, files: record.files.map((f) => ({ name: f.name, hash: f.hash, kind: record.kind, size: f.size, stored: f.stored })) });
    return 0;
  }
  out(`${sym.ok} 已保存 ${record.files.length} 个${record.kind}（抽查任务 ${record.task}${record.entity ? `，${entityName}（${record.entity}）` : ''}），记入台账 ${record.id}`);
  // (each file's hash on a line of its own: a name, a size and a hash on one line passed 80 columns)
  for (const f of record.files) out(`  ${f.name}  ${c.dim(f.size < 1024 ? `${f.size} 字节` : `${(f.size / 1024).toFixed(0)} KB`)}\n    ${c.dim(f.hash)}`);
  out(c.dim('  原文件可以另行保管；工作区中的副本按哈希命名，ssj verify 会逐个核对'));
  return 0;
}
