// The rejects workbook written by `import --skip-invalid`: the rows that were left out, as written, with why.
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { RejectedRow } from '../core/list-builder.js';
import type { ListSchema } from '../core/schema.js';
import { writeFileOrExplain } from './atomic.js';
import { FOLDERS } from './workspace.js';

const require = createRequire(import.meta.url);

/** `more`: rejected rows beyond the ones kept (list-builder.ts MAX_KEPT), said in a last row. */
export async function writeRejects(root: string, schema: ListSchema, source: string, stamp: string, rejects: RejectedRow[], more = 0): Promise<string> {
  const ExcelJS = require('exceljs') as typeof import('exceljs');
  const rel = join(FOLDERS.rejects, `${stamp}-${schema.kind}-未导入的行.xlsx`);
  const path = join(root, rel);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('未导入的行');
  ws.columns = [
    { header: '错误原因', width: 50 },
    { header: '工作表', width: 16 },
    { header: '行号', width: 8 },
    ...schema.fields.map((f) => ({ header: f.label, width: Math.max(10, f.label.length * 2 + 4) })),
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rejects) {
    const values = schema.fields.map((_f, i) => r.values[i] ?? '');
    ws.addRow([r.reasons.join('；'), r.sheet ?? '', r.row, ...values]);
  }
  if (more > 0) ws.addRow([`……另有 ${more} 行有错误，未列出（只列出前 ${rejects.length} 行）：请先改正这些，或检查表头与各列是否对应`]);
  ws.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
  ws.headerFooter.oddHeader = `&L${source} 中未导入的行`;
  await writeFileOrExplain(path, new Uint8Array(await wb.xlsx.writeBuffer()));
  return rel;
}
