// ssj plan [-o FILE.xlsx] [--json]: the 年度抽查工作计划 from the item list and the current registry.
// Without --json: a table on the terminal and the workbook (default exports/<year>年度抽查工作计划.xlsx).
// With --json: the array of docs/cli-json.md on stdout; the workbook is written only when -o is given.
import { extname, join, resolve } from 'node:path';
import { SsjError, usageError } from '../core/errors.js';
import { buildPlan, monthsText, planJson, planTitle } from '../core/plan.js';
import type { Entity, InspectionItem } from '../core/types.js';
import { loadCurrent } from '../io/store.js';
import { writePlanWorkbook } from '../io/plan-workbook.js';
import { FOLDERS, openWorkspace } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import { renderTable } from '../ui/table.js';
import { wrapped } from '../ui/terminal.js';
import type { PlanOptions } from './options/plan.js';
import type { GlobalOptions } from './main.js';

/** The registry columns the plan reads. */
const PLAN_ENTITY_FIELDS = ['code', 'category', 'risk', 'status', 'statusText'] as const;

export const defaultPlanFile = (year: number) => `${year}年度抽查工作计划.xlsx`;

/** The current item list and registry; a typed error naming the lists still to import. */
export async function loadPlanInputs(root: string): Promise<{ items: InspectionItem[]; entities: Entity[]; asOf: string }> {
  const items = await loadCurrent(root, 'items');
  const entities = await loadCurrent(root, 'entities', PLAN_ENTITY_FIELDS);
  const missing = [
    ...(items ? [] : [['随机抽查事项清单', 'ssj import items 随机抽查事项清单.xlsx']]),
    ...(entities ? [] : [['检查对象名录库', 'ssj import entities 检查对象名录库.xlsx']]),
  ];
  if (missing.length || !items || !entities) {
    throw new SsjError('NO_DATA', `还没有导入${missing.map((m) => m[0]).join('和')}，无法编制年度抽查工作计划`, {
      hint: `请先运行：${missing.map((m) => m[1]).join('；')}`,
    });
  }
  return { items: items.records as InspectionItem[], entities: entities.records as Entity[], asOf: entities.entry.at.slice(0, 10) };
}

export async function plan(opts: PlanOptions, g: GlobalOptions): Promise<number> {
  if (opts.file) {
    if (opts.output !== undefined) throw usageError('--file 的备案文件写在工作区 exports/ 中，不用 -o');
    return (await import('./plan-file.js')).filePlan({ json: opts.json }, g);
  }
  if (opts.output !== undefined && extname(opts.output).toLowerCase() !== '.xlsx') {
    throw usageError(`-o 应为 .xlsx 文件，现在是「${opts.output}」`, '如：ssj plan -o 年度抽查工作计划.xlsx');
  }
  const ws = await openWorkspace(g.cwd);
  const { items, entities, asOf } = await loadPlanInputs(ws.root);
  const rows = buildPlan(items, entities, ws.config);
  const file = opts.output !== undefined ? resolve(g.cwd, opts.output) : join(ws.root, FOLDERS.exports, defaultPlanFile(ws.config.year));
  if (!opts.json || opts.output !== undefined) await writePlanWorkbook(file, rows, ws.config, asOf);
  if (opts.json) {
    json(rows.map(planJson));
    return 0;
  }
  const drawn = rows.filter((r) => r.reason === null);
  const notDrawn = rows.filter((r) => r.reason !== null);
  out(c.bold(planTitle(ws.config)));
  out(wrapped(`检查对象按名录库（${asOf} 导入）中的在业对象计算；抽查数量 = 在业数 × 抽查比例，向上取整，至少 1 个`, c.dim));
  out();
  out(renderTable(
    ['序号', '事项编号', '抽查事项', '检查对象', '在业', '比例', '每次', '频次', '计划开展时间', '责任股室'],
    drawn.map((r, i) => [i + 1, r.item, r.name, r.target, r.pool, r.ratioText, r.perRound, r.roundsText, monthsText(r.months), r.section]),
    { right: [0, 4, 6], maxWidth: 30, fit: true, shrink: [2, 3, 8, 9], drop: [0, 9, 3], minWidth: 10 },
  ));
  out(c.dim(`共 ${drawn.length} 个事项，全年抽取 ${drawn.reduce((a, r) => a + r.total, 0)} 个（次）检查对象`));
  if (notDrawn.length) {
    out();
    out(c.bold('不抽查的事项'));
    out(renderTable(['事项编号', '抽查事项', '原因'], notDrawn.map((r) => [r.item, r.name, r.reason!]), { maxWidth: 80, fit: true, shrink: [1, 2] }));
  }
  const warnings = rows.flatMap((r) => r.warnings.map((w) => `事项 ${r.item}：${w}`));
  if (warnings.length) {
    out();
    for (const w of warnings) out(`${sym.warn} ${c.warn(w)}`);
  }
  out();
  for (const line of await (await import('./plan-file.js')).filedSummary(ws.root, rows)) out(line);
  out(`${sym.ok} 已写入 ${c.em(file)}`);
  return 0;
}
