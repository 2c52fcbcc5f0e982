// ssj export items|plan|draws|results [--task ID] [--format xlsx|csv] [-o FILE] [--internal] [--encoding utf8|gb18030] [--json]
import { extname, join, resolve } from 'node:path';
import { drawsTable, itemsTable, resultsTable, type DisclosureTable } from '../core/disclosure.js';
import { SsjError, usageError } from '../core/errors.js';
import { didYouMean } from '../ui/suggest.js';
import { refusePrivateData } from '../core/privacy.js';
import { resultsToPublish } from '../core/results-export.js';
import type { LedgerRecord } from '../core/record.js';
import type { LedgerEntry } from '../core/ledger.js';
import type { Task } from '../core/tasks.js';
import type { Conflict, Entity, InspectionItem, Inspector } from '../core/types.js';
import { anchorFileOf, anchorOf } from '../io/anchor.js';
import { readLedger } from '../io/draws.js';
import { resultsId } from '../io/ledger-others.js';
import { readLatestWithHashes } from '../io/results.js';
import { recordHash } from '../core/record.js';
import { recordsJsonl, writeCsv, writeXlsx, type Encoding } from '../io/table-writer.js';
import { writeFileOrExplain } from '../io/workbook.js';
import { FOLDERS, openWorkspace, type Workspace } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import type { ExportOptions } from './options/export.js';
import type { GlobalOptions } from './main.js';
import { findTask, loadTasks } from './records.js';

export type { ExportOptions } from './options/export.js';

const KINDS = { items: '随机抽查事项清单', plan: '年度抽查工作计划', draws: '抽取结果', results: '检查结果' } as const;
type Kind = keyof typeof KINDS;
const PRIVATE_FIX: Record<Kind, string> = {
  items: '请在随机抽查事项清单中删除后重新导入（ssj import items）',
  plan: '请在随机抽查事项清单或检查对象名录库中删除后重新导入',
  draws: '抽取记录保存后不能修改：请核对上面列出的内容，确属个人信息的，公开前请报告上级并手工遮盖',
  results: '请在检查结果填报表中删除或改写后重新导入（ssj results import），新的版本会代替旧的',
};

