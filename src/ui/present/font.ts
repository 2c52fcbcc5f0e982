// The block-digit font: hashes, seeds and ids in 3-row glyphs of half blocks, and hashes in groups of four.
import { groupsOf4 } from '../../core/record.js';
import { padEnd, width } from '../text.js';
import { st, type Style } from './text.js';

// 3×5 pixel glyphs, drawn with half blocks (two pixel rows per text row): 3 rows tall, 3 columns wide.
// Hex letters are drawn so that none is confused with a digit (b and d lower case, e and f with a short bar).
const GLYPHS: Record<string, string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '..#', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
  a: ['.#.', '#.#', '###', '#.#', '#.#'],
  b: ['#..', '#..', '###', '#.#', '###'],
  c: ['###', '#..', '#..', '#..', '###'],
  d: ['..#', '..#', '###', '#.#', '###'],
  e: ['###', '#..', '##.', '#..', '###'],
  f: ['###', '#..', '##.', '#..', '#..'],
  '-': ['...', '...', '###', '...', '...'],
  '/': ['..#', '..#', '.#.', '#..', '#..'],
  _: ['...', '...', '...', '...', '###'],
  ' ': ['.', '.', '.', '.', '.'],
};

// ▀ ▄ █ are of ambiguous East Asian width: one column in string-width and in most terminals (a console set to
// draw ambiguous characters wide would distort the glyphs; the hashes are always also shown in plain text).
const HALF: Record<string, string> = { '00': ' ', '10': '▀', '01': '▄', '11': '█' };

/** Whether every character has a block glyph. */
export const bigSupported = (s: string) => [...s.toLowerCase()].every((ch) => ch in GLYPHS);

/** The width of s in block glyphs (one blank column between glyphs). */
export const bigWidth = (s: string) => [...s.toLowerCase()].reduce((a, ch, i) => a + (GLYPHS[ch]?.[0]!.length ?? 3) + (i ? 1 : 0), 0);

/** Three text rows showing s in block glyphs (unstyled), or null when a character has no glyph. */
export function bigText(s: string): string[] | null {
  const chars = [...s.toLowerCase()];
  if (!chars.every((ch) => ch in GLYPHS)) return null;
  const rows: string[] = [];
  for (const [top, bottom] of [[0, 1], [2, 3], [4, -1]] as const) {
    rows.push(chars.map((ch) => {
      const g = GLYPHS[ch]!;
      return [...g[top]!].map((p, x) => HALF[`${p === '#' ? 1 : 0}${bottom >= 0 && g[bottom]![x] === '#' ? 1 : 0}`]).join('');
    }).join(' '));
  }
  return rows;
}

/**
 * Groups (e.g. of four hex digits) laid out in block glyphs, as many groups a line as fit `max` columns, the
 * lines balanced; null when one group does not fit or a character has no glyph.
 */
export function bigGroups(groups: string[], max: number, style: Style = st.big): string[] | null {
  if (groups.length === 0 || !groups.every(bigSupported)) return null;
  const gap = 3;
  const widest = Math.max(...groups.map(bigWidth));
  const perLine = Math.floor((max + gap) / (widest + gap));
  if (perLine < 1) return null;
  const lineCount = Math.ceil(groups.length / perLine);
  const even = Math.ceil(groups.length / lineCount);
  const out: string[] = [];
  for (let i = 0; i < groups.length; i += even) {
    const parts = groups.slice(i, i + even).map((g) => bigText(g)!);
    if (out.length) out.push('');
    for (let r = 0; r < 3; r++) out.push(style(parts.map((p) => padEnd(p[r]!, bigWidth(groups[i]!))).join(' '.repeat(gap)).trimEnd()));
  }
  return out;
}

/** Hex split into groups of four. */
export const fours = (hex: string) => groupsOf4(hex).split(' ');

/** A hash (or other code) in small text: groups of four with wide gaps, wrapped. */
export function groupLines(hex: string, max: number, style: Style = st.strong): string[] {
  const gs = fours(hex);
  const lines: string[] = [];
  let cur = '';
  for (const g of gs) {
    const next = cur ? `${cur}  ${g}` : g;
    if (width(next) > max && cur) {
      lines.push(style(cur));
      cur = g;
    } else cur = next;
  }
  if (cur) lines.push(style(cur));
  return lines;
}

/** The seed in block glyphs, broken after "/" where possible; null if it has other characters. */
export function bigSeed(seed: string, max: number): string[] | null {
  if (!bigSupported(seed) || seed.length === 0) return null;
  // lines as wide as fit, broken after a "/" where possible, else inside a long part
  const perLine = Math.floor((max + 1) / 4);
  if (perLine < 4) return null;
  const pieces = seed.split(/(?<=\/)/);
  const lines: string[] = [];
  let cur = '';
  for (const piece of pieces) {
    let p = piece;
    while (p.length) {
      if (cur.length + p.length <= perLine) {
        cur += p;
        p = '';
      } else if (cur.length) {
        lines.push(cur);
        cur = '';
      } else {
        lines.push(p.slice(0, perLine));
        p = p.slice(perLine);
      }
    }
  }
  if (cur) lines.push(cur);
  const out: string[] = [];
  for (const l of lines) {
    if (out.length) out.push('');
    out.push(...bigText(l)!.map(st.bigValue));
  }
  return out;
}
