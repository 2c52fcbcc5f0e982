// One worksheet held as rows and cells (everything else kept as written), and written back to XML.
import { attr, childSpans, colLetters, parseCell, parseRange, prefixOf, rangeText, rootSpan, setAttr, type Range, type RowShift, type Span } from '../xlsx-xml.js';
import type { CellScan } from './placeholders.js';

export interface Cell {
  col: number;
  /** start tag as written (its r is rewritten on output) */
  open: string;
  /** content between the tags ('' for an empty element) */
  inner: string;
  name: string;
  /** the text written when filled */
  filled?: string;
  /** the placeholder scan of this cell */
  scan?: CellScan;
}

export interface Row {
  r: number;
  open: string;
  cells: Cell[];
  name: string;
  /** a row whose cells were filled (its height is checked) */
  touched?: boolean;
}

export class Sheet {
  head: string;
  /** set when anything outside the rows changed (header and footer, a picture) */
  changed = false;
  readonly tail: string;
  /** the root's children and the text between them; sheetData is held in `rows` */
  segs: { local: string | null; xml: string }[] = [];
  rows: Row[] = [];
  sheetDataOpen = '';
  sheetDataClose = '';
  readonly p: string;
  shifts: RowShift[] = [];

  constructor(readonly name: string, readonly path: string, readonly index: number, xml: string) {
    const root = rootSpan(xml);
    this.head = xml.slice(0, root.openEnd);
    this.tail = xml.slice(root.closeStart);
    this.p = prefixOf(root.name);
    let at = root.openEnd;
    for (const ch of childSpans(xml, root.openEnd, root.closeStart)) {
      if (ch.start > at) this.segs.push({ local: null, xml: xml.slice(at, ch.start) });
      if (ch.local === 'sheetData') {
        this.segs.push({ local: 'sheetData', xml: '' });
        this.sheetDataOpen = ch.empty ? xml.slice(ch.start, ch.end).replace(/\s*\/>$/, '>') : xml.slice(ch.start, ch.openEnd);
        this.sheetDataClose = `</${ch.name}>`;
        if (!ch.empty) this.rows = this.parseRows(xml, ch);
      } else this.segs.push({ local: ch.local, xml: xml.slice(ch.start, ch.end) });
      at = ch.end;
    }
    if (root.closeStart > at) this.segs.push({ local: null, xml: xml.slice(at, root.closeStart) });
  }

  private parseRows(xml: string, sheetData: Span): Row[] {
    const rows: Row[] = [];
    let last = 0;
    for (const rs of childSpans(xml, sheetData.openEnd, sheetData.closeStart)) {
      if (rs.local !== 'row') continue;
      const open = xml.slice(rs.start, rs.openEnd);
      const r = Number(attr(open, 'r') ?? last + 1);
      last = r;
      const cells: Cell[] = [];
      let col = 0;
      if (!rs.empty) {
        for (const cs of childSpans(xml, rs.openEnd, rs.closeStart)) {
          if (cs.local !== 'c') continue;
          const copen = xml.slice(cs.start, cs.openEnd);
          const ref = attr(copen, 'r');
          col = ref ? (parseCell(ref)?.col ?? col + 1) : col + 1;
          cells.push({ col, open: copen, inner: cs.empty ? '' : xml.slice(cs.openEnd, cs.closeStart), name: cs.name });
        }
      }
      rows.push({ r, open: rs.empty ? open.replace(/\s*\/>$/, '>') : open, cells, name: rs.name });
    }
    return rows;
  }

  seg(local: string) {
    return this.segs.find((s) => s.local === local);
  }

  toXml(): string {
    const body = this.segs
      .map((s) => (s.local === 'sheetData' ? this.sheetDataOpen + this.rows.map(rowXml).join('') + this.sheetDataClose : s.xml))
      .join('');
    return this.head + body + this.tail;
  }

  /** Merged ranges, as written now. */
  merges(): Range[] {
    const seg = this.seg('mergeCells');
    if (!seg) return [];
    return [...seg.xml.matchAll(/<(?:\w+:)?mergeCell\b[^>]*>/g)].map((m) => parseRange(attr(m[0], 'ref') ?? '')).filter((g): g is Range => g !== null);
  }

  setMerges(list: Range[]) {
    const seg = this.seg('mergeCells');
    if (!seg) return;
    const open = /^<[^>]*>/.exec(seg.xml)![0];
    const name = /^<([\w:.-]+)/.exec(open)![1]!;
    const p = prefixOf(name);
    seg.xml = `${setAttr(open.replace(/\s*\/>$/, '>'), 'count', String(list.length))}${list.map((g) => `<${p}mergeCell ref="${rangeText(g)}"/>`).join('')}</${name}>`;
  }

  /** Column widths in Excel's character units, with the sheet's default for columns not listed. */
  columnWidth(): (col: number) => number {
    const fmt = this.seg('sheetFormatPr')?.xml ?? '';
    const base = Number(attr(fmt, 'baseColWidth') ?? 8);
    const dflt = Number(attr(fmt, 'defaultColWidth') ?? base + 0.7109375);
    const cols: { min: number; max: number; width: number; hidden: boolean }[] = [];
    for (const m of (this.seg('cols')?.xml ?? '').matchAll(/<(?:\w+:)?col\b[^>]*>/g)) {
      cols.push({ min: Number(attr(m[0], 'min')), max: Number(attr(m[0], 'max')), width: Number(attr(m[0], 'width') ?? dflt), hidden: ['1', 'true'].includes(attr(m[0], 'hidden') ?? '') });
    }
    return (c) => {
      const x = cols.find((k) => c >= k.min && c <= k.max);
      return x ? (x.hidden ? 0 : x.width) : dflt;
    };
  }

  defaultRowHeight(): number {
    return Number(attr(this.seg('sheetFormatPr')?.xml ?? '', 'defaultRowHeight') ?? 15) || 15;
  }
}

function cellXml(c: Cell, r: number): string {
  const open = setAttr(c.open, 'r', `${colLetters(c.col)}${r}`);
  if (c.inner === '') return open.endsWith('/>') ? open : open.replace(/>$/, '/>');
  return `${open.replace(/\s*\/>$/, '>')}${c.inner}</${c.name}>`;
}

function rowXml(row: Row): string {
  const open = setAttr(row.open, 'r', String(row.r));
  if (row.cells.length === 0) return open.replace(/\s*>$/, '/>');
  return `${open}${row.cells.map((c) => cellXml(c, row.r)).join('')}</${row.name}>`;
}
