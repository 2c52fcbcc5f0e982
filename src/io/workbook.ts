// Writing .xlsx workbooks with exceljs (loaded lazily): atomically, and saying clearly when the file is open in Excel.
import type ExcelJS from 'exceljs';
import { writeFileOrExplain } from './atomic.js';

export { writeFileOrExplain } from './atomic.js';

export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'ssj';
  wb.calcProperties.fullCalcOnLoad = false;
  return wb;
}

/** Write a workbook (temp file + rename). A file held open by Excel or WPS is named in the message. */
export async function writeWorkbook(path: string, wb: ExcelJS.Workbook): Promise<void> {
  const buf = new Uint8Array(await wb.xlsx.writeBuffer());
  await writeFileOrExplain(path, buf);
}

/** 仿宋 for text, thin black borders: the look of an office form. */
export const FONT = { name: '仿宋', size: 11 } as const;
export const THIN = { style: 'thin', color: { argb: 'FF000000' } } as const;
export const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN } as const;

/** A header row: bold, centred, wrapped, bordered, grey. */
export function headerRow(row: ExcelJS.Row, headers: readonly string[], height: number): void {
  headers.forEach((h, i) => {
    const c = row.getCell(i + 1);
    c.value = h;
    c.font = { ...FONT, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.border = BORDER;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
  });
  row.height = height;
}

/** The title over `columns` columns of row 1, merged, 宋体 16 bold. */
export function titleRow(sh: ExcelJS.Worksheet, text: string, columns: number, height: number): void {
  sh.mergeCells(1, 1, 1, columns);
  const title = sh.getCell(1, 1);
  title.value = text;
  title.font = { ...FONT, name: '宋体', size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  sh.getRow(1).height = height;
}
