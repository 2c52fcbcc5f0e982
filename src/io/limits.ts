// What ssj reads from a file before it refuses it: Excel's own bounds (XFD, row 1,048,576, 32,767 characters a
// cell) and sizes no saved workbook, CSV or template comes near. Every reader checks them as it streams, so a
// hostile file is refused in time linear in what was read and in bounded memory (see docs/import.md §13).

export const LIMITS = {
  /** Excel's last column, XFD */
  maxColumn: 16_384,
  /** Excel's last row */
  maxRow: 1_048_576,
  /** characters in one cell (Excel's limit) */
  cellChars: 32_767,
  /** characters of XML in one <row> element of a worksheet */
  rowChars: 32 * 1024 * 1024,
  /** characters of XML text with no markup in it at all (whitespace or a text node) */
  textRun: 8 * 1024 * 1024,
  /** merged ranges in one sheet */
  merges: 1_048_576,
  /** cells a sheet's rows may span in total (a row's width counts, not only its filled cells) */
  sheetSlots: 256 * 1024 * 1024,
  /** characters of all shared strings together */
  sharedChars: 128 * 1024 * 1024,
  /** inflated bytes of one worksheet part */
  worksheetBytes: 2 * 1024 * 1024 * 1024,
  /** inflated bytes of the shared strings */
  sharedBytes: 1024 * 1024 * 1024,
  /** inflated bytes of any other part (workbook, relationships, styles) */
  smallPartBytes: 64 * 1024 * 1024,
  /** bytes of one CSV record (line, or lines within quotes) */
  csvRecordBytes: 4 * 1024 * 1024,
  /** bytes of a template file, and inflated bytes of each of its parts */
  templateBytes: 64 * 1024 * 1024,
} as const;

export const MB = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
export const EXCEL_BOUNDS = `Excel 的范围是 A–XFD 列（${LIMITS.maxColumn} 列）、第 1–${LIMITS.maxRow} 行`;

/** A file went past one of the limits above; the message says which, in Chinese. */
export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitError';
  }
}

/** A cell reference's text for messages, shortened when absurdly long. */
export const refText = (r: string) => (r.length > 24 ? `${r.slice(0, 20)}…` : r);
