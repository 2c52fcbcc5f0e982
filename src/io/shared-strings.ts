// Shared strings (xl/sharedStrings.xml) read by a purpose-built scanner over the part's bytes, for speed: a
// million-row registry has millions of them. It gives exactly what the saxes-based parseSharedStrings gives
// (the text of the <t>s of each <si>, never of a phonetic reading <rPh>, Excel's _xHHHH_ escapes decoded, the
// same limits), and it only reads well-formed XML of the shape spreadsheet programs write. On anything else
// (a comment, CDATA, a doctype, a processing instruction after the start, tags that do not match, a character
// XML does not allow, an unknown entity, bytes that are not UTF-8, attributes it does not read as plain
// name="value" pairs …) it gives up and returns null, and the caller parses the part again with saxes, whose
// result or error is then the one given. test/io/shared-strings.test.ts compares both on every fixture and on
// hand-written and hostile parts, in every chunking.
import { isUtf8 } from 'node:buffer';
import { LIMITS, LimitError } from './limits.js';
import { unescapeExcel } from './xlsx-parts.js';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

const NAME = /^[A-Za-z_][-\w.]*(?::[A-Za-z_][-\w.]*)?$/;
const ATTRIBUTES = /^(?:[ \t\r\n]+[A-Za-z_][-\w.]*(?::[A-Za-z_][-\w.]*)?[ \t\r\n]*=[ \t\r\n]*(?:"[^"<&\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]*"|'[^'<&\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]*'))*[ \t\r\n]*$/;
/** what text needs a closer look for: characters XML does not allow, ]]>, entities, carriage returns */
const TEXT_WORK = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&\r]|\]\]>/;
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\]\]>/;
const ENTITY = /&(?:#x([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos))?;?/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** A character reference XML allows (Char production). */
const xmlChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/** Text as an XML parser reports it (line ends normalised, entities decoded); null when it is not well-formed. */
function xmlText(raw: string): string | null {
  if (!TEXT_WORK.test(raw)) return raw;
  if (NOT_XML.test(raw)) return null;
  let s = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (!s.includes('&')) return s;
  let bad = false;
  s = s.replace(ENTITY, (m, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (!m.endsWith(';') || (!hex && !dec && !name)) {
      bad = true;
      return m;
    }
    if (name) return NAMED[name]!;
    const c = hex ? parseInt(hex, 16) : Number(dec);
    if (!xmlChar(c)) {
      bad = true;
      return m;
    }
    return String.fromCodePoint(c);
  });
  return bad ? null : s;
}

/** b.toString('utf8', from, to) without its argument handling (Buffer's own utf8Slice, when Node has it) */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: (from: number, to: number) => string }).utf8Slice;
const utf8 = (b: Buffer, from: number, to: number): string =>
  utf8Slice ? utf8Slice.call(b, from, to) : b.toString('utf8', from, to);

/** b.indexOf(byte, from) in JavaScript: no call into C++ for the few bytes between two tags. */
function find(b: Buffer, byte: number, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === byte) return i;
  return -1;
}

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** The name of the element whose name starts at b[p] and ends at b[end] (the known ones without slicing); null when not a plain name. */
function elementName(b: Buffer, p: number, end: number): string | null {
  const n = end - p;
  const c = b[p];
  if (n === 1 && c === 0x74) return 't';
  if (n === 1 && c === 0x72) return 'r';
  if (n === 2 && c === 0x73 && b[p + 1] === 0x69) return 'si';
  if (n === 3 && c === 0x72 && b[p + 1] === 0x50 && b[p + 2] === 0x68) return 'rPh';
  const s = b.toString('latin1', p, end);
  return NAME.test(s) ? s : null;
}

/** Bytes of text longer than any cell's (a character written as &#1114111; takes 10). */
const MAX_PENDING_TEXT = LIMITS.cellChars * 10 + 16;

/**
 * The shared strings of a part, or null when the part is not in the plain form this scanner reads (the caller then
 * uses parseSharedStrings). Throws the same LimitErrors as parseSharedStrings, at the same strings.
 */
