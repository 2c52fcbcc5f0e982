// ssj draw --present: the witnessed, projected draw. Full screen (the terminal's alternate screen, cursor hidden),
// bright white on black, one step at a time, advanced with Enter:
//   1 the pool → 2 each witness types digits → 3 the seed → 4 the drawn entities, revealed one by one →
//   5 the inspection teams, page by page → 6 the saved record (id, hash, file) → Enter closes.
//
// The frame layout is pure (renderFrame and friends: lines for a size and a step's state), so it is tested
// without a terminal; PresentDrawView owns the terminal: raw-mode keys, one write per frame, resize, restore.
//
// The record is written and chained as soon as the seed is fixed (after the last witness's Enter), before the seed
// screen: the seed, reveal and teams screens say so (id and hash) on their second line. Ctrl-C before that (steps
// 1-2) throws DrawCancelled (exit code 130: nothing drawn, nothing saved); on steps 3-5 it throws Interrupted (exit
// 130, the record stands); on step 6 it closes like Enter.
//
// The pool and seed screens stay up after pool() / seed() return: the draw command's warnings (view.warn) for
// those steps arrive afterwards and are shown on the same screen; the Enter that leaves such a screen is read at
// the start of the next step.
import { StringDecoder } from 'node:string_decoder';
import chalk from 'chalk';
import stringWidth from 'string-width';
import { SsjError } from '../core/errors.js';
import { groupsOf4 } from '../core/record.js';
import { SOURCE_LABEL } from '../core/seed.js';
import type { Visit } from '../core/draw.js';
import { needText, teamText, type DrawView, type PoolInfo, type SavedInfo, type SeedInfo } from './draw-view.js';
import { renderTable } from './table.js';

/** Ctrl-C during a projected draw: nothing was drawn or saved. Exit code 130, as for SIGINT. */
export class DrawCancelled extends SsjError {
  constructor() {
    super('INTERRUPTED', '已中断，没有抽取');
  }
  override get exitCode(): number {
    return 130;
  }
}

/** Ctrl-C after the record is saved: the draw stands. Exit code 130. */
export class DrawInterrupted extends SsjError {
  constructor(saved: SavedInfo) {
    super('INTERRUPTED', `已中断；抽取记录 ${saved.id} 已保存（哈希 ${saved.hash.slice(0, 16)}…），抽取已经生效，可用 ssj form ${saved.id} 查看`);
  }
  override get exitCode(): number {
    return 130;
  }
}

// ───────────────────────────── text helpers ─────────────────────────────

type Style = (s: string) => string;
const id: Style = (s) => s;

const st = {
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

/** Display width: string-width, with fast paths for printable ASCII and (cached) single characters. */
const charWidths = new Map<string, number>();
function width(s: string): number {
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  if (s.length <= 2 && [...s].length === 1) {
    let w = charWidths.get(s);
    if (w === undefined) charWidths.set(s, (w = stringWidth(s)));
    return w;
  }
  return stringWidth(s);
}

/** One line no wider than max; "..." marks a cut. */
export function cut(s: string, max: number): string {
  if (max <= 0) return '';
  if (width(s) <= max) return s;
  if (max <= 3) return '.'.repeat(max);
  let r = '';
  for (const ch of s) {
    if (width(r + ch) > max - 3) break;
    r += ch;
  }
  return r + '...';
}

const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));

