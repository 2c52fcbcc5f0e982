// ssj plan --file [--json]: seal the year's plan as filed (备案) in the ledger and write the 备案 copy.
// ssj plan adjust --reason TEXT [--json]: record a new version with its differences from the filed one.
// Also: what `ssj plan` says about the filed version, and the filed plan for `ssj export plan` and `ssj report`.
// docs/paper-trail.md.
import { join } from 'node:path';
import type { DisclosureTable } from '../core/disclosure.js';
import { SsjError, usageError } from '../core/errors.js';
import { refusePrivateText } from '../core/privacy.js';
import { changeText, diffPlans, PLAN_FORMAT, PLAN_KIND, planFile, planId, type PlanChange, type PlanFiling } from '../core/filed-plan.js';
import { buildPlan, PLAN_HEADERS, planColumns, planJson, planTitle, type PlanRow } from '../core/plan.js';
import type { Entity, InspectionItem } from '../core/types.js';
import { anchorOf, ANCHOR_SHEET, anchorRows } from '../io/anchor.js';
import { currentUser, nowStamp, today } from '../io/clock.js';
import { readLedger, sha256 } from '../io/draws.js';
import { commitRecords } from '../io/ledger-commit.js';
import { readPlans } from '../io/evidence-store.js';
import { withLock } from '../io/lock.js';
import { currentImport } from '../io/store.js';
import { writeWorkbook } from '../io/workbook.js';
import { FOLDERS, openWorkspace, type Workspace } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import type { PlanAdjustOptions } from './options/plan.js';
import type { GlobalOptions } from './main.js';
import { planWorkbook } from '../io/plan-workbook.js';
import { loadPlanInputs } from './plan.js';
import { saving } from './interrupt.js';

/** The filed versions of the workspace's plan, in order ([] when never filed). */
export async function filedPlans(root: string): Promise<PlanFiling[]> {
  return readPlans(root, await readLedger(root));
}

/** The plan computed now from the current lists, with what it was computed from. */
async function currentPlan(ws: Workspace): Promise<{ rows: PlanRow[]; lists: PlanFiling['lists']; asOf: string }> {
  const { items, entities, asOf } = await loadPlanInputs(ws.root);
  const it = (await currentImport(ws.root, 'items'))!;
  const en = (await currentImport(ws.root, 'entities'))!;
  return {
    rows: buildPlan(items as InspectionItem[], entities as Entity[], ws.config),
    // the size is the snapshot's: an import with --dept (部门联合抽查) reads fewer rows than the list it leaves
    lists: {
      items: { snapshot: it.snapshot, size: items.length, imported: it.at },
      entities: { snapshot: en.snapshot, size: entities.length, imported: en.at },
    },
    asOf,
  };
}

export const filedCopyName = (year: number, version: number) =>
  version === 1 ? `${year}年度抽查工作计划（备案）.xlsx` : `${year}年度抽查工作计划（第 ${version - 1} 次调整 备案）.xlsx`;

