// The rows a reader sees against the rows the records make (src/core/export-rows.ts): what a spreadsheet program
// does to a table when it is opened and saved again, said as such; a table without its header is a difference.
import { describe, expect, it } from 'vitest';
import type { DisclosureTable } from '../../src/core/disclosure.js';
import { drawRowProblems, tableRowProblems, type ShownRow } from '../../src/core/export-rows.js';

const COLUMNS = ['序号', '抽查任务编号', '市场主体名称', '统一社会信用代码'];
const expected: DisclosureTable = {
  title: '', sheet: '', columns: COLUMNS, widths: [],
  rows: [
    [1, '2026-001', '示例县建隆建设工程有限公司', '913508816145607318'],
    [2, '2026-001', '示例县弘毅恒信市政工程有限公司', '91350881MA825FGF6R'],
    [3, '2026-002', '示例县泰和建设工程检测有限公司', '913508811325496010'],
  ],
};
const shown = (rows: unknown[][]): ShownRow[] => [COLUMNS, ...rows].map((cells, i) => ({ row: i + 1, cells: cells as ShownRow['cells'] }));

describe('tableRowProblems', () => {
  it('passes the rows as exported, sorted otherwise', () => {
    expect(tableRowProblems(shown([...expected.rows].reverse()), expected, '抽取记录', 'a.csv')).toEqual([]);
  });

  it('a code Excel rewrote in scientific notation (a CSV opened and saved): said once as such, not as a row added and a row deleted', () => {
    const rows = expected.rows.map((r) => [...r]);
    rows[0]![3] = '9.13509E+17';
    rows[2]![3] = '9.13509E+17';
    expect(tableRowProblems(shown(rows), expected, '抽取记录', 'a.csv')).toEqual([
      'a.csv 第 2 行 D 列「统一社会信用代码」是「9.13509E+17」：表格软件把全是数字的代码当成了数字（改写成科学计数法），原来的代码已无法读出（用 Excel 打开再保存就会这样）：请用原样公开的文件复核',
      'a.csv 第 4 行 D 列「统一社会信用代码」是「9.13509E+17」：表格软件把全是数字的代码当成了数字（改写成科学计数法），原来的代码已无法读出（用 Excel 打开再保存就会这样）：请用原样公开的文件复核',
    ]);
  });

  it('a code stored as a number cell (15 significant digits kept) is said as such too', () => {
    const rows = expected.rows.map((r) => [...r]);
    rows[0]![3] = 913508816145607318; // (as a double: 913508816145607296)
    expect(tableRowProblems(shown(rows), expected, '抽取记录', 'a.xlsx')).toEqual([
      'a.xlsx 第 2 行 D 列「统一社会信用代码」是数字「913508816145607296」：表格软件把全是数字的代码当成了数字（只保留 15 位有效数字），原来的代码已无法读出（用 Excel 打开再保存就会这样）：请用原样公开的文件复核',
    ]);
  });

  it('a code in scientific notation that stands for no row of the records: the missing row is still named', () => {
    const rows = [expected.rows[1]!, expected.rows[2]!, [1, '2026-001', '示例县建隆建设工程有限公司', '1.2E+17']];
    const problems = tableRowProblems(shown(rows), expected, '抽取记录', 'a.csv')!;
    expect(problems).toHaveLength(2);
    expect(problems[1]).toBe('a.csv：抽取记录中抽查任务 2026-001 的检查对象 示例县建隆建设工程有限公司（913508816145607318）不在表中（这一行被删除了）');
  });
});

describe('drawRowProblems', () => {
  it('a table whose header is gone (renamed, deleted) is a difference: its rows could not be checked', () => {
    const rows: ShownRow[] = [{ row: 1, cells: ['序号', '抽查任务编号', '信用代码'] }, { row: 2, cells: [1, '2026-001', '913508816145607318'] }];
    expect(drawRowProblems(rows, [], 'a.xlsx')).toEqual(['a.xlsx：表格中找不到有“抽查任务编号”和“统一社会信用代码”两列的表头，无法与抽取记录逐行核对：表头被改动或删除了，或这不是 ssj export draws 导出的表格']);
    expect(drawRowProblems([], [], 'b.xlsx')).toHaveLength(1);
  });
});