export async function scanSharedStrings(source: AsyncIterable<Buffer | string>): Promise<string[] | null> {
  const out: string[] = [];
  const stack: string[] = [];
  let rootDone = false;
  let started = false;
  /** anything read yet (the XML declaration must come first) */
  let seen = false;
  let inPh = 0;
  let inT = false;
  let text = '';
  let total = 0;
  let carry: Buffer | null = null;

  /** Scan b from its start; returns where the unscanned rest starts, or -1 when the part is not plain XML. */
  const scan = (b: Buffer, final: boolean): number => {
    let p = 0;
    if (!started) {
      if (b.length < 3 && !final) return 0;
      started = true;
      if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) p = 3; // a byte order mark (TextDecoder drops it too)
    }
    const n = b.length;
    while (p < n) {
      const lt = find(b, LT, p, n);
      const textEnd = lt < 0 ? n : lt;
      if (lt < 0 && !final) {
        // text not yet ended (saxes reports it when the markup after it comes): kept for the next chunk, but never
        // more than a cell's text can take (each chunk would copy it again: a text node of 100 MB, a bomb, was copied
        // up to the 8 MB run limit chunk by chunk, hundreds of MB in all)
        if (n - p > MAX_PENDING_TEXT) {
          if (inT && inPh === 0) throw new LimitError(`共享字符串第 ${out.length + 1} 条超过 ${LIMITS.cellChars} 个字符（Excel 一个单元格的上限）`);
          return -1; // (not plain: read again by the general parser)
        }
        return p;
      }
      if (textEnd > p) {
        seen = true;
        const raw = utf8(b, p, textEnd);
        const t = xmlText(raw);
        if (t === null) return -1;
        if (stack.length === 0) {
          if (t.trim() !== '') return -1; // text outside the root element
        } else if (inT && inPh === 0) {
          text += t;
          if (text.length > LIMITS.cellChars) {
            throw new LimitError(`共享字符串第 ${out.length + 1} 条超过 ${LIMITS.cellChars} 个字符（Excel 一个单元格的上限）`);
          }
        }
      }
      if (lt < 0) return n;
      const gt = find(b, GT, lt + 1, n);
      if (gt < 0) return final ? -1 : lt;
      const c = b[lt + 1];
      if (c === 0x3f /* ? */) {
        // the XML declaration, first in the part
        if (seen || b[gt - 1] !== 0x3f) return -1;
        seen = true;
        p = gt + 1;
        continue;
      }
      if (c === 0x21 /* ! */) return -1; // comments, CDATA, doctypes: left to saxes
      seen = true;
      if (c === SLASH) {
        let e = gt;
        while (e > lt + 2 && isSpace(b[e - 1]!)) e--;
        const name = elementName(b, lt + 2, e);
        if (name === null || stack.length === 0 || stack[stack.length - 1] !== name) return -1;
        stack.pop();
        close(name);
        if (stack.length === 0) rootDone = true;
        p = gt + 1;
        continue;
      }
      const selfClosing = b[gt - 1] === SLASH;
      const tagEnd = selfClosing ? gt - 1 : gt;
      let e = lt + 1;
      while (e < tagEnd && !isSpace(b[e]!)) e++;
      const name = elementName(b, lt + 1, e);
      if (name === null) return -1;
      if (e < tagEnd && !ATTRIBUTES.test(b.toString('utf8', e, tagEnd))) return -1;
      if (stack.length === 0 && rootDone) return -1; // a second root element
      open(name);
      if (selfClosing) {
        close(name);
        if (stack.length === 0) rootDone = true;
      } else stack.push(name);
      p = gt + 1;
    }
    return p;
  };

  const open = (name: string) => {
    if (name === 'si') text = '';
    else if (name === 'rPh') inPh++;
    else if (name === 't') inT = true;
  };
  const close = (name: string) => {
    if (name === 'si') {
      total += text.length;
      if (total > LIMITS.sharedChars) throw new LimitError(`共享字符串合计超过 ${LIMITS.sharedChars} 个字符（ssj 读取的上限）`);
      out.push(unescapeExcel(text));
      text = '';
    } else if (name === 'rPh') inPh--;
    else if (name === 't') inT = false;
  };

  for await (const chunk of source) {
    const c = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const b: Buffer = carry ? Buffer.concat([carry, c]) : c;
    // bytes that are not UTF-8 are left to saxes (checked up to the last <, which never falls inside a character)
    const last = b.lastIndexOf(LT);
    if (last > 0 && !isUtf8(b.subarray(0, last))) return null;
    const stop = scan(b, false);
    if (stop < 0) return null;
    carry = stop < b.length ? Buffer.from(b.subarray(stop)) : null;
  }
  if (carry) {
    if (!isUtf8(carry) || scan(carry, true) < 0) return null;
  }
  if (!rootDone || stack.length) return null;
  return out;
}
