// The browser verifier's file reading (src/verifier/files.ts), run in Node (which has DecompressionStream and
// TextDecoder('gb18030') too): workbooks as exceljs and ssj write them, CSV as Excel and ssj write them.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { cellText } from '../../src/core/cells.js';
import { parsePublicList, publicListTable } from '../../src/core/public-lists.js';
import type { Entity } from '../../src/core/types.js';
import { decodeText, parseCsv, readXlsx, unzip } from '../../src/verifier/files.js';

const entity = (i: number, name: string): Entity => ({
  code: `91350881MA${String(i).padStart(7, '0')}X`, creditCode: `91350881MA${String(i).padStart(7, '0')}X`, projectCode: '', name, legalRep: '张三', contact: '李四',
  phone: '13800000000', section: '建筑业股', category: '建筑施工企业', region: '城关镇', address: '某路 1 号', risk: 'B', status: 'active', statusText: '存续',
});

describe('readXlsx (browser reader)', () => {
  it('reads every sheet of an exceljs workbook: shared strings, inline rich text, numbers, booleans, XML entities, Chinese', async () => {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('名录');
    a.addRow(['序号', '名称 & <代码>', '"引号"']);
    a.addRow([1, '示例县金山建筑材料检测有限公司', '=1+2']);
    a.getCell('B4').value = { richText: [{ text: '前' }, { text: '后' }] };
    a.getCell('D4').value = true;
    a.getCell('AA5').value = 3.25;
    wb.addWorksheet('第二页').addRow(['x']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const sheets = await readXlsx(bytes);
    expect(sheets.map((s) => s.name)).toEqual(['名录', '第二页']);
    const rows = sheets[0]!.rows;
    expect(rows[0]).toEqual(['序号', '名称 & <代码>', '"引号"']);
    expect(rows[1]).toEqual([1, '示例县金山建筑材料检测有限公司', '=1+2']);
    expect(rows[2]).toEqual([]);
    expect(rows[3]![1]).toBe('前后');
    expect(rows[3]![3]).toBe(true);
    expect(rows[4]![26]).toBe(3.25);
    expect(sheets[1]!.rows).toEqual([['x']]);
  });

  it('reads a number in a date style as that date, as ssj verify reads it (a table re-saved in Excel: 抽取日期 as date cells)', async () => {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('抽取结果');
    a.addRow(['抽取日期', '自定义', '内置 14', '数字', '编号']);
    a.addRow([new Date(Date.UTC(2026, 2, 5)), new Date(Date.UTC(2026, 6, 2)), 46086, 46086, 35088110010]);
    a.getCell('A2').numFmt = 'yyyy/m/d';
    a.getCell('B2').numFmt = 'yyyy"年"m"月"d"日"';
    a.getCell('C2').numFmt = 'mm-dd-yy'; // exceljs writes it as the built-in format 14
    a.getCell('E2').numFmt = '0';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const row = (await readXlsx(bytes))[0]!.rows[1]!;
    expect(row.map((c) => cellText(c))).toEqual(['2026-03-05', '2026-07-02', '2026-03-05', '46086', '35088110010']);
    // the same cells as ssj's own reader gives them (ssj verify, outside the browser)
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'ssj-files-')), 'd.xlsx');
    writeFileSync(path, bytes);
    const { readTable } = await import('../../src/io/table-reader.js');
    const cli: string[][] = [];
    for await (const sheet of readTable(path)) for await (const r of sheet.rows()) cli.push(r.cells.map((c) => cellText(c)));
    expect(cli[1]).toEqual(row.map((c) => cellText(c)));
  });

  it('says when the bytes are not a workbook', async () => {
    expect(unzip(new TextEncoder().encode('序号,名称\n1,甲\n'))).toBeNull();
    await expect(readXlsx(new TextEncoder().encode('not a zip'))).rejects.toThrow('不是有效的 .xlsx');
  });

  it('reads back a public list as ssj writes it, names with formula characters included', async () => {
    const { writeXlsx } = await import('../../src/io/table-writer.js');
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const list = [entity(1, '=HYPERLINK("x")'), entity(2, '甲公司'), entity(3, '+乙')];
    const table = publicListTable('entities', list, { org: '示例县', snapshot: 'a'.repeat(64), internal: false });
    const path = join(mkdtempSync(join(tmpdir(), 'ssj-files-')), 'e.xlsx');
    await writeXlsx(path, table);
    const parsed = parsePublicList('entities', (await readXlsx(new Uint8Array(readFileSync(path))))[0]!.rows)!;
    expect(parsed.snapshot).toBe('a'.repeat(64));
    expect(parsed.records.map((e) => [e.code, e.name, e.category, e.status, e.phone, e.contact])).toEqual(list.map((e) => [e.code, e.name, e.category, 'active', '', '']));
  });
});

describe('parseCsv and decodeText (browser reader)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and the BOM', () => {
    const text = '\uFEFF序号,名称,备注\r\n1,"甲,乙","他说""好"""\r\n2,"两\r\n行",\n3,丙,末';
    const rows = parseCsv(decodeText(new TextEncoder().encode(text)));
    expect(rows).toEqual([['序号', '名称', '备注'], ['1', '甲,乙', '他说"好"'], ['2', '两\r\n行', ''], ['3', '丙', '末']]);
  });

  it('decodes GB18030 as Chinese Windows saves it, and UTF-8 without a BOM', () => {
    const text = '序号,市场主体名称\r\n1,示例县长青弘毅建筑工程有限公司\r\n';
    expect(decodeText(new Uint8Array(iconv.encode(text, 'gb18030')))).toBe(text);
    expect(decodeText(new TextEncoder().encode(text))).toBe(text);
  });

  it('reads back a public list CSV: title line with the snapshot, formula text made inert returned as written', async () => {
    const { listCsvBytes } = await import('../../src/cli/export-lists.js');
    const list = [entity(1, '=1+2'), entity(2, '甲公司，有逗号, 和"引号"')];
    const table = publicListTable('entities', list, { org: '示例县', snapshot: 'b'.repeat(64), internal: false });
    for (const enc of ['utf8', 'gb18030'] as const) {
      const parsed = parsePublicList('entities', parseCsv(decodeText(await listCsvBytes(table, enc))))!;
      expect(parsed.snapshot).toBe('b'.repeat(64));
      expect(parsed.records.map((e) => e.name)).toEqual(['=1+2', '甲公司，有逗号, 和"引号"']);
    }
  });
});
