// The results rules in memory: every fault of a sheet at once, dates in all the forms Excel hands over, and
// the CSV formula guard.
import { describe, expect, it } from 'vitest';
import { fromInertCsv, inertCsv, looksLikeFormula } from '../../src/core/disclosure.js';
import { cellDate, checkResultRows, checksEnded, DEFAULT_RESULT_OPTIONS, goneAtInspection, type SheetRow } from '../../src/core/results.js';

const visits = [
  { code: 'A1', name: '甲公司', items: ['ZJ-001'], picks: [], team: [] },
  { code: 'B2', name: '乙公司', items: ['ZJ-001'], picks: [], team: [] },
] as any[];
const ctx = { file: 'r.xlsx', sheet: '检查结果', visits, drawDate: '2026-09-21', today: '2026-10-12', options: DEFAULT_RESULT_OPTIONS, date1904: false };
const COLS: Record<string, string> = { seq: 'A', code: 'B', name: 'C', checkDate: 'F', method: 'G', result: 'H', problem: 'I', disposal: 'J', deadline: 'K', remark: 'L' };
const row = (n: number, v: Record<string, unknown>): SheetRow => ({
  row: n,
  cells: Object.fromEntries(Object.entries(COLS).map(([k, col]) => [k, { column: col, value: (v[k] ?? null) as any }])),
});
const ok = { checkDate: '2026-09-25', method: '实地检查', result: '未发现问题', disposal: '无需后续处置' };

describe('checkResultRows', () => {
  it('accepts a complete sheet and returns entries in draw order', () => {
    const r = checkResultRows([row(7, { ...ok, code: 'b2', result: '注销' }), row(6, { ...ok, code: 'A1', checkDate: 46288 })], ctx);
    expect(r.problems).toEqual([]);
    expect(r.entries.map((e) => [e.code, e.checkDate, e.result])).toEqual([['A1', '2026-09-23'], ['B2', '2026-09-25', '注销']].map((x) => (x.length === 2 ? [...x, '未发现问题'] : x)));
    expect(checksEnded(r.entries)).toBe('2026-09-25');
    expect(goneAtInspection(r.entries).map((e) => e.code)).toEqual(['B2']);
  });

  it('reports every fault of every row, with its column, and a missing entity', () => {
    const r = checkResultRows([
      row(6, { ...ok, code: 'A1', result: '还行', checkDate: '2026-09-01', deadline: '2026-08-30' }),
      row(7, { ...ok, code: 'ZZ' }),
      row(8, { ...ok, code: 'A1' }),
      row(9, {}),
    ], ctx);
    expect(r.problems.map((p) => `${p.row ?? '-'}${p.column ?? '-'}`)).toEqual(['6F', '6K', '6H', '7B', '8B', '--']);
    expect(r.problems[5]!.message).toContain('乙公司');
  });

  it('treats blank answers as missing and knows the lists', () => {
    const r = checkResultRows([row(6, { code: 'A1' }), row(7, { ...ok, code: 'B2', method: '电话询问', checkDate: '2026-10-13' })], ctx);
    expect(r.problems.map((p) => `${p.row}${p.column}:${p.message.split('（')[0]!.slice(0, 4)}`)).toEqual(['6F:未填写', '6G:未填写', '6H:未填写', '6J:未填写', '7F:晚于今天', '7G:不是规定']);
  });
});

describe('rows under the table', () => {
  it('a 合计 or 制表 row (no credit code) is skipped as in the lists; a row with text but no code is still named', () => {
    const r = checkResultRows([
      row(6, { ...ok, code: 'A1' }), row(7, { ...ok, code: 'B2' }),
      row(8, { seq: '合计：2家' }), row(9, { name: '制表：综合股', remark: '审核：' }),
      row(10, { name: '丙公司', result: '未发现问题' }),
    ], ctx);
    expect(r.problems.map((p) => `${p.row}${p.column}`)).toEqual(['10B']);
    expect(r.entries).toHaveLength(2);
  });
});

