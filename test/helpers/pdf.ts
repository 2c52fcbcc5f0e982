// Reading a PDF that LibreOffice printed, with poppler's pdftotext -bbox: every word with its box, per page.
// The checks the print tests make from them (documented in docs/printing.md):
//   overlaps   two words whose boxes overlap: text spilling out of its cell over a neighbour's, or wrapped
//              lines of a row too short for them running into the next row;
//   offPage    a word that runs past the page's edge;
//   small      the median height of a page's words below 7 pt: a table shrunk below about 8 pt to fit;
//   sparse     a page before the last whose content ends above 60 % of the page's height;
//   orphan     a page on which a table's header row (a word such as 序号) has nothing under it.
import { execFileSync } from 'node:child_process';

export interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}
export interface Page {
  width: number;
  height: number;
  words: Word[];
}

export function pdfPages(pdf: string): Page[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const pages: Page[] = [];
  for (const m of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words: Word[] = [];
    for (const w of m[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      words.push({ x0: +w[1]!, y0: +w[2]!, x1: +w[3]!, y1: +w[4]!, text: w[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"') });
    }
    pages.push({ width: +m[1]!, height: +m[2]!, words });
  }
  return pages;
}

export function pdfText(pdf: string): string {
  return pdfPages(pdf).map((p) => p.words.map((w) => w.text).join(' ')).join('\n');
}

/** The body of a page: without the running header and footer bands (top 6 %, bottom 7 %). */
const body = (p: Page) => p.words.filter((w) => w.y0 > p.height * 0.06 && w.y1 < p.height * 0.93);

export interface PrintFaults {
  overlaps: string[];
  offPage: string[];
  small: string[];
  sparse: string[];
  orphan: string[];
}

export function printFaults(pages: Page[], opts: { headerWord?: string; sparse?: boolean } = {}): PrintFaults {
  const f: PrintFaults = { overlaps: [], offPage: [], small: [], sparse: [], orphan: [] };
  pages.forEach((p, k) => {
    const n = k + 1;
    const ws = p.words;
    for (let i = 0; i < ws.length; i++) {
      const a = ws[i]!;
      if (a.x1 > p.width + 0.5 || a.y1 > p.height + 0.5 || a.x0 < -0.5 || a.y0 < -0.5) f.offPage.push(`p${n} 「${a.text}」`);
      for (let j = i + 1; j < ws.length; j++) {
        const b = ws[j]!;
        const ix = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
        const iy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
        if (ix <= 0 || iy <= 0) continue;
        const smaller = Math.min((a.x1 - a.x0) * (a.y1 - a.y0), (b.x1 - b.x0) * (b.y1 - b.y0));
        if (ix * iy > 0.2 * smaller) f.overlaps.push(`p${n} 「${a.text}」×「${b.text}」`);
      }
    }
    const heights = ws.map((w) => w.y1 - w.y0).sort((x, y) => x - y);
    const median = heights[Math.floor(heights.length / 2)] ?? 0;
    if (heights.length && median < 7) f.small.push(`p${n} median word height ${median.toFixed(1)} pt`);
    const b = body(p);
    // (a workbook of several sheets ends each sheet where it ends: only for one-sheet workbooks)
    if (opts.sparse !== false && k < pages.length - 1 && b.length && Math.max(...b.map((w) => w.y1)) < p.height * 0.6) f.sparse.push(`p${n} ends at ${(Math.max(...b.map((w) => w.y1)) / p.height * 100).toFixed(0)} %`);
    if (opts.headerWord) {
      for (const h of b.filter((w) => w.text === opts.headerWord)) {
        if (!b.some((w) => w.y0 > h.y1 + 1)) f.orphan.push(`p${n} header 「${opts.headerWord}」 at the foot of the page`);
      }
    }
  });
  return f;
}
