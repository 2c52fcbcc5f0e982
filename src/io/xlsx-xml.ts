// Small tools for editing SpreadsheetML text in place: element spans, attributes, escaping, cell references,
// and moving references when rows are inserted below a row (what the template engine needs, nothing more).

/** An element found by scanning: its name as written (with prefix), where it starts and ends in the text. */
export interface Span {
  name: string;
  /** local name, without prefix */
  local: string;
  start: number;
  /** index just after the start tag */
  openEnd: number;
  /** index of the end tag (= openEnd for an empty element) */
  closeStart: number;
  /** index just after the element */
  end: number;
  empty: boolean;
}

const TAG = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;

/** The elements directly inside [from, to) (depth 0 there), in order. */
export function childSpans(xml: string, from = 0, to = xml.length): Span[] {
  const out: Span[] = [];
  const re = new RegExp(TAG.source, 'g');
  re.lastIndex = from;
  let depth = 0;
  let cur: { name: string; start: number; openEnd: number } | null = null;
  for (let m = re.exec(xml); m && m.index < to; m = re.exec(xml)) {
    const name = m[2];
    if (name === undefined) continue; // comment, CDATA, PI
    const closing = m[1] === '/';
    const selfClosing = m[4] === '/';
    if (closing) {
      depth--;
      if (depth === 0 && cur) {
        out.push({ name: cur.name, local: localName(cur.name), start: cur.start, openEnd: cur.openEnd, closeStart: m.index, end: m.index + m[0].length, empty: false });
        cur = null;
      }
      if (depth < 0) break;
    } else if (selfClosing) {
      if (depth === 0) out.push({ name, local: localName(name), start: m.index, openEnd: m.index + m[0].length, closeStart: m.index + m[0].length, end: m.index + m[0].length, empty: true });
    } else {
      if (depth === 0) cur = { name, start: m.index, openEnd: m.index + m[0].length };
      depth++;
    }
  }
  return out;
}

/** A part whose XML cannot be read as such. */
export class XmlError extends Error {}

/** The root element of a document. */
export function rootSpan(xml: string): Span {
  const s = childSpans(xml)[0];
  if (!s) throw new XmlError('a part has no root element');
  return s;
}

export const localName = (n: string) => n.slice(n.indexOf(':') + 1);
export const prefixOf = (n: string) => (n.includes(':') ? n.slice(0, n.indexOf(':') + 1) : '');

/** Attributes of a start tag, in order (values unescaped). */
export function attrsOf(tag: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of tag.matchAll(/\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.push([m[1]!, unescapeXml(m[2] ?? m[3] ?? '')]);
  return out;
}

export function attr(tag: string, name: string): string | null {
  for (const [k, v] of attrsOf(tag)) if (k === name) return v;
  return null;
}

/** The start tag with attribute `name` set to `value` (added at the end when absent), or removed when value is null. */
const ATTR_RE = new Map<string, RegExp>();

export function setAttr(tag: string, name: string, value: string | null): string {
  let re = ATTR_RE.get(name);
  if (!re) ATTR_RE.set(name, (re = new RegExp(`(\\s)${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*(?:"[^"]*"|'[^']*')`)));
  if (re.test(tag)) return value === null ? tag.replace(re, '') : tag.replace(re, `$1${name}="${escapeAttr(value)}"`);
  if (value === null) return tag;
  const close = /\s*(\/?)>$/.exec(tag);
  if (!close) return tag;
  return `${tag.slice(0, close.index)} ${name}="${escapeAttr(value)}"${close[1]}>`;
}

export function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));/g, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(parseInt(dec, 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name as 'amp'];
  });
}

