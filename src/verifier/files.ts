// Reading the published files in the browser: .xlsx (zip central directory, inflate by the browser's own
// DecompressionStream, the sheet XML scanned for cells), .csv (UTF-8 with or without BOM, or GB18030, RFC 4180) and
// .jsonl. Only what ssj's own exports need: every text cell, shared strings, numbers; and a number whose cell style
// is a date as that date (a table re-saved from Excel, whose 抽取日期 became date cells, reads as ssj verify reads it).
//
// Why not the repository's streaming reader (src/io/xlsx-reader.ts): it reads by random access from a file handle
// and inflates with node:zlib streams. Why not exceljs's browser build: ~1 MB minified for a page that only reads
// tables ssj wrote. Browsers inflate natively (DecompressionStream 'deflate-raw'), so this reader is ~150 lines.
import { BUILTIN_DATE_FORMATS, isDateFormat, serialToDate, type RawCell } from '../core/cells.js';

export interface Sheet {
  name: string;
  /** rows by 0-based index (row 1 is rows[0]); each a sparse array of cells by 0-based column */
  rows: RawCell[][];
}

const u16 = (b: Uint8Array, p: number) => b[p]! | (b[p + 1]! << 8);
const u32 = (b: Uint8Array, p: number) => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The parts of a zip by name, read lazily. Null when the bytes are not a zip. */
export function unzip(bytes: Uint8Array): Map<string, () => Promise<Uint8Array>> | null {
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 65_557); p--) {
    if (u32(bytes, p) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(bytes, eocd + 10);
  let p = u32(bytes, eocd + 16);
  const parts = new Map<string, () => Promise<Uint8Array>>();
  const utf8 = new TextDecoder();
  for (let i = 0; i < count && u32(bytes, p) === 0x02014b50; i++) {
    const method = u16(bytes, p + 10);
    const csize = u32(bytes, p + 20);
    const n = u16(bytes, p + 28);
    const local = u32(bytes, p + 42);
    const name = utf8.decode(bytes.subarray(p + 46, p + 46 + n));
    p += 46 + n + u16(bytes, p + 30) + u16(bytes, p + 32);
    parts.set(name, async () => {
      if (u32(bytes, local) !== 0x04034b50) throw new Error(`压缩包中 ${name} 的位置不对（文件已损坏）`);
      const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
      const raw = bytes.subarray(start, start + csize);
      if (method === 0) return raw;
      if (method !== 8) throw new Error(`压缩包中 ${name} 用了不支持的压缩方式 ${method}`);
      return inflateRaw(raw);
    });
  }
  return parts;
}

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
function xmlText(s: string): string {
  const t = s.includes('&') ? s.replace(ENTITY, (_m, n: string, d: string, h: string) => (n ? NAMED[n]! : String.fromCodePoint(d ? Number(d) : parseInt(h, 16)))) : s;
  return t.includes('_x') ? t.replace(EXCEL_ESCAPE, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : t;
}
const ATTR = new Map<string, RegExp>();
const attr = (tag: string, name: string) => {
  let re = ATTR.get(name);
  if (!re) ATTR.set(name, (re = new RegExp(`\\s${name}="([^"]*)"`)));
  const m = re.exec(tag);
  return m ? xmlText(m[1]!) : null;
};
/** Text of every <t> in a fragment, leaving out phonetic readings (<rPh>). */
const runsText = (x: string) => {
  let out = '';
  const body = x.includes('<rPh') ? x.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : x;
  for (const m of body.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>|<t\b[^>]*\/>/g)) out += m[1] ? xmlText(m[1]) : '';
  return out;
};

const colIndex = (ref: string) => {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
};

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** Every sheet of an .xlsx (worksheets only), in tab order, with its cells. */
export async function readXlsx(bytes: Uint8Array): Promise<Sheet[]> {
  const parts = unzip(bytes);
  if (!parts) throw new Error('不是有效的 .xlsx 文件（找不到压缩包目录）');
  const dec = new TextDecoder();
  const text = async (name: string) => {
    const f = parts.get(name);
    return f ? dec.decode(await f()) : null;
  };
  const wbPath = 'xl/workbook.xml';
  const wb = await text(wbPath);
  if (wb === null) throw new Error('不是 Excel 工作簿（缺少 xl/workbook.xml）');
  const rels = new Map<string, string>();
  for (const m of ((await text('xl/_rels/workbook.xml.rels')) ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) rels.set(id, resolvePath(wbPath, target));
  }
  const shared: string[] = [];
  const ss = await text('xl/sharedStrings.xml');
  if (ss) for (const m of ss.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)) shared.push(m[1] ? runsText(m[1]) : '');
  const dates = dateStyles((await text('xl/styles.xml')) ?? '');
  const date1904 = /<workbookPr\b[^>]*\sdate1904="(1|true)"/.test(wb);
  const sheets: Sheet[] = [];
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name') ?? '';
    const rid = attr(m[0], 'r:id');
    const path = rid ? rels.get(rid) : undefined;
    const xml = path ? await text(path) : null;
    if (xml === null) continue;
    sheets.push({ name, rows: sheetRows(xml, shared, (style, n) => (dates.has(style) ? serialToDate(n, date1904) : n)) });
  }
  return sheets;
}