export async function exportList(kindArg: string, opts: ExportOptions, g: GlobalOptions): Promise<number> {
  const kind = kindArg.trim().toLowerCase() as Kind;
  // 名录库调整清单 and 证据材料索引 (docs/paper-trail.md)
  if ((kind as string) === 'adjustments' || (kind as string) === 'evidence') return (await import('./trail-export.js')).exportTrail(kind as string, opts, g);
  // 一公开 of the registry and the roster, and the one-file browser verifier (export-lists.ts, export-verifier.ts)
  const asked = kindArg.trim().toLowerCase();
  if (asked === 'entities' || asked === 'inspectors') return (await import('./export-lists.js')).exportPublicList(asked, opts, g);
  if (asked === 'verifier') return (await import('./export-verifier.js')).exportVerifier(opts, g);
  if ((opts as { snapshot?: string }).snapshot !== undefined) throw usageError('--snapshot 只用于 entities 和 inspectors');
  if (!(kind in KINDS)) throw usageError(`不认识的清单「${kindArg}」${didYouMean(kindArg, [...Object.keys(KINDS), 'entities', 'inspectors', 'verifier', 'adjustments', 'evidence'], 'export')}：可以导出 items（抽查事项）、plan（年度计划）、draws（抽取结果）、results（检查结果）、entities（检查对象名录库）、inspectors（执法检查人员名录）、verifier（网页复核工具）、adjustments（名录库调整清单）或 evidence（证据材料索引）`);
  const { format, encoding } = formatOf(opts);
  if (opts.task && (kind === 'items' || kind === 'plan')) throw usageError(`--task 只用于 draws 和 results`);
  const internal = Boolean(opts.internal);

  const ws = await openWorkspace(g.cwd);
  const { table, records, tasks, relies, extra, entries } = await build(ws, kind, opts.task, internal);
  if (table.rows.length === 0) {
    throw new SsjError('NO_DATA', `没有可导出的${KINDS[kind]}${opts.task ? `（抽查任务 ${opts.task}）` : ''}`, {
      hint: kind === 'results' ? '请先用 ssj results import 导入检查结果' : kind === 'draws' ? '请先运行 ssj draw' : '请先导入随机抽查事项清单：ssj import items 文件',
    });
  }
  // 一公开: no phone or ID number in a public file, also not in free text (备注 …)
  // (the results' 备注 is typed by the clerk: a 回避 or a contact person written there is refused too)
  if (!internal) refusePrivateData(table, KINDS[kind], PRIVATE_FIX[kind], kind === 'results' ? ['备注'] : []);
  const scope = opts.task ? `${tasks[0]!.id} ` : `${ws.config.year}年度`;
  // 2026年度 + 年度抽查工作计划 is 2026年度抽查工作计划, the name ssj plan gives the same document
  const doc = scope.endsWith('年度') && KINDS[kind].startsWith('年度') ? KINDS[kind].slice(2) : KINDS[kind];
  const name = `${scope}${doc}${internal ? '（内部资料）' : ''}.${format}`;
  const path = opts.output ? resolve(g.cwd, opts.output) : join(ws.root, FOLDERS.exports, name);
  const files = [path];
  // the ledger's head now and the records the export states facts from: published, they anchor the ledger (docs/ledger.md)
  const anchor = anchorOf(entries ?? (await readLedger(ws.root)), relies);
  if (format === 'xlsx' && extra?.length) await (await import('./plan-file.js')).writeTablesAnchored(path, [table, ...extra], anchor);
  else if (format === 'xlsx') await writeXlsx(path, table, kind === 'draws' ? records : [], anchor);
  else {
    const chainFile = anchorFileOf(path);
    await writeFileOrExplain(chainFile, JSON.stringify(anchor, null, 2) + '\n');
    if (kind === 'draws') {
      // the records travel beside the CSV, so that the export and the snapshot it names are enough for ssj verify
      const side = path.replace(/\.csv$/i, '') + '.records.jsonl';
      await writeFileOrExplain(side, recordsJsonl(records));
      files.push(side);
    }
    await writeCsv(path, table, internal, encoding);
    files.push(chainFile);
  }
  if (opts.json) {
    json({ ok: true, kind, output: path, files, format, encoding: format === 'csv' ? encoding : null, internal, rows: table.rows.length, tasks: tasks.map((t) => t.id), head: anchor.head && { id: anchor.head.id, hash: anchor.head.hash } });
    return 0;
  }
  out(`${sym.ok} 已导出${KINDS[kind]}${internal ? c.warn('（内部资料，含联系方式等不公开的内容，不得公开）') : '（可直接公开）'}：${c.em(path)}`);
  out(`  ${table.rows.length} 行${tasks.length ? `，抽查任务 ${tasks.map((t) => t.id).join('、')}` : ''}${format === 'csv' ? `；CSV 编码 ${encoding === 'utf8' ? 'UTF-8（带 BOM，Excel 可直接打开）' : 'GB18030'}` : ''}`);
  if (kind === 'draws' && format === 'csv') out(`  抽取记录：${files[1]}（与名录快照一起可用 ssj verify 复核）`);
  // (the hash on a line of its own: the id, the hash and the note on one line passed 80 columns)
  if (anchor.head) out(c.dim(`  台账链头 ${anchor.head.id}（公开后可用 ssj verify --against 核对台账此后未被删改）\n    ${anchor.head.hash}`));
  return 0;
}

