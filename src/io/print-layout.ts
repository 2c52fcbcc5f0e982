// Print layout of the tables ssj writes (A4, as LibreOffice, Excel and WPS print them): column widths that
// never need shrinking below a readable size, row heights that fit wrapped text (spreadsheet programs do
// not grow rows for wrapped text when they open a file), titles and headers that are not clipped.
//
// Units: a column width of w is about w digits of the 11 pt body font, about w/2 Chinese characters
// (string-width counts a Chinese character as two); a text line of the 11 pt font takes about 15 pt of
// row height.
import { stringWidth } from '../ui/width.js';
import { wrapText } from '../ui/terminal.js';

/** A4 landscape with 0.5" side margins holds about this many width units at 100 %. */
export const A4_LANDSCAPE_UNITS = 140;
/** A4 portrait with 0.5" side margins. */
export const A4_PORTRAIT_UNITS = 95;
/** the smallest scale a fitted table may be printed at: 11 pt × 0.75 ≈ 8 pt */
export const MIN_SCALE = 0.75;
const LINE_PT = 15;
const PAD_PT = 6;

/** linesIn's answers by room, then text: the cells of a long table repeat (dates, results, teams, item names). */
const linesCache = new Map<number, Map<string, number>>();
let cached = 0;

/**
 * Characters each of which is a whole character on screen (no combining marks, joiners or zero-width ones), so that
 * a text's width is the sum of theirs: printable ASCII, general punctuation (“” ‘’ … —), CJK symbols, kana, Han and
 * fullwidth forms. A text of these (and line breaks) is wrapped by wrappedLines without calling string-width.
 */
const SIMPLE_CLASS = '[\\x20-\\x7e\\u00b7\\u2010-\\u2027\\u2030-\\u205e\\u3000-\\u3029\\u3030-\\u303e\\u3041-\\u3096\\u309b-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uff01-\\uff60\\uffe0-\\uffe6]';
const SIMPLE = new RegExp(`^(?:${SIMPLE_CLASS}|\\r?\\n)*$`);
/** wrapText's WIDE class (a token of its own), by code unit */
const isWide = (c: number) =>
  (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff)
  || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);
/** A SIMPLE character's width: 1 below U+3000 (ASCII, ·, general punctuation), 2 from there (CJK, fullwidth), as
 * string-width gives (test/io/print-layout.test.ts checks every one) without its cost (about 40 µs a character). */
const charWidth = (code: number): number => (code < 0x3000 ? 1 : 2);
const isSpace = (code: number) => code === 0x20 || code === 0x3000;

/** Width of a text of SIMPLE characters without line breaks (string-width's answer). */
function simpleWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) w += charWidth(text.charCodeAt(i));
  return w;
}

/** By UTF-16 code unit: 0 not yet seen, 1 or 2 the width of a SIMPLE character, 3 anything else (line breaks too). */
const KIND = new Uint8Array(65_536);
const SIMPLE_CHAR = new RegExp(`^${SIMPLE_CLASS}$`);

/** The width of a one-line text of SIMPLE characters, or -1 for any other text (line breaks, other characters). */
export function oneLineWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let k = KIND[code]!;
    if (k === 0) k = KIND[code] = SIMPLE_CHAR.test(String.fromCharCode(code)) ? charWidth(code) : 3;
    if (k === 3) return -1;
    w += k;
  }
  return w;
}

// (regular expressions used per cell are made once: a literal in a function is a new object each time it runs)
const LINE_END = /\r?\n/;
/** a code, date or number: printable ASCII without spaces, 20 characters at most */
const UNBROKEN = /^[\x21-\x7e]{1,20}$/;

/** first characters of a token that may not start a line (NO_LINE_START), and the one-character tokens that may not end one (NO_LINE_END) */
const NO_START = new Set(Array.from('，。、；：！？）》」』】,.;:!?)]', (c) => c.charCodeAt(0)));
const NO_END = new Set(Array.from('（《「『【([“‘', (c) => c.charCodeAt(0)));

/** The tokens of the line being wrapped, as [start, end) in its text and width: no string per token (a results export wraps 30,000 names). */
let tokStart = new Int32Array(256);
let tokEnd = new Int32Array(256);
let tokWidth = new Int32Array(256);

/** Lines output so far by the text being wrapped (a line after the first never starts with spaces). */
let outCount = 0;

const isSpaceTok = (raw: string, k: number) => isSpace(raw.charCodeAt(tokStart[k]!));

function holdsWideTok(raw: string, k: number): boolean {
  for (let i = tokStart[k]!; i < tokEnd[k]!; i++) if (isWide(raw.charCodeAt(i))) return true;
  return false;
}