describe('Excel error values in a results sheet', () => {
  it('a #N/A in 检查日期 is named as an Excel error value, not only as an invalid date', () => {
    const r = checkResultRows([row(6, { ...ok, code: 'A1', checkDate: '#N/A' }), row(7, { ...ok, code: 'B2' })], ctx);
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([[6, 'F']]);
    expect(r.problems[0]!.message).toContain('单元格是 Excel 错误值 #N/A');
  });
  it("a date's serial number kept as text is said to be one, with the date it stands for", () => {
    const r = checkResultRows([row(6, { ...ok, code: 'A1', checkDate: '46290' }), row(7, { ...ok, code: 'B2' })], ctx);
    expect(r.problems.map((p) => [p.row, p.column, p.message])).toEqual([[6, 'F', '像是 Excel 的日期序号（2026-09-25）存成了文字；请在原文件中把这一格写成 2026-09-25，或把这一列设为日期格式后重新输入']]);
  });
});

describe('formulas saved without their results in a results sheet', () => {
  it('are named by cell as unknown values, not as missing answers', () => {
    const unknown = (r: SheetRow, k: string): SheetRow => ({ ...r, cells: { ...r.cells, [k]: { column: COLS[k]!, value: null, unknown: true } } });
    const r = checkResultRows([unknown(unknown(row(6, { ...ok, code: 'A1' }), 'checkDate'), 'result'), row(7, { ...ok, code: 'B2' })], ctx);
    expect(r.problems.map((p) => `${p.row}${p.column}`)).toEqual(['6F', '6H']);
    for (const p of r.problems) expect(p.message).toContain('没有保存公式的计算结果');
    // a row whose only content is such a formula is not blank; its code unknown is said so
    const code = checkResultRows([unknown(row(6, {}), 'code'), row(7, { ...ok, code: 'B2' })], ctx);
    expect(code.problems.map((p) => `${p.row}${p.column}:${p.message.slice(0, 6)}`)).toEqual(['6B:是公式，但文', 'nullnull:抽中的检查对']);
  });
});

describe('cellDate', () => {
  it('reads Excel dates, serials and Chinese date text, and rejects impossible dates', () => {
    expect(cellDate(new Date(Date.UTC(2026, 9, 1)), false)).toBe('2026-10-01');
    expect(cellDate(46296, false)).toBe('2026-10-01');
    expect(cellDate('2026年10月1日', false)).toBe('2026-10-01');
    expect(cellDate('2026/10/1', false)).toBe('2026-10-01');
    expect(cellDate('2026-02-30', false)).toBeNull();
    expect(cellDate('下周', false)).toBeNull();
  });
});

describe('CSV formula guard', () => {
  it('prefixes an apostrophe to text starting with = + - @ tab or CR, and leaves everything else', () => {
    for (const s of ['=1+2', '+86 139', '-3', '@SUM(A1)', '\tx', '\rx']) {
      expect(looksLikeFormula(s)).toBe(true);
      expect(inertCsv(s)).toBe(`'${s}`);
    }
    for (const s of ['示例公司', '91350881MA8WBJF16W', ' =1', '']) expect(inertCsv(s)).toBe(s);
    expect(inertCsv(-3)).toBe(-3);
  });

  it('reads back exactly what was written, also text that itself starts with an apostrophe (\'=…, \'-一区)', () => {
    for (const s of ['=1+2', '-3', "'=示例公司", "'-一区", "''+1", "'abc", "'", '示例公司', '']) {
      expect(fromInertCsv(String(inertCsv(s)))).toBe(s);
    }
    expect(inertCsv("'-一区")).toBe("''-一区");
    expect(inertCsv("'abc")).toBe("'abc");
    // files written before: '=… was only ever the mark
    expect(fromInertCsv("'=1+2")).toBe('=1+2');
  });
});
