// Bytes of XML written straight into buffers: text escaped for XML, and the small writers a sheet's rows are made
// with (a results export writes 400,000 cells: a byte at a time beats a string's encoder for a few bytes). Used by
// sheet-writer.ts and xlsx-write.ts.

// what XML 1.0 cannot hold is dropped (as exceljs did); markup characters are escaped
const NEEDS_ESCAPE = /["&'<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
const ESCAPE_ALL = /["&'<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const ESCAPES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/** Text for XML content or an attribute value. */
export function xmlText(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  return s.replace(ESCAPE_ALL, (c) => ESCAPES[c] ?? '');
}

/** a shared string whose spaces or line breaks would be dropped without xml:space="preserve" */
export const KEEP_SPACE = /^\s|\n|\s$/;

/** "A", "B", … "Z", "AA", … for a 1-based column number. */
export function columnName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

export const num = (n: number) => String(Math.round(n * 1e6) / 1e6);

/** Bytes written one piece after another into a buffer that grows as needed (no string of a whole part). */
export class ByteSink {
  private buf: Buffer;
  private at = 0;

  /** `reuse`: a buffer to write into (one whose bytes are no longer needed), when it is at least that large */
  constructor(sizeHint = 0, reuse?: Buffer) {
    const size = Math.max(16_384, sizeHint);
    this.buf = reuse && reuse.length >= size ? reuse : Buffer.allocUnsafe(size);
  }

  /** The whole buffer written into (to reuse once its bytes are no longer needed). */
  get buffer(): Buffer {
    return this.buf;
  }

  get length(): number {
    return this.at;
  }

  /** Append text: 'latin1' only for ASCII text (one byte a character, no encoding to do). */
  put(text: string, encoding: 'latin1' | 'utf8' = 'latin1'): void {
    this.reserve(encoding === 'latin1' ? text.length : Buffer.byteLength(text, 'utf8'));
    this.at += this.buf.write(text, this.at, encoding);
  }

  /** Write ASCII text over bytes already put (a placeholder of the same length). */
  overwrite(text: string, at: number): void {
    this.buf.write(text, at, 'latin1');
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  /** Room for `n` more bytes: the buffer and the position to write at (then `advance` to the new position). */
  reserve(n: number): Buffer {
    if (this.at + n > this.buf.length) {
      const more = Buffer.allocUnsafe(Math.max(Math.ceil(this.buf.length * 1.5), this.at + n));
      this.buf.copy(more, 0, 0, this.at);
      this.buf = more;
    }
    return this.buf;
  }

  get position(): number {
    return this.at;
  }

  advance(to: number): void {
    this.at = to;
  }
}

/** ASCII text written byte by byte (the short pieces of a row: faster than a string's write for a few bytes). */
export function putAscii(b: Buffer, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
  return at;
}

/**
 * A text that needs neither escaping nor xml:space="preserve" written as UTF-8 at `at` (a name or a credit code: no
 * call into the buffer's encoder for a few bytes): the new position, or -1 for any other text (nothing written
 * that counts), which xmlText and Buffer.write then take: what NEEDS_ESCAPE or KEEP_SPACE finds (the tests the
 * shared strings are written by), or a surrogate pair.
 */
export function putPlainText(b: Buffer, at: number, s: string): number {
  const n = s.length;
  if (n === 0) return at;
  if (NEEDS_ESCAPE.test(s) || KEEP_SPACE.test(s)) return -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      b[at++] = c;
    } else if (c < 0x800) {
      b[at++] = 0xc0 | (c >> 6);
      b[at++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) return -1;
    else {
      b[at++] = 0xe0 | (c >> 12);
      b[at++] = 0x80 | ((c >> 6) & 0x3f);
      b[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}

/** Fixed bytes copied one by one (a few at a time: faster than a copy call). */
export function putBytes(b: Buffer, at: number, x: Uint8Array): number {
  for (let i = 0; i < x.length; i++) b[at++] = x[i]!;
  return at;
}

export const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** A non-negative integer's decimal digits. */
export function putUint(b: Buffer, at: number, n: number): number {
  if (n < 10) {
    b[at] = 48 + n;
    return at + 1;
  }
  let digits = 1;
  for (let k = n; k >= 10; k = Math.floor(k / 10)) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    b[i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + digits;
}
