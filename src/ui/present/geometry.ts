// The projected screen's geometry (margins, text width, body height for a terminal size) and cutting into pages.

export interface Size {
  columns: number;
  rows: number;
}

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
export type Geo = ReturnType<typeof geometry>;

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
