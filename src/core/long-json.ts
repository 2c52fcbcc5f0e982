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
  buf = Buffer.allocUnsafe(1 << 16);
  at = 0;
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
  bytes(src: Buffer, s: number, e: number): void {
    this.reserve(e - s);
    if (e - s > 512) this.at += src.copy(this.buf, this.at, s, e);
    else {
      const buf = this.buf;
      let at = this.at;
      for (let i = s; i < e; i++) buf[at++] = src[i]!;
      this.at = at;
    }
  }
}

/** Where the top-level elements of a JSON array's UTF-8 bytes end: the positions of the commas between them. */
function elementCommas(b: Buffer): number[] {
  const out: number[] = [];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth--;
    else if (c === 0x2c && depth === 1) out.push(i);
  }
  return out;
}

/**
 * One field of the long layout as bytes (`{\n` or `,\n`, then `  "key": <json>`), as longText lays out jsonPart(key,
 * value). The value is stringified and encoded once, as a whole, and a list of objects is cut at its top-level
 * commas: no string per element. Returns the value's compact JSON as bytes (what compactText holds for it).
 */
export function appendLongField(out: ByteBuilder, key: string, value: unknown, first: boolean): Buffer {
  out.text(`${first ? '{\n' : ',\n'}  ${JSON.stringify(key)}: `);
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const list = Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null;
  if (!list) {
    out.bytes(json, 0, json.length);
    return json;
  }
  const commas = elementCommas(json);
  out.reserve(json.length + 10 * commas.length + 16);
  out.text('[\n    ');
  let from = 1;
  for (const comma of commas) {
    out.bytes(json, from, comma);
    out.text(',\n    ');
    from = comma + 1;
  }
  out.bytes(json, from, json.length - 1);
  out.text('\n  ]');
  return json;
}

/** longJson as UTF-8 bytes, without a string per list element (a draw's --json output of 50,000 entities). */
export function longJsonBytes(v: Record<string, unknown>): Buffer {
  const out = new ByteBuilder();
  let first = true;
  for (const [k, x] of Object.entries(v)) {
    if (x === undefined) continue;
    appendLongField(out, k, x, first);
    first = false;
  }
  out.text(first ? '{\n\n}\n' : '\n}\n');
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
