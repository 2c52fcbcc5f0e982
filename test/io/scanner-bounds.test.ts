// The worksheet scanner at Excel's bounds: the last row and column are read, one past them is refused, a full
// 1,048,575-row sheet streams through (fed in small chunks, so rows and tags split across chunks everywhere), and
// XML with a namespace prefix reads as without one. No timing asserts.
import { describe, expect, it } from 'vitest';
import type { MergeRange, RawRow } from '../../src/core/cells.js';
import { ListBuilder } from '../../src/core/list-builder.js';
import { SCHEMAS } from '../../src/core/schema.js';
import { LimitError } from '../../src/io/limits.js';
import { scanSheet } from '../../src/io/sheet-scanner.js';
import type { StyleInfo } from '../../src/io/xlsx-parts.js';
import { rootPrefix, xmlChunks } from '../../src/io/xml-stream.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const style = (): StyleInfo => ({ date: false, zeroPad: 0 });

/** Pieces of `text` of `size` characters. */
function* pieces(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function scan(source: Iterable<string> | AsyncIterable<string | Buffer>, merges: MergeRange[] = []): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  const src = Symbol.asyncIterator in Object(source) ? (source as AsyncIterable<string>) : (async function* () { yield* source as Iterable<string>; })();
  for await (const r of scanSheet(src, [], style, false, merges)) rows.push(r);
  return rows;
}

const sheet = (rows: string, tail = '') => `<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${rows}</sheetData>${tail}</worksheet>`;

describe('Excel bounds', () => {
  it('reads row 1,048,576 and column XFD', async () => {
    const rows = await scan(pieces(sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>7</v></c></row>'), 7));
    expect(rows.map((r) => r.row)).toEqual([1, 1048576]);
    expect(rows[1]!.cells.length).toBe(16384);
    expect(rows[1]!.cells[16383]).toBe(7);
  });

  it.each([
    ['a column past XFD', '<row r="2"><c r="XFE2"><v>1</v></c></row>', /单元格引用「XFE2」超出了 Excel 的范围/],
    ['a cell reference with a row past the last', '<row r="2"><c r="A1048577"><v>1</v></c></row>', /单元格引用「A1048577」/],
    ['a row past the last', '<row r="1048577"><c r="A1"><v>1</v></c></row>', /行号「1048577」超出了 Excel 的范围/],
    ['a long reference, shortened in the message', `<row r="2"><c r="${'Z'.repeat(60)}1"><v>1</v></c></row>`, /单元格引用「Z{20}…」/],
  ])('refuses %s', async (_n, rows, message) => {
    await expect(scan([sheet(rows)])).rejects.toThrow(LimitError);
    await expect(scan([sheet(rows)])).rejects.toThrow(message);
  });

  it('refuses a merged range past the last row, and collects one within bounds', async () => {
    const ok: MergeRange[] = [];
    await scan([sheet('<row r="1"/>', '<mergeCells><mergeCell ref="A2:A1048576"/></mergeCells>')], ok);
    expect(ok).toEqual([{ top: 2, left: 0, bottom: 1048576, right: 0 }]);
    await expect(scan([sheet('<row r="1"/>', '<mergeCells><mergeCell ref="A2:A99999999"/></mergeCells>')])).rejects.toThrow(/D?A99999999/);
  });
});

describe('a legitimate 1,048,575-row sheet', () => {
  it('streams through in small chunks: every row, the last at 1,048,576', async () => {
    const total = 1_048_575;
    async function* source() {
      yield `<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row>`;
      let buf = '';
      for (let r = 2; r <= total + 1; r++) {
        buf += `<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}" t="inlineStr"><is><t>公司${r}</t></is></c></row>`;
        if (buf.length > 50_000) {
          // cut mid-tag on purpose
          yield buf.slice(0, 33_333);
          yield buf.slice(33_333);
          buf = '';
        }
      }
      yield `${buf}</sheetData><mergeCells count="1"><mergeCell ref="C2:C1048576"/></mergeCells></worksheet>`;
    }
    let count = 0;
    let last: RawRow | null = null;
    let ordered = true;
    const merges: MergeRange[] = [];
    for await (const r of scanSheet(source(), [], style, false, merges)) {
      if (last && r.row !== last.row + 1) ordered = false;
      count++;
      last = r;
    }
    expect(count).toBe(total + 1);
    expect(ordered).toBe(true);
    expect(last).toEqual({ row: 1_048_576, cells: [1_048_576, '公司1048576'] });
    expect(merges).toEqual([{ top: 2, left: 2, bottom: 1048576, right: 2 }]);
  }, 120_000);
});

describe('merged ranges in the list builder', () => {
  it('a range down a million rows is applied as rows stream (not expanded row by row)', () => {
    const b = new ListBuilder(SCHEMAS.entities, { file: 'x.xlsx', asOf: '2026-11-22' });
    const sb = b.sheet('名录', [{ top: 2, left: 2, bottom: 1_048_576, right: 2 }, { top: 2, left: 3, bottom: 3, right: 3 }]);
    sb.addRow({ row: 1, cells: ['市场主体名称', '统一社会信用代码', '行业类别', '经营状态'] });
    sb.addRow({ row: 2, cells: ['甲公司', '913508816145607318', '建筑施工', '存续'] });
    sb.addRow({ row: 3, cells: ['乙公司', '91350881MA32XK2Q45', null, null] });
    sb.addRow({ row: 1_048_576, cells: ['丙公司', '91350100M000100Y43', null, '注销'] });
    sb.end();
    const out = b.finish();
    expect(out.errors).toEqual([]);
    expect(out.records.map((r: any) => [r.name, r.category, r.statusText])).toEqual([['甲公司', '建筑施工', '存续'], ['乙公司', '建筑施工', '存续'], ['丙公司', '建筑施工', '注销']]);
  });
});

describe('namespace prefixes', () => {
  it('finds the root element prefix after the declaration and comments', () => {
    expect(rootPrefix(Buffer.from('<?xml version="1.0"?><!-- x:y --><x:worksheet xmlns:x="u">'))).toBe('x');
    expect(rootPrefix(Buffer.from('<?xml version="1.0"?>\n<worksheet xmlns="u">'))).toBe('');
    expect(rootPrefix(Buffer.from('<?xml version="1.0"?><x:work'))).toBeNull();
  });

  it('a prefixed sheet, split at every possible point, reads as the plain one', async () => {
    const body = '<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c><c r="B1"><v>2</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c></row>';
    const plain = await scan([sheet(body)]);
    const prefixed = `<?xml version="1.0"?><ss:worksheet xmlns:ss="${NS}"><ss:sheetData>${body.replace(/<(\/?)(row|c|is|t|v)\b/g, '<$1ss:$2')}</ss:sheetData></ss:worksheet>`;
    for (const size of [1, 2, 3, 5, 64]) {
      const bytes = Buffer.from(prefixed);
      const chunks = async function* () {
        for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
      };
      expect(await scan(xmlChunks(chunks(), '工作表'))).toEqual(plain);
    }
  });
});
