// Files as a county bureau passes them around (fixtures/county.mjs, generated into a temp folder at test time),
// imported through the real binary: each must be taken exactly (checked with ssj list --json) or refused with a
// clear message naming the file, sheet, row and column.
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { buildCounty, creditCode } from '../../fixtures/county.mjs';
import { Workdir } from '../helpers/workdir.js';

let wd: Workdir;
let files: Record<string, string>;

beforeAll(async () => {
  wd = new Workdir('ssj-county');
  files = buildCounty(wd.path('files'));
  await wd.init();
}, 60_000);
afterAll(() => wd.remove());

const imp = (kind: string, file: string, ...args: string[]) => wd.run(['import', kind, files[file]!, '--json', ...args]);
const list = async (kind: string) => (await wd.run(['list', kind, '--json'])).json as Record<string, string>[];

describe('以下空白 and 合计 written after a 序号 the form numbered in advance', () => {
  it('ends the roster at 以下空白 in the name column, numbered rows below it left empty', async () => {
    const r = await imp('inspectors', 'numbered-footer-roster.xlsx');
    expect(r.json.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.json.sheets[0]).toMatchObject({ headerRow: 2, rows: 3, imported: 3 });
    expect((await list('inspectors')).map((p) => [p.certNo, p.name])).toEqual([
      ['35088110001', '郑冬梅'], ['35088110002', '林国栋'], ['35088110003', '陈志强'],
    ]);
  });

  it('skips 合计：3家 and ——以下空白—— after a number, on every sheet', async () => {
    const r = await imp('entities', 'numbered-footer-registry.xlsx');
    expect(r.json.errors).toEqual([]);
    expect(r.json.sheets.map((s: { rows: number }) => s.rows)).toEqual([3, 1]);
    expect((await list('entities')).map((e) => e.name).sort()).toEqual(['示例县华建建筑有限公司', '示例县安居物业服务有限公司', '示例县恒达建筑有限公司', '示例县统建建筑有限公司']);
  });

  it('keeps a numbered company whose name starts with 统计 as a row, and says its code is missing', async () => {
    const r = await imp('entities', 'numbered-footer-keyless.xlsx');
    expect(r.code).toBe(1);
    expect(r.json.errors.map((e: { sheet: string; row: number; column: string; message: string }) => [e.sheet, e.row, e.column, e.message])).toEqual([
      ['物业服务企业', 3, 'C', '统一社会信用代码不能为空'],
    ]);
  });
});

describe('text pasted from web pages and contacts', () => {
  it('drops direction marks in codes, phones and names, and folds an em space like any other', async () => {
    const r = await imp('entities', 'invisible-marks.xlsx');
    expect(r.json.errors).toEqual([]);
    expect(r.code).toBe(0);
    expect((await list('entities')).map((e) => [e.code, e.name, e.phone, e.legalRep])).toEqual([
      [creditCode(200021), '示例县恒达置业有限公司', '13905970021', '郑 冬梅'],
      [creditCode(200022), '示例县华建置业有限公司', '0597 - 7571749', '林 国栋'],
    ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)));
  });
});

describe('a row of column numbers (栏次) under the header', () => {
  it('is skipped in a roster (甲 乙 1 2 3 4 5)', async () => {
    const r = await imp('inspectors', 'column-numbers-roster.xlsx');
    expect(r.json.errors).toEqual([]);
    expect(r.json.sheets[0]).toMatchObject({ headerRow: 2, rows: 2, imported: 2 });
    expect((await list('inspectors')).map((p) => p.name)).toEqual(['郑冬梅', '林国栋']);
  });

  it('is skipped in a registry, as text （1）（2）… or as numbers 1 2 3', async () => {
    const r = await imp('entities', 'column-numbers-registry.xlsx');
    expect(r.json.errors).toEqual([]);
    expect(r.json.sheets.map((s: { rows: number }) => s.rows)).toEqual([1, 1]);
    expect((await list('entities')).map((e) => e.code)).toEqual([creditCode(200001), creditCode(200011)]);
  });
});

