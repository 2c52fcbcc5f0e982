// Writing a disclosure table as .xlsx (print-ready, every text a plain string cell; written directly by xlsx-write.ts) or .csv (UTF-8 with BOM, or
// GB18030; text a spreadsheet would run as a formula gets a leading apostrophe).
import { inertCsv, INTERNAL_MARK, type DisclosureTable } from '../core/disclosure.js';
import type { LedgerRecord } from '../core/record.js';
import { ANCHOR_SHEET, anchorRows, type Anchor } from './anchor.js';
import { writeFileOrExplain } from './atomic.js';
import { FONT } from './workbook.js';
import { WorkbookWriter, type CellStyle, type SheetWriter, type XCell } from './xlsx-write.js';
import { printableWidths, rowHeight, rowHeights, titleHeight, unbrokenWidths } from './print-layout.js';

export type Encoding = 'utf8' | 'gb18030';

/** The sheet of a draw export holding the records themselves, so that the export alone can be verified. */
export const RECORDS_SHEET = '抽取记录（复核用）';
/** Excel holds at most 32,767 characters in a cell: records are split into parts below that. */
const PART = 30_000;

export async function csvText(table: DisclosureTable, internal: boolean): Promise<string> {
  const { stringify } = await import('csv-stringify/sync'); // (only for CSV: an .xlsx export need not load it)
  const rows = table.rows.map((r) => r.map(inertCsv));
  const head = internal ? [[INTERNAL_MARK.replace(/[（）]/g, '') + '：' + table.title]] : [];
  return stringify([...head, table.columns.map(inertCsv), ...rows], { record_delimiter: '\r\n' });
}

