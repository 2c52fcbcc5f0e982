// Styled text for the projected screen: the palette, styled segments, and wrapping them by display width.
import chalk from 'chalk';
import { cut as cutText, width } from '../text.js';

export type Style = (s: string) => string;
const id: Style = (s) => s;

export const st = {
  text: id,
  strong: (s: string) => chalk.bold.whiteBright(s),
  value: (s: string) => chalk.bold.yellowBright(s),
  label: (s: string) => chalk.cyanBright(s),
  note: (s: string) => chalk.white(s),
  warn: (s: string) => chalk.bold.yellowBright(s),
  ok: (s: string) => chalk.bold.greenBright(s),
  big: (s: string) => chalk.bold.whiteBright(s),
  bigValue: (s: string) => chalk.bold.yellowBright(s),
  hidden: (s: string) => chalk.gray(s),
  bar: (s: string) => chalk.bgWhite.black.bold(s),
  current: (s: string) => chalk.bgYellowBright.black.bold(s),
};

/** A piece of text and its style; lines are made of these so wrapping never splits an escape sequence. */
export interface Seg {
  t: string;
  s?: Style;
}

/** Runs of ASCII letters/digits/punctuation stay together (codes, hashes, paths); CJK breaks anywhere. */
export function tokens(text: string): string[] {
  return text.match(/[\x21-\x7e]+| +|[^\x20-\x7e]/gu) ?? [];
}

/**
 * Styled segments wrapped to `max` columns; continuation lines start with `indent` spaces.
 * Tokens wider than a line are split by character.
 */
export function wrap(segs: Seg[], max: number, indent = 0): string[] {
  const lines: string[] = [];
  let line: Seg[] = [];
  let w = 0;
  let start = 0; // where this line's text starts (after the indent of a continuation line)
  const flush = () => {
    while (line.length && /^ +$/.test(line.at(-1)!.t)) line.pop();
    lines.push(line.map((p) => (p.s ?? id)(p.t)).join(''));
    line = indent > 0 ? [{ t: ' '.repeat(indent) }] : [];
    w = start = indent;
  };
  const push = (t: string, s: Style | undefined) => {
    const last = line.at(-1);
    if (last && last.s === s) last.t += t;
    else line.push(s ? { t, s } : { t });
    w += width(t);
  };
  const room = Math.max(1, max - indent);
  for (const seg of segs) {
    for (const tok of tokens(seg.t)) {
      const tw = width(tok);
      if (/^ +$/.test(tok)) {
        if (lines.length > 0 && w === start) continue; // no spaces at the start of a continuation line
        if (w + tw <= max) push(tok, seg.s);
        else flush();
        continue;
      }
      if (w + tw <= max) {
        push(tok, seg.s);
        continue;
      }
      if (CLOSING.includes(tok) && w - start >= 4) {
        // no closing punctuation at the start of a line: take the character before it along
        const last = line.at(-1)!;
        const prev = [...last.t].at(-1)!;
        if (!/[ \x21-\x7e]/.test(prev)) {
          last.t = last.t.slice(0, -prev.length);
          w -= width(prev);
          if (last.t === '') line.pop();
          flush();
          push(prev, last.s);
          push(tok, seg.s);
          continue;
        }
      }
      if (tw <= room) {
        flush();
        push(tok, seg.s);
        continue;
      }
      for (const ch of tok) {
        if (w + width(ch) > max && w > start) flush();
        push(ch, seg.s);
      }
    }
  }
  if (w > start || lines.length === 0) flush();
  return lines.length ? lines : [''];
}

const CLOSING = '，。、；：！？）」』”’》〉】';

export const indentAll = (lines: string[], n: number) => lines.map((l) => (l === '' ? l : ' '.repeat(n) + l));

/** One line no wider than max; "..." marks a cut. */
export const cut = (s: string, max: number) => cutText(s, max, '...');

/** A line of segments cut to max columns (styles kept per segment). */
export function plainCut(segs: Seg[], max: number): string {
  let out = '';
  let w = 0;
  for (const seg of segs) {
    const room = max - w;
    if (room <= 0) break;
    const t = width(seg.t) <= room ? seg.t : cut(seg.t, room);
    out += (seg.s ?? id)(t);
    w += width(t);
  }
  return out;
}
