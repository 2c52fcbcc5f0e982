// Display width of terminal text (CJK characters take two columns) and cutting a line to a width.
import { stringWidth } from './width.js';

/** Display width: string-width, with fast paths for printable ASCII and (cached) single characters. */
const charWidths = new Map<string, number>();
export function width(s: string): number {
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  if (s.length <= 2 && [...s].length === 1) {
    let w = charWidths.get(s);
    if (w === undefined) charWidths.set(s, (w = stringWidth(s)));
    return w;
  }
  return stringWidth(s);
}

/** Text without its colour escapes (SGR sequences). */
export const stripStyles = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * Cut text to at most max columns, ending with `mark` when cut ("…" by default; the projected draw uses "..."). A
 * cut text loses its colour escapes rather than an escape's end.
 */
export function cut(s: string, max: number, mark = '…'): string {
  if (max <= 0) return '';
  if (width(s) <= max) return s;
  const room = max - width(mark);
  if (room < 0) return mark.slice(0, max);
  let r = '';
  let w = 0;
  for (const ch of stripStyles(s)) {
    const cw = width(ch);
    if (w + cw > room) break;
    r += ch;
    w += cw;
  }
  return r + mark;
}

/** Text padded with spaces to w columns. */
export const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
