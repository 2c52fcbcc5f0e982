// The exceljs writer of disclosure tables that src/io/table-writer.ts used before it wrote the parts itself
// (src/io/xlsx-write.ts): kept only as the oracle the direct writer's output is compared with (test/io/xlsx-write.test.ts).
import ExcelJS from 'exceljs';
import type { DisclosureTable } from '../../src/core/disclosure.js';
import type { LedgerRecord } from '../../src/core/record.js';
import { ANCHOR_SHEET, anchorRows, type Anchor } from '../../src/io/anchor.js';
import { BORDER, FONT, headerRow, titleRow } from '../../src/io/workbook.js';
import { printableWidths, rowHeight, titleHeight, unbrokenWidths } from '../../src/io/print-layout.js';
import { RECORDS_SHEET } from '../../src/io/table-writer.js';

const PART = 30_000;

function newWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ssj';
  wb.calcProperties.fullCalcOnLoad = false;
  return wb;
}

function addTableSheet(wb: ExcelJS.Workbook, table: DisclosureTable): ExcelJS.Worksheet {
  const n = table.columns.length;
  const sh = wb.addWorksheet(table.sheet, {
    pageSetup: {
      paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2',
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
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
      c.value = v;
      c.font = FONT;
      c.border = BORDER;
      c.alignment = { vertical: 'middle', wrapText: true, ...(typeof v === 'number' ? { horizontal: 'center' } : {}) };
    });
  });
  return sh;
}

function addAnchorSheet(wb: ExcelJS.Workbook, anchor: Anchor): void {
  const as = wb.addWorksheet(ANCHOR_SHEET, { state: 'hidden' });
  as.columns = [{ width: 14 }, { width: 16 }, { width: 70 }, { width: 10 }];
  for (const r of anchorRows(anchor)) as.addRow(r.map((x) => (typeof x === 'number' ? String(x) : x)));
}

/** As writeTables (with the anchor: as plan-file's writeTablesAnchored, whose tables are never empty). */
export async function oldWriteTables(tables: readonly DisclosureTable[], anchor?: Anchor): Promise<Buffer> {
  const wb = newWorkbook();
  for (const t of tables) {
    const sh = addTableSheet(wb, t);
    if (t.rows.length === 0) {
      sh.mergeCells(3, 1, 3, t.columns.length);
      const c = sh.getCell(3, 1);
      c.value = '（本年度没有）';
      c.font = FONT;
      c.border = BORDER;
      c.alignment = { horizontal: 'center', vertical: 'middle' };
      sh.getRow(3).height = 24;
    }
  }
  if (anchor) addAnchorSheet(wb, anchor);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** As writeXlsx. */
export async function oldWriteXlsx(table: DisclosureTable, records: readonly LedgerRecord[] = [], anchor?: Anchor): Promise<Buffer> {
  const wb = newWorkbook();
  addTableSheet(wb, table);
  if (anchor) addAnchorSheet(wb, anchor);
  if (records.length) {
    const rs = wb.addWorksheet(RECORDS_SHEET, { state: 'hidden' });
    rs.columns = [{ header: '记录编号', width: 14 }, { header: '段', width: 5 }, { header: '记录内容（JSON，按段顺序连接；用 ssj verify 本文件 --entities … --inspectors … 复核）', width: 120 }];
    for (const rec of records) {
      const text = JSON.stringify(rec);
      for (let i = 0, part = 1; i < text.length; i += PART, part++) rs.addRow([rec.id, part, text.slice(i, i + PART)]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