// Characters XML 1.0 does not allow, and lone surrogates.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return escapeXml(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** OOXML text escapes (_x000D_ …) decoded, as in shared strings and inline strings. */
export function decodeOoxmlText(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Text for a <t> element: literal _xHHHH_ protected, \r dropped, then XML-escaped. */
export function encodeOoxmlText(s: string): string {
  return escapeXml(s.replace(/\r\n?/g, '\n').replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_'));
}

// ── cell references ─────────────────────────────────────────────────────────────────────────────────────────

export function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function colLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export interface CellPos {
  col: number;
  row: number;
}

export function parseCell(ref: string): CellPos | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  return m ? { col: colNumber(m[1]!), row: Number(m[2]) } : null;
}

export interface Range {
  c1: number;
  r1: number;
  c2: number;
  r2: number;
}

/** "A1:C3" or "B2" → a range (null when not a cell range). */
export function parseRange(ref: string): Range | null {
  const [a, b] = ref.split(':');
  const p = parseCell(a ?? '');
  const q = b === undefined ? p : parseCell(b);
  if (!p || !q) return null;
  return { c1: Math.min(p.col, q.col), r1: Math.min(p.row, q.row), c2: Math.max(p.col, q.col), r2: Math.max(p.row, q.row) };
}

export const rangeText = (g: Range) =>
  g.c1 === g.c2 && g.r1 === g.r2 ? `${colLetters(g.c1)}${g.r1}` : `${colLetters(g.c1)}${g.r1}:${colLetters(g.c2)}${g.r2}`;

// ── inserting rows ──────────────────────────────────────────────────────────────────────────────────────────

/** Row `at` is repeated: `extra` copies are inserted just below it, so rows below move down by `extra`. */
export interface RowShift {
  at: number;
  extra: number;
}

/** A reference to one row, outside the repeated row: rows below it move. */
export const shiftRow = (r: number, s: RowShift) => (r > s.at ? r + s.extra : r);

/** A span of rows: its end grows when it reaches the repeated row (so a range over the repeated row covers the copies). */
export function shiftSpan(a: number, b: number, s: RowShift): [number, number] {
  return [a > s.at ? a + s.extra : a, b >= s.at ? b + s.extra : b];
}

/** A space-separated list of ranges (sqref): each range over the repeated row grows to cover the copies. */
export function shiftSqref(sqref: string, s: RowShift): string {
  return sqref
    .split(/\s+/)
    .filter(Boolean)
    .map((ref) => {
      const g = parseRange(ref);
      if (!g) return ref;
      const [r1, r2] = shiftSpan(g.r1, g.r2, s);
      return rangeText({ ...g, r1, r2 });
    })
    .join(' ');
}

const MAX_COL = 16384;
const MAX_ROW = 1048576;
const SHEET_PREFIX = String.raw`(?:'((?:[^']|'')+)'|([A-Za-z_\u00A0-\uFFFF][\w.\u00A0-\uFFFF]*))!`;
const CELL = String.raw`(\$?)([A-Z]{1,3})(\$?)(\d+)`;
const REF = new RegExp(String.raw`(?:${SHEET_PREFIX})?(?:${CELL}(?::${CELL})?|(\$?)(\d+):(\$?)(\d+))`, 'y');
const IDENT = /[\w.$\u00A0-\uFFFF]/;

export interface FormulaContext {
  /** the sheet being changed */
  sheet: string;
  /** unqualified references mean this sheet (cell formulas); false for defined names */
  unqualified: boolean;
  /** inside copy `copy` of the repeated row: references to the repeated row itself point at the copy */
  copy?: number;
}

/** A formula with its references to the changed sheet moved for the inserted rows. */
export function shiftFormula(f: string, s: RowShift, ctx: FormulaContext): string {
  if (s.extra === 0 && !ctx.copy) return f;
  let out = '';
  let i = 0;
  while (i < f.length) {
    const ch = f[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < f.length) {
        if (f[j] === '"') {
          if (f[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      out += f.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (i > 0 && IDENT.test(f[i - 1]!) && ch !== "'") {
      out += ch;
      i++;
      continue;
    }
    REF.lastIndex = i;
    const m = REF.exec(f);
    const next = m ? f[i + m[0].length] : undefined;
    if (!m || (next !== undefined && (IDENT.test(next) || next === '(' || next === '!'))) {
      // not a reference: copy the whole identifier (a function or a name) at once, or one other character
      let j = i + 1;
      if (IDENT.test(ch)) while (j < f.length && IDENT.test(f[j]!)) j++;
      out += f.slice(i, j);
      i = j;
      continue;
    }
    out += rewriteRef(m, s, ctx);
    i += m[0].length;
  }
  return out;
}

function rewriteRef(m: RegExpExecArray, s: RowShift, ctx: FormulaContext): string {
  const sheetName = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  const mine = sheetName === undefined ? ctx.unqualified : sheetName === ctx.sheet;
  const text = m[0];
  if (!mine) return text;
  const prefix = text.slice(0, text.length - refBodyLength(m));
  const inCopy = (a: number, b: number) => ctx.copy !== undefined && a === s.at && b === s.at;
  if (m[4] !== undefined) {
    // cell or cell range
    const c1 = colNumber(m[4]);
    const r1 = Number(m[6]);
    if (c1 > MAX_COL || r1 > MAX_ROW || r1 < 1) return text;
    if (m[8] === undefined) {
      const r = inCopy(r1, r1) ? s.at + ctx.copy! : shiftRow(r1, s);
      return `${prefix}${m[3]}${m[4]}${m[5]}${r}`;
    }
    const r2 = Number(m[10]);
    if (colNumber(m[8]) > MAX_COL || r2 > MAX_ROW || r2 < 1) return text;
    const [a, b] = rowsOf(r1, r2, s, ctx, inCopy);
    return `${prefix}${m[3]}${m[4]}${m[5]}${a}:${m[7]}${m[8]}${m[9]}${b}`;
  }
  const r1 = Number(m[12]);
  const r2 = Number(m[14]);
  if (r1 < 1 || r2 < 1 || r1 > MAX_ROW || r2 > MAX_ROW) return text;
  const [a, b] = rowsOf(r1, r2, s, ctx, inCopy);
  return `${prefix}${m[11]}${a}:${m[13]}${b}`;
}

function rowsOf(r1: number, r2: number, s: RowShift, ctx: FormulaContext, inCopy: (a: number, b: number) => boolean): [number, number] {
  if (inCopy(r1, r2)) return [s.at + ctx.copy!, s.at + ctx.copy!];
  if (r1 <= r2) return shiftSpan(r1, r2, s);
  const [b, a] = shiftSpan(r2, r1, s);
  return [a, b];
}

function refBodyLength(m: RegExpExecArray): number {
  if (m[4] !== undefined) {
    return (m[3]! + m[4] + m[5]! + m[6]!).length + (m[8] !== undefined ? 1 + (m[7]! + m[8] + m[9]! + m[10]!).length : 0);
  }
  return (m[11]! + m[12]! + ':' + m[13]! + m[14]!).length;
}
