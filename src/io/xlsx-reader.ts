// Streaming .xlsx reading on exceljs's WorkbookReader, with its known traps designed out.
//
// exceljs 4.4.0 (pinned) iterates the zip, the workbook, the relationships and the styles for us. Its
// shared-string and worksheet parsers are replaced here, because as shipped they
//  - decode each chunk of XML on its own, so a Chinese character split across two chunks becomes two
//    U+FFFD (exceljs issues #2063, #2084, #2316) — silent corruption of names in any large file;
//  - return the phonetic reading (<rPh>) instead of the text of a shared string;
//  - keep only the last run of an inline rich-text string (as WPS writes them);
//  - ignore <mergeCell>, so cells merged down over data rows read as empty;
//  - build a Row and Cell object per cell, which is most of the time spent on a million-row sheet;
//  - find sheet names only when the relationship target is relative (some writers use /xl/…).
// See docs/xlsx-reading.md.
import { createRequire } from 'node:module';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { parseRange, type MergeRange, type RawCell, type RawRow } from '../core/cells.js';

const require = createRequire(import.meta.url);

export interface XlsxSheet {
  name: string;
  hidden: boolean;
  date1904: boolean;
  /** rows in order; consume fully before asking for the next sheet */
  rows(): AsyncGenerator<RawRow>;
  /** merged ranges, complete once rows() has been consumed */
  merges: MergeRange[];
}

