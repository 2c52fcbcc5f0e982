// Row heights of long tables: wrappedLines (no string-width per character) counts the same lines as wrapText with
// string-width, on varied text: Han, Latin words, codes, punctuation that may not start or end a line, spaces,
// ideographic spaces, line breaks; and any other text goes the slow way.
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { linesByWrapText, linesIn, oneLineWidth, printableWidths, rowHeight, rowHeights, unbrokenWidths, wrappedLines } from '../../src/io/print-layout.js';
import { rng as seeded } from '../helpers/rng.js';

const PIECES = [
  '检', '查', '对', '象', '名', '称', '住', '房', '城', '乡', '建', '设', '局', '发', '现', '问', '题', '责', '令', '整', '改',
  '，', '。', '、', '；', '：', '！', '？', '（', '）', '《', '》', '「', '」', '【', '】', '“', '”', '‘', '’', '…', '—', '·',
  ' ', ' ', '  ', '\u3000', ' \u3000', '\n', '\r\n', 'a', 'Z', '9', '-', '.', ',', ';', '(', ')', '[', ']', '!', '?',
  'ABC', 'hello', 'world', '91330100MA27XXXX1A', '2026-10-12', 'https://example.org/a/b', 'ア', 'Ａ', '１', '　', 'ー', 'カ', 'ひ', '￥',
];

function texts(seed: number, n: number): string[] {
  const r = seeded(seed);
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const len = 1 + r.int(90);
    let s = '';
    for (let i = 0; i < len; i++) s += r.pick(PIECES);
    out.push(s);
  }
  return out;
}

