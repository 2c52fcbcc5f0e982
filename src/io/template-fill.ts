// The template engine: fills an .xlsx template's {{字段}} placeholders at the XML level. Only the parts that must
// change are rewritten (the worksheets with placeholders, and what refers to their rows: the drawing, comments,
// defined names, styles when a cell needs wrapping); every other part keeps its bytes. One row holding {{#名}} …
// {{/名}} is repeated once per data row; everything below it moves down: merged cells, data validations,
// conditional formats, hyperlinks, row breaks, images, comments, formulas, the print area and print titles.
import { SsjError } from '../core/errors.js';
import type { FieldRow, FieldValue } from '../core/form-fields.js';
import {
  attr, attrsOf, childSpans, colLetters, decodeOoxmlText, encodeOoxmlText, escapeAttr, escapeXml, parseCell,
  parseRange, prefixOf, rangeText, rootSpan, setAttr, shiftFormula, shiftRow, shiftSpan, shiftSqref, unescapeXml,
  XmlError, type Range, type RowShift, type Span,
} from './xlsx-xml.js';
import { EXCEL_BOUNDS, LIMITS, MB, refText } from './limits.js';
import { ZipArchive, ZipError } from './zip-archive.js';

export interface TemplateSchema {
  /** fields usable anywhere */
  fields: ReadonlySet<string>;
  /** repeat rows by name, with the fields usable in them (besides `fields`) */
  repeats: Readonly<Record<string, ReadonlySet<string>>>;
  /** fields that put a picture in their cell */
  images: ReadonlySet<string>;
  /** the template must have a repeat row of one of these names */
  requireRepeat: readonly string[];
}

export interface TemplateImage {
  png: Buffer;
  /** alternative text */
  descr: string;
}

export interface TemplateData {
  fields: FieldRow;
  repeats: Record<string, FieldRow[]>;
  images: Record<string, TemplateImage>;
}

export interface TemplateProblem {
  sheet: string | null;
  row: number | null;
  column: string | null;
  message: string;
}

