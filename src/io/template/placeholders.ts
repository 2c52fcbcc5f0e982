// The {{字段}} placeholders: finding them in a cell's rich text, and writing a cell's values in their place.
import type { FieldValue } from '../../core/form-fields.js';
import { attr, childSpans, decodeOoxmlText, encodeOoxmlText, prefixOf, setAttr, unescapeXml, type Span } from '../xlsx-xml.js';
import type { Cell } from './sheet.js';
import type { Styles } from './styles.js';
import type { TemplateSchema } from './types.js';

export interface Run {
  /** the run's <rPr> element as written, or null for plain text */
  rPr: string | null;
  text: string;
}

/** The runs of an <si> or <is> element's content; phonetic readings (<rPh>) are left out. */
export function parseRuns(xml: string, from: number, to: number): Run[] {
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

export interface Token {
  kind: 'field' | 'open' | 'close';
  name: string;
  start: number;
  end: number;
}

export interface CellScan {
  runs: Run[];
  text: string;
  tokens: Token[];
}

export const TOKEN = /(?:\{\{|｛｛)\s*([#/＃／]?)\s*([^{}｛｝]*?)\s*(?:\}\}|｝｝)/g;

export const BRACES = /\{\{|\}\}|｛｛|｝｝/;

/**
 * Braces left over once the placeholders are taken out of a cell's text ({{字段} or 字段}} or {{{字段}}): an
 * excerpt around the first, or null when every brace pair belongs to a placeholder.
 */
export function strayBraces(text: string, tokens: Token[]): string | null {
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

export function scanText(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const mark = m[1] ?? '';
    out.push({ kind: mark === '#' || mark === '＃' ? 'open' : mark === '/' || mark === '／' ? 'close' : 'field', name: (m[2] ?? '').trim(), start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** Fill one cell's placeholders with values from `get`; repeat marks and image placeholders are removed. */
export function fillCell(cell: Cell, get: (name: string) => FieldValue | undefined, styles: Styles, schema: TemplateSchema) {
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
