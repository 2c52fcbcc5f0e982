// ssj import inspectors|entities|items|conflicts FILE [--sheet NAME …] [--skip-invalid] [--json]
import { basename, dirname, join, relative, resolve } from 'node:path';
import { stat, rm } from 'node:fs/promises';
import { SsjError, usageError } from '../core/errors.js';
import { mergeDepartment } from '../core/departments.js';
import type { BuildOptions, BuildOutcome } from '../core/list-builder.js';
import { SCHEMAS } from '../core/schema.js';
import { importSummary } from '../core/summary.js';
import type { Entity, InspectionItem, Inspector, ListKind, Problem } from '../core/types.js';
import { currentUser, fileStamp, nowStamp, today } from '../io/clock.js';
import { withLock } from '../io/lock.js';
import { readList } from '../io/read-list.js';
import { writeRejects } from '../io/rejects.js';
import { appendImportLog, currentImport, fileSha256, loadCurrent, readImportLog, storeSnapshot } from '../io/store.js';
import { openWorkspace } from '../io/workspace.js';
import { renderImport, renderImportFailure } from '../ui/import-report.js';
import { json } from '../ui/output.js';
import { estimateTextRows, PROGRESS_MIN_BYTES, rowProgress } from '../ui/progress.js';
import type { ImportOptions } from './options/import.js';
import type { GlobalOptions } from './main.js';
import { saving } from './interrupt.js';

export type { ImportOptions } from './options/import.js';

/** A file that cannot be read at all, as a problem of the import's result. */
function fileProblem(file: string, e: SsjError): Problem {
  return { file: basename(file), sheet: null, row: null, column: null, field: null, value: null, message: e.hint ? `${e.message}。${e.hint}` : e.message };
}

