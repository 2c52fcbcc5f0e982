// Unicode bar charts for the terminal, where a picture reads faster than numbers.
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of value/max over `width` cells, in eighths of a cell. */
export function bar(value: number, max: number, width = 20): string {
  if (max <= 0 || value <= 0) return '';
  const eighths = Math.round((Math.min(value, max) / max) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** Rounds done against rounds required: ■■□ */
export function dots(done: number, required: number): string {
  const n = Math.max(done, required);
  return '■'.repeat(Math.min(done, n)) + '□'.repeat(Math.max(0, required - done));
}
