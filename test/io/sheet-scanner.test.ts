// The fast worksheet scanner gives exactly what the saxes-based parser gives, on every .xlsx fixture.
import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MergeRange, RawRow } from '../../src/core/cells.js';
import { scanSheet } from '../../src/io/sheet-scanner.js';
import { parseSheet } from '../../src/io/xlsx-reader.js';
import type { StyleInfo } from '../../src/io/xlsx-parts.js';
import { openEntry, zipEntries } from '../../src/io/zip-directory.js';
import { FIXTURES } from '../helpers/workdir.js';

const files = ['quirks', 'sample', 'office'].flatMap((d) =>
  readdirSync(join(FIXTURES, d)).filter((f) => f.endsWith('.xlsx') && !f.startsWith('broken') && !f.startsWith('not-a-sheet')).map((f) => join(FIXTURES, d, f)),
);

// A style lookup that exercises the date and zero-padding paths for style ids 1 and 2.
const style = (s: number): StyleInfo => (s === 1 ? { date: true, zeroPad: 0 } : s === 2 ? { date: false, zeroPad: 11 } : { date: false, zeroPad: 0 });
const sharedTexts = Array.from({ length: 5000 }, (_, i) => `共享${i}`);

async function collect(parse: typeof scanSheet, file: string, name: string) {
  const entries = (await zipEntries(file, (await stat(file)).size))!;
  const entry = entries.find((e) => e.name === name)!;
  const rows: RawRow[] = [];
  const merges: MergeRange[] = [];
  for await (const r of parse(await openEntry(file, entry), sharedTexts, style, false, merges)) rows.push(r);
  return { rows, merges };
}

describe('sheet scanner', () => {
  it.each(files.map((f) => [f.slice(FIXTURES.length + 1), f]))('%s: same rows and merges as the SAX parser', async (_n, file) => {
    const entries = (await zipEntries(file, (await stat(file)).size))!;
    const sheets = entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name));
    expect(sheets.length).toBeGreaterThan(0);
    for (const sh of sheets) {
      const fast = await collect(scanSheet, file, sh.name);
      const ref = await collect(parseSheet, file, sh.name);
      expect(fast.rows).toEqual(ref.rows);
      expect(fast.merges).toEqual(ref.merges);
    }
  });
});

