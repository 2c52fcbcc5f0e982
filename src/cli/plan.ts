// ssj plan [-o FILE.xlsx] [--json]: the 年度抽查工作计划 from the item list and the current registry.
// Without --json: a table on the terminal and the workbook (default exports/<year>年度抽查工作计划.xlsx).
// With --json: the array of docs/cli-json.md on stdout; the workbook is written only when -o is given.
import type ExcelJS from 'exceljs';
import { extname, join, resolve } from 'node:path';
import stringWidth from 'string-width';
import type { Config } from '../core/config.js';
import { SsjError, usageError } from '../core/errors.js';
import {
  buildPlan, monthsText, NOT_DRAWN_HEADERS, notDrawnColumns, PLAN_HEADERS, planColumns, planJson, planTitle,
  type PlanCell, type PlanRow,
} from '../core/plan.js';
import type { Entity, InspectionItem } from '../core/types.js';
import { today } from '../io/clock.js';
import { loadCurrent } from '../io/store.js';
import { BORDER, FONT, newWorkbook, writeWorkbook } from '../io/workbook.js';
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

type Style = Partial<ExcelJS.Style>;
const TITLE: Style = { font: { name: '宋体', size: 16, bold: true }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
const HEAD: Style = { font: { ...FONT, bold: true }, border: BORDER, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };
const CELL: Style = { font: FONT, border: BORDER, alignment: { vertical: 'middle', wrapText: true } };
const CENTER: Style = { ...CELL, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } };

const PLAN_WIDTHS: Record<string, number> = {
  序号: 6, 检查主体: 18, 抽查任务名称: 30, 抽查类型: 8, 抽查事项: 26, 检查对象: 16, 抽查比例: 12, 抽查频次: 9, 抽查数量: 20, 计划开展时间: 12, 责任股室: 10,
};
const NOT_DRAWN_WIDTHS: Record<string, number> = {
  序号: 6, 事项编号: 12, 抽查事项: 30, 检查对象: 16, 在业检查对象: 10, 抽查比例: 10, 不抽查原因: 44, 责任股室: 10,
};
const CENTERED = new Set(['序号', '抽查类型', '抽查比例', '抽查频次', '计划开展时间', '在业检查对象', '事项编号']);

/**
 * A sheet laid out as a published table: title merged over the columns, a dated line, the bold bordered header
 * (repeated on every printed page), the rows, a note; A4 landscape, one page wide.
 * Every value is written as a plain string or number: never a formula, whatever the text starts with.
 */
function addTableSheet(
  wb: ExcelJS.Workbook, name: string, title: string, subtitle: string,
  headers: readonly string[], widths: Record<string, number>, rows: PlanCell[][], note: string,
): void {
  const ws = wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true,
      printTitlesRow: '3:3', margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  const n = headers.length;
  ws.columns = headers.map((h) => ({ width: widths[h] ?? 12 }));
  ws.mergeCells(1, 1, 1, n);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.style = TITLE;
  ws.getRow(1).height = 36;
  ws.mergeCells(2, 1, 2, n);
  const s = ws.getCell(2, 1);
  s.value = subtitle;
  s.style = { font: FONT, alignment: { horizontal: 'right', vertical: 'middle' } };
  const head = ws.getRow(3);
  headers.forEach((h, i) => {
    const cell = head.getCell(i + 1);
    cell.value = h;
    cell.style = HEAD;
  });
  head.height = 30;
  rows.forEach((cells, r) => {
    const row = ws.getRow(4 + r);
    let lines = 1;
    cells.forEach(({ header, value }, i) => {
      const cell = row.getCell(i + 1);
      cell.value = value; // a string or a number, never { formula }
      cell.style = CENTERED.has(header) ? CENTER : CELL;
      lines = Math.max(lines, linesNeeded(String(value), widths[header] ?? 12));
    });
    row.height = Math.max(22, lines * 15 + 6); // Excel and WPS do not grow rows for wrapped text on opening
  });
  const noteRow = 4 + rows.length + 1;
  ws.mergeCells(noteRow, 1, noteRow, n);
  const nc = ws.getCell(noteRow, 1);
  nc.value = note;
  nc.style = { font: { ...FONT, size: 10 }, alignment: { vertical: 'top', wrapText: true } };
  ws.getRow(noteRow).height = Math.max(30, linesNeeded(note, headers.reduce((a, h) => a + (widths[h] ?? 12), 0)) * 15 + 6);
}

/** Lines a wrapped cell needs: CJK characters count two columns. */
function linesNeeded(text: string, width: number): number {
  return text.split('\n').reduce((a, l) => a + Math.max(1, Math.ceil(stringWidth(l) / Math.max(1, width - 2))), 0);
}

const chineseDate = (iso: string) => `${+iso.slice(0, 4)}年${+iso.slice(5, 7)}月${+iso.slice(8, 10)}日`;

/** The plan workbook: sheet 年度抽查工作计划, and 不抽查事项 when some items are not drawn. Written atomically. */
export async function planWorkbook(rows: readonly PlanRow[], config: Pick<Config, 'org' | 'year' | 'minRatio' | 'minRounds'>, asOf: string): Promise<ExcelJS.Workbook> {
  const wb = await newWorkbook();
  wb.title = planTitle(config);
  const drawn = rows.filter((r) => r.reason === null);
  const notDrawn = rows.filter((r) => r.reason !== null);
  const subtitle = `编制日期：${chineseDate(today())}`;
  addTableSheet(
    wb, '年度抽查工作计划', planTitle(config), subtitle, PLAN_HEADERS, PLAN_WIDTHS, drawn.map((r, i) => planColumns(r, i + 1)),
    `说明：检查对象按检查对象名录库（${asOf} 导入）中的在业对象计算，已注销、吊销、撤销、迁出的不抽取；抽查数量 = 在业数 × 抽查比例，向上取整，至少 1 个；` +
      `抽查比例和频次按随机抽查事项清单执行（法律法规规章有规定的按规定），清单没有写的，抽查比例不低于 ${+(config.minRatio * 100).toFixed(4)}%，每年至少抽查 ${config.minRounds} 次，均在年底前完成。` +
      drawn.filter((r) => r.belowDefaults.length).map((r) => `事项 ${r.item}「${r.name}」${r.belowDefaults.join('，')}，${r.remark ? `依据：${r.remark}` : '依据待补充'}。`).join('') +
      (notDrawn.length ? `不抽查的 ${notDrawn.length} 个事项及原因见“不抽查事项”工作表。` : ''),
  );
  if (notDrawn.length) {
    addTableSheet(
      wb, '不抽查事项', `${config.org}${config.year}年度不抽查事项`, subtitle, NOT_DRAWN_HEADERS, NOT_DRAWN_WIDTHS,
      notDrawn.map((r, i) => notDrawnColumns(r, i + 1)), '说明：以上事项在随机抽查事项清单中抽查比例为“不适用”，或检查对象名录库中没有可抽取的在业对象，本年度不进行随机抽查。',
    );
  }
  return wb;
}

/** Write the plan workbook atomically (temp file in the same folder, then rename). */
export async function writePlanWorkbook(path: string, rows: readonly PlanRow[], config: Pick<Config, 'org' | 'year' | 'minRatio' | 'minRounds'>, asOf: string): Promise<void> {
  await writeWorkbook(path, await planWorkbook(rows, config, asOf));
}
