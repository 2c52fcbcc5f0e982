// A purpose-built scanner for worksheet XML (<sheetData> rows and <mergeCell>s). Worksheet XML is
// machine-written and regular; scanning it with indexOf is several times faster than a general SAX parser
// on a million-row sheet. Its output is checked against the saxes-based parseSheet on every fixture
// (test/io/sheet-scanner.test.ts). Elements other than row, c, v, f, is and mergeCell are skipped.
import { parseRange, refColumn, type MergeRange, type RawCell, type RawRow } from '../core/cells.js';
import { cellValue, type StyleInfo } from './xlsx-reader.js';

type Chunk = Buffer | string;

const ENTITY = /&(?:#x([0-9A-Fa-f]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function unxml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : NAMED[name!]!,
  );
}

/** Value of attribute `name` in a tag's attribute text (which starts with a space), or undefined. */
function attr(a: string, name: string): string | undefined {
  const key = ` ${name}="`;
  let i = a.indexOf(key);
  let q = '"';
  if (i < 0) {
    i = a.indexOf(` ${name}='`);
    if (i < 0) return undefined;
    q = "'";
  }
  const start = i + key.length;
  const end = a.indexOf(q, start);
  return end < 0 ? undefined : a.slice(start, end);
}

/** Text of an inline string <is>…</is>: its <t>s, never a phonetic reading <rPh>. */
function inlineText(inner: string): string {
  const body = inner.includes('<rPh') ? inner.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : inner;
  let out = '';
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += m[1];
  return unxml(out);
}

/** Is `s[p..]` the start tag or end tag `name` (followed by space, '>' or '/')? */
function tagAt(s: string, p: number, name: string): boolean {
  if (!s.startsWith(name, p)) return false;
  const c = s.charCodeAt(p + name.length);
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

export async function* scanSheet(
  source: AsyncIterable<Chunk>,
  shared: string[],
  style: (s: number) => StyleInfo,
  date1904: boolean,
  merges: MergeRange[],
): AsyncGenerator<RawRow> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let inData = false;
  let afterData = false;
  let tail = '';
  let rowNo = 0;

  const rows: RawRow[] = [];
  /** Scan complete <row>…</row> elements in s[0..end); returns where scanning stopped. */
  const scanRows = (s: string, end: number): number => {
    let p = 0;
    let cells: RawCell[] | null = null;
    let col = -1;
    while (p < end) {
      const lt = s.indexOf('<', p);
      if (lt < 0 || lt >= end) break;
      const gt = s.indexOf('>', lt);
      if (gt < 0) break;
      const selfClosing = s.charCodeAt(gt - 1) === 47;
      if (s.charCodeAt(lt + 1) === 47) {
        // end tag
        if (tagAt(s, lt + 2, 'row')) {
          if (cells) rows.push({ row: rowNo, cells });
          cells = null;
        }
        p = gt + 1;
        continue;
      }
      if (tagAt(s, lt + 1, 'row')) {
        const a = s.slice(lt + 4, selfClosing ? gt - 1 : gt);
        const r = attr(a, 'r');
        rowNo = r ? Number(r) : rowNo + 1;
        col = -1;
        cells = [];
        if (selfClosing) {
          rows.push({ row: rowNo, cells });
          cells = null;
        }
        p = gt + 1;
        continue;
      }
      if (tagAt(s, lt + 1, 'c')) {
        const a = s.slice(lt + 2, selfClosing ? gt - 1 : gt);
        const r = attr(a, 'r');
        col = r ? refColumn(r) : col + 1;
        if (selfClosing) {
          p = gt + 1;
          continue;
        }
        const close = s.indexOf('</c>', gt);
        if (close < 0) break; // cannot happen inside complete rows
        const inner = s.slice(gt + 1, close);
        p = close + 4;
        const t = attr(a, 't') ?? '';
        const st = attr(a, 's');
        let v: string | null = null;
        const vi = inner.indexOf('<v');
        if (vi >= 0 && tagAt(inner, vi + 1, 'v')) {
          const vgt = inner.indexOf('>', vi);
          if (inner.charCodeAt(vgt - 1) === 47) v = '';
          else {
            const vend = inner.indexOf('</v>', vgt);
            v = unxml(inner.slice(vgt + 1, vend < 0 ? inner.length : vend));
          }
        } else if (inner.includes('<is')) {
          v = inlineText(inner);
        }
        if (v === null || !cells || col < 0) continue;
        const value = cellValue(t, st ? Number(st) : 0, v, shared, style, date1904);
        while (cells.length < col) cells.push(null);
        cells[col] = value;
        continue;
      }
      p = gt + 1; // any other element (f, extLst …) is skipped
    }
    return p;
  };

  const feed = (text: string) => {
    buf += text;
    if (!inData) {
      const i = buf.indexOf('<sheetData');
      if (i < 0) {
        buf = buf.slice(Math.max(0, buf.length - 16));
        return;
      }
      const gt = buf.indexOf('>', i);
      if (gt < 0) return;
      inData = true;
      if (buf.charCodeAt(gt - 1) === 47) {
        // <sheetData/>: no rows
        afterData = true;
        tail = buf.slice(gt + 1);
        buf = '';
        return;
      }
      buf = buf.slice(gt + 1);
    }
    const endData = buf.indexOf('</sheetData>');
    const limit = endData >= 0 ? endData : buf.lastIndexOf('</row>') + (buf.lastIndexOf('</row>') >= 0 ? 6 : 0);
    // Only whole rows are scanned: a row element ends with </row> or is self-closing (<row r="5"/>).
    let cut = limit;
    if (endData < 0) {
      const selfRow = lastSelfClosingRowEnd(buf);
      if (selfRow > cut) cut = selfRow;
    }
    if (cut > 0) {
      const stop = scanRows(buf, cut);
      buf = buf.slice(Math.min(stop, cut));
    }
    if (endData >= 0) {
      afterData = true;
      tail = buf.slice(buf.indexOf('</sheetData>') + 12);
      buf = '';
    }
  };

  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (afterData) tail += text;
    else feed(text);
    if (rows.length) {
      for (const r of rows) yield r;
      rows.length = 0;
    }
  }
  const rest = decoder.decode();
  if (rest) {
    if (afterData) tail += rest;
    else feed(rest);
  }
  if (!afterData && inData) throw new Error('worksheet XML ends inside <sheetData>');
  for (const r of rows) yield r;
  for (const m of tail.matchAll(/<mergeCell\b[^>]*\bref="([^"]+)"/g)) {
    const r = parseRange(m[1]!);
    if (r) merges.push(r);
  }
}

/** End of the last self-closing <row …/> element in s (0 when none). */
function lastSelfClosingRowEnd(s: string): number {
  const i = s.lastIndexOf('<row');
  if (i < 0) return 0;
  const gt = s.indexOf('>', i);
  return gt > 0 && s.charCodeAt(gt - 1) === 47 ? gt + 1 : 0;
}
