// The direct .xlsx writer (src/io/xlsx-write.ts, through table-writer.ts) against the exceljs writer it replaced
// (test/helpers/exceljs-tables.ts): the same sheets, values and types, styles, widths, heights, merges, hidden
// state, frozen panes and page setup, read back with exceljs and with ssj's own reader.
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { DisclosureTable } from '../../src/core/disclosure.js';
import type { LedgerRecord } from '../../src/core/record.js';
import { ANCHOR_FORMAT, ANCHOR_SHEET, type Anchor } from '../../src/io/anchor.js';
import { readTable } from '../../src/io/table-reader.js';
import { addTableSheet, addTableSheetYielding, RECORDS_SHEET, writeTables, writeXlsx } from '../../src/io/table-writer.js';
import { columnName, WorkbookWriter, xmlText } from '../../src/io/xlsx-write.js';
import { ZipArchive } from '../../src/io/zip-archive.js';
import { oldWriteTables, oldWriteXlsx } from '../helpers/exceljs-tables.js';
import { Workdir } from '../helpers/workdir.js';

const w = new Workdir('ssj-xlsx-write');
afterAll(() => w.remove());

const HAN = '检查对象名称住房城乡建设局市场监督管理发现问题责令限期整改已整改完毕未发现问题';
function text(seed: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const k = (seed * 7919 + i * 104729) % 97;
    s += k < 60 ? HAN[k % HAN.length] : k < 70 ? ' ' : k < 75 ? '，' : k < 78 ? '（' : k < 81 ? '）' : k < 83 ? '\n' : String.fromCharCode(48 + (k % 43));
  }
  return s;
}

const results: DisclosureTable = {
  title: '示例县住房和城乡建设局2026年度“双随机、一公开”抽查检查结果', sheet: '检查结果',
  columns: ['序号', '抽查任务', '任务名称', '统一社会信用代码', '检查日期', '检查结果', '备注'],
  widths: [6, 12, 30, 21, 12, 24, 20],
  rows: Array.from({ length: 120 }, (_, i) => [
    i + 1, `2026-${String(i % 40).padStart(3, '0')}`, text(i, 5 + (i * 13) % 60), `91330100MA${String(100000 + i * 37).padStart(8, '0')}`,
    '2026-10-12', ['未发现问题', '发现问题', '责令限期整改', ''][i % 4]!, text(i + 3, (i * 29) % 120),
  ]),
};
// what a spreadsheet (or XML) would take for something else: formulas, markup, control characters, spaces at the ends
const awkward: DisclosureTable = {
  title: '第二张表 & <特殊> "字符" \'引号\'', sheet: '计划调整',
  columns: ['版本', '内容', '数'],
  widths: [9, 40, 8],
  rows: [
    ['=SUM(A1:A9)', '+86 123', 0], ['-1', '@cmd', 3.25], ['\t前有制表符', ' 前后空格 ', -7], ['a\u0001b\u0008c\u000bd\u001fe\u007f', 'x\r\ny', 1e21],
    ['', '第一行\n第二行\n第三行', 12345678901], ['<tag attr="1">&amp;</tag>', '中文，标点。（括号）', 0.1],
  ],
};
// a sheet's XML over 1 MiB is deflated in several segments joined into one stream (xlsx-write.ts, SEGMENT)
const long: DisclosureTable = { ...results, rows: Array.from({ length: 4000 }, (_, i) => results.rows[i % results.rows.length]!.map((v, k) => (k === 0 ? i + 1 : k === 3 ? `91330100MA${String(i).padStart(8, '0')}` : v))) };
// columns of texts that are nearly all different are written as inline strings after the first 256 (xlsx-write.ts,
// INLINE_AFTER): names with what XML must escape, drop or keep spaces for, and characters outside the BMP
const AWKWARD_ENDS = [' 前有空格', '后有空格 ', '第一行\n第二行', '<甲&乙> "丙" \'丁\'', '控\u0001制\u007f', '表情😀符号', '\u3000全角空格起头', '全角空格结尾\u3000', '不换行空格\u00a0', '普通名称', '', 'ASCII only', '小于<号', '大于>号', '与&号'];
const unique: DisclosureTable = {
  title: '名称各不相同的表', sheet: '检查对象', columns: ['序号', '市场主体名称', '统一社会信用代码', '检查结果'], widths: [6, 30, 21, 16],
  rows: Array.from({ length: 700 }, (_, i) => {
    const a = AWKWARD_ENDS[i % AWKWARD_ENDS.length]!;
    const name = a === '' ? '' : a.startsWith(' ') || a.startsWith('\u3000') ? `${a}${i}` : `${i}${a}`;
    return [i + 1, name, `91330100MA${String(i).padStart(8, '0')}`, ['未发现问题', '发现问题'][i % 2]!];
  }),
};
const empty: DisclosureTable = { title: '2026年度名录库调整清单', sheet: '名录库调整', columns: ['序号', '统一社会信用代码', '名称', '调整原因'], widths: [6, 21, 30, 30], rows: [] };
const anchor: Anchor = {
  format: ANCHOR_FORMAT, head: { id: '2026-P3', hash: 'a'.repeat(64), seq: 812 },
  records: [{ kind: 'draw', id: '2026-001', hash: 'b'.repeat(64) }, { kind: 'results', id: '2026-001-v2', hash: 'c'.repeat(64) }],
};
const records = [
  { id: '2026-001', kind: 'draw', note: 'x'.repeat(65_000) },
  { id: '2026-002', kind: 'draw', note: '短' },
] as unknown as LedgerRecord[];

