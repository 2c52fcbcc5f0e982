// The small parts of an .xlsx and its cell values: shared strings, number formats (dates, zero-padded codes), the
// workbook's sheets and relationships, the merged ranges of a sheet, each parsed with saxes from the zip's parts.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { BUILTIN_DATE_FORMATS, isDateFormat, serialToDate, type MergeRange, type RawCell } from '../core/cells.js';
// (the date rules live in core/cells.ts, shared with the browser verifier's reader)
export { isDateFormat, serialToDate };
import { LIMITS, LimitError } from './limits.js';
import { MergeCollector } from './sheet-scanner.js';


const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
/** Excel writes control characters as _xHHHH_ in XML text. */
export function unescapeExcel(s: string): string {
  return s.includes('_x') ? s.replace(EXCEL_ESCAPE, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

export type Chunk = Buffer | string;

/** saxes without line/column tracking (we never report XML positions): noticeably faster. */
export const newParser = () => new SaxesParser({ position: false }) as unknown as SaxesParser;

/** Feed chunks of XML to a saxes parser with a stateful UTF-8 decoder (multi-byte safe). */
export async function* saxChunks(source: AsyncIterable<Chunk>, parser: SaxesParser, drain: () => void): AsyncGenerator<void> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    drain();
    yield;
  }
  const rest = decoder.decode();
  if (rest) parser.write(rest);
  parser.close();
  drain();
}

/**
 * A string that does not keep a larger one in memory: V8 makes a substring of 13 characters or more a view of
 * the string it was cut from (here a decoded chunk of the shared strings' XML, 64 KB). Joining forces a copy.
 */
const flat = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

/** Shared strings: text of the <t> in <si> or its runs <r>, never of the phonetic reading <rPh>. */
export async function parseSharedStrings(source: AsyncIterable<Chunk>): Promise<string[]> {
  const out: string[] = [];
  const parser = newParser();
  let inPh = 0;
  let inT = false;
  let text = '';
  let error: Error | undefined;
  parser.on('error', (e) => (error ??= e));
  parser.on('opentag', (n: SaxesTagPlain) => {
    switch (n.name) {
      case 'si': text = ''; break;
      case 'rPh': inPh++; break;
      case 't': inT = true; break;
    }
  });
  let total = 0;
  parser.on('text', (t) => {
    if (inT && inPh === 0) {
      text += t;
      if (text.length > LIMITS.cellChars) {
        throw new LimitError(`共享字符串第 ${out.length + 1} 条超过 ${LIMITS.cellChars} 个字符（Excel 一个单元格的上限）`);
      }
    }
  });
  parser.on('closetag', (n: SaxesTagPlain) => {
    switch (n.name) {
      case 'si':
        total += text.length;
        if (total > LIMITS.sharedChars) throw new LimitError(`共享字符串合计超过 ${LIMITS.sharedChars} 个字符（ssj 读取的上限）`);
        // a fresh copy: the text is a slice of the chunk of XML it came in, which would otherwise stay in memory
        out.push(flat(unescapeExcel(text)));
        text = '';
        break;
      case 'rPh': inPh--; break;
      case 't': inT = false; break;
    }
  });
  for await (const _ of saxChunks(source, parser, () => {})) {
    if (error) throw error;
  }
  if (error) throw error;
  return out;
}

export interface StyleInfo {
  date: boolean;
  /** digits of a zero-padding format such as 00000000000, or 0 */
  zeroPad: number;
  /** a format that shows literal text around a whole number's digits ("闽"00000000000, 0"次"): see affixFormat */
  affix?: Affix;
}

/**
 * What an "affix" number format shows around a whole non-negative number: literal text before and after one run of
 * digit placeholders. `digits`: the least number of digits shown (the run's 0s: zero padding; 0 for a run of #s only,
 * which shows nothing for 0). `zero`: whether 0 is shown by this section (false when the format has a third section, which
 * Excel uses for zero).
 */
export interface Affix {
  prefix: string;
  suffix: string;
  digits: number;
  zero: boolean;
}

const zeros = (run: string): number => {
  let n = 0;
  for (const ch of run) if (ch === '0') n++;
  return n;
};

/** Characters Excel shows as they are without quotes in a number format (the rest must be quoted or escaped). */
const PLAIN_LITERAL = new Set(['$', '-', '+', '/', '(', ')', ':', ' ']);

/** A format code's sections (split at ';' outside quotes and escapes); null for an unclosed quote or a trailing '\'. */
function formatSections(code: string): string[] | null {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      if (end < 0) return null;
      i = end;
    } else if (ch === '\\') {
      if (i + 1 >= code.length) return null;
      i++;
    } else if (ch === ';') {
      out.push(code.slice(start, i));
      start = i + 1;
    }
  }
  out.push(code.slice(start));
  return out;
}

