// readList reads each .xlsx sheet once, collecting its merged ranges after its rows, and reads the file again only
// when a merge fills cells down over data rows: the outcome is always the one a pre-scan of the merges gives.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ListBuilder } from '../../src/core/list-builder.js';
import { tuning } from '../../src/core/list-sheet.js';
import { SCHEMAS } from '../../src/core/schema.js';
import type { ListKind } from '../../src/core/types.js';
import { readList } from '../../src/io/read-list.js';
import { readTable } from '../../src/io/table-reader.js';
import { tuning as xlsxTuning } from '../../src/io/xlsx-reader.js';
import { FIXTURES } from '../helpers/workdir.js';

/** The outcome with every sheet's merges known before its rows (a pre-scan), as readList did before. */
async function withPrescan(file: string, kind: ListKind) {
  const builder = new ListBuilder(SCHEMAS[kind], { file: file.split('/').pop()!, asOf: '2026-11-22' });
  for await (const sheet of readTable(file)) {
    if (!builder.wantsSheet(sheet.name, sheet.hidden)) continue;
    const sb = builder.sheet(sheet.name, await sheet.merges(), { date1904: sheet.date1904 });
    for await (const r of sheet.rows()) sb.addRow(r);
    sb.end();
  }
  return builder.finish();
}

const files = ['quirks', 'sample', 'office']
  .flatMap((d) => readdirSync(join(FIXTURES, d)).filter((f) => f.endsWith('.xlsx') && !f.startsWith('broken')).map((f) => join(FIXTURES, d, f)));

describe('readList without a merge pre-scan', () => {
  it('gives the outcome of a pre-scan for every .xlsx fixture, as each kind of list', async () => {
    expect(files.length).toBeGreaterThan(20);
    let merged = 0;
    for (const file of files) {
      for (const kind of ['entities', 'inspectors', 'items', 'conflicts'] as const) {
        let expected: unknown;
        try {
          expected = await withPrescan(file, kind);
        } catch (e) {
          expected = (e as Error).message;
        }
        let actual: unknown;
        try {
          actual = await readList(file, kind, { asOf: '2026-11-22' });
        } catch (e) {
          actual = (e as Error).message;
        }
        expect(actual, `${file} as ${kind}`).toStrictEqual(expected);
      }
      if (file.includes('merged-data-cells')) merged++;
    }
    expect(merged).toBe(1);
  }, 120_000);

  it('fills merged cells down over data rows (the file is read again with the merges known)', async () => {
    const outcome = await readList(join(FIXTURES, 'quirks', 'merged-data-cells.xlsx'), 'entities', { asOf: '2026-11-22' });
    expect(outcome.errors).toEqual([]);
    const sections = new Set(outcome.records.map((r) => (r as { section: string }).section));
    expect(sections.has('')).toBe(false);
    // the rows were read twice: once without the merges, once with them; a file without such merges, once
    const count = async (file: string) => {
      let n = 0;
      for await (const sheet of readTable(file)) for await (const _ of sheet.rows()) n++;
      return n;
    };
    for (const [file, reads] of [[join(FIXTURES, 'quirks', 'merged-data-cells.xlsx'), 2], [join(FIXTURES, 'quirks', 'multi-sheet.xlsx'), 1]] as const) {
      let seen = 0;
      await readList(file, 'entities', { asOf: '2026-11-22', onRow: () => seen++ });
      expect(seen, file).toBe(reads * (await count(file)));
    }
  });
});

describe('the entity fast path (SheetBuilder.fastEntity)', () => {
  const all = ['quirks', 'sample', 'office'].flatMap((d) =>
    readdirSync(join(FIXTURES, d)).filter((f) => /\.(xlsx|csv)$/.test(f) && !f.startsWith('broken')).map((f) => join(FIXTURES, d, f)),
  );
  const outcome = async (file: string, suspendedDrawable: boolean) => {
    try {
      return await readList(file, 'entities', { asOf: '2026-11-22', suspendedDrawable });
    } catch (e) {
      return (e as Error).message;
    }
  };
  it('gives the general path\'s outcome (records, problems, rejects, reports) for every fixture', async () => {
    expect(all.filter((f) => f.endsWith('.csv')).length).toBeGreaterThan(2);
    let records = 0;
    for (const file of all) {
      for (const suspendedDrawable of [true, false]) {
        const fast = await outcome(file, suspendedDrawable);
        tuning.fastEntities = false;
        try {
          expect(fast, file).toStrictEqual(await outcome(file, suspendedDrawable));
        } finally {
          tuning.fastEntities = true;
        }
        if (typeof fast !== 'string') records += fast.records.length;
      }
    }
    expect(records).toBeGreaterThan(100);
  }, 120_000);
});

