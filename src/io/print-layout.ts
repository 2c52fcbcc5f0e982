// Print layout of the tables ssj writes (A4, as LibreOffice, Excel and WPS print them): column widths that
// never need shrinking below a readable size, row heights that fit wrapped text (spreadsheet programs do
// not grow rows for wrapped text when they open a file), titles and headers that are not clipped.
//
// Units: a column width of w is about w digits of the 11 pt body font, about w/2 Chinese characters
// (string-width counts a Chinese character as two); a text line of the 11 pt font takes about 15 pt of
// row height.
import stringWidth from 'string-width';
import { wrapText } from '../ui/terminal.js';

/** A4 landscape with 0.5" side margins holds about this many width units at 100 %. */
export const A4_LANDSCAPE_UNITS = 140;
/** A4 portrait with 0.5" side margins. */
export const A4_PORTRAIT_UNITS = 95;
/** the smallest scale a fitted table may be printed at: 11 pt × 0.75 ≈ 8 pt */
export const MIN_SCALE = 0.75;
const LINE_PT = 15;
const PAD_PT = 6;

/** linesIn's answers by room and text: the cells of a long table repeat (dates, results, teams, item names). */
const linesCache = new Map<string, number>();

/** Lines a cell's text takes in a column `width` units wide (font `size` pt, 11 by default). */
export function linesIn(text: string, width: number, size = 11): number {
  const room = Math.max(1, Math.floor((width - 1) * (11 / size)));
  // no character is wider than two units: a text of one line that short fits whole (a results export has 30,000 rows)
  if (2 * text.length <= room && !/[\r\n]/.test(text)) return 1;
  const key = `${room}\u0000${text}`;
  let n = linesCache.get(key);
  if (n === undefined) {
    // wrapped as a spreadsheet program does: between Chinese characters and at spaces, a word that does not
    // fit moves to the next line whole, and one longer than the line is broken
    n = wrapText(String(text), room).reduce((k, l) => k + Math.max(1, Math.ceil(stringWidth(l) / room)), 0);
    if (linesCache.size > 100_000) linesCache.clear();
    linesCache.set(key, n);
  }
  return n;
}

/** Row height (pt) for cells in columns of these widths. */
export function rowHeight(cells: readonly unknown[], widths: readonly number[], min = 20, size = 11): number {
  let lines = 1;
  cells.forEach((v, i) => {
    if (v === null || v === undefined || v === '') return;
    lines = Math.max(lines, linesIn(String(v), widths[i] ?? 10, size));
  });
  return Math.max(min, lines * LINE_PT * (size / 11) + PAD_PT);
}

/**
 * Column widths that print on A4 landscape at no less than MIN_SCALE: the widest columns are narrowed (their
 * text wraps, rows grow) until the table fits; never narrower than half the header or `min` units. Short
 * headers get the width to stay on one line; `keep` holds widths a column is never narrowed below (codes,
 * dates and numbers that must not break across lines, see unbrokenWidths).
 */
export function printableWidths(widths: readonly number[], headers: readonly string[], units = A4_LANDSCAPE_UNITS, min = 8, keep: readonly number[] = []): number[] {
  // a short header on one line (a wrapped 按时公示（次） breaks inside its brackets), a long one on two
  const oneLine = (h: string) => (stringWidth(h) <= 16 ? stringWidth(h) + 2 : Math.ceil(stringWidth(h) / 2) + 2);
  const out = widths.map((w, i) => Math.max(w, oneLine(headers[i] ?? '')));
  const target = Math.floor(units / MIN_SCALE);
  const floor = (i: number) => Math.max(min, Math.ceil(stringWidth(headers[i] ?? '') / 2) + 2, Math.min(keep[i] ?? 0, out[i]!));
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
    for (const r of rows) {
      const v = r[i];
      if (v === null || v === undefined || v === '') continue;
      const s = String(v);
      if (!/^[\x21-\x7e]{1,20}$/.test(s)) return 0;
      max = Math.max(max, s.length);
    }
    return max ? max + 2 : 0;
  });
}