const NS = {
  rel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  xdr: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  a: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  pkgRel: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const REL_TYPE = {
  drawing: `${NS.rel}/drawing`,
  image: `${NS.rel}/image`,
};

// ── package helpers ─────────────────────────────────────────────────────────────────────────────────────────

interface Rel {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const relsPathOf = (p: string) => `${dirOf(p) ? `${dirOf(p)}/` : ''}_rels/${p.slice(p.lastIndexOf('/') + 1)}.rels`;

function resolvePath(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base ? base.split('/') : [];
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relativePath(fromDir: string, to: string): string {
  const a = fromDir ? fromDir.split('/') : [];
  const b = to.split('/');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

class Package {
  constructor(readonly zip: ZipArchive) {}

  text(path: string): string | null {
    return this.zip.text(path);
  }

  rels(part: string): Rel[] {
    const xml = this.zip.text(relsPathOf(part));
    if (!xml) return [];
    const out: Rel[] = [];
    for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const tag = m[0];
      const target = attr(tag, 'Target') ?? '';
      const external = attr(tag, 'TargetMode') === 'External';
      out.push({ id: attr(tag, 'Id') ?? '', type: attr(tag, 'Type') ?? '', target: external ? target : resolvePath(dirOf(part), target), external });
    }
    return out;
  }

  /** Add a relationship to a part; returns its id. */
  addRel(part: string, type: string, target: string): string {
    const path = relsPathOf(part);
    let xml = this.zip.text(path) ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.pkgRel}"></Relationships>`;
    const ids = new Set([...xml.matchAll(/\bId="([^"]*)"/g)].map((m) => m[1]));
    let n = 1;
    while (ids.has(`rIdSsj${n}`)) n++;
    const id = `rIdSsj${n}`;
    const rel = `<Relationship Id="${id}" Type="${type}" Target="${escapeAttr(relativePath(dirOf(part), target))}"/>`;
    const root = rootSpan(xml);
    xml = root.empty
      ? `${xml.slice(0, root.start)}${xml.slice(root.start, root.end).replace(/\s*\/>$/, '>')}${rel}</${root.name}>${xml.slice(root.end)}`
      : `${xml.slice(0, root.closeStart)}${rel}${xml.slice(root.closeStart)}`;
    this.zip.set(path, xml);
    return id;
  }

  removeRel(part: string, id: string) {
    const path = relsPathOf(part);
    const xml = this.zip.text(path);
    if (!xml) return;
    this.zip.set(path, xml.replace(new RegExp(`<(?:\\w+:)?Relationship\\b[^>]*\\bId="${id}"[^>]*/>`), ''));
  }

  unusedName(make: (n: number) => string): string {
    for (let n = 1; ; n++) if (!this.zip.has(make(n))) return make(n);
  }

  contentTypes(update: (xml: string) => string) {
    const xml = this.zip.text('[Content_Types].xml');
    if (xml === null) throw new Error('no [Content_Types].xml');
    this.zip.set('[Content_Types].xml', update(xml));
  }

  ensureDefault(ext: string, type: string) {
    this.contentTypes((xml) => {
      if (new RegExp(`<(?:\\w+:)?Default\\b[^>]*Extension="${ext}"`, 'i').test(xml)) return xml;
      const root = rootSpan(xml);
      return `${xml.slice(0, root.closeStart)}<Default Extension="${ext}" ContentType="${type}"/>${xml.slice(root.closeStart)}`;
    });
  }

  addOverride(part: string, type: string) {
    this.contentTypes((xml) => {
      const root = rootSpan(xml);
      return `${xml.slice(0, root.closeStart)}<Override PartName="/${part}" ContentType="${type}"/>${xml.slice(root.closeStart)}`;
    });
  }

  removeOverride(part: string) {
    this.contentTypes((xml) => xml.replace(new RegExp(`<(?:\\w+:)?Override\\b[^>]*PartName="/${part.replace(/[.]/g, '\\.')}"[^>]*/>`), ''));
  }
}

// ── rich text ───────────────────────────────────────────────────────────────────────────────────────────────

interface Run {
  /** the run's <rPr> element as written, or null for plain text */
  rPr: string | null;
  text: string;
}

/** The runs of an <si> or <is> element's content; phonetic readings (<rPh>) are left out. */
function parseRuns(xml: string, from: number, to: number): Run[] {
  const runs: Run[] = [];
  for (const ch of childSpans(xml, from, to)) {
    if (ch.local === 't') runs.push({ rPr: null, text: tText(xml, ch) });
    else if (ch.local === 'r') {
      let rPr: string | null = null;
      let text = '';
      for (const x of childSpans(xml, ch.openEnd, ch.closeStart)) {
        if (x.local === 'rPr') rPr = xml.slice(x.start, x.end);
        else if (x.local === 't') text += tText(xml, x);
      }
      runs.push({ rPr, text });
    }
  }
  return runs;
}

const tText = (xml: string, t: Span) => (t.empty ? '' : decodeOoxmlText(unescapeXml(xml.slice(t.openEnd, t.closeStart))));

// ── styles ──────────────────────────────────────────────────────────────────────────────────────────────────

class Styles {
  private xml: string;
  private readonly fontSizes: number[] = [];
  private readonly xfs: { fontId: number; wrap: boolean; xml: string }[] = [];
  private readonly wrapped = new Map<number, number>();
  private readonly added: string[] = [];
  changed = false;

  constructor(readonly path: string | null, xml: string | null) {
    this.xml = xml ?? '';
    if (!xml) return;
    const root = rootSpan(xml);
    for (const sec of childSpans(xml, root.openEnd, root.closeStart)) {
      if (sec.local === 'fonts') {
        for (const f of childSpans(xml, sec.openEnd, sec.closeStart)) {
          const sz = childSpans(xml, f.openEnd, f.closeStart).find((x) => x.local === 'sz');
          this.fontSizes.push(Number(sz ? attr(xml.slice(sz.start, sz.openEnd), 'val') : 11) || 11);
        }
      } else if (sec.local === 'cellXfs') {
        for (const x of childSpans(xml, sec.openEnd, sec.closeStart)) {
          const tag = xml.slice(x.start, x.openEnd);
          const al = childSpans(xml, x.openEnd, x.closeStart).find((c) => c.local === 'alignment');
          const wrap = al ? ['1', 'true'].includes(attr(xml.slice(al.start, al.openEnd), 'wrapText') ?? '') : false;
          this.xfs.push({ fontId: Number(attr(tag, 'fontId') ?? 0), wrap, xml: xml.slice(x.start, x.end) });
        }
      }
    }
  }

  /** The default font's size (the workbook's column widths are counted in its digits). */
  get baseSize(): number {
    return this.fontSizes[0] ?? 11;
  }

  fontSize(xf: number): number {
    return this.fontSizes[this.xfs[xf]?.fontId ?? 0] ?? this.baseSize;
  }

  wraps(xf: number): boolean {
    return this.xfs[xf]?.wrap ?? false;
  }

  /** A style like `xf` that wraps text (added once per style). */
  wrapping(xf: number): number {
    if (this.wraps(xf) || !this.xml || !this.xfs[xf]) return xf;
    const known = this.wrapped.get(xf);
    if (known !== undefined) return known;
    const src = this.xfs[xf]!.xml;
    const open = /^<[^>]*?\/?>/.exec(src)![0];
    const p = prefixOf(/^<([\w:.-]+)/.exec(src)![1]!);
    let xfXml: string;
    if (open.endsWith('/>')) xfXml = `${setAttr(open.replace(/\s*\/>$/, '>'), 'applyAlignment', '1')}<${p}alignment wrapText="1"/></${p}xf>`;
    else {
      const al = /<(?:\w+:)?alignment\b[^>]*?\/?>/.exec(src);
      const tag = setAttr(open, 'applyAlignment', '1');
      xfXml = al ? tag + src.slice(open.length).replace(al[0], setAttr(al[0], 'wrapText', '1')) : `${tag}<${p}alignment wrapText="1"/>${src.slice(open.length)}`;
    }
    const idx = this.xfs.length;
    this.xfs.push({ fontId: this.xfs[xf]!.fontId, wrap: true, xml: xfXml });
    this.added.push(xfXml);
    this.wrapped.set(xf, idx);
    this.changed = true;
    return idx;
  }

  toXml(): string {
    const root = rootSpan(this.xml);
    const sec = childSpans(this.xml, root.openEnd, root.closeStart).find((s) => s.local === 'cellXfs')!;
    const open = setAttr(this.xml.slice(sec.start, sec.openEnd), 'count', String(this.xfs.length));
    return this.xml.slice(0, sec.start) + open + this.xml.slice(sec.openEnd, sec.closeStart) + this.added.join('') + this.xml.slice(sec.closeStart);
  }
}

// ── worksheets ──────────────────────────────────────────────────────────────────────────────────────────────

interface Cell {
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

interface Row {
  r: number;
  open: string;
  cells: Cell[];
  name: string;
  /** a row whose cells were filled (its height is checked) */
  touched?: boolean;
}

interface Token {
  kind: 'field' | 'open' | 'close';
  name: string;
  start: number;
  end: number;
}

interface CellScan {
  runs: Run[];
  text: string;
  tokens: Token[];
}

const TOKEN = /(?:\{\{|｛｛)\s*([#/＃／]?)\s*([^{}｛｝]*?)\s*(?:\}\}|｝｝)/g;

const BRACES = /\{\{|\}\}|｛｛|｝｝/;

/**
 * Braces left over once the placeholders are taken out of a cell's text ({{字段} or 字段}} or {{{字段}}): an
 * excerpt around the first, or null when every brace pair belongs to a placeholder.
 */
function strayBraces(text: string, tokens: Token[]): string | null {
  let rest = '';
  let at = 0;
  for (const t of tokens) {
    rest += text.slice(at, t.start) + '\u0000'.repeat(t.end - t.start);
    at = t.end;
  }
  rest += text.slice(at);
  const m = /\{\{|\}\}|｛｛|｝｝/.exec(rest) ?? (tokens.length ? /[{}｛｝]/.exec(rest) : null);
  if (!m) return null;
  const from = Math.max(0, m.index - 12);
  const excerpt = text.slice(from, m.index + 14);
  return `${from > 0 ? '…' : ''}${excerpt}${m.index + 14 < text.length ? '…' : ''}`;
}

function scanText(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const mark = m[1] ?? '';
    out.push({ kind: mark === '#' || mark === '＃' ? 'open' : mark === '/' || mark === '／' ? 'close' : 'field', name: (m[2] ?? '').trim(), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

class Sheet {
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

// ── the engine ──────────────────────────────────────────────────────────────────────────────────────────────

const loc = (sheet: string, row: number, col: number) => `${sheet} › 第 ${row} 行 ${colLetters(col)} 列`;

interface Found {
  sheet: Sheet;
  row: Row;
  cell: Cell;
}

/**
 * Fill a template. Every problem (unknown placeholders, a repeat row not closed, …) is reported at once, as an
 * SsjError listing each with its cell, before anything is produced. Returns the filled workbook's bytes.
 */
export function fillTemplate(bytes: Buffer, schema: TemplateSchema, data: TemplateData, label: string): Buffer {
  try {
    return fill(bytes, schema, data, label);
  } catch (e) {
    if (e instanceof ZipError || e instanceof XmlError) throw notXlsx(label, e.message);
    throw e;
  }
}

function fill(bytes: Buffer, schema: TemplateSchema, data: TemplateData, label: string): Buffer {
  if (bytes.length > LIMITS.templateBytes) {
    throw new SsjError('INPUT_LIMIT', `模板 ${label} 超过 ${MB(LIMITS.templateBytes)}（ssj 读取模板的上限）`, { hint: '记录表模板通常只有几十 KB：请检查是否选错了文件' });
  }
  const zip = ZipArchive.read(bytes, { maxPartBytes: LIMITS.templateBytes });
  const pkg = new Package(zip);
  const rootRels = pkg.rels('');
  const wbPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const wbXml = pkg.text(wbPath);
  if (wbXml === null) throw notXlsx(label, 'no workbook part');
  if (wbXml.includes('purl.oclc.org/ooxml')) throw notXlsx(label, 'Strict Open XML');
  const wbRels = pkg.rels(wbPath);

  // shared strings and styles
  const ssRel = wbRels.find((r) => r.type.endsWith('/sharedStrings'));
  const ssXml = ssRel ? pkg.text(ssRel.target) : null;
  const shared: Run[][] = [];
  if (ssXml) {
    const root = rootSpan(ssXml);
    for (const si of childSpans(ssXml, root.openEnd, root.closeStart)) if (si.local === 'si') shared.push(si.empty ? [] : parseRuns(ssXml, si.openEnd, si.closeStart));
  }
  const stRel = wbRels.find((r) => r.type.endsWith('/styles'));
  const styles = new Styles(stRel?.target ?? null, stRel ? pkg.text(stRel.target) : null);

  // worksheets
  const sheets: Sheet[] = [];
  let sheetIndex = 0;
  for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const tag = m[0];
    const rid = attrsOf(tag).find(([k]) => k.endsWith(':id') || k === 'id')?.[1];
    const rel = wbRels.find((r) => r.id === rid);
    const index = sheetIndex++;
    if (!rel || !rel.type.endsWith('/worksheet')) continue; // chart sheets, dialog sheets
    const xml = pkg.text(rel.target);
    if (xml === null) continue;
    sheets.push(new Sheet(attr(tag, 'name') ?? '', rel.target, index, xml));
  }
  if (sheets.length === 0) throw notXlsx(label, 'no worksheet');

  // 1. find every placeholder and check it
  const problems: string[] = [];
  const repeatRows: { sheet: Sheet; row: Row; name: string }[] = [];
  const images: (Found & { name: string })[] = [];
  const cellText = (c: Cell): Run[] | null => {
    const t = attr(c.open, 't');
    if (t === 's') {
      const v = /<(?:\w+:)?v>([^<]*)</.exec(c.inner);
      return v ? (shared[Number(v[1])] ?? null) : null;
    }
    if (t === 'inlineStr') {
      const is = childSpans(c.inner).find((x) => x.local === 'is');
      return is && !is.empty ? parseRuns(c.inner, is.openEnd, is.closeStart) : null;
    }
    return null;
  };
  const allRepeatFields = new Set(Object.values(schema.repeats).flatMap((s) => [...s]));
  for (const sheet of sheets) {
    // Excel's bounds: a row or cell beyond them cannot be moved or written back
    for (const row of sheet.rows) {
      if (!Number.isInteger(row.r) || row.r < 1 || row.r > LIMITS.maxRow) problems.push(`${sheet.name} › 行号 ${String(row.r).slice(0, 20)} 超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
      const wide = row.cells.find((c) => {
        const ref = attr(c.open, 'r');
        const at = ref === null ? null : parseCell(ref);
        return c.col > LIMITS.maxColumn || (ref !== null && (at === null || at.row > LIMITS.maxRow));
      });
      if (wide) problems.push(`${sheet.name} › 第 ${row.r} 行：单元格引用「${refText(attr(wide.open, 'r') ?? '')}」超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
    }
    for (const g of sheet.merges()) {
      if (g.r2 > LIMITS.maxRow || g.c2 > LIMITS.maxColumn) problems.push(`${sheet.name} › 合并单元格 ${refText(rangeText(g))} 超出了 Excel 的范围（${EXCEL_BOUNDS}）`);
    }
    for (const row of sheet.rows) {
      const scans: { cell: Cell; scan: CellScan }[] = [];
      for (const cell of row.cells) {
        const runs = cellText(cell);
        if (!runs) continue;
        const text = runs.map((r) => r.text).join('');
        if (!BRACES.test(text)) continue;
        const tokens = scanText(text);
        const stray = strayBraces(text, tokens);
        if (stray) problems.push(`${loc(sheet.name, row.r, cell.col)}：大括号没有配对「${stray}」（占位符应写成 {{字段}}，前后各两个大括号）`);
        if (tokens.length === 0) continue;
        cell.scan = { runs, text, tokens };
        scans.push({ cell, scan: cell.scan });
      }
      if (scans.length === 0) continue;
      const opens = scans.flatMap(({ cell, scan }) => scan.tokens.filter((t) => t.kind === 'open').map((t) => ({ cell, t })));
      const closes = scans.flatMap(({ cell, scan }) => scan.tokens.filter((t) => t.kind === 'close').map((t) => ({ cell, t })));
      let repeat: string | null = null;
      for (const { cell, t } of opens) {
        if (!schema.repeats[t.name]) problems.push(`${loc(sheet.name, row.r, cell.col)}：不认识的重复行 {{#${t.name}}}（可用：${Object.keys(schema.repeats).map((k) => `{{#${k}}}`).join('、')}）`);
        else if (repeat !== null && repeat !== t.name) problems.push(`${loc(sheet.name, row.r, cell.col)}：同一行只能有一种重复（已有 {{#${repeat}}}）`);
        else if (repeat === t.name) problems.push(`${loc(sheet.name, row.r, cell.col)}：{{#${t.name}}} 在同一行出现了两次`);
        else repeat = t.name;
      }
      for (const { cell, t } of closes) {
        if (!opens.some((o) => o.t.name === t.name)) problems.push(`${loc(sheet.name, row.r, cell.col)}：{{/${t.name}}} 前面没有 {{#${t.name}}}（重复行的开始和结束必须在同一行）`);
      }
      for (const { cell, t } of opens) {
        if (schema.repeats[t.name] && !closes.some((c) => c.t.name === t.name)) problems.push(`${loc(sheet.name, row.r, cell.col)}：有 {{#${t.name}}}，但同一行没有 {{/${t.name}}}（重复行的开始和结束必须在同一行）`);
      }
      const allowed = repeat && schema.repeats[repeat] ? schema.repeats[repeat] : null;
      for (const { cell, scan } of scans) {
        for (const t of scan.tokens) {
          if (t.kind !== 'field') continue;
          const where = loc(sheet.name, row.r, cell.col);
          if (t.name === '') problems.push(`${where}：空的占位符 {{}}`);
          else if (schema.images.has(t.name)) {
            if (allowed) problems.push(`${where}：图片 {{${t.name}}} 不能放在重复行中`);
            else images.push({ sheet, row, cell, name: t.name });
          } else if (schema.fields.has(t.name) || allowed?.has(t.name)) continue;
          else if (allRepeatFields.has(t.name)) {
            const inRepeats = Object.entries(schema.repeats).filter(([, s]) => s.has(t.name)).map(([k]) => `{{#${k}}}`);
            problems.push(`${where}：{{${t.name}}} 只能用在 ${inRepeats.join(' 或 ')} 重复行中`);
          } else problems.push(`${where}：不认识的字段 {{${t.name}}}`);
        }
      }
      if (repeat && schema.repeats[repeat] && closes.some((c) => c.t.name === repeat)) {
        repeatRows.push({ sheet, row, name: repeat });
        row.touched = true;
      }
    }
    // merges that cross a repeat row, tables below one
    for (const rr of repeatRows.filter((x) => x.sheet === sheet)) {
      for (const g of sheet.merges()) {
        if (g.r1 <= rr.row.r && rr.row.r <= g.r2 && g.r1 !== g.r2) problems.push(`${loc(sheet.name, rr.row.r, g.c1)}：重复行中的合并单元格 ${rangeText(g)} 跨了 ${g.r2 - g.r1 + 1} 行；重复行中只能有同一行之内的合并`);
      }
      for (const rel of pkg.rels(sheet.path).filter((r) => r.type.endsWith('/table'))) {
        const ref = attr(pkg.text(rel.target) ?? '', 'ref');
        const g = ref ? parseRange(ref) : null;
        if (g && g.r2 >= rr.row.r) problems.push(`${sheet.name} › ${ref}：重复行（第 ${rr.row.r} 行）以下有 Excel “表格”（插入 › 表格），ssj 不能移动它；请在 Excel 中选中它，用“表设计 › 转换为区域”`);
      }
    }
    // header and footer
    const hf = sheet.seg('headerFooter');
    if (hf) {
      const hfText = unescapeXml(hf.xml.replace(/<[^>]*>/g, ' '));
      const stray = strayBraces(hfText, scanText(hfText));
      if (stray) problems.push(`${sheet.name} › 页眉页脚：大括号没有配对「${stray}」（占位符应写成 {{字段}}）`);
      for (const t of scanText(unescapeXml(hf.xml))) {
        if (t.kind !== 'field') problems.push(`${sheet.name} › 页眉页脚：页眉页脚中不能有重复行 {{${t.kind === 'open' ? '#' : '/'}${t.name}}}`);
        else if (schema.images.has(t.name)) problems.push(`${sheet.name} › 页眉页脚：页眉页脚中不能放图片 {{${t.name}}}`);
        else if (!schema.fields.has(t.name)) problems.push(`${sheet.name} › 页眉页脚：${allRepeatFields.has(t.name) ? `{{${t.name}}} 只能用在重复行中` : `不认识的字段 {{${t.name}}}`}`);
      }
    }
  }
  const opened = sheets.some((sh) => sh.rows.some((r) => r.cells.some((c) => c.scan?.tokens.some((t) => t.kind === 'open' && schema.requireRepeat.includes(t.name)))));
  if (schema.requireRepeat.length && !opened) {
    problems.push(`模板中没有列出检查对象的重复行：请在表格的一行中写上 ${schema.requireRepeat.map((n) => `{{#${n}}} … {{/${n}}}`).join(' 或 ')}（见 docs/templates.md）`);
  }
  if (problems.length) {
    throw new SsjError('INPUT_INVALID', `模板 ${label} 有 ${problems.length} 处问题，没有生成记录表：\n  ${problems.join('\n  ')}`, {
      hint: '可用的字段和写法见 docs/templates.md',
    });
  }

  // 2. fill the cells outside repeat rows
  const repeatSet = new Set(repeatRows.map((x) => x.row));
  for (const sheet of sheets) {
    for (const row of sheet.rows) {
      if (repeatSet.has(row)) continue;
      for (const cell of row.cells) if (cell.scan) fillCell(cell, (n) => data.fields[n], styles, schema);
      if (row.cells.some((c) => c.scan)) row.touched = true;
    }
  }

  // 3. repeat rows, the lowest first (rows above a repeat row never move)
  const defined: { sheet: Sheet; s: RowShift }[] = [];
  for (const sheet of sheets) {
    const mine = repeatRows.filter((x) => x.sheet === sheet).sort((a, b) => b.row.r - a.row.r);
    for (const rr of mine) {
      const list = data.repeats[rr.name] ?? [];
      const s = expand(pkg, sheets, sheet, rr.row, list, data.fields, styles, schema);
      defined.push({ sheet, s });
    }
    // header and footer
    const hf = sheet.seg('headerFooter');
    if (hf) {
      hf.xml = hf.xml.replace(/(<(?:\w+:)?(?:odd|even|first)(?:Header|Footer)\b[^>]*>)([^<]*)(<\/)/g, (_m, open: string, text: string, close: string) => {
        const raw = unescapeXml(text);
        const filled = raw.replace(TOKEN, (_t, _mark: string, name: string) => String(data.fields[name.trim()] ?? '').replace(/&/g, '&&'));
        return open + escapeXml(filled) + close;
      });
      sheet.changed = true;
    }
  }

  // 4. the print area, print titles and other defined names
  if (defined.length) {
    let wb = wbXml;
    wb = wb.replace(/(<(?:\w+:)?definedName\b[^>]*>)([^<]*)(<\/)/g, (_m, open: string, text: string, close: string) => {
      let f = unescapeXml(text);
      for (const { sheet, s } of defined) f = shiftFormula(f, s, { sheet: sheet.name, unqualified: false });
      return open + escapeXml(f) + close;
    });
    if (wb !== wbXml) zip.set(wbPath, wb);
    // calcChain lists formula cells by position: Excel rebuilds it when it is missing
    const cc = wbRels.find((r) => r.type.endsWith('/calcChain'));
    if (cc) {
      zip.delete(cc.target);
      pkg.removeRel(wbPath, cc.id);
      pkg.removeOverride(cc.target);
    }
  }

  // 5. row heights, pictures
  for (const sheet of sheets) {
    fitRows(sheet, styles);
    for (const im of images.filter((x) => x.sheet === sheet)) {
      const img = data.images[im.name];
      if (img) {
        addPicture(pkg, sheet, im.row.r, im.cell.col, img, styles.baseSize);
        sheet.changed = true;
      }
    }
  }

  for (const sheet of sheets) if (sheet.changed || sheet.rows.some((r) => r.touched)) zip.set(sheet.path, sheet.toXml());
  if (styles.changed && styles.path) zip.set(styles.path, styles.toXml());
  return zip.toBuffer();
}

function notXlsx(label: string, why: string): SsjError {
  return new SsjError('INPUT_INVALID', `模板 ${label} 不是有效的 .xlsx 文件（${why}）`, {
    hint: '请在 Excel 或 WPS 中打开模板，另存为“Excel 工作簿 (*.xlsx)”后再用',
  });
}

/** Fill one cell's placeholders with values from `get`; repeat marks and image placeholders are removed. */
function fillCell(cell: Cell, get: (name: string) => FieldValue | undefined, styles: Styles, schema: TemplateSchema) {
  const scan = cell.scan!;
  const value = (t: Token): string => (t.kind !== 'field' || schema.images.has(t.name) ? '' : String(get(t.name) ?? ''));
  const fields = scan.tokens.filter((t) => t.kind === 'field' && !schema.images.has(t.name));
  const rest = scan.tokens.reduce((s, t) => s.replace(scan.text.slice(t.start, t.end), ''), scan.text).trim();
  let open = cell.open.replace(/\s*\/>$/, '>');
  const only = fields.length === 1 && rest === '' ? get(fields[0]!.name) : undefined;
  if (typeof only === 'number' && Number.isFinite(only)) {
    cell.open = setAttr(open, 't', null);
    cell.inner = `<${prefixOf(cell.name)}v>${only}</${prefixOf(cell.name)}v>`;
    cell.filled = String(only);
    return;
  }
  // new runs: each token's value goes into the run where the token starts
  const runs: Run[] = [];
  let pos = 0;
  for (const run of scan.runs) {
    const from = pos;
    const to = pos + run.text.length;
    let text = '';
    let i = from;
    while (i < to) {
      const t = scan.tokens.find((k) => i >= k.start && i < k.end);
      if (t) {
        if (i === t.start) text += value(t);
        i = Math.min(t.end, to);
      } else {
        const next = scan.tokens.filter((k) => k.start > i).reduce((m, k) => Math.min(m, k.start), to);
        text += run.text.slice(i - from, Math.min(next, to) - from);
        i = Math.min(next, to);
      }
    }
    runs.push({ rPr: run.rPr, text });
    pos = to;
  }
  const full = runs.map((r) => r.text).join('');
  cell.filled = full;
  if (full === '') {
    cell.open = setAttr(open, 't', null);
    cell.inner = '';
    return;
  }
  if (full.includes('\n')) {
    const s = Number(attr(open, 's') ?? 0);
    const w = styles.wrapping(s);
    if (w !== s) open = setAttr(open, 's', String(w));
  }
  const p = prefixOf(cell.name);
  const t = (s: string) => `<${p}t xml:space="preserve">${encodeOoxmlText(s)}</${p}t>`;
  const body = runs.length === 1 && runs[0]!.rPr === null
    ? t(full)
    : runs.filter((r) => r.text !== '').map((r) => `<${p}r>${r.rPr ?? ''}${t(r.text)}</${p}r>`).join('');
  cell.open = setAttr(open, 't', 'inlineStr');
  cell.inner = `<${p}is>${body}</${p}is>`;
}

/** Repeat `row` once per data row; move everything below it. Returns the shift made. */
function expand(pkg: Package, sheets: Sheet[], sheet: Sheet, row: Row, list: FieldRow[], fields: FieldRow, styles: Styles, schema: TemplateSchema): RowShift {
  const n = Math.max(1, list.length);
  const s: RowShift = { at: row.r, extra: n - 1 };
  const ctx = { sheet: sheet.name, unqualified: true };
  const idx = sheet.rows.indexOf(row);

  // rows below move; formulas everywhere follow
  for (const other of sheet.rows) {
    if (other === row) continue;
    if (other.r > s.at) other.r += s.extra;
    for (const c of other.cells) shiftCellFormula(c, s, ctx);
  }
  for (const o of sheets) if (o !== sheet) for (const r of o.rows) for (const c of r.cells) shiftCellFormula(c, s, { sheet: sheet.name, unqualified: false });

  // the copies
  const copies: Row[] = [];
  for (let i = 0; i < n; i++) {
    const values = list[i] ?? {};
    const cells = row.cells.map((c) => {
      const copy: Cell = { ...c };
      if (c.scan) fillCell(copy, (k) => (k in values ? values[k] : fields[k]), styles, schema);
      shiftCellFormula(copy, s, { ...ctx, copy: i });
      if (i > 0) unshare(copy);
      return copy;
    });
    copies.push({ ...row, r: s.at + i, cells, touched: true });
  }
  sheet.rows.splice(idx, 1, ...copies);
  if (s.extra === 0) return s;
  sheet.shifts.push(s);

  // merged cells: those on the repeat row are repeated, the rest move
  const merges: Range[] = [];
  for (const g of sheet.merges()) {
    if (g.r1 === s.at && g.r2 === s.at) for (let i = 0; i < n; i++) merges.push({ ...g, r1: s.at + i, r2: s.at + i });
    else {
      const [r1, r2] = shiftSpan(g.r1, g.r2, s);
      merges.push({ ...g, r1, r2 });
    }
  }
  sheet.setMerges(merges);

  // everything else in the sheet that names rows
  for (const seg of sheet.segs) {
    if (seg.local === null || seg.local === 'sheetData' || seg.local === 'mergeCells') continue;
    let x = seg.xml;
    x = x.replace(/(\ssqref\s*=\s*")([^"]*)(")/g, (_m, a: string, v: string, b: string) => a + shiftSqref(v, s) + b);
    x = x.replace(/(<((?:\w+:)?)sqref>)([^<]*)(<\/\2sqref>)/g, (_m, a: string, _p: string, v: string, b: string) => a + shiftSqref(v, s) + b);
    x = x.replace(/(<((?:\w+:)?)(formula|formula1|formula2|f)>)([^<]*)(<\/\2\3>)/g, (_m, a: string, _p: string, _n: string, v: string, b: string) => a + escapeXml(shiftFormula(unescapeXml(v), s, ctx)) + b);
    if (seg.local === 'hyperlinks' || seg.local === 'dimension' || seg.local === 'autoFilter' || seg.local === 'sortState') {
      x = x.replace(/(<(?:\w+:)?(?:hyperlink|dimension|autoFilter|sortState|sortCondition)\b[^>]*?\sref\s*=\s*")([^"]*)(")/g, (_m, a: string, v: string, b: string) => {
        const g = parseRange(v);
        if (!g) return a + v + b;
        const [r1, r2] = g.r1 === g.r2 && seg.local === 'hyperlinks' ? [shiftRow(g.r1, s), shiftRow(g.r2, s)] : shiftSpan(g.r1, g.r2, s);
        return a + rangeText({ ...g, r1, r2 }) + b;
      });
    }
    if (seg.local === 'rowBreaks') {
      x = x.replace(/(<(?:\w+:)?brk\b[^>]*?\sid\s*=\s*")(\d+)(")/g, (_m, a: string, v: string, b: string) => a + (Number(v) >= s.at ? Number(v) + s.extra : Number(v)) + b);
    }
    seg.xml = x;
  }

  // the drawing (pictures, shapes, charts anchored below move down), comments and their boxes
  const rels = pkg.rels(sheet.path);
  for (const rel of rels) {
    if (rel.external) continue;
    const xml = pkg.text(rel.target);
    if (xml === null) continue;
    let y = xml;
    if (rel.type === REL_TYPE.drawing) {
      y = xml.replace(/(<((?:\w+:)?)row>)(\d+)(<\/\2row>)/g, (_m, a: string, _p: string, v: string, b: string) => a + (Number(v) + 1 > s.at ? Number(v) + s.extra : Number(v)) + b);
    } else if (rel.type.endsWith('/comments')) {
      y = xml.replace(/(<(?:\w+:)?comment\b[^>]*?\sref\s*=\s*")([^"]*)(")/g, (_m, a: string, v: string, b: string) => {
        const c = parseCell(v);
        return c ? `${a}${colLetters(c.col)}${shiftRow(c.row, s)}${b}` : a + v + b;
      });
    } else if (rel.type.endsWith('/vmlDrawing')) {
      y = xml
        .replace(/(<x:Row>)(\d+)(<\/x:Row>)/g, (_m, a: string, v: string, b: string) => a + (Number(v) + 1 > s.at ? Number(v) + s.extra : Number(v)) + b)
        .replace(/(<x:Anchor>)([^<]*)(<\/x:Anchor>)/g, (_m, a: string, v: string, b: string) => {
          const k = v.split(',').map((t) => t.trim());
          for (const i of [2, 6]) if (k[i] !== undefined && /^\d+$/.test(k[i]!) && Number(k[i]) + 1 > s.at) k[i] = String(Number(k[i]) + s.extra);
          return a + k.join(', ') + b;
        });
    }
    if (y !== xml) pkg.zip.set(rel.target, y);
  }
  return s;
}

function shiftCellFormula(c: Cell, s: RowShift, ctx: { sheet: string; unqualified: boolean; copy?: number }) {
  if (!c.inner.includes('f')) return;
  const f = childSpans(c.inner).find((x) => x.local === 'f');
  if (!f) return;
  let open = c.inner.slice(f.start, f.openEnd);
  const ref = attr(open, 'ref');
  if (ref) {
    const g = parseRange(ref);
    if (g) {
      const [r1, r2] = ctx.copy !== undefined && g.r1 === s.at && g.r2 === s.at ? [s.at + ctx.copy, s.at + ctx.copy] : shiftSpan(g.r1, g.r2, s);
      open = setAttr(open, 'ref', rangeText({ ...g, r1, r2 }));
    }
  }
  const text = f.empty ? '' : escapeXml(shiftFormula(unescapeXml(c.inner.slice(f.openEnd, f.closeStart)), s, ctx));
  const el = f.empty ? open : `${open}${text}</${f.name}>`;
  c.inner = c.inner.slice(0, f.start) + el + c.inner.slice(f.end);
}

/** In copies after the first, a shared formula becomes a plain one (its master) or is dropped (a dependent). */
function unshare(c: Cell) {
  const f = childSpans(c.inner).find((x) => x.local === 'f');
  if (!f) return;
  const open = c.inner.slice(f.start, f.openEnd);
  if (attr(open, 't') !== 'shared') return;
  if (f.empty || f.closeStart === f.openEnd) c.inner = c.inner.slice(0, f.start) + c.inner.slice(f.end);
  else {
    const plain = setAttr(setAttr(setAttr(open, 't', null), 'ref', null), 'si', null);
    c.inner = c.inner.slice(0, f.start) + plain + c.inner.slice(f.openEnd);
  }
}

// ── row heights ─────────────────────────────────────────────────────────────────────────────────────────────

/** Column width (character units) → pixels, as Excel computes it for a default font of `base` points. */
const colPx = (w: number, base: number) => (w <= 0 ? 0 : Math.trunc(w * maxDigitPx(base) + 5));
const maxDigitPx = (base: number) => Math.round((7 * base) / 11);
const PT_PX = 96 / 72;

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
function fitRows(sheet: Sheet, styles: Styles) {
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

// ── pictures ────────────────────────────────────────────────────────────────────────────────────────────────

const EMU_PX = 9525;

/** Put a picture in the cell (or its merged area), as large as fits, centred, square. */
function addPicture(pkg: Package, sheet: Sheet, r: number, c: number, img: TemplateImage, base: number) {
  const width = sheet.columnWidth();
  const dflt = sheet.defaultRowHeight();
  const heights = new Map(sheet.rows.map((x) => [x.r, Number(attr(x.open, 'ht') ?? dflt)]));
  const g = sheet.merges().find((m) => m.c1 <= c && c <= m.c2 && m.r1 <= r && r <= m.r2) ?? { c1: c, r1: r, c2: c, r2: r };
  const colW = (k: number) => colPx(width(k), base);
  const rowH = (k: number) => (heights.get(k) ?? dflt) * PT_PX;
  let w = 0;
  for (let k = g.c1; k <= g.c2; k++) w += colW(k);
  let h = 0;
  for (let k = g.r1; k <= g.r2; k++) h += rowH(k);
  let size = Math.floor(Math.min(w, h) - 8);
  if (size < 48) size = 96;
  // from: the cell and offset where the centred square starts
  let x = Math.max(0, (w - size) / 2);
  let col = g.c1;
  while (col < g.c2 && x >= colW(col)) x -= colW(col++);
  let y = Math.max(0, (h - size) / 2);
  let rr = g.r1;
  while (rr < g.r2 && y >= rowH(rr)) y -= rowH(rr++);

  const media = pkg.unusedName((n) => `xl/media/ssjqr${n}.png`);
  pkg.zip.set(media, img.png);
  pkg.ensureDefault('png', 'image/png');

  let drawingPath: string;
  const dseg = sheet.seg('drawing');
  if (dseg) {
    const rid = attrsOf(dseg.xml).find(([k]) => k.endsWith(':id'))?.[1];
    drawingPath = pkg.rels(sheet.path).find((x) => x.id === rid)?.target ?? '';
  } else drawingPath = '';
  if (!drawingPath || pkg.text(drawingPath) === null) {
    drawingPath = pkg.unusedName((n) => `xl/drawings/drawing${n}.xml`);
    pkg.zip.set(drawingPath, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.rel}"></xdr:wsDr>`);
    pkg.addOverride(drawingPath, 'application/vnd.openxmlformats-officedocument.drawing+xml');
    const rid = pkg.addRel(sheet.path, REL_TYPE.drawing, drawingPath);
    insertDrawing(sheet, rid);
  }
  const imgRid = pkg.addRel(drawingPath, REL_TYPE.image, media);
  let xml = pkg.text(drawingPath)!;
  const root = rootSpan(xml);
  const rootTag = xml.slice(root.start, root.openEnd);
  // the prefixes bound in the root, or declared on the root when missing
  const declared = (uri: string) => attrsOf(rootTag).find(([k, v]) => k.startsWith('xmlns:') && v === uri)?.[0].slice(6);
  let newRoot = rootTag;
  const want = { xdr: NS.xdr, a: NS.a, r: NS.rel } as const;
  const pre: Record<keyof typeof want, string> = { xdr: 'xdr', a: 'a', r: 'r' };
  let local = '';
  for (const k of Object.keys(want) as (keyof typeof want)[]) {
    const have = declared(want[k]);
    if (have) pre[k] = have;
    else if (attr(rootTag, `xmlns:${k}`) === null) newRoot = setAttr(newRoot, `xmlns:${k}`, want[k]);
    else {
      pre[k] = `ssj${k}`;
      local += ` xmlns:ssj${k}="${want[k]}"`;
    }
  }
  const ids = [...xml.matchAll(/<(?:\w+:)?cNvPr\b[^>]*?\sid="(\d+)"/g)].map((m) => Number(m[1]));
  const id = Math.max(1, ...ids) + 1;
  const { xdr, a } = pre;
  const cx = size * EMU_PX;
  const anchor =
    `<${xdr}:oneCellAnchor${local}><${xdr}:from><${xdr}:col>${col - 1}</${xdr}:col><${xdr}:colOff>${Math.round(x * EMU_PX)}</${xdr}:colOff>` +
    `<${xdr}:row>${rr - 1}</${xdr}:row><${xdr}:rowOff>${Math.round(y * EMU_PX)}</${xdr}:rowOff></${xdr}:from><${xdr}:ext cx="${cx}" cy="${cx}"/>` +
    `<${xdr}:pic><${xdr}:nvPicPr><${xdr}:cNvPr id="${id}" name="ssj 二维码 ${id}" descr="${escapeAttr(img.descr)}"/><${xdr}:cNvPicPr><${a}:picLocks noChangeAspect="1"/></${xdr}:cNvPicPr></${xdr}:nvPicPr>` +
    `<${xdr}:blipFill><${a}:blip ${pre.r}:embed="${imgRid}"/><${a}:stretch><${a}:fillRect/></${a}:stretch></${xdr}:blipFill>` +
    `<${xdr}:spPr><${a}:xfrm><${a}:off x="0" y="0"/><${a}:ext cx="${cx}" cy="${cx}"/></${a}:xfrm><${a}:prstGeom prst="rect"><${a}:avLst/></${a}:prstGeom></${xdr}:spPr></${xdr}:pic>` +
    `<${xdr}:clientData/></${xdr}:oneCellAnchor>`;
  const r2 = rootSpan(xml);
  xml = r2.empty
    ? xml.slice(0, r2.start) + newRoot.replace(/\s*\/>$/, '>') + anchor + `</${r2.name}>` + xml.slice(r2.end)
    : xml.slice(0, r2.start) + newRoot + xml.slice(r2.openEnd, r2.closeStart) + anchor + xml.slice(r2.closeStart);
  pkg.zip.set(drawingPath, xml);
}

/** Elements a worksheet's <drawing> must come before (ECMA-376 order). */
const AFTER_DRAWING = new Set(['legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst']);

function insertDrawing(sheet: Sheet, rid: string) {
  const rootTag = /<[^?!][^>]*>/.exec(sheet.head.slice(sheet.head.search(/<[\w:]+worksheet\b|<worksheet\b/)))?.[0] ?? '';
  let r = attrsOf(rootTag).find(([k, v]) => k.startsWith('xmlns:') && v === NS.rel)?.[0].slice(6);
  if (!r) {
    r = attr(rootTag, 'xmlns:r') === null ? 'r' : 'ssjr';
    sheet.head = sheet.head.replace(rootTag, setAttr(rootTag, `xmlns:${r}`, NS.rel));
  }
  const el = { local: 'drawing', xml: `<${sheet.p}drawing ${r}:id="${rid}"/>` };
  const at = sheet.segs.findIndex((s) => s.local !== null && AFTER_DRAWING.has(s.local));
  if (at < 0) sheet.segs.push(el);
  else sheet.segs.splice(at, 0, el);
}

