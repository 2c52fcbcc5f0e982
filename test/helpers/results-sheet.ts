// A results sheet (ssj results sheet) filled in as a clerk does in Excel: every row checked on `date` (a text, or a
// date cell), 实地检查, 未发现问题, 无需后续处置; `row` may change any row (its sheet row and credit code).
import ExcelJS from 'exceljs';

/** The sheet's columns as ssj results sheet lays them out (1-based). */
export const COL = { code: 2, checkDate: 6, method: 7, result: 8, problem: 9, disposal: 10, deadline: 11, remark: 12 } as const;

export async function fillResultsSheet(
  src: string, dst: string, date: string | Date,
  row?: (sh: ExcelJS.Worksheet, r: number, code: string, k: number) => void,
): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  const sh = wb.getWorksheet('检查结果')!;
  const codes: string[] = [];
  for (let r = 6, k = 0; sh.getCell(r, COL.code).value; r++, k++) {
    const code = String(sh.getCell(r, COL.code).value);
    codes.push(code);
    sh.getCell(r, COL.checkDate).value = date;
    sh.getCell(r, COL.method).value = '实地检查';
    sh.getCell(r, COL.result).value = '未发现问题';
    sh.getCell(r, COL.disposal).value = '无需后续处置';
    row?.(sh, r, code, k);
  }
  await wb.xlsx.writeFile(dst);
  return codes;
}