export async function importList(kind: ListKind, file: string, opts: ImportOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  const path = resolve(g.cwd, file);
  const asOf = today();

  const dept = opts.dept?.trim() || undefined;
  if (opts.dept !== undefined && (kind === 'entities' || kind === 'conflicts')) throw usageError('--dept 只用于 ssj import inspectors 和 ssj import items（其他部门的执法人员名录和抽查事项清单）');
  if (opts.dept !== undefined && !dept) throw usageError('--dept 后面应写部门名称，如 --dept 市场监管局');
  if (opts.sheet?.length && /\.(csv|tsv|txt)$/i.test(path)) throw usageError(`--sheet 只用于 Excel 工作簿：「${basename(path)}」是 CSV 文件，没有工作表`, `去掉 --sheet 再导入：ssj import ${kind} ${file}`);
  const known = kind === 'conflicts' ? await knownLists(ws.root) : undefined;
  let outcome: BuildOutcome;
  const size = await stat(path).then((s) => s.size, () => 0);
  const progress = process.stderr.isTTY && size >= PROGRESS_MIN_BYTES
    ? rowProgress(path, size, await estimateTextRows(path, size).catch(() => undefined))
    : undefined;
  try {
    outcome = await readList(path, kind, {
      asOf, minRatio: ws.config.minRatio, minRounds: ws.config.minRounds, suspendedDrawable: ws.config.suspendedDrawable,
      ...(opts.sheet ? { sheets: opts.sheet } : {}), ...(known ? { known } : {}), ...(dept ? { dept } : {}),
      ...(progress ? { onRow: progress.onRow, onSheet: progress.onSheet } : {}),
    });
    progress?.done();
  } catch (e) {
    progress?.done();
    if (!(e instanceof SsjError) || !['FILE_UNREADABLE', 'FILE_NOT_FOUND', 'INPUT_LIMIT'].includes(e.code)) throw e;
    // (in a terminal a file past a limit is said as any other error is, with its hint)
    if (e.code === 'INPUT_LIMIT' && !opts.json) throw e;
    const failed = failedResult(kind, [fileProblem(path, e)], [], undefined, { code: e.code, message: e.message, hint: e.hint ?? '' });
    if (opts.json) json(failed);
    else renderImportFailure(kind, basename(path), failed.errors, [], false);
    return 1;
  }

  const open = await openInOffice(path);
  if (open) outcome.warnings.unshift(open);
  if (kind === 'items') outcome.warnings.push(...(await itemTargetWarnings(ws.root, outcome)));

  const summary = importSummary(kind, outcome.records, asOf);
  const { dropped } = outcome;
  // --skip-invalid skips faulty rows, never a problem with the file itself (e.g. a mistyped --sheet).
  const fileLevel = outcome.errors.some((e) => e.row === null);
  const usable = outcome.errors.length === 0 || (opts.skipInvalid && !fileLevel && outcome.records.length > 0);
  if (!usable) {
    const failed = failedResult(kind, outcome.errors, outcome.warnings, outcome);
    if (opts.json) json(failed);
    else renderImportFailure(kind, basename(path), outcome.errors, outcome.warnings, Boolean(opts.skipInvalid), outcome.sheets, outcome.dropped);
    return 1;
  }

  const previous = await currentImport(ws.root, kind);
  // Inspectors and items: the rows of the other departments (or, with --dept, of the bureau and the other
  // departments) in the current list stay; this file replaces only its own department's rows.
  let records = outcome.records;
  if (kind === 'inspectors' || kind === 'items') {
    const current = await loadCurrent(ws.root, kind);
    if (current) {
      const imported = new Set((await readImportLog(ws.root)).filter((e) => e.kind === kind && e.dept).map((e) => e.dept!));
      const merged = mergeDepartment(kind, current.records as (Inspector | InspectionItem)[], outcome.records as (Inspector | InspectionItem)[], dept ?? null, imported);
      if (merged.conflicts.length) {
        const failed = failedResult(kind, merged.conflicts.map((message) => ({ file: basename(path), sheet: null, row: null, column: null, field: null, value: null, message })), outcome.warnings, outcome);
        if (opts.json) json(failed);
        else renderImportFailure(kind, basename(path), failed.errors, outcome.warnings, false, outcome.sheets);
        return 1;
      }
      records = merged.records;
    }
  }
  const created: string[] = [];
  const result = await withLock(ws.root, async () => {
    try {
      const stamp = fileStamp();
      const rejects = opts.skipInvalid && outcome.rejects.length > 0
        ? await writeRejects(ws.root, SCHEMAS[kind], basename(path), stamp, outcome.rejects, dropped.rejects)
        : null;
      if (rejects) created.push(resolve(ws.root, rejects));
      const save = saving(`这次导入`, `ssj list ${kind}`);
      const snap = await storeSnapshot(ws.root, kind, records);
      if (snap.created) created.push(snap.path);
      const source = { path, name: basename(path), sha256: await fileSha256(path), bytes: (await stat(path)).size };
      const entry = await appendImportLog(ws.root, {
        kind, at: nowStamp(), user: currentUser(), source, snapshot: snap.sha256,
        counts: { imported: outcome.records.length, active: summary.active, gone: summary.gone, rejected: outcome.rejects.length + dropped.rejects, warnings: outcome.warnings.length + dropped.warnings },
        sheets: outcome.sheets, skipInvalid: Boolean(opts.skipInvalid), rejects, ...(dept ? { dept } : {}),
      });
      save.saved();
      return { snap, entry, rejects };
    } catch (e) {
      // a failed command leaves the workspace as it was
      for (const f of created) await rm(f, { force: true });
      throw e;
    }
  });

  // a registry that still lists as active entities the results found gone (docs/paper-trail.md)
  if (kind === 'entities') outcome.warnings.push(...(await (await import('./trail.js')).goneStillActive(ws.root, outcome.records as Entity[], basename(path))));
  const unchanged = previous?.snapshot === result.snap.sha256;
  const payload = {
    ok: true,
    kind,
    imported: outcome.records.length,
    active: summary.active,
    gone: summary.gone,
    snapshot: result.snap.sha256,
    dept: dept ?? null,
    kept: records.length - outcome.records.length,
    unchanged,
    rejected: outcome.rejects.length + dropped.rejects,
    rejects: result.rejects,
    errors: outcome.errors,
    warnings: outcome.warnings,
    // (errors and warnings lists hold the first MAX_KEPT of each; these count them all)
    errorsTotal: outcome.errors.length + dropped.errors,
    warningsTotal: outcome.warnings.length + dropped.warnings,
    sheets: outcome.sheets,
    skippedSheets: outcome.sheets.filter((s) => s.status === 'skipped').map((s) => ({ sheet: s.name, reason: s.reason ?? '' })),
    summary,
  };
  if (opts.json) json(payload);
  else renderImport({ kind, file: basename(path), outcome, summary, snapshot: result.snap.sha256, unchanged, rejects: result.rejects, root: ws.root, snapshotRel: relative(ws.root, result.snap.path) });
  return 0;
}