/** ssj plan --file / ssj plan adjust: seal a plan version in the ledger and write its 备案 copy. */
export async function filePlan(opts: PlanAdjustOptions & { adjust?: boolean }, g: GlobalOptions): Promise<number> {
  const reason = opts.reason?.trim() ?? '';
  if (opts.adjust && !reason) throw usageError('调整计划要用 --reason 说明原因', '如：ssj plan adjust --reason "新增燃气经营企业检查事项"');
  // (an adjustment's reason may say it was made for a 回避: it names no person and no entity)
  refusePrivateText([{ label: '--reason 调整原因', text: reason, words: false }], '计划调整');
  const ws = await openWorkspace(g.cwd);
  const { rows, lists, asOf } = await currentPlan(ws);
  const result = await withLock(ws.root, async () => {
    const entries = await readLedger(ws.root);
    const filed = readPlans(ws.root, entries);
    const last = filed.at(-1);
    if (!opts.adjust && last) {
      throw new SsjError('INPUT_INVALID', `${ws.config.year} 年度的抽查计划已于 ${filed[0]!.date} 备案（第 ${last.version} 版）`, {
        hint: '修改事项清单或设置后，用 ssj plan adjust --reason 原因 记录调整',
      });
    }
    if (opts.adjust && !last) throw new SsjError('NO_DATA', `${ws.config.year} 年度的抽查计划还没有备案，无从调整`, { hint: '请先运行 ssj plan --file' });
    const json = rows.map(planJson);
    const changes: PlanChange[] = last ? diffPlans(last.rows, json) : [];
    if (last && changes.length === 0) {
      throw new SsjError('INPUT_INVALID', `按当前的事项清单、名录库和设置编制的计划与备案的第 ${last.version} 版相同，没有可记录的调整`, {
        hint: '抽查比例、抽查频次照事项清单执行（ssj.json 的 minRatio、minRounds 只用于提醒，minRounds 另用于清单没有写频次的事项）：请先在事项清单中修改后重新导入（ssj import items），或修改 ssj.json 中会改变计划的设置（如 riskRatios），再运行 ssj plan adjust',
      });
    }
    const version = (last?.version ?? 0) + 1;
    const id = planId(ws.config.year, version);
    const lastEntry = last ? entries.find((e) => e.id === last.id) : undefined;
    const record: PlanFiling = {
      format: PLAN_FORMAT, id, org: ws.config.org, year: ws.config.year, version, date: today(), at: nowStamp(), operator: currentUser(),
      reason: opts.adjust ? reason : null, previous: last && lastEntry ? { id: last.id, hash: lastEntry.hash } : null,
      lists, settings: { minRatio: ws.config.minRatio, minRounds: ws.config.minRounds, riskRatios: ws.config.riskRatios ?? null },
      rows: json, changes,
    };
    const text = JSON.stringify(record, null, 2) + '\n';
    const hash = sha256(text);
    const save = saving(`年度计划第 ${version} 版的备案记录`, `ssj plan`);
    const [entry] = await commitRecords(ws.root, [{ id, kind: PLAN_KIND, file: planFile(ws.config.year, version), hash, at: record.at, text }]);
    save.saved();
    // the 备案 copy: the plan workbook with the ledger's head (it states the plan record's facts)
    const copy = join(ws.root, FOLDERS.exports, filedCopyName(ws.config.year, version));
    await writeFiledCopy(ws, copy, record, asOf);
    return { record, hash, entry: entry!, copy };
  });
  if (opts.json) {
    json({ ok: true, id: result.record.id, hash: result.hash, version: result.record.version, file: planFile(ws.config.year, result.record.version), output: result.copy, changes: result.record.changes });
    return 0;
  }
  const r = result.record;
  out(`${sym.ok} ${r.version === 1 ? `已将 ${r.year} 年度抽查工作计划备案` : `已记录 ${r.year} 年度抽查工作计划的第 ${r.version - 1} 次调整`}（第 ${r.version} 版，${r.date}）`);
  out(`  台账记录 ${r.id}，哈希\n    ${result.hash}`); // (the hash on a line of its own: within 80 columns)
  if (r.changes.length) {
    out(`  与第 ${r.version - 1} 版相比（原因：${r.reason}）：`);
    for (const ch of r.changes) out(`    • ${changeText(ch)}`);
  }
  out(`  备案文件：${c.em(result.copy)}（报上一级行业主管部门备案${r.version > 1 ? '；调整计划需逐级上报备案' : ''}）`);
  return 0;
}

/** The plan workbook of a filed version, with its adjustments (when any) and the ledger's head. */
async function writeFiledCopy(ws: Workspace, path: string, record: PlanFiling, asOf: string): Promise<void> {
  const all = [...(await filedPlans(ws.root))];
  const wb = await planWorkbook(record.rows as unknown as PlanRow[], ws.config, asOf);
  addAdjustmentsSheet(wb, all.filter((p) => p.version <= record.version));
  const entries = await readLedger(ws.root);
  const anchor = anchorOf(entries, all.filter((p) => p.version <= record.version).map((p) => p.id));
  const as = wb.addWorksheet(ANCHOR_SHEET, { state: 'hidden' }); // machine-readable (verify --against), never printed
  as.columns = [{ width: 14 }, { width: 16 }, { width: 70 }, { width: 10 }];
  for (const r of anchorRows(anchor)) as.addRow(r.map((x) => (typeof x === 'number' ? String(x) : x)));
  await writeWorkbook(path, wb);
}