/** The table to export, the records it lists, its tasks, and the ids of the ledger records it states facts from. */
async function build(ws: Workspace, kind: Kind, taskArg: string | undefined, internal: boolean): Promise<{ table: DisclosureTable; records: LedgerRecord[]; tasks: Task[]; relies: string[]; extra?: DisclosureTable[]; entries?: LedgerEntry[] }> {
  const { org, year } = ws.config;
  if (kind === 'plan') {
    // the filed version (ssj plan --file) with its adjustments, when the plan was filed (docs/paper-trail.md)
    const filed = await (await import('./plan-file.js')).filedPlanExport(ws, internal);
    if (filed) return { table: filed.tables[0]!, extra: filed.tables.slice(1), records: [], tasks: [], relies: filed.relies };
  }
  if (kind === 'items' || kind === 'plan') {
    // (loaded here: the results export, the one done most often, needs neither the stored lists nor the plan)
    const { loadCurrent } = await import('../io/store.js');
    const { buildPlan, PLAN_HEADERS, planColumns, planTitle } = await import('../core/plan.js');
    const items = (await loadCurrent(ws.root, 'items'))?.records as InspectionItem[] | undefined;
    if (!items) throw new SsjError('NO_DATA', '还没有导入随机抽查事项清单', { hint: '请先运行 ssj import items 事项清单.xlsx' });
    if (kind === 'items') return { table: itemsTable(org, year, items, internal), records: [], tasks: [], relies: [] };
    const entities = (await loadCurrent(ws.root, 'entities'))?.records as Entity[] | undefined;
    if (!entities) throw new SsjError('NO_DATA', '还没有导入检查对象名录库', { hint: '请先运行 ssj import entities 名录库.xlsx' });
    const rows = buildPlan(items, entities, ws.config).filter((r) => r.reason === null);
    return {
      table: {
        title: planTitle(ws.config) + (internal ? '（内部资料 不得公开）' : ''), sheet: '年度抽查工作计划', columns: [...PLAN_HEADERS],
        widths: [6, 22, 34, 8, 30, 16, 10, 10, 26, 16, 12],
        rows: rows.map((r, i) => planColumns(r, i + 1).map((x) => x.value)),
      },
      records: [], tasks: [], relies: [],
    };
  }
  // the draws export publishes whole records; the results export needs no exclusion lists (readForReport), and
  // the public one no picks or teams either (the internal one lists each visit's team)
  const loaded = await loadTasks(ws.root, { light: kind === 'results', bareVisits: kind === 'results' && !internal });
  let tasks = loaded.tasks.filter((t) => t.replacedBy.length === 0);
  if (taskArg) tasks = [findTask(loaded.tasks, loaded.entries, taskArg)];
  if (kind === 'draws') {
    const ids = new Set(tasks.map((t) => t.id));
    // an announced draw (ssj draw --announced) travels with its announcement record, so that the published files
    // alone show the draw was made as announced, after the announcement (ssj verify, the browser verifier)
    for (const r of loaded.records) if (r.kind === 'draw' && ids.has(r.id) && r.announcement) ids.add(r.announcement.id);
    const full = loaded.records.filter((r) => ids.has(r.kind === 'amendment' ? r.of.id : r.id));
    checkAgainstLedger(loaded.entries, full.map((r) => ({ id: r.id, hash: r.hash, actual: recordHash(r) })));
    // public files never carry 回避 pairs: each record in its public form (public-record.ts); the internal export keeps them
    const { publicRecord } = await import('../core/public-record.js');
    const records = internal ? full : (full.map(publicRecord) as LedgerRecord[]);
    const lists = internal ? await internalLists(ws, tasks) : null;
    return { table: drawsTable(org, year, tasks, lists), records, tasks, relies: records.map((r) => r.id), entries: loaded.entries };
  }
  // each task's latest results version, read, parsed and hashed once (the versions before it are not exported)
  const stored = await readLatestWithHashes(ws.root);
  const latest = new Map([...stored].map(([k, v]) => [k, v.latest]));
  // 合并检查: a result entered under one task of a merged visit counts for every task of it (core/visits.ts)
  const withResults = resultsToPublish(tasks, loaded.tasks, latest);
  if (taskArg && withResults.length === 0) {
    throw new SsjError('NO_DATA', `抽查任务 ${tasks[0]!.id} 还没有导入检查结果`, { hint: `请先运行 ssj results sheet ${tasks[0]!.id}，填好后 ssj results import` });
  }
  // an edited results version is never published: each must be the one its ledger line registers
  const used = withResults.map(({ results: v }) => ({ id: resultsId(v.task, v.version), actual: stored.get(v.task)?.hashes.get(v.version) ?? '' }));
  checkAgainstLedger(loaded.entries, used.map((u) => ({ ...u, hash: null })));
  // the records each task relies on: its draw and amendments, as the ledger registers them
  const recordsOf = new Map<string, string[]>();
  for (const r of loaded.records) {
    const task = r.kind === 'draw' ? r.id : r.kind === 'amendment' ? r.of.id : '';
    const ids = recordsOf.get(task);
    if (ids) ids.push(r.id);
    else recordsOf.set(task, [r.id]);
  }
  const relies = withResults.flatMap(({ task, results: v }) => [...(recordsOf.get(task.id) ?? []), resultsId(v.task, v.version)]);
  const entities = internal ? (await internalLists(ws, withResults.map((x) => x.task))).entities : null;
  return { table: resultsTable(org, year, withResults, entities), records: [], tasks: withResults.map((x) => x.task), relies, entries: loaded.entries };
}