export async function writeCsv(path: string, table: DisclosureTable, internal: boolean, encoding: Encoding): Promise<void> {
  const text = await csvText(table, internal);
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

const TITLE_STYLE: CellStyle = { font: { ...FONT, name: '宋体', size: 16, bold: true }, horizontal: 'center', vertical: 'center', wrap: true };
const HEADER_STYLE: CellStyle = { font: { ...FONT, bold: true }, fill: 'FFD9D9D9', border: true, horizontal: 'center', vertical: 'center', wrap: true };
const TEXT_STYLE: CellStyle = { font: FONT, border: true, vertical: 'center', wrap: true };
const NUMBER_STYLE: CellStyle = { ...TEXT_STYLE, horizontal: 'center' };
const NOTHING_STYLE: CellStyle = { font: FONT, border: true, horizontal: 'center', vertical: 'center' };

/**
 * A disclosure table as a print-ready sheet of a workbook: the title merged over the columns (row 1), the header
 * (row 2, repeated on every printed page, frozen with the title), A4 landscape fitted to the page's width, the page
 * number in the footer. `empty`: a table without rows says so in a merged row 3.
 */
export function addTableSheet(wb: WorkbookWriter, table: DisclosureTable, empty = false): SheetWriter {
  const t = startTableSheet(wb, table);
  for (const r of table.rows) t.row(r);
  return t.end(empty);
}

/**
 * addTableSheet, letting the event loop run while the rows are written, so that the sheet's buffers are written
 * into again once deflated (a results export's sheet is 17 MB of XML; see SheetWriter.settle).
 */
export async function addTableSheetYielding(wb: WorkbookWriter, table: DisclosureTable, empty = false): Promise<SheetWriter> {
  const t = startTableSheet(wb, table);
  let cuts = 0;
  const rows = table.rows;
  for (let k = 0; k < rows.length; k++) {
    t.row(rows[k]!);
    if (t.sheet.segmentsCut === cuts) continue;
    // a segment was cut: one turn of the event loop lets the deflates under way go on (zlib takes two trips to the
    // thread pool a segment) and hands back the buffers of those done; wait only when several are behind
    cuts = t.sheet.segmentsCut;
    if (t.sheet.backlog > 3) await t.sheet.settle();
    else for (let turns = t.sheet.backlog > 1 ? 2 : 1; turns > 0; turns--) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return t.end(empty);
}

/** A table's sheet with its title and header written: then its rows, one by one, and its end. */
function startTableSheet(wb: WorkbookWriter, table: DisclosureTable): { sheet: SheetWriter; row: (r: readonly XCell[]) => void; end: (empty: boolean) => SheetWriter } {
  const n = table.columns.length;
  // widths that print at 8 pt or more when fitted to the page's width; rows as tall as their wrapped text
  const widths = printableWidths(table.widths, table.columns, undefined, undefined, unbrokenWidths(n, table.rows));
  const sh = wb.addSheet(table.sheet, {
    widths, frozenRows: 2,
    print: {
      landscape: true, titleRows: [2, 2], footer: '第 &P 页，共 &N 页',
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  }, (table.rows.length + 3) * (n * 45 + 60)); // a row's XML, about: a cell is <c r="B12345" s="4" t="s"><v>45678</v></c>
  const all = (v: XCell) => [v, ...Array<XCell>(n - 1).fill(null)];
  sh.merge(1, 1, 1, n);
  sh.row(all(table.title), wb.style(TITLE_STYLE), titleHeight(table.title, widths));
  sh.row(table.columns, wb.style(HEADER_STYLE), rowHeight(table.columns, widths, 30));
  const text = wb.style(TEXT_STYLE);
  const number = wb.style(NUMBER_STYLE);
  const styles: number[] = [];
  const heightOf = rowHeights(widths);
  const row = (r: readonly XCell[]) => {
    // a string is written as a string cell, never a formula, whatever it starts with
    for (let i = 0; i < r.length; i++) styles[i] = typeof r[i] === 'number' ? number : text;
    styles.length = r.length;
    sh.row(r, styles, heightOf(r));
  };
  const end = (empty: boolean) => {
    if (empty && table.rows.length === 0) {
      // a sheet with only its header prints as if something were missing: say there is nothing
      sh.merge(3, 1, 3, n);
      sh.row(all('（本年度没有）'), wb.style(NOTHING_STYLE), 24);
    }
    return sh;
  };
  return { sheet: sh, row, end };
}

/** The anchor sheet (docs/ledger.md): the ledger's head when the export was made, and the records it states facts
 * from; machine-readable, for ssj verify --against: hidden like the records sheet, so that it is never printed. */
function addAnchorSheet(wb: WorkbookWriter, anchor: Anchor): void {
  const as = wb.addSheet(ANCHOR_SHEET, { hidden: true, widths: [14, 16, 70, 10] });
  for (const r of anchorRows(anchor)) as.row(r.map((x) => (typeof x === 'number' ? String(x) : x)));
}

/** Several tables, a sheet each, in one workbook; with the anchor sheet when given (the filed plan and its adjustments). */
export async function writeTables(path: string, tables: readonly DisclosureTable[], anchor?: Anchor): Promise<void> {
  const wb = new WorkbookWriter();
  for (const t of tables) addTableSheet(wb, t, true);
  if (anchor) addAnchorSheet(wb, anchor);
  await writeFileOrExplain(path, await wb.toChunks());
}

export async function writeXlsx(path: string, table: DisclosureTable, records: readonly LedgerRecord[] = [], anchor?: Anchor): Promise<void> {
  const wb = new WorkbookWriter();
  await addTableSheetYielding(wb, table);
  if (anchor) addAnchorSheet(wb, anchor);
  if (records.length) {
    // machine-readable, for ssj verify: hidden, so that it is never printed (nor exported to PDF)
    const rs = wb.addSheet(RECORDS_SHEET, { hidden: true, widths: [14, 5, 120] });
    rs.row(['记录编号', '段', '记录内容（JSON，按段顺序连接；用 ssj verify 本文件 --entities … --inspectors … 复核）']);
    for (const rec of records) {
      const text = JSON.stringify(rec);
      for (let i = 0, part = 1; i < text.length; i += PART, part++) rs.row([rec.id, part, text.slice(i, i + PART)]);
    }
  }
  await writeFileOrExplain(path, await wb.toChunks());
}
