// Row heights: raise a filled row so its wrapped text is not clipped when printed, estimating the lines text takes.
import { attr, setAttr } from '../xlsx-xml.js';
import type { Sheet } from './sheet.js';
import type { Styles } from './styles.js';

/** Column width (character units) → pixels, as Excel computes it for a default font of `base` points. */
export const colPx = (w: number, base: number) => (w <= 0 ? 0 : Math.trunc(w * maxDigitPx(base) + 5));
const maxDigitPx = (base: number) => Math.round((7 * base) / 11);
export const PT_PX = 96 / 72;

/**
 * Lines a text takes in a cell `px` pixels wide at `size` points. Character widths in em, on the wide side of
 * the fonts a form is printed with (SimSun / FangSong in Excel, Noto CJK in LibreOffice): CJK 1, capitals 0.6,
 * digits and small letters 0.5, other ASCII 0.45.
 */
export function linesNeeded(text: string, px: number, size: number): number {
  const avail = Math.max(8, px - 6);
  const em = size * PT_PX;
  let lines = 0;
  for (const para of text.split('\n')) {
    let w = 0;
    for (const ch of para) w += charEm(ch) * em;
    lines += Math.max(1, Math.ceil((w * 1.05) / avail));
  }
  return lines;
}

function charEm(ch: string): number {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return c >= 65 && c <= 90 ? 0.6 : (c >= 48 && c <= 57) || (c >= 97 && c <= 122) ? 0.5 : 0.45;
  return isWide(c) ? 1 : 0.55;
}

/** East Asian wide and full-width characters (CJK, kana, hangul, full-width forms, CJK punctuation). */
const isWide = (c: number) =>
  (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);

/** Raise the height of filled rows so their wrapped text is not clipped when printed (never lowered). */
export function fitRows(sheet: Sheet, styles: Styles) {
  const width = sheet.columnWidth();
  const base = styles.baseSize;
  const merges = sheet.merges();
  const dflt = sheet.defaultRowHeight();
  for (const row of sheet.rows) {
    if (!row.touched) continue;
    let need = 0;
    for (const c of row.cells) {
      if (c.filled === undefined || c.filled === '') continue;
      const g = merges.find((m) => m.c1 <= c.col && c.col <= m.c2 && m.r1 <= row.r && row.r <= m.r2);
      if (g && (g.r1 !== g.r2 || g.c1 !== c.col)) continue; // a merge over several rows is not sized
      const s = Number(attr(c.open, 's') ?? 0);
      const size = styles.fontSize(s);
      let px = 0;
      for (let k = g ? g.c1 : c.col; k <= (g ? g.c2 : c.col); k++) px += colPx(width(k), base);
      const lines = styles.wraps(s) ? linesNeeded(c.filled, px, size) : 1;
      need = Math.max(need, lines * size * 1.42 + 5);
    }
    const ht = Number(attr(row.open, 'ht') ?? dflt);
    if (need > ht + 0.5) {
      row.open = setAttr(setAttr(row.open, 'ht', String(Math.ceil(need * 4) / 4)), 'customHeight', '1');
    }
  }
}
