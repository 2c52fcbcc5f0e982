// Raw cell values as read from a spreadsheet or CSV, and Excel-style addresses.

/** What a reader hands to the core: strings, numbers, booleans, dates or nothing. */
export type RawCell = string | number | boolean | Date | null;

/** A row as read: its 1-based number as Excel shows it, and its cells by 0-based column index. */
export interface RawRow {
  row: number;
  cells: RawCell[];
  /** the row is hidden in Excel (<row hidden="1">) */
  hidden?: true;
  /**
   * 0-based columns of cells holding a formula saved without its result (a file written by a program that does not
   * calculate, never opened and saved in Excel or WPS): their value is unknown, and they are absent from `cells`.
   */
  formulas?: number[];
  /**
   * The text Excel shows for number cells whose format adds literal text around the digits ("闽"00000000000 shows
   * 12345678 as 闽00012345678, 0"次" shows 2 as 2次), by 0-based column; `cells` holds the numbers. Which of the two
   * a field takes is the importer's choice (list-sheet.ts): the reader only says what is shown.
   */
  shown?: Record<number, string>;
}

/**
 * Built-in number formats that are dates, including the zh-CN locale ones (27–36, 50–58). (Here, not in src/io, so
 * that the browser verifier's .xlsx reader reads a date cell as ssj's own reader does.)
 */
export const BUILTIN_DATE_FORMATS: ReadonlySet<number> = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom number format code that shows a date (yyyy/m/d, yyyy"年"m"月"d"日" …), not a number. */
export function isDateFormat(code: string): boolean {
  const s = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  return /[ymd]/i.test(s) && !/^[#0.,%\s]*$/.test(s);
}

const DAY_MS = 86_400_000;
/** An Excel date serial (1900 or 1904 system) as a UTC Date, as exceljs builds them. */
export function serialToDate(serial: number, date1904: boolean): Date {
  if (date1904) return new Date(Date.UTC(1904, 0, 1) + Math.round(serial * DAY_MS));
  // Serials below 61 predate Excel's fictitious 1900-02-29.
  const base = Date.UTC(1899, 11, serial < 61 ? 31 : 30);
  return new Date(base + Math.round((serial < 61 ? serial - 1 : serial) * DAY_MS) + (serial < 61 ? DAY_MS : 0));
}

/** A merged range, 1-based rows and 0-based columns, inclusive. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The 0-based column of a cell reference such as 'AB12' (its leading letters), without a regex: hot path. */
export function refColumn(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n - 1;
}

/** 'B12' → { row: 12, col: 1 } */
export function parseAddress(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  return { row: Number(m[2]), col: columnIndex(m[1]!) };
}

export function parseRange(ref: string): MergeRange | null {
  const [a, b] = ref.split(':');
  const p = a ? parseAddress(a) : null;
  const q = b ? parseAddress(b) : p;
  if (!p || !q) return null;
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

export function isEmptyCell(v: RawCell | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** A cell as a clerk would read it, for messages and rejects. */
export function cellText(v: RawCell | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return v;
}

/** A number as its exact decimal text: integers without exponent, others as JS prints them. */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}