/**
 * The affix a custom number format shows, or undefined when it is anything else. Its first section (the one for
 * positive numbers, and for zero unless there are three sections) must be: an optional literal prefix, one run of
 * digit placeholders (#s then 0s: 0000, 0, #), an optional literal suffix, with at least one literal. Literals are
 * "quoted", \escaped, one of $ - + / ( ) : and space, or any non-ASCII character (闽, 次: Excel shows them as
 * written). Anything else (decimals, thousands separators, %, E+, colours and conditions in brackets, _ and *,
 * @, letters, date codes) is not an affix.
 */
export function affixFormat(code: string): Affix | undefined {
  const sections = formatSections(code);
  if (!sections) return undefined;
  // a condition ([>100]) anywhere makes the sections something else than positive; negative; zero
  if (sections.some((s) => /\[[<>=]/.test(s.replace(/"[^"]*"/g, '').replace(/\\./g, '')))) return undefined;
  const first = sections[0]!;
  let prefix = '';
  let suffix = '';
  let run = '';
  /** 0: before the placeholders, 1: in them, 2: after them */
  let at = 0;
  for (let i = 0; i < first.length; i++) {
    const ch = first[i]!;
    let literal: string;
    if (ch === '0' || ch === '#') {
      if (at === 2 || (ch === '#' && run.includes('0'))) return undefined;
      at = 1;
      run += ch;
      continue;
    }
    if (ch === '"') {
      const end = first.indexOf('"', i + 1);
      literal = first.slice(i + 1, end);
      i = end;
    } else if (ch === '\\') {
      literal = first[++i]!;
    } else if (PLAIN_LITERAL.has(ch) || ch.charCodeAt(0) > 0x7f) {
      literal = ch;
    } else return undefined;
    if (at === 0) prefix += literal;
    else {
      at = 2;
      suffix += literal;
    }
  }
  if (run === '' || (prefix === '' && suffix === '')) return undefined;
  return { prefix, suffix, digits: zeros(run), zero: sections.length < 3 };
}

/** Number formats of the workbook: each cell style's numFmtId, and the custom format codes. */
export interface Styles {
  xfNumFmt: number[];
  codes: Map<number, string>;
}

/**
 * The text an affix format shows for the number `n` (闽 and 12345678 with "闽"00000000000: 闽00012345678), or
 * undefined when it shows none by this rule: not a whole number, negative, 16 digits or more (Excel has kept only 15
 * of them), or 0 where the format's third section shows zero.
 */
export function affixText(a: Affix, n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n >= 1e15 || (n === 0 && !a.zero)) return undefined;
  const digits = n === 0 && a.digits === 0 ? '' : String(n).padStart(a.digits, '0');
  return a.prefix + digits + a.suffix;
}

/** What a number cell shows by its style's affix format (RawRow.shown), or undefined: no style, or no affix format. */
export const shownText = (info: StyleInfo | null, n: number): string | undefined =>
  info === null || info.affix === undefined ? undefined : affixText(info.affix, n);

export function makeStyleLookup(styles: Styles): (s: number) => StyleInfo {
  const cache = new Map<number, StyleInfo>();
  const none: StyleInfo = { date: false, zeroPad: 0 };
  return (s: number) => {
    let info = cache.get(s);
    if (info) return info;
    const id = styles.xfNumFmt[s];
    if (id === undefined) info = none;
    else {
      const code = styles.codes.get(id);
      if (code !== undefined) {
        const pad = /^0+$/.exec(code.replace(/[;@].*$/, ''));
        info = { date: isDateFormat(code), zeroPad: pad && code.length > 1 ? pad[0].length : 0 };
        const affix = info.date || info.zeroPad ? undefined : affixFormat(code);
        if (affix) info.affix = affix;
      } else info = { date: BUILTIN_DATE_FORMATS.has(id), zeroPad: 0 };
    }
    cache.set(s, info);
    return info;
  };
}

/** Run a SAX parse over a part. */
export async function saxParse(
  source: AsyncIterable<Chunk>,
  onOpen: (n: SaxesTagPlain) => void,
  onClose?: (n: SaxesTagPlain) => void,
): Promise<void> {
  const parser = newParser();
  let error: Error | undefined;
  parser.on('error', (e) => (error ??= e));
  parser.on('opentag', onOpen);
  if (onClose) parser.on('closetag', onClose);
  for await (const _ of saxChunks(source, parser, () => {})) if (error) throw error;
  if (error) throw error;
}

export async function parseStyles(source: AsyncIterable<Chunk>): Promise<Styles> {
  const styles: Styles = { xfNumFmt: [], codes: new Map() };
  let inCellXfs = false;
  await saxParse(
    source,
    (n) => {
      if (n.name === 'cellXfs') inCellXfs = true;
      else if (n.name === 'xf' && inCellXfs) styles.xfNumFmt.push(Number(n.attributes['numFmtId'] ?? 0));
      else if (n.name === 'numFmt') styles.codes.set(Number(n.attributes['numFmtId']), String(n.attributes['formatCode'] ?? ''));
    },
    (n) => {
      if (n.name === 'cellXfs') inCellXfs = false;
    },
  );
  return styles;
}

export interface Rel {
  id: string;
  target: string;
  type: string;
}
export async function parseRels(source: AsyncIterable<Chunk>): Promise<Rel[]> {
  const rels: Rel[] = [];
  await saxParse(source, (n) => {
    if (n.name === 'Relationship') {
      rels.push({ id: String(n.attributes['Id'] ?? ''), target: String(n.attributes['Target'] ?? ''), type: String(n.attributes['Type'] ?? '') });
    }
  });
  return rels;
}

export interface WorkbookInfo {
  date1904: boolean;
  sheets: { name: string; rid: string; hidden: boolean }[];
}
export async function parseWorkbook(source: AsyncIterable<Chunk>): Promise<WorkbookInfo> {
  const info: WorkbookInfo = { date1904: false, sheets: [] };
  await saxParse(source, (n) => {
    if (n.name === 'workbookPr') {
      const v = String(n.attributes['date1904'] ?? '');
      info.date1904 = v === '1' || v === 'true';
    } else if (n.name === 'sheet') {
      const state = String(n.attributes['state'] ?? 'visible');
      info.sheets.push({ name: String(n.attributes['name'] ?? ''), rid: String(n.attributes['r:id'] ?? ''), hidden: state === 'hidden' || state === 'veryHidden' });
    }
  });
  return info;
}

/** The merged ranges of a sheet, found by a quick pass over its XML (they follow the rows). */
export async function scanMerges(source: AsyncIterable<Chunk>): Promise<MergeRange[]> {
  const merges: MergeRange[] = [];
  const collector = new MergeCollector(merges);
  const marker = Buffer.from('<mergeCell');
  let carry: Buffer = Buffer.alloc(0);
  let found = false;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (found) {
      collector.feed(buf.toString('latin1')); // references are ASCII
      continue;
    }
    const joined = carry.length ? Buffer.concat([carry, buf]) : buf;
    const at = joined.indexOf(marker);
    if (at >= 0) {
      found = true;
      collector.feed(joined.subarray(at).toString('latin1'));
    } else carry = joined.subarray(Math.max(0, joined.length - marker.length));
  }
  return merges;
}


/**
 * A cell refers to a shared string the file does not have (past the end of its table, or not a number): the file is
 * damaged (Excel offers to repair it, dropping the cell's text). Never read as an empty cell: the text is unknown.
 */
export class SharedStringError extends Error {
  constructor(readonly index: string, readonly count: number) {
    super(`引用的共享文字${/^\s*\d+\s*$/.test(index) ? `第 ${Number(index) + 1} 条不存在（文件中只有 ${count} 条）` : `编号「${index.slice(0, 20)}」无效`}`);
    this.name = 'SharedStringError';
  }

  /** the same fault, naming the cell (for the sheet readers, which know where they are) */
  at(ref: string): Error {
    return new Error(`单元格 ${ref} ${this.message}`);
  }
}

/** The text of the shared string a cell's <v> names (its index as written), or a SharedStringError. */
export function sharedText(shared: string[], v: string): string {
  const text = v.trim() === '' ? undefined : shared[Number(v)];
  if (text === undefined) throw new SharedStringError(v, shared.length);
  return text;
}

/** A cell's value from its type (t), style (s) and text (v, already unescaped by the XML parser). */
export function cellValue(t: string, s: number, v: string, shared: string[], style: (s: number) => StyleInfo, date1904: boolean): RawCell {
  switch (t) {
    case 's': return sharedText(shared, v);
    case 'inlineStr':
    case 'str': return unescapeExcel(v);
    case 'b': return v.trim() !== '0' && v.trim() !== '';
    case 'e': return v; // #N/A, #REF! … (checked by the normaliser)
    case 'd': {
      // ISO 8601 without offset is a calendar value: read as UTC
      const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || !v.includes('T') ? v : `${v}Z`);
      return Number.isNaN(d.getTime()) ? v : d;
    }
    default: {
      if (v === '') return null;
      const num = Number(v);
      if (Number.isNaN(num)) return v;
      const info = s ? style(s) : null;
      if (info?.date) return serialToDate(num, date1904);
      if (info?.zeroPad && Number.isInteger(num) && num >= 0) return String(num).padStart(info.zeroPad, '0');
      return num;
    }
  }
}