const manyRecords = Array.from({ length: 300 }, (_, i) => ({
  id: `2026-${String(i + 1).padStart(3, '0')}`, kind: 'draw', note: `第${i}条 "引号" <尖括号> & 与 ${'x'.repeat(i % 7)}`, entities: [{ code: `9133${i}`, name: ` 前后空格 ${i} ` }],
})) as unknown as LedgerRecord[];

async function excel(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const sheets: unknown[] = [];
  wb.eachSheet((sh) => {
    const rows: unknown[] = [];
    for (let r = 1; r <= sh.rowCount; r++) {
      const row = sh.getRow(r);
      const cells: unknown[] = [];
      for (let c = 1; c <= sh.columnCount; c++) {
        const cell = row.getCell(c);
        const { font, border, alignment, fill } = cell.style;
        cells.push({ type: cell.type, value: cell.value, master: cell.isMerged ? cell.master.address : null, font: font && { name: font.name, size: font.size, bold: font.bold ?? false }, border, alignment, fill });
      }
      rows.push({ height: row.height ?? null, cells });
    }
    const p = sh.pageSetup;
    sheets.push({
      // exceljs left out a column exactly 9 wide (its default width), so that it opened at the program's default
      // (8.43); the direct writer writes the width asked for: read back, a missing width is 9
      name: sh.name, state: sh.state, widths: (sh.columns ?? []).map((c) => c.width ?? 9), rows,
      merges: [...((sh.model as { merges?: string[] }).merges ?? [])].sort(),
      views: (sh.views ?? []).map((v) => ({ state: v.state, ySplit: (v as { ySplit?: number }).ySplit ?? null })).filter((v) => v.state === 'frozen'),
      page: { paperSize: p.paperSize ?? null, orientation: p.orientation, fitToPage: p.fitToPage ?? false, fitToWidth: p.fitToWidth, fitToHeight: p.fitToHeight, printTitlesRow: p.printTitlesRow ?? null, margins: p.margins },
      footer: sh.headerFooter?.oddFooter ?? null,
    });
  });
  return sheets;
}

async function own(buf: Buffer, name: string) {
  const path = w.path(name);
  writeFileSync(path, buf);
  const out: unknown[] = [];
  for await (const sh of readTable(path)) {
    const merges: unknown[] = [];
    const rows: unknown[] = [];
    // (rows come in batches as the sheet's XML inflates: the batches depend on how it was deflated, the rows do not)
    for await (const batch of sh.rowsThenMerges!(merges as never)) rows.push(...(batch as unknown[]));
    out.push({ name: sh.name, hidden: sh.hidden, rows, merges });
  }
  return out;
}

const written = async (write: (p: string) => Promise<void>, name: string) => {
  await write(w.path(name));
  return readFileSync(w.path(name));
};