/** Built-in number formats that are dates, including the zh-CN locale ones (27–36, 50–58). */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(code: string): boolean {
  const s = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[ymd]/i.test(s) && !/^[#0.,%\s]*$/.test(s);
}

const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
/** Excel writes control characters as _xHHHH_ in XML text. */
function unescapeExcel(s: string): string {
  return s.includes('_x') ? s.replace(EXCEL_ESCAPE, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

type Chunk = Buffer | string;

/** Feed chunks of XML to a saxes parser with a stateful UTF-8 decoder (multi-byte safe). */
async function* saxChunks(source: AsyncIterable<Chunk>, parser: SaxesParser, drain: () => void): AsyncGenerator<void> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    drain();
    yield;
  }
  const rest = decoder.decode();
  if (rest) parser.write(rest);
  parser.close();
  drain();
}

/** Shared strings: text of the <t> in <si> or its runs <r>, never of the phonetic reading <rPh>. */
async function parseSharedStrings(source: AsyncIterable<Chunk>): Promise<string[]> {
  const out: string[] = [];
  const parser = new SaxesParser();
  let inPh = 0;
  let inT = false;
  let text = '';
  let error: Error | undefined;
  parser.on('error', (e) => (error ??= e));
  parser.on('opentag', (n: SaxesTagPlain) => {
    switch (n.name) {
      case 'si': text = ''; break;
      case 'rPh': inPh++; break;
      case 't': inT = true; break;
    }
  });
  parser.on('text', (t) => {
    if (inT && inPh === 0) text += t;
  });
  parser.on('closetag', (n: SaxesTagPlain) => {
    switch (n.name) {
      case 'si': out.push(unescapeExcel(text)); text = ''; break;
      case 'rPh': inPh--; break;
      case 't': inT = false; break;
    }
  });
  for await (const _ of saxChunks(source, parser, () => {})) {
    if (error) throw error;
  }
  if (error) throw error;
  return out;
}

interface StyleInfo {
  date: boolean;
  /** digits of a zero-padding format such as 00000000000, or 0 */
  zeroPad: number;
}

// exceljs internals used here (stable in the pinned 4.4.0).
interface StyleManagerLike {
  model?: { styles?: { numFmtId?: number }[] };
  index?: { numFmt?: Record<number, string> };
}
interface WorkbookReaderLike {
  sharedStrings?: string[];
  styles: StyleManagerLike;
  properties?: { model?: { date1904?: boolean } };
  model?: { sheets?: { id: number; name: string; rId: string; state?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  options: Record<string, unknown>;
}

function makeStyleLookup(styles: StyleManagerLike): (s: number) => StyleInfo {
  const cache = new Map<number, StyleInfo>();
  const none: StyleInfo = { date: false, zeroPad: 0 };
  return (s: number) => {
    let info = cache.get(s);
    if (info) return info;
    const id = styles.model?.styles?.[s]?.numFmtId;
    if (id === undefined) info = none;
    else {
      const code = styles.index?.numFmt?.[id];
      if (code !== undefined) {
        const pad = /^0+$/.exec(code.replace(/[;@].*$/, ''));
        info = { date: isDateFormat(code), zeroPad: pad && code.length > 1 ? pad[0].length : 0 };
      } else info = { date: BUILTIN_DATE_FORMATS.has(id), zeroPad: 0 };
    }
    cache.set(s, info);
    return info;
  };
}

const DAY_MS = 86_400_000;
function serialToDate(serial: number, date1904: boolean): Date {
  if (date1904) return new Date(Date.UTC(1904, 0, 1) + Math.round(serial * DAY_MS));
  // Serials below 61 predate Excel's fictitious 1900-02-29.
  const base = Date.UTC(1899, 11, serial < 61 ? 31 : 30);
  return new Date(base + Math.round((serial < 61 ? serial - 1 : serial) * DAY_MS) + (serial < 61 ? DAY_MS : 0));
}

function colFromRef(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n - 1;
}

/** Parse one worksheet's XML into rows of raw values and its merged ranges. */
async function* parseSheet(
  source: AsyncIterable<Chunk>,
  shared: string[],
  style: (s: number) => StyleInfo,
  date1904: boolean,
  merges: MergeRange[],
): AsyncGenerator<RawRow> {
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on('error', (e) => (error ??= e));

  const ready: RawRow[] = [];
  let rowNo = 0;
  let cells: RawCell[] | null = null;
  let col = -1;
  let t = '';
  let s = 0;
  let hasValue = false;
  let v = '';
  let inV = false;
  let inT = false;
  let inIs = false;
  let inPh = 0;

  parser.on('opentag', (n: SaxesTagPlain) => {
    switch (n.name) {
      case 'row': {
        const r = n.attributes['r'];
        rowNo = r ? Number(r) : rowNo + 1;
        cells = [];
        col = -1;
        break;
      }
      case 'c': {
        const r = n.attributes['r'];
        col = r ? colFromRef(r) : col + 1;
        t = n.attributes['t'] ?? '';
        const st = n.attributes['s'];
        s = st ? Number(st) : 0;
        v = '';
        hasValue = false;
        break;
      }
      case 'v': inV = true; hasValue = true; break;
      case 'is': inIs = true; hasValue = true; break;
      case 't': if (inIs) inT = true; break;
      case 'rPh': inPh++; break;
      case 'mergeCell': {
        const m = n.attributes['ref'] ? parseRange(n.attributes['ref']) : null;
        if (m) merges.push(m);
        break;
      }
    }
  });
  parser.on('text', (x) => {
    if (inV || (inT && inPh === 0)) v += x;
  });
  parser.on('closetag', (n: SaxesTagPlain) => {
    switch (n.name) {
      case 'v': inV = false; break;
      case 't': inT = false; break;
      case 'is': inIs = false; break;
      case 'rPh': inPh--; break;
      case 'c': {
        if (!cells || !hasValue || col < 0) break;
        let value: RawCell;
        switch (t) {
          case 's': value = shared[Number(v)] ?? ''; break;
          case 'inlineStr': value = unescapeExcel(v); break;
          case 'str': value = unescapeExcel(v); break;
          case 'b': value = v.trim() !== '0' && v.trim() !== ''; break;
          case 'e': value = v; break; // #N/A, #REF! … (checked by the normaliser)
          case 'd': { const d = new Date(v); value = Number.isNaN(d.getTime()) ? v : d; break; }
          default: {
            if (v === '') { value = null; break; }
            const num = Number(v);
            if (Number.isNaN(num)) { value = v; break; }
            const info = s ? style(s) : null;
            if (info?.date) value = serialToDate(num, date1904);
            else if (info?.zeroPad && Number.isInteger(num) && num >= 0) value = String(num).padStart(info.zeroPad, '0');
            else value = num;
          }
        }
        while (cells.length < col) cells.push(null);
        cells[col] = value;
        break;
      }
      case 'row':
        if (cells) ready.push({ row: rowNo, cells });
        cells = null;
        break;
    }
  });

  for await (const _ of saxChunks(source, parser, () => {})) {
    if (error) throw error;
    if (ready.length) {
      for (const r of ready) yield r;
      ready.length = 0;
    }
  }
  if (error) throw error;
  for (const r of ready) yield r;
}

let ReaderClass: (new (input: string, options: Record<string, unknown>) => AsyncIterable<XlsxSheet>) | undefined;

function readerClass() {
  if (ReaderClass) return ReaderClass;
  // exceljs is CommonJS and heavy: loaded only when a workbook is read.
  const ExcelJS = require('exceljs') as { stream: { xlsx: { WorkbookReader: new (...a: unknown[]) => object } } };
  const Base = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: string, options: Record<string, unknown>) => WorkbookReaderLike;

  class PatchedReader extends Base {
    private strings: string[] | undefined;
    private stylesRead = false;

    // exceljs parses a worksheet met in the zip at once if it has the shared strings, and otherwise
    // buffers it to a temporary file until the end. Handing over the strings only once the styles are
    // read too means no cell is ever parsed without its number format (dates, zero-padded numbers),
    // whatever the order of the zip entries.
    private release() {
      if (this.strings && this.stylesRead) this.sharedStrings = this.strings;
    }

    async *_parseSharedStrings(entry: AsyncIterable<Chunk>): AsyncGenerator<never> {
      this.strings = await parseSharedStrings(entry);
      this.release();
    }

    async _parseStyles(entry: AsyncIterable<Chunk>): Promise<void> {
      await (Base.prototype as unknown as { _parseStyles(e: AsyncIterable<Chunk>): Promise<void> })._parseStyles.call(this, entry);
      this.stylesRead = true;
      this.release();
    }

    *_parseWorksheet(iterator: AsyncIterable<Chunk>, sheetNo: string): Generator<{ eventType: string; value: XlsxSheet }> {
      const target = (t: string) => t.replace(/^\/?(xl\/)?/, '');
      const rel = (this.workbookRels ?? []).find((r) => target(r.Target) === `worksheets/sheet${sheetNo}.xml`);
      const meta = rel ? (this.model?.sheets ?? []).find((sh) => sh.rId === rel.Id) : undefined;
      const date1904 = Boolean(this.properties?.model?.date1904);
      const shared = this.strings ?? [];
      const style = makeStyleLookup(this.styles);
      const merges: MergeRange[] = [];
      const sheet: XlsxSheet = {
        name: meta?.name ?? `Sheet${sheetNo}`,
        hidden: meta?.state === 'hidden' || meta?.state === 'veryHidden',
        date1904,
        merges,
        rows: () => parseSheet(iterator, shared, style, date1904, merges),
      };
      yield { eventType: 'worksheet', value: sheet };
    }
  }
  ReaderClass = PatchedReader as unknown as typeof ReaderClass;
  return ReaderClass!;
}

/** The sheets of an .xlsx file, streamed. Each sheet's rows must be consumed before the next sheet. */
export async function* readXlsx(file: string): AsyncGenerator<XlsxSheet> {
  const Reader = readerClass();
  const reader = new Reader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  // Sheets the caller does not read are drained by exceljs itself (entry.autodrain()).
  yield* reader;
}
