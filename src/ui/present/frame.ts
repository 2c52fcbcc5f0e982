// A whole frame of the projected screen: header bar, the step's page, footer bar with the keys; pages per step.
import type { Visit } from '../../core/draw.js';
import { groupsOf4 } from '../../core/record.js';
import type { SavedInfo } from '../draw-view.js';
import { padEnd, stripStyles, width } from '../text.js';
import { geometry, paginate, rangePages, type Geo, type Size } from './geometry.js';
import { entityBlock, layoutEntropy, layoutPool, layoutSaved, layoutSeed, teamBlock, type Screen } from './screens.js';
import { cut, st, wrap } from './text.js';

const STEPS: Record<Screen['step'], [number, string]> = {
  pool: [1, '检查对象池'],
  entropy: [2, '见证人输入随机数'],
  seed: [3, '随机种子'],
  reveal: [4, '抽中的检查对象'],
  teams: [5, '检查组'],
  saved: [6, '抽取记录'],
};

interface Layout {
  pages: string[][];
  page: number;
  hint: string;
  /** right-hand side of the footer besides Ctrl-C */
  status: string;
  cancel: boolean;
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

export const pageOf = (ranges: [number, number][], first: number) => Math.max(0, ranges.findIndex(([a, b]) => first >= a && first < b));

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
      return { pages: [lines], page: 0, hint: (last ? 'Enter 继续：记录编号和哈希（记录已保存）' : 'Enter 下一页') + (page > 0 ? '  PgUp 上一页' : ''), status: pageStatus(page, ranges.length), cancel: true };
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

/** Number of pages a paged step (pool, seed, saved) has at this size. */
export function pageCount(s: Screen, size: Size): number {
  return layoutOf(s, geometry(size)).pages.length;
}