describe('direct .xlsx writer against exceljs', () => {
  const cases: [string, () => Promise<Buffer>, () => Promise<Buffer>][] = [
    ['a results table with the anchor', () => written((p) => writeXlsx(p, results, [], anchor), 'a.xlsx'), () => oldWriteXlsx(results, [], anchor)],
    ['a draws table with the records sheet', () => written((p) => writeXlsx(p, awkward, records, anchor), 'b.xlsx'), () => oldWriteXlsx(awkward, records, anchor)],
    ['several tables, one of them empty', () => written((p) => writeTables(p, [results, empty, awkward]), 'c.xlsx'), () => oldWriteTables([results, empty, awkward])],
    ['a table written in several deflated segments', () => written((p) => writeXlsx(p, long, [], anchor), 'long.xlsx'), () => oldWriteXlsx(long, [], anchor)],
    ['a table whose names and codes are all different (inline strings)', () => written((p) => writeXlsx(p, unique, [], anchor), 'u.xlsx'), () => oldWriteXlsx(unique, [], anchor)],
    // a draws export of a year: over 256 record parts, so the records sheet's ids and JSON texts are written inline
    ['a draws table with 300 records (inline JSON texts)', () => written((p) => writeXlsx(p, awkward, manyRecords, anchor), 'r.xlsx'), () => oldWriteXlsx(awkward, manyRecords, anchor)],
    ['tables with the anchor (a filed plan)', () => written((p) => writeTables(p, [awkward, results], anchor), 'd.xlsx'), () => oldWriteTables([awkward, results], anchor)],
  ];
  for (const [what, fresh, old] of cases) {
    it(`${what}: the same read back by exceljs and by ssj's reader`, async () => {
      const [a, b] = [await fresh(), await old()];
      const [ea, eb] = [await excel(a), await excel(b)];
      expect(ea).toEqual(eb);
      expect(ea.length).toBeGreaterThan(1);
      expect(await own(a, `${what}-new.xlsx`)).toEqual(await own(b, `${what}-old.xlsx`));
    });
  }

  it('writes the layout a printout needs: hidden machine sheets, merged title, print titles, string cells', async () => {
    // (a quote in a sheet's name is doubled in the print titles' reference, which exceljs did not do)
    const sheets = (await excel(await written((p) => writeXlsx(p, { ...awkward, sheet: "计划'调整" }, records, anchor), 'e.xlsx'))) as any[];
    expect(sheets.map((s) => [s.name, s.state])).toEqual([["计划'调整", 'visible'], [ANCHOR_SHEET, 'hidden'], [RECORDS_SHEET, 'hidden']]);
    const [t] = sheets;
    expect(t.merges).toEqual(['A1:C1']);
    expect(t.views).toEqual([{ state: 'frozen', ySplit: 2 }]);
    expect(t.page).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' });
    expect(t.footer).toBe('第 &P 页，共 &N 页');
    expect(t.rows[2].cells[0]).toMatchObject({ type: ExcelJS.ValueType.String, value: '=SUM(A1:A9)' });
    expect(t.rows[2].cells[2]).toMatchObject({ type: ExcelJS.ValueType.Number, value: 0 });
    expect(t.rows[5].cells[1].value).toBe('x\ny'); // XML keeps no CR in text
    // the records sheet holds each record whole, in parts under Excel's 32,767 characters
    const parts = sheets[2].rows.slice(1).filter((r: any) => r.cells[0].value === '2026-001').map((r: any) => r.cells[2].value as string);
    expect(parts.length).toBe(3);
    expect(JSON.parse(parts.join(''))).toEqual(records[0]);
  });

  it('deflates a sheet over 1 MiB in segments that make one valid stream, with the whole part\'s CRC-32 and size', async () => {
    const buf = await written((p) => writeXlsx(p, long), 'long-alone.xlsx');
    const zip = ZipArchive.read(buf);
    const sheet = zip.bytes('xl/worksheets/sheet1.xml')!; // (checks the CRC-32 and the size against the directory)
    expect(sheet.length).toBeGreaterThan(1 << 20);
    const text = sheet.toString('utf8');
    expect(text.startsWith('<?xml')).toBe(true);
    expect(text.endsWith('</worksheet>')).toBe(true);
    expect(text).toContain('<dimension ref="A1:G4002"');
    expect(text.match(/<row /g)!.length).toBe(4002);
  });

  it('writes a long sheet while yielding into the buffers of segments already deflated: the same part as written in one go', async () => {
    // about 6 MB of XML: six segments or more
    const longer: DisclosureTable = { ...long, rows: Array.from({ length: 6 }, () => long.rows).flat().map((r, i) => [i + 1, ...r.slice(1)]) };
    const sync = new WorkbookWriter();
    const a = addTableSheet(sync, longer);
    const yielding = new WorkbookWriter();
    const b = await addTableSheetYielding(yielding, longer);
    const [pa, pb] = [await sync.parts(), await yielding.parts()];
    const sheet = (parts: [string, { raw: Buffer; crc: number; size: number }][]) => parts.find(([n]) => n === 'xl/worksheets/sheet1.xml')![1];
    expect(sheet(pb).size).toBeGreaterThan(6 << 20);
    expect(sheet(pb)).toEqual(sheet(pa));
    expect(a.buffers.cuts).toBeGreaterThanOrEqual(6);
    expect(b.buffers.cuts).toBe(a.buffers.cuts);
    // without yielding every segment's buffer is still held when the next is written; with it, a few go round
    expect(a.buffers.fresh).toBe(a.buffers.cuts);
    expect(b.buffers.fresh).toBeLessThanOrEqual(4);
    // and the zip holds that part whole: its CRC-32 and size checked when read back
    const zip = ZipArchive.read(await yielding.toBuffer());
    expect(zip.bytes('xl/worksheets/sheet1.xml')!.toString('utf8').match(/<row /g)!.length).toBe(longer.rows.length + 2);
  });

  it('writes the texts of a column that are nearly all different in their cells, after its first 256', async () => {
    const zip = ZipArchive.read(await written((p) => writeXlsx(p, unique), 'u-alone.xlsx'));
    const xml = zip.bytes('xl/worksheets/sheet1.xml')!.toString('utf8');
    const cells = (col: string, type: string) => (xml.match(new RegExp(`<c r="${col}\\d+"[^>]* t="${type}"`, 'g')) ?? []).length;
    // names (one in 12 empty: still a shared string) and codes: the first 256 lookups (the header's and 255 codes')
    // shared, the rest inline
    expect(cells('C', 'inlineStr')).toBe(700 - 255);
    expect(cells('C', 's')).toBe(256);
    expect(cells('B', 'inlineStr')).toBeGreaterThan(350);
    // a result repeats: shared throughout
    expect(cells('D', 'inlineStr')).toBe(0);
    expect(xml).toContain('<is><t xml:space="preserve">');
    expect(xml).toContain('&lt;甲&amp;乙&gt; &quot;丙&quot; &apos;丁&apos;');
    expect(xml).not.toContain('\u0001');
    // an inline text keeps its spaces at either end (and line breaks) with xml:space="preserve", and only such a one
    const inline = [...xml.matchAll(/<is><t( xml:space="preserve")?>([^<]*)<\/t><\/is>/g)];
    expect(inline.length).toBeGreaterThan(700);
    for (const [, keep, t] of inline) expect(Boolean(keep), JSON.stringify(t)).toBe(/^\s|\n|\s$/.test(t!));
    expect(inline.filter(([, keep]) => keep).length).toBeGreaterThan(100);
  });

  it('writes a year of records in the hidden records sheet inline after its first 256 parts, each part whole', async () => {
    const zip = ZipArchive.read(await written((p) => writeXlsx(p, awkward, manyRecords, anchor), 'r-alone.xlsx'));
    const xml = zip.bytes('xl/worksheets/sheet3.xml')!.toString('utf8');
    expect((xml.match(/<c r="C\d+"[^>]* t="inlineStr"/g) ?? []).length).toBe(300 - 255);
    const sheets = (await excel(await written((p) => writeXlsx(p, awkward, manyRecords, anchor), 'r-again.xlsx'))) as any[];
    const texts = sheets[2].rows.slice(1).map((r: any) => r.cells[2].value as string);
    expect(texts.map((t: string) => JSON.parse(t))).toEqual(manyRecords);
  });

  it('escapes XML and names columns', () => {
    expect(xmlText('a&b<c>"d\'e\u0001f\u007f\ng\th')).toBe('a&amp;b&lt;c&gt;&quot;d&apos;ef\ng\th');
    expect(xmlText('普通文字')).toBe('普通文字');
    expect([1, 26, 27, 52, 53, 702, 703, 16384].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
});
