// JSON laid out for results that may hold tens of thousands of list elements (a draw's entities): top-level
// fields one per line, each element of a list of objects on its own line. Parses to the same value as
// JSON.stringify; readable in a text editor and much faster to write than JSON.stringify(v, null, 2).

/** One top-level field, stringified: a list of objects element by element, anything else whole. */
export interface JsonPart {
  key: string;
  value: unknown;
  /** the elements' JSON when the value is a non-empty list of objects, else null */
  elements: string[] | null;
  /** the value's JSON when it is not such a list, else null */
  json: string | null;
}

export function jsonPart(key: string, value: unknown): JsonPart {
  const list = Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null;
  const elements = list ? (value as unknown[]).map((x) => JSON.stringify(x)) : null;
  return { key, value, elements, json: elements ? null : JSON.stringify(value) };
}

/** The parts as compact JSON (`{"k":…}`), the same text JSON.stringify gives. */
export function compactText(parts: readonly JsonPart[]): string {
  return `{${parts.map((p) => `${JSON.stringify(p.key)}:${p.elements ? `[${p.elements.join(',')}]` : p.json}`).join(',')}}`;
}

/** The parts laid out one field per line and one list element per line. */
export function longText(parts: readonly JsonPart[]): string {
  const lines = parts.map((p) => `  ${JSON.stringify(p.key)}: ${p.elements ? `[\n    ${p.elements.join(',\n    ')}\n  ]` : p.json}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** An object's fields (undefined ones left out, as JSON.stringify does) in the long layout. */
export function longJson(v: Record<string, unknown>): string {
  return longText(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => jsonPart(k, x)));
}

/** A growable UTF-8 buffer. */
export class ByteBuilder {
  buf: Buffer;
  at = 0;
  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }
  /** Room for n more bytes. */
  reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const b = Buffer.allocUnsafe(Math.max(this.at + n, this.buf.length * 2));
    this.buf.copy(b, 0, 0, this.at);
    this.buf = b;
  }
  text(s: string): void {
    this.reserve(3 * s.length); // at most 3 UTF-8 bytes per UTF-16 unit
    this.at += this.buf.write(s, this.at, 'utf8');
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }
}

/**
 * A list's elements are stringified this many at a time: strings of tens of kilobytes that die young. (The 50,000
 * entities of a draw as one string take 25 MB of new memory, twice over when it is flattened; on a virtual machine
 * every new page of memory costs.)
 */
export const LIST_CHUNK = 100;

/** JSON.stringify of the chunk of `list` that starts at element k: `[e,…,e]`, LIST_CHUNK elements or those left. */
export const chunkJson = (list: readonly unknown[], k: number): string => JSON.stringify(list.slice(k, k + LIST_CHUNK));

/** A top-level field's value, ready for appendLongField; `size` is about the bytes it adds. */
export interface LongField {
  key: string;
  /** JSON.stringify of the value when it is not a non-empty list of objects, else null */
  json: string | null;
  /** the value when it is a non-empty list of objects (laid out an element per line), else null */
  list: readonly unknown[] | null;
  /** JSON.stringify of the list's first chunk of elements (taken to estimate its size) */
  head: string | null;
  /** the bytes appendLongField adds: at most this for any value but a list, about this for a list (the buffer grows when needed) */
  size: number;
}

export function longField(key: string, value: unknown): LongField {
  const prefix = 3 * key.length + 8;
  if (!(Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null)) {
    const json = JSON.stringify(value);
    return { key, json, list: null, head: null, size: prefix + Buffer.byteLength(json, 'utf8') };
  }
  const n = value.length;
  const head = n <= LIST_CHUNK ? JSON.stringify(value) : chunkJson(value, 0);
  const perElement = Buffer.byteLength(head, 'utf8') / Math.min(n, LIST_CHUNK) + 6; // (+ its line break and comma)
  return { key, json: null, list: value, head, size: prefix + Math.ceil(perElement * n * (n <= LIST_CHUNK ? 1 : 1.25)) + 8 };
}

/**
 * One field of the long layout as bytes (`{\n` or `,\n`, then `  "key": <json>`), as longText lays out jsonPart(key,
 * value). A value is encoded straight into `out`; a list of objects a chunk of elements at a time, each chunk's compact
 * JSON cut at its top-level commas and moved into place there (no string per element, no second buffer). `compact`
 * is handed the value's compact JSON bytes (what compactText holds for it), in order, in one or more pieces.
 */
export function appendLongField(out: ByteBuilder, f: LongField, first: boolean, compact?: (bytes: Buffer) => void): void {
  out.text(`${first ? '{\n' : ',\n'}  ${JSON.stringify(f.key)}: `);
  const list = f.list;
  if (list === null) {
    const json = f.json!;
    out.reserve(3 * json.length); // (at most 3 UTF-8 bytes per UTF-16 unit)
    const s = out.at;
    out.at += out.buf.write(json, s, 'utf8');
    compact?.(out.buf.subarray(s, out.at));
    return;
  }
  out.text('[');
  for (let k = 0; k < list.length; k += LIST_CHUNK) {
    const m = Math.min(LIST_CHUNK, list.length - k);
    const json = k === 0 && f.head !== null ? f.head : chunkJson(list, k);
    // The chunk's compact JSON `[e,…,e]` is written `extra` bytes on, then moved back element by element with the
    // line breaks put in: each element gets `\n    ` before it (+5) and, but in the first chunk, a comma before that
    // (+1); the brackets go (-2). What is still to be moved always lies at or after where it goes.
    const extra = 5 * m + 1;
    out.reserve(3 * json.length + extra);
    const buf = out.buf;
    const start = out.at;
    const src = start + extra;
    const end = src + buf.write(json, src, 'utf8');
    if (k > 0) buf[src] = 0x2c; // the chunk's `[` is the comma after the previous chunk, in the compact JSON too
    compact?.(buf.subarray(src, end - 1)); // (the list's `[` or a comma, then the elements; the `]` comes last)
    let at = start;
    if (k > 0) buf[at++] = 0x2c;
    at += buf.write('\n    ', at, 'latin1');
    let from = src + 1;
    let depth = 0;
    let inString = false;
    for (let i = src + 1; i < end - 1; i++) {
      const c = buf[i]!;
      if (inString) {
        if (c === 0x5c) i++; // a backslash escapes the next character
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x5b || c === 0x7b) depth++;
      else if (c === 0x5d || c === 0x7d) depth--;
      else if (c === 0x2c && depth === 0) {
        at += buf.copy(buf, at, from, i);
        at += buf.write(',\n    ', at, 'latin1');
        from = i + 1;
      }
    }
    at += buf.copy(buf, at, from, end - 1);
    if (at !== end - extra + (k > 0 ? 1 : 0) + 5 * m - 2) throw new Error('appendLongField: the layout does not add up');
    out.at = at;
  }
  out.text('\n  ]');
  compact?.(CLOSE_BRACKET);
}

const CLOSE_BRACKET = Buffer.from(']', 'latin1');

/**
 * longJson as UTF-8 bytes, without a string per list element (a draw's --json output of 50,000 entities). `laidOut`:
 * fields whose value is given already in the long layout (the bytes longJson would write after `"key": `).
 */
export function longJsonBytes(v: Record<string, unknown>, laidOut: ReadonlyMap<string, Uint8Array> = new Map()): Buffer {
  const fields = Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => (laidOut.has(k) ? { key: k, raw: laidOut.get(k)! } : longField(k, x)));
  const out = new ByteBuilder(fields.reduce((n, f) => n + ('raw' in f ? f.raw.length + 3 * f.key.length + 8 : f.size), 8));
  fields.forEach((f, i) => {
    if ('raw' in f) {
      out.text(`${i === 0 ? '{\n' : ',\n'}  ${JSON.stringify(f.key)}: `);
      out.bytes(f.raw);
    } else appendLongField(out, f, i === 0);
  });
  out.text(fields.length === 0 ? '{\n\n}\n' : '\n}\n');
  return out.buf.subarray(0, out.at);
}

/** What compactFromLong makes of a text in the long layout. */
export interface CompactFromLong {
  /** compact JSON of every field but `hash`: for a file written by sealRecord, exactly the text its hash was taken over */
  hashText: string;
  /** compact JSON of every field but the omitted ones (`hash` kept unless omitted) */
  parseText: string;
  /** the `hash` field's value, or null when there is none or it is not a string */
  hash: string | null;
}

/** compactFromLong over the UTF-8 bytes of a text, with hashText as bytes (what to hash: no decoding, no re-encoding). */
export interface CompactFromLongBytes {
  hashBytes: Buffer;
  parseText: string;
  hash: string | null;
}

/**
 * The strict inverse of longText: a text exactly in the long layout (`{\n`, one `  "key": <json>` per field joined
 * by `,\n`, a non-empty list as `  "key": [\n    <elem>,\n    <elem>\n  ]`, then `\n}\n`) back to compact JSON
 * without parsing it: the fields but `hash` (hashText), the fields but the omitted ones (parseText), and the `hash`
 * field's value. Null when the text deviates from the layout in any way (other whitespace or line breaks, CRLF, a
 * BOM, a key written otherwise than JSON.stringify writes it, a key twice, a comma after the last field, …).
 *
 * Only the layout and the keys are checked; values are copied as they stand, never parsed (a value is taken to run
 * to the end of its line, as JSON strings never hold a line break). So hashText is JSON only if the text was: a
 * caller that relies on the omitted fields' text without parsing it must first find sha256(hashText) equal to a
 * hash it trusts.
 */
export function compactFromLong(text: string, omit: ReadonlySet<string>): CompactFromLong | null {
  if (/\p{Cs}/u.test(text)) return null; // a lone surrogate would not survive UTF-8
  const r = compactFromLongBytes(Buffer.from(text, 'utf8'), omit);
  return r && { hashText: r.hashBytes.toString('utf8'), parseText: r.parseText, hash: r.hash };
}

const LF = 10;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const COLON = 58;
const BRACKET = 91;
const BRACKET_CLOSE = 93;
const BACKSLASH = 92;
const BRACE = 123;
const BRACE_CLOSE = 125;
/** whitespace JSON allows between tokens, which JSON.stringify never writes there */
const isBlank = (c: number) => c === SPACE || c === 9 || c === LF || c === 13;

/**
 * compactFromLong on the file's bytes, as read: the layout is all ASCII and UTF-8 never uses an ASCII byte inside
 * a multi-byte character, so it is recognised byte by byte. Only the keys, the hash and parseText are decoded.
 */
export function compactFromLongBytes(bytes: Uint8Array, omit: ReadonlySet<string>): CompactFromLongBytes | null {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = b.length;
  if (n < 5 || b[0] !== BRACE || b[1] !== LF || b[n - 3] !== LF || b[n - 2] !== BRACE_CLOSE || b[n - 1] !== LF) return null;
  const last = n - 3; // the line feed before the closing brace: the body's lines end at or before it
  const forHash = Buffer.allocUnsafe(n);
  const forParse = Buffer.allocUnsafe(n);
  forHash[0] = forParse[0] = BRACE;
  let h = 1;
  let p = 1;
  let toHash = false;
  let toParse = false;
  /** copy b[s, e) to the outputs the current field goes to */
  const put = (s: number, e: number) => {
    if (toHash) h += b.copy(forHash, h, s, e);
    if (toParse) p += b.copy(forParse, p, s, e);
  };
  const seen = new Set<string>();
  let hash: string | null = null;
  let i = 2; // start of the current line
  if (n === 5) i = last + 1; // `{\n\n}\n`: no fields
  while (i <= last) {
    let j = b.indexOf(LF, i);
    // `  "key": ` then the value
    if (b[i] !== SPACE || b[i + 1] !== SPACE || b[i + 2] !== QUOTE) return null;
    let k = i + 3;
    while (k < j && b[k] !== QUOTE) k += b[k] === BACKSLASH ? 2 : 1;
    if (k >= j || b[k + 1] !== COLON || b[k + 2] !== SPACE) return null;
    const literal = b.toString('utf8', i + 2, k + 1);
    let key: unknown;
    try {
      key = JSON.parse(literal);
    } catch {
      return null;
    }
    if (typeof key !== 'string' || JSON.stringify(key) !== literal || seen.has(key)) return null;
    seen.add(key);
    const isHash = key === 'hash';
    toHash = !isHash;
    toParse = !omit.has(key);
    if (toHash && h > 1) forHash[h++] = COMMA; // after the field before, if any
    if (toParse && p > 1) forParse[p++] = COMMA;
    put(i + 2, k + 2); // `"key":`
    const v = k + 3;
    let more: boolean;
    if (j === v + 1 && b[v] === BRACKET) {
      // a list, one element per line (`    <elem>,` … `    <elem>`), then `  ]` or `  ],`
      put(v, v + 1);
      for (;;) {
        i = j + 1;
        if (i > last) return null;
        j = b.indexOf(LF, i);
        if (j - i <= 4 || b[i] !== SPACE || b[i + 1] !== SPACE || b[i + 2] !== SPACE || b[i + 3] !== SPACE || isBlank(b[i + 4]!) || isBlank(b[j - 1]!)) return null;
        if (b[j - 1] !== COMMA) {
          put(i + 4, j);
          break;
        }
        if (j - 1 === i + 4 || isBlank(b[j - 2]!)) return null;
        put(i + 4, j); // the element and its comma
      }
      i = j + 1;
      if (i > last) return null;
      j = b.indexOf(LF, i);
      if (b[i] !== SPACE || b[i + 1] !== SPACE || b[i + 2] !== BRACKET_CLOSE || !(j === i + 3 || (j === i + 4 && b[i + 3] === COMMA))) return null;
      more = j === i + 4;
      put(i + 2, i + 3);
      if (isHash) hash = null; // a list is not a hash
    } else {
      if (j <= v || isBlank(b[v]!) || isBlank(b[j - 1]!)) return null;
      more = b[j - 1] === COMMA;
      const e = more ? j - 1 : j;
      if (e === v || isBlank(b[e - 1]!)) return null;
      put(v, e);
      if (isHash) {
        let x: unknown;
        try {
          x = JSON.parse(b.toString('utf8', v, e));
        } catch {
          return null;
        }
        hash = typeof x === 'string' ? x : null;
      }
    }
    i = j + 1;
    if (more === (i > last)) return null; // a comma after the last field, or none between two
  }
  forHash[h++] = BRACE_CLOSE;
  forParse[p++] = BRACE_CLOSE;
  return { hashBytes: forHash.subarray(0, h), parseText: forParse.toString('utf8', 0, p), hash };
}