/**
 * Refuse to publish a record that is not the one the ledger registers: `actual` is the hash of what the file holds
 * now, `hash` the one it states (null: none). A record the ledger does not have at all (a results version stored by
 * an older ssj, before results were ledger records) is let through: ssj verify reports it.
 */
function checkAgainstLedger(ledger: readonly LedgerEntry[], items: readonly { id: string; hash: string | null; actual: string }[]): void {
  const byId = new Map(ledger.map((e) => [e.id, e]));
  const bad = items.filter((it) => {
    const e = byId.get(it.id);
    return (it.hash !== null && it.actual !== it.hash) || (e !== undefined && e.hash !== (it.hash ?? it.actual));
  });
  if (bad.length) {
    throw new SsjError('VERIFY_FAILED', `${bad.map((b) => b.id).join('、')} 与抽取台账中登记的不符（文件被改动过），不能据此导出公开文件`, { hint: '请运行 ssj verify 查看详情，从备份中恢复' });
  }
}

/** The lists each task was drawn from (its snapshots), for the internal columns; 回避 reasons from the current list. */
async function internalLists(ws: Workspace, tasks: readonly Task[]) {
  const { loadCurrent, loadSnapshot } = await import('../io/store.js');
  const entities = new Map<string, Entity>();
  const inspectors = new Map<string, Inspector>();
  const seen = new Set<string>();
  for (const t of tasks) {
    const e = t.draw.inputs.entities.snapshot;
    const i = t.draw.inputs.inspectors.snapshot;
    if (!seen.has(`e${e}`)) for (const x of (await loadSnapshot(ws.root, 'entities', e)) as Entity[]) entities.set(x.code, x);
    if (!seen.has(`i${i}`)) for (const x of (await loadSnapshot(ws.root, 'inspectors', i)) as Inspector[]) inspectors.set(x.certNo, x);
    seen.add(`e${e}`).add(`i${i}`);
  }
  const conflicts = ((await loadCurrent(ws.root, 'conflicts'))?.records ?? []) as Conflict[];
  return { entities, inspectors, conflicts };
}

/** --format (default from -o's extension, else xlsx) and --encoding, checked together; every export uses this. */
export function formatOf(opts: ExportOptions): { format: 'xlsx' | 'csv'; encoding: Encoding } {
  const fromName = opts.output ? extname(opts.output).slice(1).toLowerCase() : '';
  const format = (opts.format ?? (fromName === 'csv' ? 'csv' : 'xlsx')).toLowerCase();
  if (format !== 'xlsx' && format !== 'csv') throw usageError(`--format 只能是 xlsx 或 csv，现在是「${opts.format}」`);
  if (opts.output && fromName && fromName !== format) throw usageError(`输出文件「${opts.output}」的扩展名与 --format ${format} 不一致`);
  const encoding = (opts.encoding ?? 'utf8').toLowerCase().replace('-', '') as Encoding;
  if (encoding !== 'utf8' && encoding !== 'gb18030') throw usageError(`--encoding 只能是 utf8 或 gb18030，现在是「${opts.encoding}」`);
  if (opts.encoding && format !== 'csv') throw usageError('--encoding 只用于 CSV（--format csv）');
  return { format, encoding };
}