// Cells written by hand in the ways the scanner reads without making strings (attributes found in place, digits
// read as numbers) and the ways it leaves to the general path: both parsers must agree, whatever the chunking.
describe('sheet scanner on hand-written cells', () => {
  const rows = [
    `<row r="1"><c r="A1" t="s"><v>3</v></c><c r='B1' t='s'><v>4999</v></c><c r="D1" t="s"><v> 7 </v></c></row>`,
    `<row r="2"><c r="A2"><v>42</v></c><c r="B2" s="1"><v>46934</v></c><c r="C2" s="2"><v>123456789</v></c><c r="D2" s="2"><v>12.5</v></c><c r="E2"><v>1.5E+3</v></c><c r="F2"><v>-7</v></c><c r="G2"><v>1234567890123456789</v></c></row>`,
    `<row r = "3" spans="1:9"><c\n r="A3"\t s = "1" t="n"><v>46935</v></c><c t="s" s="2" r="B3"><v>2</v></c><c r="c3"><v>9</v></c><c><v>10</v></c><c r="ZZ3"><v>11</v></c><c r="E3" t="str"><f>A3&amp;"x"</f><v>a&amp;b&lt;c_x000D_</v></c></row>`,
    `<row><c r="A4" t="inlineStr"><is><r><t>示例县</t></r><r><rPr><b/></rPr><t xml:space="preserve">兴业 </t></r><rPh sb="0" eb="1"><t>shi</t></rPh></is></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="D4" t="d"><v>2028-06-30</v></c><c r="E4" s="x"><v>5</v></c><c r="F4" s=""><v>6</v></c><c r="H4"><v>7</v></c></row>`,
    `<row r="6"/><row r="7" s="3" customFormat="1"><c r="A7" s="1"/><c r="B7" s="1"><f>TODAY()</f></c><c r="C7"><v></v></c><c r="E7"><v>0012</v></c><c r="XFD7"><v>1</v></c></row>`,
    `<row r="8"><c r="A8"><v>&#49;2</v></c><c r="B8" t="s"><v>0</v></c><c r="C8" t="s" s="1"><v>1</v></c><c r="D8" s="1"><v>0</v></c><c r="E8" s="2"><v>0</v></c></row>`,
    `<row r="9"><c r="A9"><v>5</v><extLst/></c><c r="B9" t="s"><v>2</v> </c><c r="C9"><v>7</v></c><c r="D9" t="s"><v>1</v></c></row>`,
    // hidden; formulas never calculated (no <v>: unknown, not empty), one whose result is the empty text, a shared one
    `<row r="10" hidden="1"><c r="A10"><f>B9*2</f></c><c r="B10" t="str"><f>""</f><v></v></c><c r="C10"><f t="shared" ref="C10:C11" si="0"/></c><c r="D10" t="s"><v>1</v></c><c r="E10"><fx/></c></row>`,
    `<row r="11" hidden="true"><c r="A11"><v>1</v></c></row>`,
  ];
  const xml = `<worksheet><sheetData>${rows.join('')}</sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>`;
  /** the XML in pieces of `size`: text, or (as inflated parts come) bytes cut anywhere, inside characters too */
  async function* chunks(size: number, bytes: boolean, text = xml) {
    const all = Buffer.from(text);
    if (bytes) for (let i = 0; i < all.length; i += size) yield all.subarray(i, i + size);
    else for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  async function run(parse: typeof scanSheet, size: number, bytes = false, text = xml) {
    const out: RawRow[] = [];
    const merges: MergeRange[] = [];
    for await (const r of parse(chunks(size, bytes, text), sharedTexts, style, false, merges)) out.push(r);
    return { out, merges };
  }
  it.each([1, 7, 64, 100_000])('chunks of %i characters', async (size) => {
    const ref = await run(parseSheet, 100_000);
    expect(ref.out.length).toBe(10);
    expect(ref.out.find((r) => r.row === 7)!.formulas).toEqual([1]);
    expect(ref.out.find((r) => r.row === 10)).toMatchObject({ hidden: true, formulas: [0, 2] });
    expect(ref.out.find((r) => r.row === 11)).toEqual({ row: 11, cells: [1], hidden: true });
    expect(await run(scanSheet, size)).toEqual(ref);
  });
  it.each([1, 2, 7, 64, 100_000])('chunks of %i bytes', async (size) => {
    const ref = await run(parseSheet, 100_000);
    expect(await run(scanSheet, size, true)).toEqual(ref);
  });

  // Rows of the usual form (read from the bytes without decoding them), mixed with rows of other forms (decoded and
  // read as text) and with what makes the scanner hand the rest of the part to its text path.
  const usual = (r: number) => `<row r="${r}" spans="1:4"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="s"><v>${r % 7}</v></c><c r="C${r}" s="1"><v>4693${r % 10}</v></c><c r="D${r}" s="2" t="n"><v>12345</v></c></row>`;
  const sheets: [string, string][] = [
    ['usual rows only', Array.from({ length: 40 }, (_, i) => usual(i + 1)).join('')],
    ['usual rows among others', [usual(1), '<row r="2"><c r="A2" t="inlineStr"><is><t>文本</t></is></c></row>', usual(3), '<row r="4"><c r="A4"><v>1.5</v></c><c r="B4"><f>A4</f><v>2</v></c></row>', usual(5), '<row r="6"/>', '<row r = "7"><c r="A7"><v>7</v></c></row>', '<row><c><v>8</v></c><c t="s"><v>1</v></c></row>', usual(9), '<row r="10"><c r="a10"><v>1</v></c><c r="B10" s=\'2\'><v>5</v></c><c r="C10" t="str"><v>中</v></c></row>', usual(11)].join('')],
    ['whitespace between rows and cells', `\n  ${usual(1)}\n  <row r="2">\n    <c r="A2"><v>2</v></c>\n    <c r="B2" t="s"><v>3</v></c>\n  </row>\n  ${usual(3)}\n`],
    ['rows out of order, cells out of order, wide gaps', `${usual(5)}${usual(2)}<row r="9"><c r="D9"><v>4</v></c><c r="A9"><v>1</v></c><c r="XFD9"><v>9</v></c></row>`],
    ['something else between rows', `${usual(1)}<foo/>${usual(2)}${usual(3)}`],
    ['rows without numbers', `<row r="1"><c r="A1" t="s"><v>4999</v></c><c r="B1" t="s"><v>4998</v></c></row><row r="2"><c r="A2"/><c r="B2" s="1"/></row>`],
  ];
  it.each(sheets)('%s: the same rows as the SAX parser, from bytes in any chunking', async (_name, rowsXml) => {
    const text = `<worksheet><sheetPr/><sheetData>${rowsXml}</sheetData><mergeCells><mergeCell ref="A1:A3"/></mergeCells></worksheet>`;
    const ref = await run(parseSheet, 100_000, false, text);
    for (const size of [1, 5, 13, 64, 4096, 100_000]) expect(await run(scanSheet, size, true, text), `chunks of ${size}`).toEqual(ref);
  });

  // A cell naming a shared string the file does not have: a damaged file, never an empty cell (its text is unknown).
  it.each([
    ['past the end of the table', '<v>5000</v>', '单元格 C2 引用的共享文字第 5001 条不存在（文件中只有 5000 条）'],
    ['with no index', '<v/>', '单元格 C2 引用的共享文字编号「」无效'],
    ['that is not a number', '<v>x</v>', '单元格 C2 引用的共享文字编号「x」无效'],
  ])('a shared string reference %s: both readers name the cell', async (_name, v, expected) => {
    const bad = `<worksheet><sheetData>${usual(1)}<row r="2"><c r="A2"><v>1</v></c><c r="C2" t="s">${v}</c></row></sheetData></worksheet>`;
    await expect(run(parseSheet, 100_000, false, bad)).rejects.toThrow(expected);
    for (const size of [1, 7, 64, 100_000]) {
      await expect(run(scanSheet, size, true, bad), `bytes in chunks of ${size}`).rejects.toThrow(expected);
      await expect(run(scanSheet, size, false, bad), `text in chunks of ${size}`).rejects.toThrow(expected);
    }
  });
});

// Number cells whose format adds literal text around the digits ("闽"0000, 0"次"): every reader gives, beside the
// number, the text Excel shows (RawRow.shown), by column; nothing for cells of other formats.
describe('the text shown by number formats that add text', () => {
  const affixStyle = (s: number): StyleInfo =>
    s === 3 ? { date: false, zeroPad: 0, affix: { prefix: '闽', suffix: '', digits: 4, zero: true } }
    : s === 4 ? { date: false, zeroPad: 0, affix: { prefix: '', suffix: '次', digits: 1, zero: true } }
    : style(s);
  const rows = [
    // the usual form (read from the bytes)
    `<row r="1"><c r="A1" s="3"><v>12</v></c><c r="B1" s="4" t="n"><v>2</v></c><c r="C1" s="2"><v>5</v></c><c r="D1"><v>6</v></c><c r="E1" s="3" t="s"><v>1</v></c><c r="F1" s="3"><v>0</v></c></row>`,
    // other forms (read as text): a formula's result, decimals and negatives, an inline string, a reference written in lower case
    `<row r="2"><c r="A2" s="3"><f>B2*2</f><v>14</v></c><c r="B2" s="3"><v>1.5</v></c><c r="C2" s="4"><v>-3</v></c><c r="D2" s="4" t="inlineStr"><is><t>x</t></is></c><c r="e2" s="4"><v>7</v></c><c r="F2" s="3"><v>0012</v></c><c r="G2" s="3"><v>1E+2</v></c></row>`,
    // a cell written twice: the later one's
    `<row r="3"><c r="A3" s="3"><v>1</v></c><c r="A3"><v>2</v></c><c r="B3"><v>3</v></c><c r="B3" s="4"><v>4</v></c></row>`,
    `<row r="4"><c r="A4"><v>1</v></c></row>`,
  ];
  const xml = `<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`;
  async function* chunks(size: number, bytes: boolean) {
    const all = Buffer.from(xml);
    if (bytes) for (let i = 0; i < all.length; i += size) yield all.subarray(i, i + size);
    else for (let i = 0; i < xml.length; i += size) yield xml.slice(i, i + size);
  }
  async function run(parse: typeof scanSheet, size: number, bytes: boolean) {
    const out: RawRow[] = [];
    for await (const r of parse(chunks(size, bytes), sharedTexts, affixStyle, false, [])) out.push(r);
    return out;
  }
  const expected = [
    { row: 1, cells: [12, 2, '00000000005', 6, '共享1', 0], shown: { 0: '闽0012', 1: '2次', 5: '闽0000' } },
    { row: 2, cells: [14, 1.5, -3, 'x', 7, 12, 100], shown: { 0: '闽0014', 4: '7次', 5: '闽0012', 6: '闽0100' } },
    { row: 3, cells: [2, 4], shown: { 1: '4次' } },
    { row: 4, cells: [1] },
  ];
  it('the SAX parser', async () => {
    expect(await run(parseSheet, 100_000, false)).toEqual(expected);
  });
  it.each([1, 5, 13, 64, 100_000])('the scanner, from bytes and from text in chunks of %i', async (size) => {
    expect(await run(scanSheet, size, true)).toEqual(expected);
    expect(await run(scanSheet, size, false)).toEqual(expected);
  });

  it('a workbook saved with such formats (its own styles): the SAX parser and both of the scanner\'s paths agree', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { makeStyleLookup, parseSharedStrings, parseStyles } = await import('../../src/io/xlsx-parts.js');
    const { xmlChunks } = await import('../../src/io/xml-stream.js');
    const dir = mkdtempSync(join(tmpdir(), 'ssj-numfmt-'));
    try {
      const wb = new ExcelJS.Workbook();
      const sh = wb.addWorksheet('人员');
      sh.addRow(['执法证号', '事项编号', '抽查频次', '电话', '补零', '日期', '文本格式', '千分位']);
      const formats = ['"闽"00000000000', '"ZJ-"000', '0"次"', '"0"0000000000', '00000000000', 'yyyy-mm-dd', '@', '#,##0'];
      const values = [[12345678, 7, 2, 5977571749, 1234567890, 46934, 5, 1234], [35088110001, 12, 1, 13905971234, 7, 46935, 6, 7]];
      for (const v of values) sh.addRow(v).eachCell((c, col) => (c.numFmt = formats[col - 1]!));
      const file = join(dir, 'formats.xlsx');
      await wb.xlsx.writeFile(file);
      const entries = (await zipEntries(file, (await stat(file)).size))!;
      const part = async (name: string) => xmlChunks(await openEntry(file, entries.find((e) => e.name === name)!), name);
      const styles = await parseStyles(await part('xl/styles.xml'));
      const strings = await parseSharedStrings(await part('xl/sharedStrings.xml'));
      const entry = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
      const read = async (parse: typeof scanSheet, text: boolean) => {
        const out: RawRow[] = [];
        const bytes = await openEntry(file, entry);
        // (text chunks: the scanner's text path reads every row)
        const source = text ? (async function* () { for await (const b of bytes) yield b.toString('utf8'); })() : bytes;
        for await (const r of parse(source, strings, makeStyleLookup(styles), false, [])) out.push(r);
        return out.slice(1).map((r) => ({ cells: r.cells.slice(0, 5), shown: r.shown }));
      };
      const sax = await read(parseSheet, false);
      expect(sax).toEqual([
        { cells: [12345678, 7, 2, 5977571749, '01234567890'], shown: { 0: '闽00012345678', 1: 'ZJ-007', 2: '2次', 3: '05977571749' } },
        { cells: [35088110001, 12, 1, 13905971234, '00000000007'], shown: { 0: '闽35088110001', 1: 'ZJ-012', 2: '1次', 3: '013905971234' } },
      ]);
      expect(await read(scanSheet, false)).toEqual(sax);
      expect(await read(scanSheet, true)).toEqual(sax);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