/** The cell styles (indexes into <cellXfs>) whose number format shows a date, as ssj's own reader decides (core/cells.ts). */
function dateStyles(styles: string): Set<number> {
  const codes = new Map<number, string>();
  for (const m of styles.matchAll(/<numFmt\b[^>]*>/g)) {
    const id = attr(m[0], 'numFmtId');
    const code = attr(m[0], 'formatCode');
    if (id !== null && code !== null) codes.set(Number(id), code);
  }
  const out = new Set<number>();
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  let i = 0;
  for (const m of xfs.matchAll(/<xf\b[^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    const code = codes.get(id);
    if (code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)) out.add(i);
    i++;
  }
  return out;
}

function sheetRows(xml: string, shared: readonly string[], number: (style: number, n: number) => RawCell): RawCell[][] {
  const rows: RawCell[][] = [];
  let rowNo = 0;
  let col = -1;
  // a <row> start, or a cell: its r="B3" and t="s" (any attribute order), and its content
  const CELL = /<row\b([^>]*?)\/?>|<c\b([^>]*?)(?:\/>|>(.*?)<\/c>)/gs;
  const REF = /\sr="([A-Z]+)\d*"/;
  const TYPE = /\st="(\w+)"/;
  const ROW = /\sr="(\d+)"/;
  for (let m = CELL.exec(xml); m; m = CELL.exec(xml)) {
    if (m[1] !== undefined) {
      const r = ROW.exec(m[1]);
      rowNo = r ? Number(r[1]) : rowNo + 1;
      col = -1;
      continue;
    }
    const tag = m[2]!;
    const ref = REF.exec(tag);
    col = ref ? colIndex(ref[1]!) : col + 1;
    const body = m[3];
    if (body === undefined) continue;
    const t = tag.includes(' t="') ? TYPE.exec(tag)?.[1] : undefined;
    let v: RawCell = null;
    if (t === 'inlineStr') v = runsText(body);
    else {
      const at = body.indexOf('<v>');
      if (at < 0) continue;
      const raw = body.slice(at + 3, body.indexOf('</v>', at));
      if (t === 's') v = shared[Number(raw)] ?? '';
      else if (t === 'str' || t === 'e') v = xmlText(raw);
      else if (t === 'b') v = raw === '1';
      else {
        const style = tag.includes(' s="') ? /\ss="(\d+)"/.exec(tag)?.[1] : undefined;
        v = style === undefined ? Number(raw) : number(Number(style), Number(raw));
      }
    }
    (rows[rowNo - 1] ??= [])[col] = v;
  }
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/** Text of a CSV or JSON-lines file: UTF-8 (BOM or not), else GB18030 as Chinese Windows saves it. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder().decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180 rows (quotes, doubled quotes, line breaks inside quotes; CRLF or LF). Lines without a quote are split as they are. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = n;
    const line = text.slice(i, end > i && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    if (!line.includes('"')) {
      rows.push(line.split(','));
      i = end + 1;
      continue;
    }
    // a line with quotes: field by field, a quoted field may run over line breaks
    const row: string[] = [];
    let field = '';
    let quoted = false;
    let j = i;
    for (; j < n; j++) {
      const ch = text[j]!;
      if (quoted) {
        if (ch === '"') {
          if (text[j + 1] === '"') {
            field += '"';
            j++;
          } else quoted = false;
        } else field += ch;
      } else if (ch === '"' && field === '') quoted = true;
      else if (ch === ',') {
        row.push(field);
        field = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[j + 1] === '\n') j++;
        break;
      } else field += ch;
    }
    row.push(field);
    rows.push(row);
    i = j + 1;
  }
  return rows;
}
