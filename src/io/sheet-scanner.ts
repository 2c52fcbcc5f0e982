// A purpose-built scanner for worksheet XML (<sheetData> rows and <mergeCell>s). Worksheet XML is
// machine-written and regular; scanning it with indexOf is several times faster than a general SAX parser
// on a million-row sheet. Its output is checked against the saxes-based parseSheet on every fixture
// (test/io/sheet-scanner.test.ts). Elements other than row, c, v, f, is and mergeCell are skipped.
import { columnLetter, parseRange, type MergeRange, type RawCell, type RawRow } from '../core/cells.js';
import { EXCEL_BOUNDS, LIMITS, LimitError, MB, refText } from './limits.js';
import { cellValue, serialToDate, SharedStringError, shownText, type StyleInfo } from './xlsx-parts.js';

type Chunk = Buffer | string;

const ENTITY = /&(?:#x([0-9A-Fa-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function unxml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : NAMED[name!]!,
  );
}

/** The two ways an attribute starts in a tag's attribute text, made once (not per cell). */
const keysOf = (name: string) => [` ${name}="`, ` ${name}='`] as const;
const REF = keysOf('ref');

/** Value of the attribute whose keys are `key` in a tag's attribute text (which starts with a space), or undefined. */
function attr(a: string, key: readonly [string, string]): string | undefined {
  let i = a.indexOf(key[0]);
  let q = '"';
  if (i < 0) {
    i = a.indexOf(key[1]);
    if (i < 0) return undefined;
    q = "'";
  }
  const start = i + key[0].length;
  const end = a.indexOf(q, start);
  return end < 0 ? undefined : a.slice(start, end);
}

/** Text of an inline string <is>…</is>: its <t>s, never a phonetic reading <rPh>. */
function inlineText(inner: string): string {
  const body = inner.includes('<rPh') ? inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : inner;
  let out = '';
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += m[1];
  return unxml(out);
}