describe('a file open in Excel or WPS as it is imported', () => {
  it('imports what was last saved, and says that unsaved changes are not in it', async () => {
    const file = wd.path('files', '执法检查人员名录.xlsx');
    copyFileSync(files['column-numbers-roster.xlsx']!, file);
    const lock = wd.path('files', '~$执法检查人员名录.xlsx');
    writeFileSync(lock, Buffer.from('\u0006tester', 'latin1'));
    try {
      const r = await wd.run(['import', 'inspectors', file, '--json']);
      expect(r.code).toBe(0);
      expect(r.json.warnings[0]).toMatchObject({ file: '执法检查人员名录.xlsx', row: null });
      expect(r.json.warnings[0].message).toContain('正在 Excel 或 WPS 中打开（同一文件夹中有它的临时文件「~$执法检查人员名录.xlsx」）');
      // Excel replaces the first two characters of a long name in its owner file
      rmSync(lock);
      writeFileSync(wd.path('files', '~$检查人员名录.xlsx'), 'x');
      const again = await wd.run(['import', 'inspectors', file, '--json']);
      expect(again.json.warnings[0].message).toContain('「~$检查人员名录.xlsx」');
    } finally {
      rmSync(wd.path('files', '~$检查人员名录.xlsx'), { force: true });
    }
    const closed = await wd.run(['import', 'inspectors', file, '--json']);
    expect(closed.json.warnings).toEqual([]);
  });
});

describe('a workbook zipped to go by email', () => {
  it.each([
    ['名录库.zip', '这是一个压缩包，不是 Excel 工作簿；里面有表格文件「2026年检查对象名录库.xlsx」'],
    ['名录库-已解压.xlsx', '这是一个压缩包，不是 Excel 工作簿；里面有表格文件「2026年检查对象名录库.xlsx」'],
    ['gbk-names.zip', '这是一个压缩包，不是 Excel 工作簿；里面有 1 个表格文件'],
  ])('%s is refused with what is inside and that it needs unzipping', async (name, says) => {
    const r = await imp('entities', name);
    expect(r.code).toBe(1);
    expect(r.json.errors).toHaveLength(1);
    expect(r.json.errors[0]).toMatchObject({ file: name, sheet: null, row: null });
    expect(r.json.errors[0].message).toContain(says);
    expect(r.json.errors[0].message).toContain('请先解压');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('--sheet and a tab name with a space at its end', () => {
  it('says which tab it probably is and how to write it', async () => {
    const r = await imp('entities', 'tab-trailing-space.xlsx', '--sheet', '建筑施工企业');
    expect(r.code).toBe(1);
    expect(r.json.errors.map((e: { message: string }) => e.message)).toEqual([
      '没有名为「建筑施工企业」的工作表（文件中的工作表：说明、建筑施工企业 ）；工作表「建筑施工企业 」的名称开头或末尾有空格，如果就是它，请照原样写：--sheet "建筑施工企业 "',
    ]);
    const ok = await imp('entities', 'tab-trailing-space.xlsx', '--sheet', '建筑施工企业 ');
    expect(ok.code).toBe(0);
    // the sheet's name, trimmed, is the category
    expect((await list('entities')).map((e) => e.category)).toEqual(['建筑施工企业']);
  });
});

describe('证件有效期 typed into General cells (numbers, not dates)', () => {
  it('takes 20270630 and a serial of a plausible date, and refuses 2026.03 and 2028 instead of reading them as 1905', async () => {
    const r = await imp('inspectors', 'number-dates-roster.xlsx');
    expect(r.code).toBe(1);
    expect(r.json.errors.map((e: { row: number; column: string; value: string; message: string }) => [e.row, e.column, e.value, e.message])).toEqual([
      [4, 'H', '2026.03', '无法识别的日期「2026.03」：单元格是数字，按 Excel 的日期序号是 1905-07-18，不像是这里要的日期；请在原文件中写成 2027-06-30 这样的日期（年、月、日都写）'],
      [5, 'H', '2028', '无法识别的日期「2028」：单元格是数字，按 Excel 的日期序号是 1905-07-20，不像是这里要的日期；请在原文件中写成 2027-06-30 这样的日期（年、月、日都写）'],
    ]);
    const ok = await imp('inspectors', 'number-dates-roster.xlsx', '--skip-invalid');
    expect(ok.code).toBe(0);
    expect((await list('inspectors')).map((p) => [p.name, p.certExpiry])).toEqual([['郑冬梅', '2027-06-30'], ['林国栋', '2027-06-30']]);
  });
});