describe('row heights of wrapped text', () => {
  it('wrappedLines and linesIn give what wrapText and string-width give, at every room', () => {
    const all = [
      ...texts(19, 600),
      '示例县住房和城乡建设局2026年度“双随机、一公开”抽查检查结果', '责令限期整改（已整改完毕）。', '（一）（二）（三）（四）（五）（六）',
      '。。。。。。。。。。', '“引号”“引号”“引号”', 'averyveryverylongwordthatneverbreaksanywhereatall', '   前面有空格', '后面有空格   ', '\u3000\u3000全角空格开头',
      '', '\n', '\n\n\n', 'a\n\nb',
      // names of Chinese characters only, 1 to 40 of them (linesIn counts these without wrapping them)
      ...Array.from({ length: 40 }, (_, n) => Array.from({ length: n + 1 }, (_, k) => String.fromCharCode(0x4e00 + ((n * 7919 + k * 104729) % 0x5200))).join('')),
      '清河县广利副食有限责任公司', '一丁', '龥龥龥',
    ];
    let compared = 0;
    for (const t of all) {
      for (const room of [1, 2, 3, 5, 8, 11, 17, 23, 29, 40, 69, 139]) {
        const fast = wrappedLines(t, room);
        expect(fast, JSON.stringify([t, room])).not.toBeNull();
        const slow = linesByWrapText(t, room);
        expect(fast, JSON.stringify([t, room])).toBe(slow);
        expect(linesIn(t, room + 1), JSON.stringify([t, room])).toBe(slow); // a column room + 1 wide holds room units
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(7_000);
  });

  it('measures every character it takes as string-width does', () => {
    let simple = 0;
    for (let code = 0; code < 0x10000; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const c = String.fromCharCode(code);
      const w = oneLineWidth(c);
      if (w < 0) continue;
      simple++;
      expect(w, code.toString(16)).toBe(stringWidth(c));
    }
    expect(simple).toBeGreaterThan(28_000); // ASCII, punctuation, kana, every Han character of the BMP
    expect(oneLineWidth('检查 a“”')).toBe(8);
    expect(oneLineWidth('a\nb')).toBe(-1);
  });

  it('column widths: the same as measuring every header with string-width', () => {
    // printableWidths before headers were measured once (and without string-width when they can be)
    function oracle(widths: number[], headers: string[], units = 140, min = 8, keep: number[] = []): number[] {
      const oneLine = (h: string) => (stringWidth(h) <= 16 ? stringWidth(h) + 2 : Math.ceil(stringWidth(h) / 2) + 2);
      const out = widths.map((w, i) => Math.max(w, oneLine(headers[i] ?? '')));
      const target = Math.floor(units / 0.75);
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
    const r = seeded(7);
    const names = ['序号', '统一社会信用代码', '检查对象名称（含分支机构）', 'Ｃｏｄｅ', 'ｶﾀｶﾅ', 'e\u0301', '按时公示（次）', 'Remarks and notes', ''];
    for (let k = 0; k < 40; k++) {
      const n = 1 + r.int(14);
      const headers = Array.from({ length: n }, () => r.pick(names));
      const widths = Array.from({ length: n }, () => 4 + r.int(30));
      const keep = Array.from({ length: n }, () => (r.int(3) ? 0 : r.int(25)));
      expect(printableWidths(widths, headers, 140, 8, keep)).toEqual(oracle(widths, headers, 140, 8, keep));
      expect(printableWidths(widths, headers, 95)).toEqual(oracle(widths, headers, 95));
    }
  });

  it('leaves other text (combining marks, emoji, control characters) to wrapText', () => {
    for (const t of ['e\u0301cole', '👍🏽好', 'a\u200bb', '\tx', 'ｶﾞ', 'A\rB', '한국어 텍스트']) expect(wrappedLines(t, 10)).toBeNull();
    expect(linesIn('한국어 텍스트 한국어 텍스트', 8)).toBe(linesByWrapText('한국어 텍스트 한국어 텍스트', 7));
  });

  it('row heights: one line for short text, more for long or broken text', () => {
    expect(rowHeight(['短', 1, ''], [10, 6, 10])).toBe(21);
    expect(rowHeight(['第一行\n第二行\n第三行'], [30])).toBe(51);
    expect(rowHeight(['检查'.repeat(20)], [21])).toBe(4 * 15 + 6);
  });

  it('unbrokenWidths: the width of the longest short code, date or number of a column, else 0, repeats or not', () => {
    // each value measured on its own, as unbrokenWidths did before it skipped a value the same as the one above
    const reference = (columns: number, rows: readonly (readonly unknown[])[]) => Array.from({ length: columns }, (_, i) => {
      let max = 0;
      for (const r of rows) {
        const v = r[i];
        if (v === null || v === undefined || v === '') continue;
        if (!/^[\x21-\x7e]{1,20}$/.test(String(v))) return 0;
        max = Math.max(max, String(v).length);
      }
      return max ? max + 2 : 0;
    });
    const r = seeded(5);
    const values = ['2026-001', '2026-002', '91330100MA27XXXX1A', '2026-10-12', '', null, 'a b', '检查', 'x'.repeat(21), 7, 123456];
    for (let k = 0; k < 200; k++) {
      const rows: unknown[][] = [];
      for (let i = 0; i < 30; i++) rows.push([0, 1, 2].map((c) => (i > 0 && r.next() < 0.6 ? rows[i - 1]![c] : r.pick(values.slice(0, 6 + c * 2)))));
      expect(unbrokenWidths(3, rows), `table ${k}`).toEqual(reference(3, rows));
    }
    expect(unbrokenWidths(2, [['2026-001', 1], ['2026-001', 12345], ['2026-0001', 3]])).toEqual([11, 7]);
  });

  it('rowHeights, row after row, gives what rowHeight gives for each (cells repeated down a column measured once)', () => {
    const r = seeded(7);
    const pool = texts(11, 40);
    const widths = [6, 12, 30, 8, 24, 20];
    const heightOf = rowHeights(widths);
    const small = rowHeights(widths, 15, 10);
    // every cell measured by linesIn of its text: 15 pt a line at 11 pt, and 6 pt of padding
    const reference = (row: readonly unknown[], min = 20, size = 11) =>
      Math.max(min, Math.max(1, ...row.map((v, i) => (v === null || v === undefined || v === '' ? 1 : linesIn(String(v), widths[i]!, size)))) * 15 * (size / 11) + 6);
    let prev: unknown[] = [];
    let taller = 0;
    for (let k = 0; k < 3000; k++) {
      // about half the cells repeat the one above (as a task's rows do), others are new, empty or numbers
      const row = widths.map((_, i) => (k > 0 && r.next() < 0.5 ? prev[i] : r.next() < 0.1 ? (r.next() < 0.5 ? '' : null) : i === 0 ? (r.next() < 0.2 ? 99_990 + k : k + 1) : r.pick(pool)));
      expect(heightOf(row), `row ${k}`).toBe(rowHeight(row, widths));
      expect(heightOf(row), `row ${k}`).toBe(reference(row));
      expect(small(row)).toBe(rowHeight(row, widths, 15, 10));
      expect(small(row)).toBe(reference(row, 15, 10));
      if (heightOf(row) > 21) taller++;
      prev = row;
    }
    expect(taller).toBeGreaterThan(500); // (the texts wrap)
    // a number with more digits than its column has room for wraps: 123456 in a column 6 wide (room for 5)
    expect(rowHeights([6])([123456])).toBe(rowHeight([123456], [6]));
    expect(rowHeights([6])([123456])).toBeGreaterThan(rowHeights([6])([12345]));
  });
});