/**
 * The --json of an import that saved nothing: `errors` lists every problem (as a successful import's does), and
 * `error` says why in the one shape every command's failure has (docs/cli-json.md), so that a script can read
 * `error.code` whatever failed.
 */
function failedResult(kind: ListKind, errors: Problem[], warnings: Problem[], outcome?: BuildOutcome, error?: { code: string; message: string; hint: string }) {
  const total = errors.length + (outcome?.errors === errors ? outcome.dropped.errors : 0);
  const file = errors[0]?.file ?? '';
  return {
    ok: false,
    error: error ?? {
      code: 'INPUT_INVALID',
      message: `「${file}」中有 ${total} 处问题，没有导入`,
      hint: errors.some((e) => e.row === null) ? '按所列问题改正后重新导入' : '按所列问题改正后重新导入，或用 --skip-invalid 只导入没有问题的行',
    },
    kind,
    imported: 0,
    active: 0,
    gone: 0,
    snapshot: null,
    errors,
    warnings,
    // (errors and warnings lists hold the first MAX_KEPT of each; these count them all)
    errorsTotal: total,
    warningsTotal: warnings.length + (outcome?.warnings === warnings ? outcome.dropped.warnings : 0),
    sheets: outcome?.sheets ?? [],
    skippedSheets: (outcome?.sheets ?? []).filter((s) => s.status === 'skipped').map((s) => ({ sheet: s.name, reason: s.reason ?? '' })),
  };
}

/** The current roster and registry (when imported), for checking 回避 declarations against them. */
async function knownLists(root: string): Promise<NonNullable<BuildOptions['known']>> {
  const known: NonNullable<BuildOptions['known']> = {};
  const roster = await loadCurrent(root, 'inspectors');
  if (roster) known.inspectors = new Map((roster.records as Inspector[]).map((i) => [i.certNo, i.name]));
  const registry = await loadCurrent(root, 'entities');
  if (registry) known.entities = new Map((registry.records as Entity[]).map((e) => [e.code, e.name]));
  return known;
}

/**
 * A warning when the file is open in Excel, WPS or LibreOffice as it is imported (their lock file is beside it:
 * `~$名录库.xlsx`, with the first one or two characters of a long name replaced, or `.~lock.名录库.xlsx#`): what is read is
 * the file as last saved, and changes typed since are not in it.
 */
async function openInOffice(path: string): Promise<Problem | null> {
  const dir = dirname(path);
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const candidates = [`~$${name}`, `.~lock.${name}#`];
  // Excel shortens a long name's owner file by replacing its first characters with ~$
  if (stem.length > 2) candidates.push(`~$${name.slice(1)}`, `~$${name.slice(2)}`);
  for (const lock of candidates) {
    if (!(await stat(join(dir, lock)).then((s) => s.isFile(), () => false))) continue;
    return {
      file: name, sheet: null, row: null, column: null, field: null, value: null,
      message: `「${name}」像是正在 Excel 或 WPS 中打开（同一文件夹中有它的临时文件「${lock}」）：导入的是最后一次保存的内容，打开后改动而还没有保存的不在其中；如有改动，请先在 Excel 或 WPS 中保存，再重新导入`,
    };
  }
  return null;
}

/** Items whose 检查对象 matches no 行业类别 of the current registry: the draw would find no one. */
async function itemTargetWarnings(root: string, outcome: BuildOutcome): Promise<Problem[]> {
  const current = await loadCurrent(root, 'entities');
  if (!current) return [];
  const categories = new Set((current.records as Entity[]).map((e) => e.category));
  return (outcome.records as InspectionItem[])
    .filter((it) => it.ratio !== null && !categories.has(it.target))
    .map((it) => ({
      file: outcome.file, sheet: null, row: null, column: null, field: '检查对象', value: it.target,
      message: `事项 ${it.id}「${it.name}」的检查对象在当前检查对象名录库中没有对应的行业类别（现有：${[...categories].join('、')}）`,
    }));
}