function addAdjustmentsSheet(wb: import('exceljs').Workbook, versions: readonly PlanFiling[]): void {
  if (versions.length < 2) return;
  const sh = wb.addWorksheet('计划调整');
  sh.columns = [{ width: 8 }, { width: 12 }, { width: 30 }, { width: 60 }];
  sh.addRow(['版本', '日期', '调整原因', '调整内容']);
  for (const v of versions.slice(1)) sh.addRow([`第 ${v.version} 版`, v.date, v.reason ?? '', v.changes.map(changeText).join('\n')]);
}

/** The lines `ssj plan` prints about the filed version: which it is, and whether the current lists would change it. */
export async function filedSummary(root: string, rows: readonly PlanRow[]): Promise<string[]> {
  const filed = await filedPlans(root);
  const last = filed.at(-1);
  if (!last) return [c.dim('本年度计划还没有备案：确认后用 ssj plan --file 备案（记入台账并生成备案文件）')];
  const lines = [`${sym.ok} 已备案：第 ${last.version} 版（${last.date}${last.version > 1 ? `，首次备案 ${filed[0]!.date}，调整 ${last.version - 1} 次` : ''}），台账记录 ${last.id}`];
  const changes = diffPlans(last.rows, rows.map(planJson));
  if (changes.length === 0) lines.push(c.dim('  按当前的事项清单和名录库编制，与备案版本相同'));
  else {
    lines.push(c.warn(`  按当前的事项清单和名录库编制，与备案版本有 ${changes.length} 处不同：`));
    for (const ch of changes.slice(0, 20)) lines.push(c.warn(`    • ${changeText(ch)}`));
    if (changes.length > 20) lines.push(c.dim(`    ……另有 ${changes.length - 20} 处`));
    lines.push(c.dim('  需要调整计划时：ssj plan adjust --reason 原因（调整计划需逐级上报备案）'));
  }
  return lines;
}

/** For `ssj export plan`: the latest filed version as a table, with its adjustments, and the records it states; null when never filed. */
export async function filedPlanExport(ws: Workspace, internal: boolean): Promise<{ tables: DisclosureTable[]; relies: string[] } | null> {
  const filed = await filedPlans(ws.root);
  const last = filed.at(-1);
  if (!last) return null;
  const rows = (last.rows as unknown as PlanRow[]).filter((r) => r.reason === null);
  const tables: DisclosureTable[] = [{
    title: `${planTitle(ws.config)}（备案第 ${last.version} 版，${last.date}）${internal ? '（内部资料 不得公开）' : ''}`, sheet: '年度抽查工作计划', columns: [...PLAN_HEADERS],
    widths: [6, 22, 34, 8, 30, 16, 10, 10, 26, 16, 12],
    rows: rows.map((r, i) => planColumns(r, i + 1).map((x) => x.value)),
  }];
  if (filed.length > 1) {
    tables.push({
      title: `${ws.config.org}${ws.config.year}年度抽查工作计划调整情况`, sheet: '计划调整', columns: ['版本', '备案日期', '调整原因', '调整内容'], widths: [10, 12, 30, 70],
      rows: filed.slice(1).map((v) => [`第 ${v.version} 版`, v.date, v.reason ?? '', v.changes.map(changeText).join('\n')]),
    });
  }
  return { tables, relies: filed.map((p) => p.id) };
}

/** Several tables in one workbook, with the anchor sheet (the filed plan and its adjustments). */
export async function writeTablesAnchored(path: string, tables: readonly DisclosureTable[], anchor: import('../io/anchor.js').Anchor): Promise<void> {
  const { writeTables } = await import('../io/table-writer.js');
  await writeTables(path, tables, anchor); // the anchor sheet is machine-readable (verify --against), hidden, never printed
}
