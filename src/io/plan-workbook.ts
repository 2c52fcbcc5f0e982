// The 年度抽查工作计划 workbook (ssj plan, ssj plan --file): the plan table and the items not drawn, laid out for A4 by io/print-layout.ts.
import type ExcelJS from 'exceljs';
import type { Config } from '../core/config.js';
import { NOT_DRAWN_HEADERS, notDrawnColumns, PLAN_HEADERS, planColumns, planTitle, type PlanCell, type PlanRow } from '../core/plan.js';
import { today } from './clock.js';
import { printableWidths, rowHeight, titleHeight, unbrokenWidths } from './print-layout.js';
import { BORDER, FONT, newWorkbook, writeWorkbook } from './workbook.js';

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
 * (repeated on every printed page), the rows, a note; A4 landscape, one page wide, never fitted below ~8 pt
 * (print-layout's widths), rows as tall as their wrapped text. Every value is a plain string or number, never a formula.
 */
function addTableSheet(
  wb: ExcelJS.Workbook, name: string, title: string, subtitle: string,
  headers: readonly string[], given: Record<string, number>, rows: PlanCell[][], note: string,
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
  const values = rows.map((cells) => cells.map((x) => x.value));
  const widths = printableWidths(headers.map((h) => given[h] ?? 12), headers, undefined, undefined, unbrokenWidths(n, values));
  ws.columns = widths.map((width) => ({ width }));
  ws.mergeCells(1, 1, 1, n);
  const t = ws.getCell(1, 1);
  t.value = title;
  t.style = TITLE;
  ws.getRow(1).height = titleHeight(title, widths, 36);
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
  head.height = rowHeight(headers, widths, 30);
  rows.forEach((cells, r) => {
    const row = ws.getRow(4 + r);
    cells.forEach(({ header, value }, i) => {
      const cell = row.getCell(i + 1);
      cell.value = value; // a string or a number, never { formula }
      cell.style = CENTERED.has(header) ? CENTER : CELL;
    });
    row.height = rowHeight(values[r]!, widths, 22); // Excel and WPS do not grow rows for wrapped text on opening
  });
  const noteRow = 4 + rows.length + 1;
  ws.mergeCells(noteRow, 1, noteRow, n);
  const nc = ws.getCell(noteRow, 1);
  nc.value = note;
  nc.style = { font: { ...FONT, size: 10 }, alignment: { vertical: 'top', wrapText: true } };
  ws.getRow(noteRow).height = rowHeight([note], [widths.reduce((a, b) => a + b, 0)], 30, 10);
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