/** Is `s[p..]` the start tag or end tag `name` (followed by space, '>' or '/')? */
function tagAt(s: string, p: number, name: string): boolean {
  if (!s.startsWith(name, p)) return false;
  const c = s.charCodeAt(p + name.length);
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

/** Is there a start tag `name` in s[from..to)? */
function hasTag(s: string, from: number, to: number, name: string): boolean {
  for (let i = s.indexOf(`<${name}`, from); i >= 0 && i < to; i = s.indexOf(`<${name}`, i + 1)) if (tagAt(s, i + 1, name)) return true;
  return false;
}

/** A row as read, with its optional marks only when they apply (the shape both sheet readers give). */
export function rawRow(no: number, cells: RawCell[], hidden: boolean, formulas: number[] | undefined, shown?: Record<number, string>): RawRow {
  const r: RawRow = { row: no, cells };
  if (hidden) r.hidden = true;
  if (formulas) r.formulas = formulas;
  if (shown) r.shown = shown;
  return r;
}

/**
 * RawRow.shown of a row being read: `text` (what the cell's affix format shows, or undefined) for the cell in column
 * `col`, which replaces any earlier cell of that column; the row's record, made at its first such cell.
 */
export function noteShown(shown: Record<number, string> | undefined, col: number, text: string | undefined): Record<number, string> | undefined {
  if (text !== undefined) (shown ??= {})[col] = text;
  else if (shown !== undefined) delete shown[col];
  return shown;
}

/** What may follow an element's name in a tag: space, '>' or '/'. */
const isDelimiter = (c: number) => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
/** tagAt(s, p, 'row') */
const isRow = (s: string, p: number) =>
  s.charCodeAt(p) === 114 && s.charCodeAt(p + 1) === 111 && s.charCodeAt(p + 2) === 119 && isDelimiter(s.charCodeAt(p + 3));
/** s.startsWith('</v></c>', p) */
const isVCEnd = (s: string, p: number) =>
  s.charCodeAt(p) === 60 && s.charCodeAt(p + 1) === 47 && s.charCodeAt(p + 2) === 118 && s.charCodeAt(p + 3) === 62 &&
  s.charCodeAt(p + 4) === 60 && s.charCodeAt(p + 5) === 47 && s.charCodeAt(p + 6) === 99 && s.charCodeAt(p + 7) === 62;

/** The 0-based column of a cell reference, checked against Excel's bounds (also its row digits). */
function refCol(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
    if (n > LIMITS.maxColumn) throw new LimitError(`单元格引用「${refText(ref)}」超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
  }
  if (ref.length - i > 7 || (i < ref.length && Number(ref.slice(i)) > LIMITS.maxRow)) {
    throw new LimitError(`单元格引用「${refText(ref)}」超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
  }
  return n - 1;
}

function rowNumber(r: string): number {
  const n = Number(r);
  if (!Number.isInteger(n) || n < 1 || n > LIMITS.maxRow) throw new LimitError(`行号「${refText(r)}」超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
  return n;
}

/**
 * <mergeCell ref="…"/> elements, collected from text fed in pieces; at most LIMITS.merges, each within
 * Excel's bounds (a merge over a billion rows would otherwise be expanded row by row).
 */
export class MergeCollector {
  private carry = '';
  constructor(private readonly out: MergeRange[]) {}

  feed(text: string): void {
    const s = this.carry ? this.carry + text : text;
    this.carry = '';
    let p = 0;
    for (;;) {
      const i = s.indexOf('<mergeCell', p);
      if (i < 0) {
        this.carry = s.slice(Math.max(p, s.length - 10));
        return;
      }
      const gt = s.indexOf('>', i);
      if (gt < 0) {
        this.carry = s.slice(i);
        return;
      }
      if (tagAt(s, i + 1, 'mergeCell')) this.add(attr(s.slice(i + 10, gt), REF));
      p = gt + 1;
    }
  }

  private add(ref: string | undefined): void {
    if (!ref) return;
    const [a, b] = ref.split(':');
    for (const x of [a, b]) if (x) refCol(x);
    const r = parseRange(ref);
    if (!r) return;
    if (this.out.length >= LIMITS.merges) throw new LimitError(`合并单元格超过 ${LIMITS.merges} 处（ssj 读取的上限）`);
    this.out.push(r);
  }
}

/**
 * Where the r, t and s attributes' values are in the tag whose attribute text is s[from..to) (start = end when
 * absent or empty). One object for all tags: a million-row sheet has eleven million cells.
 */
const attrs = { rS: 0, rE: 0, tS: 0, tE: 0, sS: 0, sE: 0, hidden: 0 };
/** hidden="1" (or "true"): a row hidden in Excel */
const HIDDEN = 'hidden';
const isTrue = (s: string, from: number, to: number) => (to - from === 1 && s.charCodeAt(from) === 49) || s.slice(from, to) === 'true';
function tagAttrs(s: string, from: number, to: number): void {
  attrs.rS = attrs.rE = attrs.tS = attrs.tE = attrs.sS = attrs.sE = attrs.hidden = 0;
  let i = from;
  while (i < to) {
    let c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < to && (c = s.charCodeAt(i)) !== 61 && c !== 32 && c !== 9 && c !== 10 && c !== 13) i++;
    const nameEnd = i;
    while (i < to && (c = s.charCodeAt(i)) !== 61) i++; // spaces before =
    i++;
    while (i < to && ((c = s.charCodeAt(i)) === 32 || c === 9 || c === 10 || c === 13)) i++;
    if (i >= to || (c !== 34 && c !== 39)) return; // not well-formed: the rest is ignored
    let q = i + 1;
    while (q < to && s.charCodeAt(q) !== c) q++;
    if (q >= to) return;
    if (nameEnd - nameStart === 1) {
      const n = s.charCodeAt(nameStart);
      if (n === 114 && attrs.rS === attrs.rE) { attrs.rS = i + 1; attrs.rE = q; }
      else if (n === 116 && attrs.tS === attrs.tE) { attrs.tS = i + 1; attrs.tE = q; }
      else if (n === 115 && attrs.sS === attrs.sE) { attrs.sS = i + 1; attrs.sE = q; }
    } else if (nameEnd - nameStart === 6 && s.startsWith(HIDDEN, nameStart) && isTrue(s, i + 1, q)) attrs.hidden = 1;
    i = q + 1;
  }
}

/** The non-negative integer written in s[from..to) with 1–15 ASCII digits and nothing else; -1 otherwise. */
function digitsAt(s: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** A row number attribute's value (r="…" of <row>), checked against Excel's bounds. */
function rowAt(s: string, from: number, to: number): number {
  const n = to - from <= 7 ? digitsAt(s, from, to) : -1;
  return n >= 1 && n <= LIMITS.maxRow ? n : rowNumber(s.slice(from, to));
}

/** The 0-based column of the cell reference in s[from..to), as refCol gives it. */
function colAt(s: string, from: number, to: number): number {
  let n = 0;
  let i = from;
  for (; i < to && i - from < 3; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else break;
  }
  const row = n > 0 && n <= LIMITS.maxColumn && to - i <= 7 ? digitsAt(s, i, to) : -1;
  return row >= 1 && row <= LIMITS.maxRow ? n - 1 : refCol(s.slice(from, to));
}

/** A style index attribute's value, as Number() reads it. */
function styleAt(s: string, from: number, to: number): number {
  const n = digitsAt(s, from, to);
  return n >= 0 ? n : Number(s.slice(from, to));
}

/**
 * A number cell's value written as plain digits (what cellValue gives for it, without the text), given its style's
 * info (null: no style), which the caller looks up once for this and the shown text (RawRow.shown).
 */
function numberValue(n: number, info: StyleInfo | null, date1904: boolean): RawCell {
  if (info === null) return n;
  if (info.date) return serialToDate(n, date1904);
  if (info.zeroPad) return String(n).padStart(info.zeroPad, '0');
  return n;
}

/** Byte mode (scanSheetBatches): the markers it searches for, and what it carries from one chunk to the next at most. */
const SHEET_DATA = Buffer.from('<sheetData', 'latin1');
const ROW_END = Buffer.from('</row>', 'latin1');
const BYTE_CARRY_MAX = 1 << 20;
const isSpaceByte = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
/** s.startsWith('</v></c>', p) on bytes */
const isVCEndByte = (b: Buffer, p: number) =>
  b[p] === 60 && b[p + 1] === 47 && b[p + 2] === 118 && b[p + 3] === 62 && b[p + 4] === 60 && b[p + 5] === 47 && b[p + 6] === 99 && b[p + 7] === 62;

/** 1–15 ASCII digits in b[from..to) as a number; -1 for anything else. */
function byteDigits(b: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** colAt on bytes: the column of an upper-case reference within Excel's bounds; -1 for anything else. */
function byteCol(b: Buffer, from: number, to: number): number {
  let n = 0;
  let i = from;
  for (; i < to && i - from < 3; i++) {
    const c = b[i]!;
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else break;
  }
  const row = n > 0 && n <= LIMITS.maxColumn && to - i <= 7 ? byteDigits(b, i, to) : -1;
  return row >= 1 && row <= LIMITS.maxRow ? n - 1 : -1;
}

/**
 * tagAttrs on bytes, for well-formed attribute text only (name="value" pairs, values without & or <): false for
 * anything else (the row is then read by the text path).
 */
function byteAttrs(b: Buffer, from: number, to: number): boolean {
  attrs.rS = attrs.rE = attrs.tS = attrs.tE = attrs.sS = attrs.sE = attrs.hidden = 0;
  let i = from;
  while (i < to) {
    let c = b[i]!;
    if (isSpaceByte(c)) {
      i++;
      continue;
    }
    if (i === from) return false; // a name must follow the element's name after a space
    const nameStart = i;
    while (i < to && (c = b[i]!) !== 61 && !isSpaceByte(c)) i++;
    const nameEnd = i;
    if (nameEnd === nameStart || i >= to || c !== 61) return false;
    i++;
    c = b[i]!;
    if (i >= to || (c !== 34 && c !== 39)) return false;
    let q = i + 1;
    let d = 0;
    while (q < to && (d = b[q]!) !== c) {
      if (d === 38 || d === 60) return false;
      q++;
    }
    if (q >= to) return false;
    if (nameEnd - nameStart === 1) {
      const n = b[nameStart];
      if (n === 114) {
        if (attrs.rS !== attrs.rE) return false;
        attrs.rS = i + 1;
        attrs.rE = q;
      } else if (n === 116) {
        if (attrs.tS !== attrs.tE) return false;
        attrs.tS = i + 1;
        attrs.tE = q;
      } else if (n === 115) {
        if (attrs.sS !== attrs.sE) return false;
        attrs.sS = i + 1;
        attrs.sE = q;
      }
    } else if (nameEnd - nameStart === 6 && b[nameStart] === 104 && b.toString('latin1', nameStart, nameEnd) === HIDDEN) {
      if ((q - i === 2 && b[i + 1] === 49) || b.toString('latin1', i + 1, q) === 'true') attrs.hidden = 1;
    }
    i = q + 1;
  }
  return true;
}

export interface ScanOptions {
  /** stop reading after </sheetData> (the merged ranges are not wanted) */
  rowsOnly?: boolean;
  /** filled with the 0-based columns hidden in Excel (<col hidden="1">, before the rows: known by the first batch) */
  hiddenColumns?: number[];
}

/** How much of a worksheet's XML before <sheetData> is kept to find its hidden columns (<cols> is at most ~1 MB). */
const HEAD_MAX = 4 * 1024 * 1024;

/** The columns that <col … hidden="1"> elements in the XML before <sheetData> hide, added to `out` (0-based). */
export function hiddenColumnsIn(xml: string, out: number[]): void {
  const end = xml.indexOf('<sheetData');
  const head = end >= 0 ? xml.slice(0, end) : xml;
  for (const m of head.matchAll(/<col\s([^>]*)>/g)) {
    const a = m[1]!;
    if (!/\bhidden\s*=\s*["'](?:1|true)["']/.test(a)) continue;
    const min = Number(/\bmin\s*=\s*["'](\d{1,5})["']/.exec(a)?.[1]);
    const max = Math.min(Number(/\bmax\s*=\s*["'](\d{1,5})["']/.exec(a)?.[1]), LIMITS.maxColumn);
    if (!(min >= 1) || !(max >= min)) continue;
    for (let c = min; c <= max && out.length < LIMITS.maxColumn; c++) out.push(c - 1);
  }
}

export async function* scanSheet(
  source: AsyncIterable<Chunk>,
  sharedStrings: string[],
  style: (s: number) => StyleInfo,
  date1904: boolean,
  merges: MergeRange[],
  opts: ScanOptions = {},
): AsyncGenerator<RawRow> {
  for await (const batch of scanSheetBatches(source, sharedStrings, style, date1904, merges, opts)) yield* batch;
}

/**
 * The rows of a sheet in batches (those of each chunk of XML): one await per chunk rather than per row. Each
 * batch is a new array, the caller's to keep.
 */
export async function* scanSheetBatches(
  source: AsyncIterable<Chunk>,
  sharedStrings: string[],
  style: (s: number) => StyleInfo,
  date1904: boolean,
  merges: MergeRange[],
  opts: ScanOptions = {},
): AsyncGenerator<RawRow[]> {
  const decoder = new TextDecoder('utf-8');
  /** before <sheetData>: the last characters seen (a tag may be split) */
  let before = '';
  let inData = false;
  let afterData = false;
  /** inside <sheetData>: text not yet scanned, which holds at most one incomplete row (bounded) */
  let pending: string[] = [];
  let pendingLen = 0;
  let rowNo = 0;
  let slots = 0;
  const collector = new MergeCollector(merges);

  let rows: RawRow[] = [];
  /** Scan complete <row>…</row> elements in s[0..end); returns where scanning stopped. */
  const scanRows = (s: string, end: number): number => {
    let p = 0;
    let cells: RawCell[] | null = null;
    let col = -1;
    let rowHidden = false;
    /** columns of the row's formula cells saved without a result */
    let formulas: number[] | undefined;
    /** the text shown by the row's number cells with an affix format (RawRow.shown) */
    let shown: Record<number, string> | undefined;
    const push = () => rows.push(rawRow(rowNo, cells!, rowHidden, formulas, shown));
    /** a cell's value by its type, a missing shared string named by the cell */
    const valueOf = (t: string, st: number, v: string): RawCell => {
      try {
        return cellValue(t, st, v, sharedStrings, style, date1904);
      } catch (e) {
        throw e instanceof SharedStringError ? e.at(`${columnLetter(col)}${rowNo}`) : e;
      }
    };
    const n = s.length;
    while (p < end) {
      // (charCodeAt loops rather than indexOf over the few characters of a tag: no builtin call per cell)
      const lt = s.charCodeAt(p) === 60 ? p : s.indexOf('<', p);
      if (lt < 0 || lt >= end) break;
      let gt = lt + 1;
      while (gt < n && s.charCodeAt(gt) !== 62) gt++;
      if (gt >= n) break;
      const selfClosing = s.charCodeAt(gt - 1) === 47;
      if (s.charCodeAt(lt + 1) === 47) {
        // end tag
        if (isRow(s, lt + 2)) {
          if (cells) push();
          cells = null;
        }
        p = gt + 1;
        continue;
      }
      if (isRow(s, lt + 1)) {
        tagAttrs(s, lt + 4, selfClosing ? gt - 1 : gt);
        rowHidden = attrs.hidden === 1;
        rowNo = attrs.rS < attrs.rE ? rowAt(s, attrs.rS, attrs.rE) : rowNo + 1;
        if (rowNo > LIMITS.maxRow) throw new LimitError(`行数超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
        col = -1;
        cells = [];
        formulas = undefined;
        shown = undefined;
        if (selfClosing) {
          push();
          cells = null;
        }
        p = gt + 1;
        continue;
      }
      if (s.charCodeAt(lt + 1) === 99 && isDelimiter(s.charCodeAt(lt + 2))) {
        // attributes read where they are (no attribute text, reference or value strings made per cell)
        tagAttrs(s, lt + 2, selfClosing ? gt - 1 : gt);
        col = attrs.rS < attrs.rE ? colAt(s, attrs.rS, attrs.rE) : col + 1;
        if (col >= LIMITS.maxColumn) throw new LimitError(`第 ${rowNo} 行的单元格超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
        if (selfClosing) {
          p = gt + 1;
          continue;
        }
        let close = -1;
        let vS = -1;
        let vE = -1;
        if (s.charCodeAt(gt + 1) === 60 && s.charCodeAt(gt + 2) === 118 && s.charCodeAt(gt + 3) === 62) {
          // the usual <c …><v>text</v></c>: one search
          let lt2 = gt + 4;
          while (lt2 < n && s.charCodeAt(lt2) !== 60) lt2++;
          if (lt2 + 4 < end && isVCEnd(s, lt2)) {
            close = lt2 + 4;
            vS = gt + 4;
            vE = lt2;
          }
        }
        if (close < 0) close = s.indexOf('</c>', gt);
        if (close < 0 || close >= end) throw new Error(`worksheet XML: <c> not closed in row ${rowNo}`);
        p = close + 4;
        const tS = attrs.tS;
        const tE = attrs.tE;
        const shared1 = tE - tS === 1 && s.charCodeAt(tS) === 115; // t="s"
        const st = attrs.sS < attrs.sE ? styleAt(s, attrs.sS, attrs.sE) : 0;
        let value: RawCell;
        /** what the cell's format shows, when it is an affix format (RawRow.shown) */
        let text: string | undefined;
        const vi = vS >= 0 ? -1 : s.indexOf('<v', gt + 1);
        if (vS >= 0 || (vi >= 0 && vi < close && tagAt(s, vi + 1, 'v'))) {
          if (vS < 0) {
            const vgt = s.indexOf('>', vi);
            if (vgt >= close) {
              // no end to <v …: the rest of the cell (as the reference parser reads it)
              vS = gt + 1;
              vE = close;
            } else if (s.charCodeAt(vgt - 1) === 47) {
              vS = vE = 0; // <v/>
            } else {
              vS = vgt + 1;
              const vend = s.indexOf('</v>', vgt);
              vE = vend < 0 || vend > close ? close : vend;
            }
          }
          const n = vE > vS && tE === tS || shared1 ? digitsAt(s, vS, vE) : -1;
          if (n >= 0 && shared1) value = sharedStrings[n] ?? valueOf('s', st, String(n));
          else if (n >= 0) {
            const info = st ? style(st) : null;
            value = numberValue(n, info, date1904);
            text = shownText(info, n);
          } else {
            value = valueOf(tS < tE ? s.slice(tS, tE) : '', st, unxml(s.slice(vS, vE)));
            if (typeof value === 'number' && st) text = shownText(style(st), value);
          }
        } else {
          const is = s.indexOf('<is', gt + 1);
          if (is < 0 || is >= close) {
            // no value: an empty cell, or a formula never calculated (its value unknown, not empty)
            if (cells && col >= 0 && hasTag(s, gt + 1, close, 'f')) (formulas ??= []).push(col);
            continue;
          }
          value = valueOf(tS < tE ? s.slice(tS, tE) : '', st, inlineText(s.slice(gt + 1, close)));
        }
        if (!cells || col < 0) continue;
        if (typeof value === 'string' && value.length > LIMITS.cellChars) {
          throw new LimitError(`单元格 ${columnLetter(col)}${rowNo} 的文字超过 ${LIMITS.cellChars} 个字符（Excel 一个单元格的上限）`);
        }
        if (cells.length < col) {
          slots += col - cells.length;
          if (slots > LIMITS.sheetSlots) throw new LimitError(`工作表的行太宽、太多（各行跨越的单元格合计超过 ${LIMITS.sheetSlots} 个）`);
          while (cells.length < col) cells.push(null);
        }
        cells[col] = value;
        if (text !== undefined || shown !== undefined) shown = noteShown(shown, col, text);
        continue;
      }
      p = gt + 1; // any other element (f, extLst …) is skipped
    }
    return p;
  };

  /**
   * Only what may be part of a row is kept: text before the next <row (whitespace, or elements that do not
   * belong between rows) is dropped, except its last characters, which may start a split tag.
   */
  let junkTail = '';
  const keep = (text: string) => {
    if (pendingLen === 0) {
      const at = text.indexOf('<row');
      if (at < 0) {
        junkTail = (junkTail + text).slice(-16);
        return;
      }
      junkTail = '';
      if (at > 0) text = text.slice(at);
    }
    pending.push(text);
    pendingLen += text.length;
    if (pendingLen > LIMITS.rowChars) {
      throw new LimitError(`第 ${rowNo + 1} 行（或其前后）的 XML 超过 ${MB(LIMITS.rowChars)}（ssj 读取一行的上限）`);
    }
  };

  let tailText = '';
  const feedData = (text: string) => {
    // Only the new text (and a few characters before it, for a split tag) is searched: linear in the input.
    let back = pendingLen === 0 ? junkTail : tailOf(pending, 16);
    let window = back + text;
    if (pendingLen === 0 && back) {
      // a <row split before this text starts the pending row
      const at = window.indexOf('<row');
      if (at >= 0 && at < back.length) {
        text = window.slice(at);
        window = text;
        back = '';
        junkTail = '';
      }
    }
    const endData = window.indexOf('</sheetData>');
    let cutW = -1;
    if (endData >= 0) cutW = endData;
    else {
      const lr = window.lastIndexOf('</row>');
      if (lr >= 0) cutW = lr + 6;
      const sc = lastSelfClosingRowEnd(window);
      if (sc > cutW) cutW = sc;
    }
    if (cutW < 0 || (endData < 0 && cutW <= back.length)) {
      keep(text);
      return;
    }
    // one flat string (a join, not a concatenation, which V8 would scan through as a rope)
    if (pendingLen) pending.push(text);
    const joined = pendingLen ? pending.join('') : text;
    const offset = joined.length - window.length;
    junkTail = '';
    const cut = offset + cutW;
    const stop = cut > 0 ? scanRows(joined, cut) : 0;
    pending = [];
    pendingLen = 0;
    if (endData >= 0) {
      afterData = true;
      tailText = joined.slice(cut + 12);
      return;
    }
    keep(joined.slice(Math.min(stop, cut)));
  };

  const feed = (text: string) => {
    if (afterData) {
      collector.feed(text);
      return;
    }
    if (inData) {
      feedData(text);
      return;
    }
    const s = before + text;
    const i = s.indexOf('<sheetData');
    if (i < 0) {
      before = s.slice(Math.max(0, s.length - 16));
      return;
    }
    const gt = s.indexOf('>', i);
    if (gt < 0) {
      before = s.slice(i);
      if (before.length > LIMITS.textRun) throw new LimitError('<sheetData> 标记过长');
      return;
    }
    before = '';
    inData = true;
    if (s.charCodeAt(gt - 1) === 47) {
      // <sheetData/>: no rows
      afterData = true;
      tailText = s.slice(gt + 1);
    } else feedData(s.slice(gt + 1));
  };

  const afterTail = () => {
    if (tailText) {
      const t = tailText;
      tailText = '';
      collector.feed(t);
    }
  };

  // Byte mode: rows of the usual form (cells with r, s and t attributes holding <v>digits</v>: numbers and
  // shared strings) are read straight from the inflated bytes, without decoding the XML to text. A row of any
  // other form is decoded and read by scanRows above; anything else between rows (</sheetData>, or XML this
  // mode does not expect) hands the rest of the part to the text path, which reads it as before.
  let byteMode = true;
  let carry: Buffer | null = null;
  const rowDecoder = new TextDecoder('utf-8');
  const handOver = (b: Buffer, from: number) => {
    byteMode = false;
    carry = null;
    if (from < b.length) feed(decoder.decode(b.subarray(from), { stream: true }));
  };
  const keepBytes = (b: Buffer, from: number) => {
    if (b.length - from > BYTE_CARRY_MAX) handOver(b, from);
    else carry = Buffer.from(b.subarray(from));
  };
  /** One row of the usual form at b[p] (which starts "<row"): the position after it, or -1 (incomplete), or -2 (not of that form). */
  const byteRow = (b: Buffer, p: number, n: number): number => {
    let gt = p + 4;
    while (gt < n && b[gt] !== 62) gt++;
    if (gt >= n) return -1;
    const selfClosing = b[gt - 1] === 47;
    if (!byteAttrs(b, p + 4, selfClosing ? gt - 1 : gt)) return -2;
    const hidden = attrs.hidden === 1;
    let row: number;
    if (attrs.rS < attrs.rE) {
      row = attrs.rE - attrs.rS <= 7 ? byteDigits(b, attrs.rS, attrs.rE) : -1;
      if (row < 1) return -2;
    } else row = rowNo + 1;
    if (row > LIMITS.maxRow) return -2;
    const cells: RawCell[] = [];
    if (selfClosing) {
      rowNo = row;
      rows.push(rawRow(row, cells, hidden, undefined));
      return gt + 1;
    }
    /** the text shown by the row's number cells with an affix format (RawRow.shown) */
    let shown: Record<number, string> | undefined;
    let col = -1;
    let slotsNow = slots;
    let q = gt + 1;
    for (;;) {
      while (q < n && isSpaceByte(b[q]!)) q++;
      if (q + 6 > n) return -1;
      if (b[q] !== 60) return -2;
      if (b[q + 1] === 47) {
        if (b[q + 2] !== 114 || b[q + 3] !== 111 || b[q + 4] !== 119 || b[q + 5] !== 62) return -2; // </row>
        rowNo = row;
        slots = slotsNow;
        rows.push(rawRow(row, cells, hidden, undefined, shown));
        return q + 6;
      }
      if (b[q + 1] !== 99 || !isDelimiter(b[q + 2]!)) return -2; // <c
      let cgt = q + 2;
      while (cgt < n && b[cgt] !== 62) cgt++;
      if (cgt >= n) return -1;
      const cellClosed = b[cgt - 1] === 47;
      if (!byteAttrs(b, q + 2, cellClosed ? cgt - 1 : cgt)) return -2;
      if (attrs.rS < attrs.rE) {
        col = byteCol(b, attrs.rS, attrs.rE);
        if (col < 0) return -2;
      } else col++;
      if (col >= LIMITS.maxColumn) return -2;
      if (cellClosed) {
        q = cgt + 1;
        continue;
      }
      if (cgt + 4 > n) return -1;
      if (b[cgt + 1] !== 60 || b[cgt + 2] !== 118 || b[cgt + 3] !== 62) return -2; // <v>
      const vS = cgt + 4;
      let e = vS;
      let num = 0;
      while (e < n && e - vS <= 15) {
        const d = b[e]! - 48;
        if (d < 0 || d > 9) break;
        num = num * 10 + d;
        e++;
      }
      if (e + 8 > n) return -1;
      if (e === vS || e - vS > 15 || !isVCEndByte(b, e)) return -2; // </v></c>
      const st = attrs.sS < attrs.sE ? byteDigits(b, attrs.sS, attrs.sE) : 0;
      if (st < 0) return -2;
      let value: RawCell;
      let text: string | undefined;
      if (attrs.tS === attrs.tE || (attrs.tE - attrs.tS === 1 && b[attrs.tS] === 110)) {
        // t absent or "n"
        const info = st ? style(st) : null;
        value = numberValue(num, info, date1904);
        text = shownText(info, num);
      } else if (attrs.tE - attrs.tS === 1 && b[attrs.tS] === 115) {
        const text = sharedStrings[num]; // t="s"
        if (text === undefined || text.length > LIMITS.cellChars) return -2; // (the text path names the fault)
        value = text;
      } else return -2;
      if (cells.length < col) {
        slotsNow += col - cells.length;
        if (slotsNow > LIMITS.sheetSlots) return -2;
        while (cells.length < col) cells.push(null);
      }
      cells[col] = value;
      if (text !== undefined || shown !== undefined) shown = noteShown(shown, col, text);
      q = e + 8;
    }
  };
  const scanBytes = (b: Buffer) => {
    const n = b.length;
    let p = 0;
    if (!inData) {
      const i = b.indexOf(SHEET_DATA);
      if (i < 0) {
        carry = Buffer.from(b.subarray(Math.max(0, n - 16)));
        return;
      }
      const gt = b.indexOf(62, i);
      if (gt < 0) return keepBytes(b, i);
      if (b[gt - 1] === 47) return handOver(b, i); // <sheetData/>
      inData = true;
      p = gt + 1;
    }
    for (;;) {
      while (p < n && isSpaceByte(b[p]!)) p++;
      if (p >= n) {
        carry = null;
        return;
      }
      if (p + 5 > n) return keepBytes(b, p);
      if (b[p] !== 60 || b[p + 1] !== 114 || b[p + 2] !== 111 || b[p + 3] !== 119 || !isDelimiter(b[p + 4]!)) return handOver(b, p);
      const rowNoBefore = rowNo;
      const end = byteRow(b, p, n);
      if (end === -1) return keepBytes(b, p);
      if (end === -2) {
        // a row of another form: decoded and read by the text path's scanRows, whole
        rowNo = rowNoBefore;
        let gt = b.indexOf(62, p);
        const close = gt < 0 ? -1 : b[gt - 1] === 47 ? gt + 1 : b.indexOf(ROW_END, gt);
        if (close < 0) return keepBytes(b, p);
        gt = b[gt - 1] === 47 ? close : close + 6;
        const text = rowDecoder.decode(b.subarray(p, gt));
        scanRows(text, text.length);
        p = gt;
        continue;
      }
      p = end;
    }
  };

  /** the XML before <sheetData> (bounded), for the hidden columns; null when not wanted or done */
  let head: string | null = opts.hiddenColumns ? '' : null;
  for await (const chunk of source) {
    if (head !== null) {
      head += typeof chunk === 'string' ? chunk : chunk.toString('latin1'); // (the attributes looked for are ASCII)
      if (head.length > HEAD_MAX && !head.includes('<sheetData')) head = null;
    }
    if (byteMode && typeof chunk !== 'string') {
      const b: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = null;
      scanBytes(b);
    } else {
      if (byteMode) handOver(carry ?? Buffer.alloc(0), 0);
      feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    }
    afterTail();
    if (head !== null && (inData || afterData)) {
      hiddenColumnsIn(head, opts.hiddenColumns!);
      head = null;
    }
    if (rows.length) {
      const batch = rows;
      rows = [];
      yield batch;
    }
    if (afterData && opts.rowsOnly) return;
  }
  if (byteMode && carry) handOver(carry, 0);
  const rest = decoder.decode();
  if (rest) feed(rest);
  afterTail();
  if (!afterData && inData) throw new Error('worksheet XML ends inside <sheetData>');
  if (rows.length) yield rows;
}

/** The last n characters of the pending pieces. */
function tailOf(parts: string[], n: number): string {
  let out = '';
  for (let i = parts.length - 1; i >= 0 && out.length < n; i--) out = parts[i]! + out;
  return out.slice(-n);
}

/** End of the last self-closing <row …/> element in s (0 when none). */
function lastSelfClosingRowEnd(s: string): number {
  const i = s.lastIndexOf('<row');
  if (i < 0) return 0;
  const gt = s.indexOf('>', i);
  return gt > 0 && s.charCodeAt(gt - 1) === 47 ? gt + 1 : 0;
}