/** The lines a line made of the first `count` tokens takes (its trailing spaces not counted). */
function lineCount(raw: string, count: number, room: number): number {
  let lw = 0;
  for (let k = 0; k < count; k++) lw += tokWidth[k]!;
  for (let k = count - 1; k >= 0 && isSpaceTok(raw, k); k--) lw -= tokWidth[k]!; // trimEnd
  outCount++;
  return Math.max(1, Math.ceil(lw / room));
}

/**
 * linesIn's count for a text of SIMPLE characters: the lines ui/terminal.ts's wrapText gives at `room` columns
 * (tokens: one wide character, a run of other non-space characters, or a run of spaces; closing punctuation never starts a
 * line, opening never ends one), each counted as string-width would measure it; null for any other text.
 */
export function wrappedLines(text: string, room: number): number | null {
  if (!SIMPLE.test(text)) return null;
  outCount = 0;
  if (text.indexOf('\n') < 0) return segmentLines(text, room); // (one line: no list of one)
  let lines = 0;
  for (const raw of text.split(LINE_END)) lines += segmentLines(raw, room);
  return lines;
}

/** wrappedLines of one line of the text (no line break in it). */
function segmentLines(raw: string, room: number): number {
  if (raw.length > tokStart.length) {
    tokStart = new Int32Array(raw.length * 2);
    tokEnd = new Int32Array(raw.length * 2);
    tokWidth = new Int32Array(raw.length * 2);
  }
  let lines = 0;
  // the current line: tokens [0, n), w their widths' sum, nonSpace how many are not spaces
  let n = 0;
  let w = 0;
  let nonSpace = 0;
  for (let i = 0; i < raw.length;) {
    const code = raw.charCodeAt(i);
    const s = i;
    let tw: number;
    if (code === 0x20) {
      // a run of spaces (an ideographic space after a space joins it, as in wrapText's \s+)
      i++;
      while (i < raw.length && isSpace(raw.charCodeAt(i))) i++;
      tw = simpleWidth(raw.slice(s, i));
    } else if (isWide(code)) {
      i++;
      tw = charWidth(code);
    } else {
      i++;
      while (i < raw.length && !isSpace(raw.charCodeAt(i)) && !isWide(raw.charCodeAt(i))) i++;
      tw = 0;
      for (let j = s; j < i; j++) tw += charWidth(raw.charCodeAt(j));
    }
    const space = isSpace(code);
    if (w + tw > room && !space && nonSpace > 0) {
      // the last c tokens of the line move to the next one with this token
      let c = 0;
      if (NO_START.has(code)) {
        while (n - c > 1 && holdsWideTok(raw, n - c - 1)) {
          c++;
          if (!NO_START.has(raw.charCodeAt(tokStart[n - c]!))) break;
        }
      }
      while (n - c > 1 && tokEnd[n - c - 1]! - tokStart[n - c - 1]! === 1 && NO_END.has(raw.charCodeAt(tokStart[n - c - 1]!))) c++;
      lines += lineCount(raw, n - c, room);
      w = 0;
      nonSpace = 0;
      for (let k = 0; k < c; k++) {
        tokStart[k] = tokStart[n - c + k]!;
        tokEnd[k] = tokEnd[n - c + k]!;
        tokWidth[k] = tokWidth[n - c + k]!;
        w += tokWidth[k]!;
        if (!isSpaceTok(raw, k)) nonSpace++;
      }
      n = c;
    }
    if (n === 0 && space && outCount > 0) continue; // no leading spaces on a wrapped line
    tokStart[n] = s;
    tokEnd[n] = i;
    tokWidth[n] = tw;
    n++;
    w += tw;
    if (!space) nonSpace++;
  }
  return lines + lineCount(raw, n, room);
}

/** The room for text in a column `width` units wide, in units of the 11 pt font (linesIn). */
const roomOf = (width: number, size: number) => Math.max(1, Math.floor((width - 1) * (11 / size)));

/** The decimal digits of a non-negative whole number. */
function digits(n: number): number {
  let d = 1;
  for (let k = n; k >= 10; k = Math.floor(k / 10)) d++;
  return d;
}

/** Whether every character is one of the CJK unified ideographs (U+4E00 to U+9FFF): no space, no punctuation. */
function ideographsOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x4e00 || code > 0x9fff) return false;
  }
  return true;
}