describe('CSV cells written for Excel', () => {
  it('="0123" (a code kept as text for Excel) is read as 0123', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ssj-csv-'));
    try {
      const file = join(dir, '名录.csv');
      writeFileSync(file, '\uFEFF市场主体名称,统一社会信用代码,行业类别,经营状态\r\n示例县甲公司,"=""91350881MA3M1HKH0U""",建筑施工企业,存续\r\n"示例县""乙""公司",91350881MA3M1HKH0U,建筑施工企业,存续\r\n');
      const out = await readList(file, 'entities', { asOf: '2026-11-22' });
      expect(out.records.map((r) => (r as { code: string }).code)).toEqual(['91350881MA3M1HKH0U']);
      expect(out.errors.map((e) => e.message).join()).toContain('重复'); // the same code twice: the wrapper was taken off
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A workbook of one sheet filled by `fill`, written to a temporary folder; `check` reads it (`save` writes it again). */
async function withWorkbook(fill: (sh: import('exceljs').Worksheet) => void, check: (file: string, save: () => Promise<void>) => Promise<void>) {
  const ExcelJS = (await import('exceljs')).default;
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'ssj-unseen-'));
  try {
    const wb = new ExcelJS.Workbook();
    fill(wb.addWorksheet('建筑施工企业'));
    const file = join(dir, '名录.xlsx');
    const save = () => wb.xlsx.writeFile(file);
    await save();
    await check(file, save);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('rows hidden in Excel', () => {
  it('are read, and the clerk is told which (Excel does not show them)', async () => {
    let sheet!: import('exceljs').Worksheet;
    await withWorkbook((sh) => {
      sheet = sh;
      sh.addRow(['市场主体名称', '统一社会信用代码', '行业类别', '经营状态']);
      sh.addRow(['示例县甲公司', '91350881MA3M1HKH0U', '建筑施工企业', '存续']);
      sh.addRow(['示例县乙公司', '91350881MA2YCE7G1A', '建筑施工企业', '存续']);
      sh.getRow(3).hidden = true;
    }, async (file, save) => {
      const out = await readList(file, 'entities', { asOf: '2026-11-22' });
      expect(out.records).toHaveLength(out.errors.length ? 1 : 2);
      expect(out.warnings.map((w) => [w.sheet, w.row, w.message])).toContainEqual(['建筑施工企业', 3, '第 3 行在 Excel 中是隐藏的，也照样读取了：不该导入的，请在原文件中取消隐藏后删除，再重新导入']);
      // a sheet with nothing hidden says nothing of it
      sheet.getRow(3).hidden = false;
      await save();
      const plain = await readList(file, 'entities', { asOf: '2026-11-22' });
      expect(plain.warnings.some((w) => w.message.includes('隐藏'))).toBe(false);
    });
  });
});

describe('cells Excel would not show as read', () => {
  it('hidden columns that are read are named in one warning; hidden columns not read are not', async () => {
    await withWorkbook((sh) => {
      sh.addRow(['序号', '市场主体名称', '统一社会信用代码', '行业类别', '经营状态', '备用', '注册资本']);
      sh.addRow([1, '示例县甲公司', '91350881MA3M1HKH0U', '建筑施工企业', '存续', null, '100万']);
      sh.getColumn(1).hidden = true; // 序号 is read too (a field)
      sh.getColumn(5).hidden = true;
      sh.getColumn(7).hidden = true; // a registry column kept with the entity
      for (let c = 8; c <= 12; c++) sh.getColumn(c).hidden = true; // unused columns hidden to the right
    }, async (file) => {
      const out = await readList(file, 'entities', { asOf: '2026-11-22' });
      expect(out.records).toHaveLength(1);
      const hidden = out.warnings.filter((w) => w.message.includes('隐藏'));
      expect(hidden.map((w) => [w.sheet, w.row, w.column])).toEqual([['建筑施工企业', 1, 'A、E、G']]);
      expect(hidden[0]!.message).toBe('A 列「序号」、E 列「经营状态」、G 列「注册资本」在 Excel 中是隐藏的，也照样读取了：不该读取的列，请在原文件中取消隐藏后删除（或改掉列名），再重新导入');
    });
  });

  it('a formula saved without its result is an unknown value named by cell, not an empty one', async () => {
    await withWorkbook((sh) => {
      sh.addRow(['序号', '市场主体名称', '统一社会信用代码', '行业类别', '经营状态']);
      // written by a program that does not calculate (exceljs writes <f> without <v> when no result is given)
      sh.addRow([{ formula: 'ROW()-1' } as never, '示例县甲公司', { formula: '"91350881MA3M1HKH0U"' } as never, '建筑施工企业', '存续']);
      sh.addRow([{ formula: 'ROW()-1', result: 2 } as never, '示例县乙公司', { formula: '"91350881MA2YCE7G1A"', result: '91350881MA2YCE7G1A' } as never, '建筑施工企业', { formula: 'E2' } as never]);
      sh.addRow([{ formula: 'ROW()-1' } as never]); // a numbered row with nothing in it: blank, as before
    }, async (file) => {
      const out = await readList(file, 'entities', { asOf: '2026-11-22' });
      expect(out.records.map((r) => (r as { code: string }).code)).toEqual([]);
      expect(out.errors.map((e) => [e.row, e.column, e.field])).toEqual([[2, 'C', '统一社会信用代码'], [3, 'E', '经营状态']]);
      for (const e of out.errors) expect(e.message).toContain('没有保存公式的计算结果');
      expect(out.errors.some((e) => e.message.includes('不能为空'))).toBe(false);
    });
  });
});

// A number cell whose format adds text around its digits ("闽"00000000000 shows 12345678 as 闽00012345678): the
// fields read as text take the text Excel shows, with a warning naming the cell; numeric fields keep the number.
// Each workbook is read by every row reader: the scanner (byte path and text path) and the SAX parser.
describe('numbers shown with text added by their format', () => {
  const readers = ['bytes', 'text', 'sax'] as const;
  /** readList with each row reader: the outcomes, which must all be the same */
  async function readAll(file: string, kind: ListKind) {
    const outcomes = [];
    for (const rows of readers) {
      xlsxTuning.rows = rows;
      try {
        outcomes.push(await readList(file, kind, { asOf: '2026-11-22' }));
      } finally {
        xlsxTuning.rows = 'bytes';
      }
    }
    for (let i = 1; i < outcomes.length; i++) expect(outcomes[i], `read by ${readers[i]}`).toStrictEqual(outcomes[0]);
    return outcomes[0]!;
  }
  const warned = (out: Awaited<ReturnType<typeof readList>>) => out.warnings.map((w) => [w.sheet, w.row, w.column, w.field, w.value, w.message]);
  const message = (n: string, text: string) => `单元格保存的是数字 ${n}，显示为「${text}」（单元格格式加了文字）：按显示的内容导入`;

  it('执法证号 and 手机号码 (digits, phone) take the shown text; zero padding, @ and plain numbers read as before', async () => {
    await withWorkbook((sh) => {
      sh.addRow(['序号', '姓名', '执法证号', '手机号码', '执法类别']);
      const rows: [unknown[], string[]][] = [
        [[1, '张三', 12345678, 5977571749, 123], ['0', '@', '"闽"00000000000', '"0"0000000000', '0"类"']],
        [[2, '李四', 35088110002, 13905971234, '住建'], ['"第"0"号"', '@', '00000000000', '@', '@']],
        [[3, '王五', 1234567, 13905971235, '住建'], ['0', '@', '\\闽0000000000', '0', '@']],
      ];
      for (const [values, formats] of rows) sh.addRow(values).eachCell((c, col) => (c.numFmt = formats[col - 1]!));
    }, async (file) => {
      const out = await readAll(file, 'inspectors');
      expect(out.errors).toEqual([]);
      expect(out.records.map((r) => { const x = r as { certNo: string; phone: string; category: string }; return [x.certNo, x.phone, x.category]; })).toEqual([
        ['闽00012345678', '05977571749', '123类'],
        ['35088110002', '13905971234', '住建'],
        ['闽0001234567', '13905971235', '住建'],
      ]);
      expect(warned(out)).toEqual([
        ['建筑施工企业', 2, 'C', '执法证号', '闽00012345678', message('12345678', '闽00012345678')],
        ['建筑施工企业', 2, 'D', '手机号码', '05977571749', message('5977571749', '05977571749')],
        ['建筑施工企业', 2, 'E', '执法类别', '123类', message('123', '123类')],
        ['建筑施工企业', 4, 'C', '执法证号', '闽0001234567', message('1234567', '闽0001234567')],
      ]);
    });
  });

  it('事项编号 (code) takes the shown text; 抽查频次 0"次" still imports 2, 抽查比例 keeps its number', async () => {
    await withWorkbook((sh) => {
      sh.addRow(['序号', '事项编号', '抽查事项名称', '检查对象', '抽查比例', '抽查频次']);
      sh.addRow([1, 7, '建筑施工企业资质检查', '建筑施工企业', 5, 2]).eachCell((c, col) => (c.numFmt = ['"第"0"项"', '"ZJ-"000', '@', '@', '0"%"', '0"次"'][col - 1]!));
      sh.addRow([2, 'ZJ-008', '物业服务检查', '物业服务企业', '5%', 3]).getCell(6).numFmt = '"每年"0"次"';
    }, async (file) => {
      const out = await readAll(file, 'items');
      expect(out.errors).toEqual([]);
      expect(out.records.map((r) => { const x = r as { id: string; ratio: number; rounds: number }; return [x.id, x.ratio, x.rounds]; })).toEqual([
        ['ZJ-007', 0.05, 2],
        ['ZJ-008', 0.05, 3],
      ]);
      // (序号, 抽查比例 and 抽查频次 keep their numbers: nothing said of them)
      expect(warned(out)).toEqual([['建筑施工企业', 2, 'B', '事项编号', 'ZJ-007', message('7', 'ZJ-007')]]);
    });
  });

  it('a registry: 联系电话 and the extra columns kept for --where take the shown text, in the fast path as in the general path', async () => {
    await withWorkbook((sh) => {
      sh.addRow(['市场主体名称', '统一社会信用代码', '行业类别', '经营状态', '联系电话', '投诉举报次数', '重点监管']);
      const a = sh.addRow(['示例县甲公司', '91350881MA3M1HKH0U', '建筑施工企业', '存续', 5977571749, 3, 1]);
      a.getCell(5).numFmt = '"0"0000000000';
      a.getCell(6).numFmt = '0"次"';
      sh.addRow(['示例县乙公司', '91350881MA2YCE7G1A', '建筑施工企业', '存续', 13905971234, 0, 0]).getCell(6).numFmt = '0"次"';
    }, async (file) => {
      const general = async () => {
        tuning.fastEntities = false;
        try {
          return await readAll(file, 'entities');
        } finally {
          tuning.fastEntities = true;
        }
      };
      const out = await readAll(file, 'entities');
      expect(out).toStrictEqual(await general());
      expect(out.errors).toEqual([]);
      expect(out.records.map((r) => { const x = r as unknown as Record<string, string>; return [x.code, x.phone, x['投诉举报次数'], x['重点监管']]; })).toEqual([
        ['91350881MA3M1HKH0U', '05977571749', '3次', '1'],
        ['91350881MA2YCE7G1A', '13905971234', '0次', '0'],
      ]);
      expect(warned(out)).toEqual([
        ['建筑施工企业', 2, 'E', '联系电话', '05977571749', message('5977571749', '05977571749')],
        ['建筑施工企业', 2, 'F', '投诉举报次数', '3次', message('3', '3次')],
        ['建筑施工企业', 3, 'F', '投诉举报次数', '0次', message('0', '0次')],
      ]);
    });
  });
});