/** Runs of ASCII letters/digits/punctuation stay together (codes, hashes, paths); CJK breaks anywhere. */
function tokens(text: string): string[] {
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

const indentAll = (lines: string[], n: number) => lines.map((l) => (l === '' ? l : ' '.repeat(n) + l));

// ───────────────────────────── block digits ─────────────────────────────

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
const fours = (hex: string) => groupsOf4(hex).split(' ');

/** A hash (or other code) in small text: groups of four with wide gaps, wrapped. */
function groupLines(hex: string, max: number, style: Style = st.strong): string[] {
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

// ───────────────────────────── screens ─────────────────────────────

export interface Size {
  columns: number;
  rows: number;
}

export type Screen = (
  | { step: 'pool'; title: string; info: PoolInfo; warnings: string[]; page: number }
  | { step: 'entropy'; title: string; witnesses: string[]; values: string[]; typed: string; notice: string; digits?: number }
  | { step: 'seed'; title: string; info: SeedInfo; warnings: string[]; page: number }
  /** shown: how many entities are revealed; first: the first entity of the page on screen */
  | { step: 'reveal'; title: string; visits: readonly Visit[]; itemNames: Map<string, string>; shown: number; first: number }
  | { step: 'teams'; title: string; visits: readonly Visit[]; first: number }
  | { step: 'saved'; title: string; info: SavedInfo; page: number }
) & {
  /** the record, already saved: said on the line under the header (seed, reveal and teams screens) */
  saved?: SavedInfo;
};

const STEPS: Record<Screen['step'], [number, string]> = {
  pool: [1, '检查对象池'],
  entropy: [2, '见证人输入随机数'],
  seed: [3, '随机种子'],
  reveal: [4, '抽中的检查对象'],
  teams: [5, '检查组'],
  saved: [6, '抽取记录'],
};

/** Geometry shared by all screens: drawable width (one column spare), margin, text width, body height. */
export function geometry(size: Size) {
  const columns = Math.max(20, Math.floor(size.columns || 80));
  const rows = Math.max(8, Math.floor(size.rows || 24));
  const cols = columns - 1; // the last column is never written: no pending wrap, no scrolling
  const margin = cols >= 120 ? 4 : 2;
  const text = cols - 2 * margin;
  const body = rows - 4; // header bar, blank, …body…, blank, footer bar
  const roomy = rows >= 40 && cols >= 120;
  return { columns, rows, cols, margin, text, body, roomy };
}
type Geo = ReturnType<typeof geometry>;

/** Blocks (line groups kept together where possible) cut into pages of at most `height` lines. */
export function paginate(blocks: string[][], height: number, gap: number): string[][] {
  const h = Math.max(1, height);
  const pages: string[][] = [];
  let page: string[] = [];
  for (const block of blocks) {
    const need = (page.length ? gap : 0) + block.length;
    if (page.length && page.length + need > h) {
      pages.push(page);
      page = [];
    }
    if (page.length) for (let i = 0; i < gap; i++) page.push('');
    for (const line of block) {
      if (page.length >= h) {
        pages.push(page);
        page = [];
      }
      page.push(line);
    }
  }
  if (page.length || pages.length === 0) pages.push(page);
  return pages;
}

/** Page ranges [start, end) over a list, from each element's block height. */
export function rangePages(heights: number[], height: number, gap: number): [number, number][] {
  const h = Math.max(1, height);
  const ranges: [number, number][] = [];
  let start = 0;
  let used = 0;
  heights.forEach((bh, i) => {
    const need = (i > start ? gap : 0) + bh;
    if (i > start && used + need > h) {
      ranges.push([start, i]);
      start = i;
      used = bh;
    } else used += need;
  });
  ranges.push([start, heights.length]);
  return ranges;
}

interface Layout {
  pages: string[][];
  page: number;
  hint: string;
  /** right-hand side of the footer besides Ctrl-C */
  status: string;
  cancel: boolean;
}

function warningBlocks(warnings: string[], g: Geo): string[][] {
  return warnings.map((w) => wrap([{ t: '! ', s: st.warn }, { t: w, s: st.warn }], g.text, 2));
}

function layoutPool(s: Extract<Screen, { step: 'pool' }>, g: Geo, level: number): string[][] {
  const { info } = s;
  const T = g.text;
  const blocks: string[][] = [];
  blocks.push([...wrap([{ t: info.org, s: st.label }], T), ...wrap([{ t: info.taskName, s: st.strong }], T)]);
  if (info.redraw) {
    blocks.push(wrap([{ t: `再次抽取（替代 ${info.redraw.of.join('、')}），原因：${info.redraw.reason}`, s: st.warn }], T, 2));
  }
  for (const p of info.plan.pools) {
    const excluded = info.plan.exclusions.filter((x) => x.item === p.item.id);
    const gone = excluded.filter((x) => x.kind === 'gone').length;
    const repeat = excluded.filter((x) => x.kind === 'repeat').length;
    const how = p.ratio !== null ? `按 ${+(p.ratio * 100).toFixed(4)}% 抽取` : p.strata.length > 1 ? '分层抽取' : '按指定数量抽取';
    const b = [
      ...wrap([{ t: `${p.item.id} `, s: st.label }, { t: p.item.name, s: st.strong }], T, 2),
      ...indentAll(wrap([
        { t: '在业 ' }, { t: String(p.population), s: st.strong }, { t: ' 个，可抽 ' }, { t: String(p.available), s: st.strong },
        { t: ` 个，${how} ` }, { t: String(p.sample), s: st.value }, { t: ' 个' },
      ], T - 2, 2), 2),
    ];
    const notes = [repeat ? `本年度已抽中 ${repeat} 个不再抽取` : '', gone ? `另有 ${gone} 个已注销/吊销/迁出` : ''].filter(Boolean);
    if (notes.length) b.push(...indentAll(wrap([{ t: notes.join('；'), s: st.note }], T - 2, 2), 2));
    if (p.strata.length > 1) {
      for (const x of p.strata) {
        b.push(...indentAll(wrap([{ t: `${x.label}：在业 ${x.population}，可抽 ${x.available}，抽取 ${x.sample}${x.ratio !== null ? `（${+(x.ratio * 100).toFixed(4)}%）` : ''}`, s: st.note }], T - 4, 2), 4));
      }
    }
    blocks.push(b);
  }
  const hash = info.plan.poolHash;
  const bigHash = level >= 1 ? bigGroups(fours(hash), T - 2) : null;
  blocks.push([
    ...wrap([{ t: '检查对象池：', s: st.label }, { t: String(info.plan.poolSize), s: st.value }, { t: ' 个（可被抽中的不同检查对象）' }], T, 2),
    ...wrap([{ t: '池哈希（SHA-256，每 4 个字符一组）：', s: st.label }], T),
    ...(bigHash ? [...indentAll(bigHash, 2), ''] : []),
    ...indentAll(groupLines(hash, T - 2), 2),
  ]);
  blocks.push(wrap([
    { t: '每组执法人员 ' }, { t: String(info.teamSize), s: st.strong }, { t: ' 名' },
    ...(info.experts ? [{ t: '、专家 ' }, { t: String(info.experts), s: st.strong }, { t: ' 名' }] : []),
    { t: '；符合条件的执法人员 ' }, { t: String(info.inspectorsEligible), s: st.strong }, { t: ' 名' },
  ], T, 2));
  if (info.announcement) {
    blocks.push(wrap([{ t: `按公告 ${info.announcement.id} 抽取，随机种子取自：`, s: st.label }, { t: `${info.announcement.source}（${info.announcement.sourceDate}）`, s: st.strong }], T, 2));
  } else if (info.neededBits !== undefined) {
    blocks.push(wrap([{ t: '随机种子：', s: st.label }, { t: needText(info.neededBits), s: st.note }], T, 2));
  }
  blocks.push(...warningBlocks(s.warnings, g));
  return blocks;
}

function layoutSeed(s: Extract<Screen, { step: 'seed' }>, g: Geo, level: number): string[][] {
  const T = g.text;
  const { info } = s;
  const blocks: string[][] = [];
  const parts = info.components.map((p) => {
    const who = p.name === SOURCE_LABEL[p.source] ? p.name : `${SOURCE_LABEL[p.source]} ${p.name}`;
    return wrap([{ t: `${who}：`, s: st.label }, { t: p.value, s: st.value }], T - 2, 4);
  });
  blocks.push([...wrap([{ t: '随机种子由以下部分组成（按输入顺序，以 / 连接）：', s: st.strong }], T), ...indentAll(parts.flat(), 2)]);
  const seedBig = level >= 1 ? bigSeed(info.seed, T - 2) : null;
  blocks.push([
    ...wrap([{ t: '随机种子：', s: st.label }], T),
    ...(seedBig ? [...indentAll(seedBig, 2), ''] : []),
    ...indentAll(wrap([{ t: info.seed, s: st.value }], T - 2), 2),
  ]);
  blocks.push(wrap([
    { t: '熵估计约 ' }, { t: String(Math.floor(info.bits)), s: st.strong }, { t: ' 比特；覆盖全部可能结果需 ' },
    { t: String(Math.ceil(info.neededBits)), s: st.strong }, { t: ' 比特' },
  ], T, 2));
  blocks.push(...warningBlocks(s.warnings, g));
  return blocks;
}

/** The seed in block glyphs, broken after "/" where possible; null if it has other characters. */
function bigSeed(seed: string, max: number): string[] | null {
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

function layoutSaved(s: Extract<Screen, { step: 'saved' }>, g: Geo, level: number): string[][] {
  const T = g.text;
  const { info } = s;
  const blocks: string[][] = [];
  const idBig = level >= 1 ? bigText(info.id) : null;
  blocks.push([
    ...wrap([{ t: '抽取记录已保存，编号：', s: st.ok }, { t: info.id, s: st.value }], T),
    ...(idBig && bigWidth(info.id) <= T - 2 ? ['', ...indentAll(idBig.map(st.bigValue), 2)] : []),
  ]);
  const hashBig = level >= 2 ? bigGroups(fours(info.hash), T - 2) : null;
  blocks.push([
    ...wrap([{ t: '记录哈希（SHA-256）：', s: st.label }], T),
    ...indentAll(wrap([{ t: info.hash, s: st.strong }], T - 2), 2),
    ...wrap([{ t: '每 4 个字符一组（请抄录）：', s: st.label }], T),
    ...(hashBig ? [...indentAll(hashBig, 2), ''] : []),
    ...indentAll(groupLines(info.hash, T - 2, st.value), 2),
  ]);
  blocks.push([...wrap([{ t: '保存在：', s: st.label }], T), ...indentAll(wrap([{ t: info.file, s: st.strong }], T - 2), 2)]);
  blocks.push(wrap([{ t: '任何人可复核：', s: st.label }, { t: `ssj verify ${info.id}`, s: st.strong }], T, 2));
  return blocks;
}

/** One entity's block: 序号 and name, then code, then items. */
function entityBlock(v: Visit, i: number, itemNames: Map<string, string>, g: Geo, state: 'hidden' | 'shown' | 'current', numWidth: number): string[] {
  const T = g.text;
  const num = String(i + 1).padStart(numWidth);
  const ind = numWidth + 2;
  if (state === 'hidden') return [st.hidden(cut(`${num}  （待揭晓）`, T))];
  const nameStyle = state === 'current' ? st.value : st.strong;
  const numStyle = state === 'current' ? st.current : st.label;
  const items = v.items.map((it) => `${it} ${itemNames.get(it) ?? ''}`.trim()).join('、');
  return [
    ...wrap([{ t: num, s: numStyle }, { t: '  ' }, { t: v.name, s: nameStyle }], T, ind),
    ...indentAll(wrap([{ t: '代码 ', s: st.label }, { t: v.code, s: st.strong }], T - ind, 5), ind),
    ...indentAll(wrap([{ t: '事项 ', s: st.label }, { t: items, s: st.note }], T - ind, 5), ind),
  ];
}

function teamBlock(v: Visit, i: number, g: Geo, numWidth: number): string[] {
  const T = g.text;
  const ind = numWidth + 2;
  const members = v.team.flatMap((m, j): Seg[] => [
    ...(j ? [{ t: '、' }] : []), { t: `${m.role} `, s: st.label }, { t: m.name, s: st.value }, { t: `（${m.certNo}）`, s: st.note },
  ]);
  return [
    ...wrap([{ t: String(i + 1).padStart(numWidth), s: st.label }, { t: '  ' }, { t: v.name, s: st.strong }], T, ind),
    ...indentAll(wrap(members, T - ind), ind),
  ];
}

const numWidthOf = (n: number) => String(Math.max(1, n)).length;

// Page ranges depend only on the list and the size: computed once per list and size (every key press needs them).
const rangeCache = new WeakMap<readonly Visit[], Map<string, [number, number][]>>();
function cachedRanges(visits: readonly Visit[], key: string, make: () => [number, number][]): [number, number][] {
  let m = rangeCache.get(visits);
  if (!m) rangeCache.set(visits, (m = new Map()));
  let r = m.get(key);
  if (!r) m.set(key, (r = make()));
  return r;
}

/** Page ranges of the reveal step for this size (each entity's block never splits across pages). */
export function revealPages(visits: readonly Visit[], itemNames: Map<string, string>, size: Size): [number, number][] {
  const g = geometry(size);
  const nw = numWidthOf(visits.length);
  return cachedRanges(visits, `reveal ${g.columns}x${g.rows}`, () =>
    rangePages(visits.map((v, i) => entityBlock(v, i, itemNames, g, 'shown', nw).length), g.body - 2, g.roomy ? 1 : 0));
}

/** Page ranges of the teams step for this size. */
export function teamPages(visits: readonly Visit[], size: Size): [number, number][] {
  const g = geometry(size);
  const nw = numWidthOf(visits.length);
  return cachedRanges(visits, `teams ${g.columns}x${g.rows}`, () =>
    rangePages(visits.map((v, i) => teamBlock(v, i, g, nw).length), g.body - 2, g.roomy ? 1 : 0));
}

const pageOf = (ranges: [number, number][], first: number) => Math.max(0, ranges.findIndex(([a, b]) => first >= a && first < b));

/** Entropy: the prompt, the typed digits in block glyphs (the latest lines if they do not all fit), the witnesses. */
function layoutEntropy(s: Extract<Screen, { step: 'entropy' }>, g: Geo): string[] {
  const T = g.text;
  const cur = s.values.length;
  const who = s.witnesses[cur] ?? '';
  const top = [
    ...wrap([{ t: '请见证人 ', s: st.strong }, { t: who, s: st.value }, { t: ' 输入一串数字', s: st.strong }], T),
    ...wrap([{ t: `（掷骰子、摇号机的结果等，${s.digits ? `见证人合计建议至少 ${s.digits} 个数字` : '建议至少 6 个数字'}；只接受数字）`, s: st.note }], T),
    ...(cur === s.witnesses.length - 1 ? wrap([{ t: '最后一名见证人按 Enter 后随机种子即确定：抽取结果立即计算并保存，不能撤回', s: st.warn }], T) : []),
    '',
  ];
  const list: string[] = ['', ...wrap([{ t: '见证人：', s: st.label }], T)];
  s.witnesses.forEach((w, i) => {
    const line: Seg[] = i < cur ? [{ t: '✔ ', s: st.ok }, { t: w, s: st.strong }, { t: '  ' }, { t: s.values[i]!, s: st.note }]
      : i === cur ? [{ t: '> ', s: st.value }, { t: w, s: st.value }, { t: '  正在输入', s: st.note }]
      : [{ t: '  ' }, { t: w, s: st.note }];
    list.push(plainCut(line, T));
  });
  const status = [
    '',
    ...wrap([{ t: '已输入 ' }, { t: String(s.typed.length), s: st.strong }, { t: ' 个数字' }, ...(s.notice ? [{ t: `    ${s.notice}`, s: st.warn }] : [])], T),
  ];
  const room = g.body - top.length - status.length - list.length;
  const typedGroups = s.typed ? fours(s.typed) : [];
  // the cursor: an underline glyph after the last digit
  const withCursor = [...typedGroups];
  if (withCursor.length === 0 || withCursor.at(-1)!.length === 4) withCursor.push('_');
  else withCursor[withCursor.length - 1] += '_';
  let digits = bigGroups(withCursor, T - 2, st.bigValue);
  if (digits && digits.length > room) {
    // keep the last lines of glyphs that fit (3 rows and a blank each)
    const keep = Math.floor(room / 4);
    const kept = keep > 0 ? digits.slice(digits.length - (keep * 4 - 1)) : [];
    digits = kept.length ? [st.note(`（前面还有数字，共 ${s.typed.length} 个）`), ...kept] : null;
  }
  if (!digits || digits.length > room) {
    digits = groupLines(s.typed + '_', T - 2, st.value);
    if (digits.length > room) digits = digits.slice(digits.length - Math.max(1, room));
  }
  return [...top, ...indentAll(digits, 2), ...status, ...list];
}

/** A line of segments cut to max columns (styles kept per segment). */
function plainCut(segs: Seg[], max: number): string {
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

function layoutOf(s: Screen, g: Geo): Layout {
  const gap = g.roomy ? 1 : 0;
  const stepFit = (make: (level: number) => string[][]): string[][] => {
    // as many block glyphs as leave everything on one page (2: all, 1: the main value, 0: none)
    for (const level of [2, 1]) {
      const pages = paginate(make(level), g.body, 1);
      if (pages.length === 1) return pages;
    }
    return paginate(make(0), g.body, 1);
  };
  switch (s.step) {
    case 'pool': {
      const pages = stepFit((level) => layoutPool(s, g, level));
      const page = Math.min(s.page, pages.length - 1);
      return { pages, page, hint: page < pages.length - 1 ? 'Enter 下一页' : 'Enter 继续：输入随机种子', status: pageStatus(page, pages.length), cancel: true };
    }
    case 'seed': {
      const pages = stepFit((level) => layoutSeed(s, g, level));
      const page = Math.min(s.page, pages.length - 1);
      return { pages, page, hint: page < pages.length - 1 ? 'Enter 下一页' : 'Enter 继续：揭晓抽取结果', status: pageStatus(page, pages.length), cancel: true };
    }
    case 'saved': {
      const pages = stepFit((level) => layoutSaved(s, g, level));
      const page = Math.min(s.page, pages.length - 1);
      return { pages, page, hint: page < pages.length - 1 ? 'Enter 下一页' : 'Enter 结束', status: pageStatus(page, pages.length), cancel: false };
    }
    case 'entropy':
      return { pages: [layoutEntropy(s, g)], page: 0, hint: s.values.length === s.witnesses.length - 1 ? '输入数字，Enter 确认并抽取' : '输入数字，Enter 确认，退格键删除', status: `${s.values.length + 1}/${s.witnesses.length}`, cancel: true };
    case 'reveal': {
      const n = s.visits.length;
      const nw = numWidthOf(n);
      const ranges = revealPages(s.visits, s.itemNames, { columns: g.columns, rows: g.rows });
      const page = pageOf(ranges, s.first);
      const [a, b] = ranges[page]!;
      const blocks: string[][] = [];
      for (let i = a; i < b; i++) blocks.push(entityBlock(s.visits[i]!, i, s.itemNames, g, i >= s.shown ? 'hidden' : i === s.shown - 1 ? 'current' : 'shown', nw));
      const head = wrap([{ t: '抽中的检查对象：共 ', s: st.strong }, { t: String(n), s: st.value }, { t: ' 个，已揭晓 ', s: st.strong }, { t: String(s.shown), s: st.value }, { t: ' 个', s: st.strong }], g.text)[0]!;
      const lines = [head, '', ...paginate(blocks, 10_000, gap)[0]!];
      if (n === 0) lines.push(st.warn('没有抽中检查对象'));
      const more = s.shown < n;
      const last = page === ranges.length - 1;
      const hint = more ? (s.shown >= b ? 'Enter 下一页' : s.shown === 0 ? 'Enter 开始揭晓' : 'Enter 揭晓下一个') + '  A 全部揭晓' : last ? 'Enter 继续：检查组' : 'Enter 下一页';
      return { pages: [lines], page: 0, hint: hint + (page > 0 ? '  PgUp 上一页' : ''), status: pageStatus(page, ranges.length), cancel: true };
    }
    case 'teams': {
      const n = s.visits.length;
      const nw = numWidthOf(n);
      const ranges = teamPages(s.visits, { columns: g.columns, rows: g.rows });
      const page = pageOf(ranges, s.first);
      const [a, b] = ranges[page]!;
      const blocks: string[][] = [];
      for (let i = a; i < b; i++) blocks.push(teamBlock(s.visits[i]!, i, g, nw));
      const head = wrap([{ t: '检查组（执法人员及执法证号）：共 ', s: st.strong }, { t: String(n), s: st.value }, { t: ' 组', s: st.strong }], g.text)[0]!;
      const lines = [head, '', ...paginate(blocks, 10_000, gap)[0]!];
      const last = page === ranges.length - 1;
      return { pages: [lines], page: 0, hint: (last ? 'Enter 继续：保存记录' : 'Enter 下一页') + (page > 0 ? '  PgUp 上一页' : ''), status: pageStatus(page, ranges.length), cancel: true };
    }
  }
}

const pageStatus = (page: number, count: number) => (count > 1 ? `第 ${page + 1}/${count} 页` : '');

/** A bar across the drawable width: left text, right text (the left is cut first). */
function bar(left: string, right: string, cols: number): string {
  const r = cut(right, cols - 2);
  const l = cut(left, Math.max(0, cols - width(r) - 3));
  return st.bar(padEnd(` ${l}`, cols - width(r) - 1) + r + ' ');
}

/**
 * The whole frame for a step's state: exactly size.rows lines, none wider than size.columns - 1 (so the last
 * column is never written). Header bar, body page, footer bar with the keys.
 */
export function renderFrame(s: Screen, size: Size): string[] {
  const g = geometry(size);
  const L = layoutOf(s, g);
  const [n, name] = STEPS[s.step];
  const body = (L.pages[L.page] ?? []).slice(0, g.body);
  const lines = [bar(s.title, `${n}/6 ${name}`, g.cols), s.saved && s.step !== 'saved' ? savedLine(s.saved, g.cols) : ''];
  for (const l of body) lines.push(l === '' ? '' : ' '.repeat(g.margin) + l);
  while (lines.length < g.rows - 2) lines.push('');
  lines.push('');
  lines.push(bar(L.hint, [L.status, L.cancel ? (s.saved ? 'Ctrl-C 退出' : 'Ctrl-C 取消') : ''].filter(Boolean).join('   '), g.cols));
  // never wider than the drawable width, whatever a layout did
  return lines.slice(0, g.rows).map((l) => (width(l) > g.cols ? cut(stripStyles(l), g.cols) : l));
}

/** "✔ 抽取记录 2026-001 已保存并记入台账 · 哈希 1a2b 3c4d …", cut to the width. */
export function savedLine(saved: SavedInfo, cols: number): string {
  const text = ` ✔ 抽取记录 ${saved.id} 已保存并记入台账 · 哈希 ${groupsOf4(saved.hash)}`;
  return st.ok(cut(text, cols));
}

const stripStyles = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Number of pages a paged step (pool, seed, saved) has at this size. */
export function pageCount(s: Screen, size: Size): number {
  return layoutOf(s, geometry(size)).pages.length;
}

// ───────────────────────────── keys ─────────────────────────────

export type Key =
  | { name: 'enter' | 'backspace' | 'ctrl-c' | 'escape' | 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end' | 'tab' | 'other' }
  | { name: 'char'; ch: string };

/** Raw terminal input split into keys (escape sequences, Enter as CR, LF or CRLF, backspace as DEL or BS). */
export function parseKeys(data: string): Key[] {
  const keys: Key[] = [];
  const chars = [...data];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '\x1b') {
      const next = chars[i + 1];
      if (next === '[' || next === 'O') {
        let j = i + 2;
        let params = '';
        while (j < chars.length && /[\x20-\x3f]/.test(chars[j]!)) params += chars[j++];
        const final = chars[j] ?? '';
        i = j;
        const map: Record<string, Key['name']> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };
        if (final === '~') keys.push({ name: ({ '5': 'pageup', '6': 'pagedown', '1': 'home', '4': 'end', '7': 'home', '8': 'end' } as Record<string, Key['name']>)[params] ?? 'other' } as Key);
        else keys.push({ name: map[final] ?? 'other' } as Key);
      } else if (next !== undefined && next !== '\x1b') {
        i++; // Alt+key
        keys.push({ name: 'other' });
      } else keys.push({ name: 'escape' });
      continue;
    }
    if (ch === '\r') {
      if (chars[i + 1] === '\n') i++;
      keys.push({ name: 'enter' });
    } else if (ch === '\n') keys.push({ name: 'enter' });
    else if (ch === '\x7f' || ch === '\b') keys.push({ name: 'backspace' });
    else if (ch === '\x03') keys.push({ name: 'ctrl-c' });
    else if (ch === '\t') keys.push({ name: 'tab' });
    else if (ch < ' ') keys.push({ name: 'other' });
    else keys.push({ name: 'char', ch });
  }
  return keys;
}

// ───────────────────────────── the terminal ─────────────────────────────

/** What the view needs of stdin (a TTY): raw mode and data events. */
export interface KeyInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', fn: (d: Buffer | string) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
  off(event: 'data', fn: (d: Buffer | string) => void): unknown;
  off(event: 'end', fn: () => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** What the view needs of stdout (a TTY): write, its size, resize events. */
export interface ScreenOutput {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  write(s: string): unknown;
  on(event: 'resize', fn: () => void): unknown;
  off(event: 'resize', fn: () => void): unknown;
}

export interface PresentOptions {
  input?: KeyInput;
  output?: ScreenOutput;
  /** restore the terminal on process exit and turn SIGINT into a cancel (default: when using process.stdin) */
  processHooks?: boolean;
}

const ENTER_SCREEN = '\x1b[?1049h\x1b[?25l';
const LEAVE_SCREEN = '\x1b[0m\x1b[?25h\x1b[?1049l';

export class PresentDrawView implements DrawView {
  private readonly input: KeyInput;
  private readonly output: ScreenOutput;
  private readonly hooks: boolean;
  private active = false;
  private closed = false;
  private screen: Screen | null = null;
  private title = '';
  /** a pool or seed screen is up, waiting for the Enter that the next step reads */
  private pending = false;
  /** warnings for the next pool/seed screen, when they arrive with none on screen */
  private carried: string[] = [];
  private queue: Key[] = [];
  private waiter: ((k: Key) => void) | null = null;
  private readonly decoder = new StringDecoder('utf8');
  private finished: { visits: readonly Visit[]; itemNames: Map<string, string>; saved: SavedInfo | null } | null = null;
  /** the record, once saved: from then on Ctrl-C leaves it standing (DrawInterrupted) */
  private savedInfo: SavedInfo | null = null;
  private savedField(): { saved?: SavedInfo } {
    return this.savedInfo ? { saved: this.savedInfo } : {};
  }

  constructor(opts: PresentOptions = {}) {
    this.input = opts.input ?? (process.stdin as unknown as KeyInput);
    this.output = opts.output ?? (process.stdout as unknown as ScreenOutput);
    this.hooks = opts.processHooks ?? this.input === (process.stdin as unknown as KeyInput);
    if (!this.input.isTTY || typeof this.input.setRawMode !== 'function' || !this.output.isTTY) {
      throw new SsjError('NOT_INTERACTIVE', '--present（投屏模式）需要在终端中运行');
    }
  }

  // ── DrawView ──

  async pool(info: PoolInfo): Promise<void> {
    this.start();
    this.title = `${info.org} ${info.taskName}`;
    this.show({ step: 'pool', title: this.title, info, warnings: this.takeCarried(), page: 0 });
    this.pending = true;
  }

  async ready(): Promise<void> {
    await this.settle();
  }

  async entropy(witnesses: string[], digits?: number): Promise<string[]> {
    await this.settle();
    const s: Extract<Screen, { step: 'entropy' }> = { step: 'entropy', title: this.title, witnesses, values: [], typed: '', notice: '', ...(digits !== undefined ? { digits } : {}) };
    this.show(s);
    while (s.values.length < witnesses.length) {
      const k = await this.key();
      s.notice = '';
      if (k.name === 'char') {
        const d = k.ch.normalize('NFKC');
        if (/^[0-9]$/.test(d)) s.typed += d;
        else if (d !== ' ') s.notice = '只能输入数字';
      } else if (k.name === 'backspace') s.typed = s.typed.slice(0, -1);
      else if (k.name === 'enter') {
        if (s.typed === '') s.notice = '请至少输入一个数字';
        else {
          s.values.push(s.typed);
          s.typed = '';
        }
      }
      if (s.values.length < witnesses.length) this.draw();
    }
    return [...s.values];
  }

  async seed(info: SeedInfo): Promise<void> {
    await this.settle();
    if (info.saved) this.savedInfo = info.saved;
    this.show({ step: 'seed', title: this.title, info, warnings: this.takeCarried(), page: 0, ...this.savedField() });
    this.pending = true;
  }

  warn(messages: string[]): void {
    const s = this.screen;
    if (s && (s.step === 'pool' || s.step === 'seed') && this.pending) {
      s.warnings.push(...messages);
      this.draw();
    } else this.carried.push(...messages);
  }

  async result(visits: readonly Visit[], itemNames: Map<string, string>, saved?: SavedInfo): Promise<void> {
    await this.settle();
    if (saved) this.savedInfo = saved;
    // 4: reveal one by one
    const r: Extract<Screen, { step: 'reveal' }> = { step: 'reveal', title: this.title, visits, itemNames, shown: 0, first: 0, ...this.savedField() };
    this.show(r);
    const n = visits.length;
    for (;;) {
      const k = await this.key();
      const ranges = revealPages(visits, itemNames, this.size());
      const p = pageOf(ranges, r.first);
      const [, end] = ranges[p]!;
      if (isForward(k)) {
        if (r.shown < end) r.shown++;
        else if (p < ranges.length - 1) {
          r.first = ranges[p + 1]![0];
          if (r.shown === r.first) r.shown++;
        } else if (r.shown >= n) break;
      } else if (k.name === 'char' && k.ch.toLowerCase() === 'a') r.shown = n;
      else if (isBack(k) && p > 0) r.first = ranges[p - 1]![0];
      else continue;
      this.draw();
    }
    // 5: teams, page by page
    const t: Extract<Screen, { step: 'teams' }> = { step: 'teams', title: this.title, visits, first: 0, ...this.savedField() };
    this.show(t);
    for (;;) {
      const k = await this.key();
      const ranges = teamPages(visits, this.size());
      const p = pageOf(ranges, t.first);
      if (isForward(k)) {
        if (p < ranges.length - 1) t.first = ranges[p + 1]![0];
        else break;
      } else if (isBack(k) && p > 0) t.first = ranges[p - 1]![0];
      else continue;
      this.draw();
    }
    this.finished = { visits, itemNames, saved: null };
  }

  async saved(info: SavedInfo): Promise<void> {
    await this.settle();
    this.savedInfo = info;
    if (this.finished) this.finished.saved = info;
    const s: Extract<Screen, { step: 'saved' }> = { step: 'saved', title: this.title, info, page: 0 };
    this.show(s);
    // the record is written: Ctrl-C now just closes
    await this.pageThrough(s, false);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.restore();
    const f = this.finished;
    if (f?.saved) {
      // the alternate screen is gone: leave the result in the terminal's scrollback
      const lines = [
        chalk.bold(this.title),
        renderTable(
          ['序号', '检查对象名称', '代码', '事项', '检查组（执法证号）'],
          f.visits.map((v, i) => [i + 1, v.name, v.code, v.items.join('、'), teamText(v)]),
          { right: [0], maxWidth: 60 },
        ),
        '',
        `抽取记录 ${chalk.bold(f.saved.id)} 已保存：${f.saved.file}`,
        `记录哈希：${f.saved.hash}`,
        `          ${chalk.bold(groupsOf4(f.saved.hash))}`,
        chalk.dim(`任何人可复核：ssj verify ${f.saved.id}`),
      ];
      this.output.write(lines.join('\n') + '\n');
    }
  }

  // ── terminal ──

  private size(): Size {
    return { columns: this.output.columns || 80, rows: this.output.rows || 24 };
  }

  private start() {
    if (this.active || this.closed) return;
    this.active = true;
    this.input.setRawMode!(true);
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.resume();
    this.output.on('resize', this.onResize);
    if (this.hooks) {
      process.on('exit', this.onExit);
      process.on('SIGINT', this.onSigint);
      process.on('SIGTERM', this.onKill);
      process.on('SIGHUP', this.onKill);
    }
    this.output.write(ENTER_SCREEN + paint('\x1b[2J'));
  }

  private restore() {
    if (!this.active) return;
    this.active = false;
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    this.output.off('resize', this.onResize);
    if (this.hooks) {
      process.off('exit', this.onExit);
      process.off('SIGINT', this.onSigint);
      process.off('SIGTERM', this.onKill);
      process.off('SIGHUP', this.onKill);
    }
    try {
      this.input.setRawMode!(false);
    } catch {
      // the terminal may already be gone
    }
    this.input.pause();
    try {
      this.output.write(LEAVE_SCREEN);
    } catch {
      // likewise
    }
  }

  private readonly onData = (d: Buffer | string) => {
    const text = typeof d === 'string' ? d : this.decoder.write(d);
    for (const k of parseKeys(text)) this.push(k);
  };
  private readonly onEnd = () => this.push({ name: 'ctrl-c' });
  private readonly onResize = () => {
    this.output.write(paint('\x1b[2J'));
    this.draw();
  };
  private readonly onExit = () => this.restore();
  /** SIGTERM, SIGHUP: the terminal back as it was, then the usual exit code for the signal */
  private readonly onKill = (signal: NodeJS.Signals) => {
    this.restore();
    process.exit(signal === 'SIGHUP' ? 129 : 143);
  };
  private sigints = 0;
  private readonly onSigint = () => {
    // a SIGINT from outside (kill -INT): cancel at the next key read; a second one leaves at once
    if (++this.sigints > 1) {
      this.restore();
      process.stderr.write(`✖ ${(this.savedInfo ? new DrawInterrupted(this.savedInfo) : new DrawCancelled()).message}\n`);
      process.exit(130);
    }
    this.push({ name: 'ctrl-c' });
  };

  private push(k: Key) {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(k);
    } else this.queue.push(k);
  }

  /** The next key; Ctrl-C throws DrawCancelled unless `cancel` is false. */
  private async key(cancel = true): Promise<Key> {
    const k = this.queue.length ? this.queue.shift()! : await new Promise<Key>((resolve) => (this.waiter = resolve));
    if (cancel && k.name === 'ctrl-c') throw this.savedInfo ? new DrawInterrupted(this.savedInfo) : new DrawCancelled();
    return k;
  }

  /**
   * Page a paged screen forward and back until forward on its last page. With `cancel`, Ctrl-C cancels the draw
   * (DrawCancelled); without, it just leaves the screen.
   */
  private async pageThrough(s: Screen & { page: number }, cancel: boolean): Promise<void> {
    for (;;) {
      const k = await this.key(cancel);
      if (!cancel && k.name === 'ctrl-c') break;
      if (isForward(k)) {
        if (s.page < pageCount(s, this.size()) - 1) s.page++;
        else break;
      } else if (isBack(k) && s.page > 0) s.page--;
      else continue;
      this.draw();
    }
  }

  /** A pool or seed screen still up: wait for the Enter that leaves it (paging through it first). */
  private async settle() {
    const s = this.screen;
    if (!this.pending || !s || (s.step !== 'pool' && s.step !== 'seed')) {
      this.pending = false;
      return;
    }
    await this.pageThrough(s, true);
    this.pending = false;
  }

  private takeCarried() {
    const w = this.carried;
    this.carried = [];
    return w;
  }

  private show(s: Screen) {
    this.start();
    this.screen = s;
    this.draw();
  }

  /** One write per frame: cursor home, every row padded to the width, the rest cleared. No full clear. */
  private draw() {
    if (!this.active || !this.screen) return;
    const size = this.size();
    const lines = renderFrame(this.screen, size);
    const cols = geometry(size).cols;
    let out = '\x1b[H';
    lines.forEach((l, i) => {
      out += paint(padEnd(l, cols) + '\x1b[K') + (i < lines.length - 1 ? '\r\n' : '');
    });
    out += paint('\x1b[J');
    this.output.write(out);
  }
}

/** Bright white on black for the whole frame (nested styles come back to it). */
const paint = (s: string) => (chalk.level > 0 ? chalk.bgBlack.whiteBright(s) : s);

const isForward = (k: Key) => k.name === 'enter' || k.name === 'pagedown' || k.name === 'right' || k.name === 'down' || (k.name === 'char' && k.ch === ' ');
const isBack = (k: Key) => k.name === 'left' || k.name === 'pageup' || k.name === 'up' || k.name === 'backspace';