/** Lines a cell's text takes in a column `width` units wide (font `size` pt, 11 by default). */
export function linesIn(text: string, width: number, size = 11): number {
  const room = roomOf(width, size);
  // no character is wider than two units: a text of one line that short fits whole (a results export has 30,000 rows)
  if (2 * text.length <= room && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return 1;
  const w = oneLineWidth(text);
  if (w >= 0 && w <= room) return 1;
  // a name of Chinese characters only (most of a results export's 30,000 names): each character a token of its own,
  // two units wide, that may start and end a line, so a line holds room / 2 of them (wrappedLines' answer)
  if (w === 2 * text.length && room >= 2 && ideographsOnly(text)) return Math.ceil(text.length / Math.floor(room / 2));
  let byText = linesCache.get(room);
  if (!byText) linesCache.set(room, (byText = new Map()));
  let n = byText.get(text);
  if (n === undefined) {
    n = wrappedLines(text, room) ?? linesByWrapText(text, room);
    if (++cached > 100_000) {
      linesCache.clear();
      cached = 0;
    }
    byText.set(text, n);
  }
  return n;
}

/** linesIn's count through wrapText and string-width, for any text (wrappedLines gives the same, faster, for most). */
export function linesByWrapText(text: string, room: number): number {
  // wrapped as a spreadsheet program does: between Chinese characters and at spaces, a word that does not
  // fit moves to the next line whole, and one longer than the line is broken
  return wrapText(String(text), room).reduce((k, l) => k + Math.max(1, Math.ceil(stringWidth(l) / room)), 0);
}

/** Row height (pt) for cells in columns of these widths. */
export function rowHeight(cells: readonly unknown[], widths: readonly number[], min = 20, size = 11): number {
  return rowHeights(widths, min, size)(cells);
}

/**
 * rowHeight for the rows of one table, one after another: a cell the same as the one above it is not measured
 * again (a long table repeats its task, items, date and result down each column: a results export has 400,000
 * cells).
 */
export function rowHeights(widths: readonly number[], min = 20, size = 11): (cells: readonly unknown[]) => number {
  const lastValue: unknown[] = [];
  const lastLines: number[] = [];
  return (cells) => {
    let lines = 1;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === null || v === undefined || v === '') continue;
      let n: number;
      if (lastValue[i] === v) n = lastLines[i]!;
      else {
        // (a whole number's digits, each one unit wide, take one line when there are no more of them than its room:
        // linesIn's answer, without a string for each row of a 序号 column)
        n = typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && digits(v) <= roomOf(widths[i] ?? 10, size) ? 1 : linesIn(String(v), widths[i] ?? 10, size);
        lastValue[i] = v;
        lastLines[i] = n;
      }
      if (n > lines) lines = n;
    }
    return Math.max(min, lines * LINE_PT * (size / 11) + PAD_PT);
  };
}

/**
 * Column widths that print on A4 landscape at no less than MIN_SCALE: the widest columns are narrowed (their
 * text wraps, rows grow) until the table fits; never narrower than half the header or `min` units. Short
 * headers get the width to stay on one line; `keep` holds widths a column is never narrowed below (codes,
 * dates and numbers that must not break across lines, see unbrokenWidths).
 */
export function printableWidths(widths: readonly number[], headers: readonly string[], units = A4_LANDSCAPE_UNITS, min = 8, keep: readonly number[] = []): number[] {
  // a short header on one line (a wrapped 按时公示（次） breaks inside its brackets), a long one on two
  const hw = widths.map((_, i) => {
    const w = oneLineWidth(headers[i] ?? ''); // measured once: the loop below asks often
    return w >= 0 ? w : stringWidth(headers[i] ?? '');
  });
  const oneLine = (w: number) => (w <= 16 ? w + 2 : Math.ceil(w / 2) + 2);
  const out = widths.map((w, i) => Math.max(w, oneLine(hw[i]!)));
  const target = Math.floor(units / MIN_SCALE);
  const floor = (i: number) => Math.max(min, Math.ceil(hw[i]! / 2) + 2, Math.min(keep[i] ?? 0, out[i]!));
  let total = out.reduce((a, b) => a + b, 0);
  while (total > target) {
    let widest = -1;
    for (let i = 0; i < out.length; i++) if (out[i]! > floor(i) && (widest < 0 || out[i]! > out[widest]!)) widest = i;
    if (widest < 0) break;
    out[widest]!--;
    total--;
  }
  return out;
}

/** Title row height (pt) for a 16 pt title over columns of these widths (it wraps rather than being clipped). */
export function titleHeight(title: string, widths: readonly number[], min = 32): number {
  const lines = linesIn(title, widths.reduce((a, b) => a + b, 0), 16);
  return Math.max(min, lines * 22 + 8);
}

/** For each column, the width its values need to stay on one line when they are all short codes, dates or
 * numbers (no spaces, at most 20 characters), else 0: a credit code broken over two lines is misread. */
export function unbrokenWidths(columns: number, rows: readonly (readonly unknown[])[]): number[] {
  return Array.from({ length: columns }, (_, i) => {
    let max = 0;
    let last: unknown; // (a value the same as the one above it is measured once: a task's id down its rows)
    for (let k = 0; k < rows.length; k++) {
      const v = rows[k]![i];
      if (v === null || v === undefined || v === '' || v === last) continue;
      last = v;
      const s = String(v);
      if (!UNBROKEN.test(s)) return 0;
      max = Math.max(max, s.length);
    }
    return max ? max + 2 : 0;
  });
}
