// Writing a disclosure table as .xlsx (print-ready, every text a plain string cell) or .csv (UTF-8 with BOM, or
// GB18030; text a spreadsheet would run as a formula gets a leading apostrophe).
import type ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { inertCsv, INTERNAL_MARK, type DisclosureTable } from '../core/disclosure.js';
import type { LedgerRecord } from '../core/record.js';
import { ANCHOR_SHEET, anchorRows, type Anchor } from './anchor.js';
import { BORDER, FONT, headerRow, newWorkbook, titleRow, writeFileOrExplain, writeWorkbook } from './workbook.js';
import { printableWidths, rowHeight, titleHeight, unbrokenWidths } from './print-layout.js';

export type Encoding = 'utf8' | 'gb18030';

/** The sheet of a draw export holding the records themselves, so that the export alone can be verified. */
export const RECORDS_SHEET = '抽取记录（复核用）';
/** Excel holds at most 32,767 characters in a cell: records are split into parts below that. */
const PART = 30_000;

export function csvText(table: DisclosureTable, internal: boolean): string {
  const rows = table.rows.map((r) => r.map(inertCsv));
  const head = internal ? [[INTERNAL_MARK.replace(/[（）]/g, '') + '：' + table.title]] : [];
  return stringify([...head, table.columns.map(inertCsv), ...rows], { record_delimiter: '\r\n' });
}

export async function writeCsv(path: string, table: DisclosureTable, internal: boolean, encoding: Encoding): Promise<void> {
  const text = csvText(table, internal);
  let bytes: Uint8Array;
  if (encoding === 'gb18030') {
    const { default: iconv } = await import('iconv-lite');
    bytes = new Uint8Array(iconv.encode(text, 'gb18030'));
  } else {
    bytes = new Uint8Array(Buffer.from('\uFEFF' + text, 'utf8'));
  }
  await writeFileOrExplain(path, bytes);
}

/** Records as JSON lines (the .csv draw export's companion file). */
export const recordsJsonl = (records: readonly LedgerRecord[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** A disclosure table as a print-ready sheet of a workbook. */
export function addTableSheet(wb: ExcelJS.Workbook, table: DisclosureTable): ExcelJS.Worksheet {
  const n = table.columns.length;
  const sh = wb.addWorksheet(table.sheet, {
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2',
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  // widths that print at 8 pt or more when fitted to the page's width; rows as tall as their wrapped text
  const widths = printableWidths(table.widths, table.columns, undefined, undefined, unbrokenWidths(n, table.rows));
  sh.columns = widths.map((width) => ({ width }));
  titleRow(sh, table.title, n, titleHeight(table.title, widths));
  sh.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  headerRow(sh.getRow(2), table.columns, rowHeight(table.columns, widths, 30));
  table.rows.forEach((r, k) => {
    const row = sh.getRow(3 + k);
    row.height = rowHeight(r, widths);
    r.forEach((v, i) => {
      const c = row.getCell(i + 1);
      c.value = v; // a string is written as a string cell, never a formula, whatever it starts with
      c.font = FONT;
      c.border = BORDER;
      c.alignment = { vertical: 'middle', wrapText: true, ...(typeof v === 'number' ? { horizontal: 'center' } : {}) };
    });
  });
  return sh;
}

/** Several tables, a sheet each, in one workbook. */
export async function writeTables(path: string, tables: readonly DisclosureTable[]): Promise<void> {
  const wb = await newWorkbook();
  for (const t of tables) {
    const sh = addTableSheet(wb, t);
    if (t.rows.length === 0) {
      // a sheet with only its header prints as if something were missing: say there is nothing
      sh.mergeCells(3, 1, 3, t.columns.length);
      const c = sh.getCell(3, 1);
      c.value = '（本年度没有）';
      c.font = FONT;
      c.border = BORDER;
      c.alignment = { horizontal: 'center', vertical: 'middle' };
      sh.getRow(3).height = 24;
    }
  }
  await writeWorkbook(path, wb);
}

export async function writeXlsx(path: string, table: DisclosureTable, records: readonly LedgerRecord[] = [], anchor?: Anchor): Promise<void> {
  const wb = await newWorkbook();
  addTableSheet(wb, table);
  if (anchor) {
    // the ledger's head when the export was made, and the records it states facts from (docs/ledger.md);
    // machine-readable, for ssj verify --against: hidden like the records sheet, so that it is never printed
    const as = wb.addWorksheet(ANCHOR_SHEET, { state: 'hidden' });
    as.columns = [{ width: 14 }, { width: 16 }, { width: 70 }, { width: 10 }];
    for (const r of anchorRows(anchor)) as.addRow(r.map((x) => (typeof x === 'number' ? String(x) : x)));
  }
  if (records.length) {
    // machine-readable, for ssj verify: hidden, so that it is never printed (nor exported to PDF)
    const rs = wb.addWorksheet(RECORDS_SHEET, { state: 'hidden' });
    rs.columns = [{ header: '记录编号', width: 14 }, { header: '段', width: 5 }, { header: '记录内容（JSON，按段顺序连接；用 ssj verify 本文件 --entities … --inspectors … 复核）', width: 120 }];
    for (const rec of records) {
      const text = JSON.stringify(rec);
      for (let i = 0, part = 1; i < text.length; i += PART, part++) rs.addRow([rec.id, part, text.slice(i, i + PART)]);
    }
  }
  await writeWorkbook(path, wb);
}
