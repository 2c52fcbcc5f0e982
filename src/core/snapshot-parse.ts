// Reading a canonical snapshot (see snapshot.ts) back into records, fast enough for a 1,000,000-row list.
//
// A snapshot is UTF-8 CSV with LF line ends, a header of property names (SNAPSHOT_COLUMNS[kind]) and fields
// quoted only when they contain a comma, a double quote, CR or LF. So a line without a double quote is a
// whole record whose fields are separated by its commas (exactly n-1 of them): the fast path cuts it with
// indexOf/slice. A line with a double quote starts a record that may contain quoted fields, and through
// them span several lines: the slow path reads it character by character (RFC 4180: "" is a quote inside a
// quoted field). Both produce the same records as csv-parse with `columns: true` followed by
// recordFromSnapshot, on every canonical snapshot.
//
// Stricter than csv-parse on purpose: the header must be exactly SNAPSHOT_COLUMNS[kind], every record must
// have that many fields, a CR outside quotes (CRLF line ends) and an empty input are errors. Each error is an
// SsjError('INPUT_INVALID') naming the line.
//
// Input can come in byte chunks of any size (SnapshotParser.write): the parser decodes only whole lines, cut
// at LF bytes (0x0A is never part of a multi-byte UTF-8 character), and keeps the bytes of an unfinished line
// for the next chunk; a quoted record that continues into the next chunk keeps its state. Nothing here reads
// files. Memory: the records, plus the decoded text they were sliced from.
//
// With a million records, most of the time goes to allocating them and to the garbage collector copying
// them out of the young generation, so the fast path allocates little else: equal values share one string
// (see Interning), and the row object handed to recordFromSnapshot is reused while recordFromSnapshot
// returns a copy of it, as it does for every kind today.
import { isAscii, isUtf8, transcode } from 'node:buffer';
import { SsjError } from './errors.js';
import { SCHEMAS, SNAPSHOT_COLUMNS } from './schema.js';
import { recordFromSnapshot } from './snapshot.js';
import type { ListKind, ListRecord } from './types.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/** Slow-path states. */
const START = 0; // at the start of a field
const UNQUOTED = 1; // inside a field without quotes
const QUOTED = 2; // inside a quoted field
const QUOTE_SEEN = 3; // a quote inside a quoted field: either "" or the closing quote

// Interning: equal field values share one string. A field equal to the previous field of its record (信用代码
// and 代码, 联络人 and 法定代表人) takes that string; in a column with few distinct values (状态, 区域, 股室…)
// each value is kept once, found by length and first character and compared in place, so a repeated value
// costs no allocation at all. A column stops being interned once it has missed more often than it hit (names,
// codes) or after INTERN_MAX_SIZE distinct values; values longer than INTERN_MAX_LENGTH are not interned.
const INTERN_MAX_LENGTH = 32;
const INTERN_MAX_SIZE = 1 << 14;
const INTERN_TRIAL = 1024;
const INTERN_BUCKET = 8;

type Row = Record<string, string>;

/**
 * Functions making a row object from the field values with one object literal, `{"code": v[0], …}`, and
 * refilling one, `r["code"] = v[0]; …`: every row has the same shape from the start, and the property
 * accesses are not keyed. On the 1,000,000-row bench snapshot this took loading from about 2.4 s to about
 * 2.0 s compared with adding the properties one by one, and the records take less memory. The source is made
 * from the column names only (JSON-quoted), never from file content.
 */
function rowFunctions(cols: readonly string[]): { make: (vals: readonly string[]) => Row; fill: (row: Row, vals: readonly string[]) => void } {
  const make = new Function('v', `return {${cols.map((c, i) => `${JSON.stringify(c)}: v[${i}]`).join(', ')}};`);
  const fill = new Function('r', 'v', cols.map((c, i) => `r[${JSON.stringify(c)}] = v[${i}];`).join('\n'));
  return { make: make as (vals: readonly string[]) => Row, fill: fill as (row: Row, vals: readonly string[]) => void };
}

/** Bytes to text. The same result as buf.toString('utf8'), faster for large non-ASCII buffers. */
function decodeUtf8(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 256) return buf.toString('utf8');
  if (isAscii(buf)) return buf.toString('latin1');
  // V8's UTF-8 decoder (toString) is slow on CJK text; converting valid UTF-8 to UTF-16 first is about
  // three times as fast. Invalid UTF-8 (never in a snapshot ssj wrote) keeps toString's U+FFFD replacements.
  if (isUtf8(buf)) {
    try {
      return transcode(buf, 'utf8', 'utf16le').toString('utf16le');
    } catch {
      /* no ICU in this Node build: fall through */
    }
  }
  return buf.toString('utf8');
}

export interface SnapshotParseOptions {
  /** How the input is named in error messages, e.g. the file path. */
  source?: string;
  /** Keep only these columns; the others are read (and checked) but left empty: less memory for a draw. */
  only?: readonly string[];
}

/** Parses a canonical snapshot fed in chunks: write(…) as often as needed, then end() for the records. */
export class SnapshotParser {
  readonly kind: ListKind;
  private cols: readonly string[];
  private n: number;
  private readonly source: string | undefined;
  private readonly records: ListRecord[] = [];
  /** field values of the record being built (reused by the fast path) */
  private vals: string[];
  /** the row object (column name → text) that csv-parse's `columns: true` gives, from the field values */
  private makeRow: (vals: readonly string[]) => Row;
  private fillRow: (row: Row, vals: readonly string[]) => void;
  /** the row reused by the fast path; null once recordFromSnapshot has returned it instead of a copy */
  private spareRow: Row | null;
  /** per column: interned values by length and first character, or null when the column is not interned */
  private interned: (Map<number, string[]> | null)[];
  private hits: number[];
  private misses: number[];
  /** per column: 1 when its values are kept (see SnapshotParseOptions.only) */
  private keep: Uint8Array;
  /** 1-based number of the line at the current position */
  private line = 1;
  private headerSeen = false;
  private ended = false;
  /** bytes after the last LF written so far */
  private pendingBytes: Uint8Array[] = [];
  /** text of an unfinished line (only when text was written without its LF) */
  private carry = '';
  // Slow path: the record being read, kept across writes.
  private sFields: string[] | null = null;
  private sField = '';
  private sState = START;
  private sLine = 0;

  constructor(kind: ListKind, opts: SnapshotParseOptions = {}) {
    this.kind = kind;
    this.source = opts.source;
    this.only = opts.only;
    // (set by configure; the assignments here satisfy the compiler)
    this.cols = SNAPSHOT_COLUMNS[kind];
    this.n = this.cols.length;
    this.vals = [];
    this.makeRow = () => ({});
    this.fillRow = () => {};
    this.spareRow = null;
    this.interned = [];
    this.hits = [];
    this.misses = [];
    this.keep = new Uint8Array(0);
    this.configure(SNAPSHOT_COLUMNS[kind]);
  }

  private readonly only: readonly string[] | undefined;

  /**
   * The columns of this snapshot: SNAPSHOT_COLUMNS, or those followed by extra ones (see extraColumns in
   * snapshot.ts), as its header says. Extra columns are always kept: a draw may select on them.
   */
  private configure(cols: readonly string[]): void {
    const base = SNAPSHOT_COLUMNS[this.kind].length;
    this.cols = cols;
    this.n = cols.length;
    this.vals = new Array<string>(this.n).fill('');
    const rows = rowFunctions(cols);
    this.makeRow = rows.make;
    this.fillRow = rows.fill;
    this.spareRow = rows.make(this.vals);
    this.interned = cols.map(() => new Map<number, string[]>());
    this.hits = cols.map(() => 0);
    this.misses = cols.map(() => 0);
    const only = this.only;
    this.keep = Uint8Array.from(cols, (c, i) => (only === undefined || i >= base || only.includes(c) ? 1 : 0));
  }

  /** Feed the next piece of the snapshot: bytes (UTF-8, cut anywhere) or text. The chunk is not kept. */
  write(chunk: Uint8Array | string): void {
    if (this.ended) throw new Error('SnapshotParser: write after end');
    if (typeof chunk === 'string') {
      // (Bytes kept from an unfinished line may end inside a character: text cannot simply follow them.)
      if (this.pendingBytes.length > 0) throw new Error('SnapshotParser: text written after bytes that end inside a line');
      this.text(chunk, false);
      return;
    }
    const last = chunk.lastIndexOf(LF);
    if (last < 0) {
      if (chunk.length > 0) this.pendingBytes.push(new Uint8Array(chunk)); // a copy: the caller may reuse its buffer
      return;
    }
    let start = 0;
    if (this.pendingBytes.length > 0) {
      // The unfinished line from earlier chunks ends at this chunk's first LF.
      const first = chunk.indexOf(LF);
      this.pendingBytes.push(chunk.subarray(0, first + 1));
      this.text(decodeUtf8(Buffer.concat(this.pendingBytes)), false);
      this.pendingBytes = [];
      start = first + 1;
    }
    if (last + 1 > start) this.text(decodeUtf8(chunk.subarray(start, last + 1)), false);
    if (last + 1 < chunk.length) this.pendingBytes.push(new Uint8Array(chunk.subarray(last + 1)));
  }

  /** The columns of the snapshot, once its header has been read (null before). */
  get columns(): readonly string[] | null {
    return this.headerSeen ? this.cols : null;
  }

  /** The records parsed so far, handed over: later ones (and end()) give only what follows. */
  take(): ListRecord[] {
    return this.records.splice(0, this.records.length);
  }

  /** The number of the line the next input starts at (when a reader hands over only some of the lines). */
  setLine(line: number): void {
    this.line = line;
  }

  /** No more input: the records, in file order. */
  end(): ListRecord[] {
    if (this.ended) throw new Error('SnapshotParser: end called twice');
    if (this.pendingBytes.length > 0) {
      const rest = decodeUtf8(Buffer.concat(this.pendingBytes));
      this.pendingBytes = [];
      this.text(rest, true);
    } else if (this.carry !== '') this.text('', true);
    this.ended = true;
    if (this.sFields !== null) this.finishSlowRecordAtEnd();
    if (!this.headerSeen) throw this.error('是空的，连表头也没有', 0);
    return this.records;
  }

  // ---------------------------------------------------------------------------------------------

  /** Parse text. Unless `final`, a line not ended by LF is kept for the next piece. */
  private text(piece: string, final: boolean): void {
    let s = piece;
    if (this.carry !== '') {
      s = this.carry + piece;
      this.carry = '';
    }
    const len = s.length;
    let pos = 0;
    if (this.sFields !== null) pos = this.slow(s, 0); // a quoted record continues
    if (!this.headerSeen && pos < len) pos = this.slow(s, pos); // the header, checked by emit
    const { n, vals, records, kind } = this;
    const lastCol = n - 1;
    let quote = s.indexOf('"', pos);
    if (quote < 0) quote = len;
    let cr = s.indexOf('\r', pos);
    if (cr < 0) cr = len;
    while (pos < len) {
      let nl = s.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) {
          this.carry = s.slice(pos);
          return;
        }
        nl = len;
      }
      if (quote < nl || cr < nl) {
        // A quoted field (or a stray CR): read this record, whatever lines it spans, the slow way.
        pos = this.slow(s, pos);
        if (quote < pos) {
          quote = s.indexOf('"', pos);
          if (quote < 0) quote = len;
        }
        if (cr < pos) {
          cr = s.indexOf('\r', pos);
          if (cr < 0) cr = len;
        }
        continue;
      }
      // Fast path: no quote in [pos, nl), so the fields are what lies between the commas.
      let p = pos;
      for (let k = 0; k < lastCol; k++) {
        const c = s.indexOf(',', p);
        if (c < 0 || c > nl) throw this.countError(s.slice(pos, nl).split(',').length, this.line);
        vals[k] = this.field(k, s, p, c);
        p = c + 1;
      }
      if (nl > p && s.lastIndexOf(',', nl - 1) >= p) throw this.countError(s.slice(pos, nl).split(',').length, this.line);
      vals[lastCol] = this.field(lastCol, s, p, nl);
      let row = this.spareRow;
      if (row === null) row = this.makeRow(vals);
      else this.fillRow(row, vals);
      const record = recordFromSnapshot(kind, row);
      if ((record as unknown) === row) this.spareRow = null; // a kind kept as parsed: a new row each time
      records.push(record);
      this.line++;
      pos = nl + 1;
    }
  }

  /**
   * Read one record from `pos` (or continue the one in progress), character by character. Returns the
   * position after its LF, or s.length when the text ends first (the state is kept for the next piece).
   */
  private slow(s: string, pos: number): number {
    const len = s.length;
    if (this.sFields === null) {
      this.sFields = [];
      this.sField = '';
      this.sState = START;
      this.sLine = this.line;
    }
    const fields = this.sFields;
    let field = this.sField;
    let state = this.sState;
    let i = pos;
    while (i < len) {
      if (state === START) {
        if (s.charCodeAt(i) === QUOTE) {
          state = QUOTED;
          i++;
        } else state = UNQUOTED;
      } else if (state === UNQUOTED) {
        let j = i;
        let c = 0;
        while (j < len && (c = s.charCodeAt(j)) !== COMMA && c !== LF && c !== QUOTE && c !== CR) j++;
        field += s.slice(i, j);
        if (j === len) {
          i = len;
          break;
        }
        if (c === QUOTE) throw this.error(`第 ${fields.length + 1} 个字段中有不在引号内的双引号`, this.line);
        if (c === CR) throw this.error('有引号外的回车符（CR），快照只用 LF 换行', this.line);
        fields.push(field);
        field = '';
        i = j + 1;
        if (c === LF) {
          this.line++;
          this.sFields = null;
          this.emit(fields, this.sLine);
          return i;
        }
        state = START;
      } else if (state === QUOTED) {
        const j = s.indexOf('"', i);
        const stop = j < 0 ? len : j;
        for (let k = s.indexOf('\n', i); k >= 0 && k < stop; k = s.indexOf('\n', k + 1)) this.line++;
        field += s.slice(i, stop);
        if (j < 0) {
          i = len;
          break;
        }
        i = j + 1;
        state = QUOTE_SEEN;
      } else {
        const c = s.charCodeAt(i);
        if (c === QUOTE) {
          field += '"';
          state = QUOTED;
          i++;
        } else if (c === COMMA || c === LF) {
          fields.push(field);
          field = '';
          i++;
          if (c === LF) {
            this.line++;
            this.sFields = null;
            this.emit(fields, this.sLine);
            return i;
          }
          state = START;
        } else {
          throw this.error(`第 ${fields.length + 1} 个字段的结束引号后面是「${String.fromCodePoint(s.codePointAt(i)!)}」，应为逗号或换行`, this.line);
        }
      }
    }
    this.sField = field;
    this.sState = state;
    return len;
  }

  /** The input ended inside a record read by the slow path (a last line without LF). */
  private finishSlowRecordAtEnd(): void {
    const fields = this.sFields!;
    if (this.sState === QUOTED) throw this.error('引号没有闭合，快照在引号内结束', this.sLine);
    fields.push(this.sField);
    this.sFields = null;
    this.sField = '';
    this.emit(fields, this.sLine);
  }

  /** A record (or the header) read by the slow path. */
  private emit(fields: string[], line: number): void {
    const { cols, n } = this;
    if (!this.headerSeen) {
      const extra = fields.slice(n);
      if (fields.length > n && !fields.slice(0, n).some((f, i) => f !== cols[i]) &&
        extra.every((f, i) => f !== '' && !cols.includes(f) && extra.indexOf(f) === i && !/^\uFEFF/.test(f))) {
        this.configure([...cols, ...extra]);
        this.headerSeen = true;
        return;
      }
      if (fields.length !== n || fields.some((f, i) => f !== cols[i])) {
        const got = fields.join(',');
        const bom = got.startsWith('\uFEFF') ? '（以 BOM 开头）' : '';
        throw this.error(`表头「${got.length > 200 ? `${got.slice(0, 200)}…` : got}」${bom}不是${SCHEMAS[this.kind]?.label ?? this.kind}快照的表头`, line, `应为「${cols.join(',')}」。快照是抽取可复核的依据，不能修改：请从备份中恢复原文件`);
      }
      this.headerSeen = true;
      return;
    }
    if (fields.length !== n) throw this.countError(fields.length, line);
    const vals = this.vals;
    for (let k = 0; k < n; k++) vals[k] = this.fieldValue(k, fields[k]!);
    this.records.push(recordFromSnapshot(this.kind, this.makeRow(vals)));
  }

  /** Field k of the current record, s[p, c): a shared string when the value is interned (see Interning). */
  private field(k: number, s: string, p: number, c: number): string {
    const len = c - p;
    if (len === 0 || this.keep[k] === 0) return '';
    if (k > 0) {
      const prev = this.vals[k - 1]!;
      if (prev.length === len && s.startsWith(prev, p)) return prev;
    }
    const table = this.interned[k];
    if (table === null || table === undefined || len > INTERN_MAX_LENGTH) return s.slice(p, c);
    const key = len * 65536 + s.charCodeAt(p);
    const bucket = table.get(key);
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) {
        const v = bucket[i]!;
        if (s.startsWith(v, p)) {
          this.hits[k]!++;
          return v;
        }
      }
    }
    return this.remember(k, table, key, bucket, s.slice(p, c));
  }

  /** The same for a value the slow path has cut out. */
  private fieldValue(k: number, v: string): string {
    if (v === '' || this.keep[k] === 0) return '';
    if (k > 0 && v === this.vals[k - 1]) return this.vals[k - 1]!;
    const table = this.interned[k];
    if (table === null || table === undefined || v.length > INTERN_MAX_LENGTH) return v;
    const key = v.length * 65536 + v.charCodeAt(0);
    const bucket = table.get(key);
    const found = bucket?.find((x) => x === v);
    if (found !== undefined) {
      this.hits[k]!++;
      return found;
    }
    return this.remember(k, table, key, bucket, v);
  }

  /** A value not interned yet: intern it, or give up on the column. */
  private remember(k: number, table: Map<number, string[]>, key: number, bucket: string[] | undefined, v: string): string {
    const misses = ++this.misses[k]!;
    if ((misses > INTERN_TRIAL && misses > this.hits[k]!) || misses >= INTERN_MAX_SIZE) this.interned[k] = null;
    else if (bucket === undefined) table.set(key, [v]);
    else if (bucket.length < INTERN_BUCKET) bucket.push(v);
    return v;
  }

  private countError(got: number, line: number): SsjError {
    return this.error(`有 ${got} 个字段，应为 ${this.n} 个（${this.cols.join(',')}）`, line);
  }

  private error(what: string, line: number, hint = '快照是抽取可复核的依据，不能修改：请从备份中恢复原文件'): SsjError {
    const where = this.source === undefined ? '快照' : `快照文件 ${this.source} `;
    const at = line > 0 ? `第 ${line} 行：` : '';
    return new SsjError('INPUT_INVALID', `${where}${at}${what}`, { hint });
  }
}

/** Parse a whole snapshot given as text or bytes. */
export function parseSnapshot(kind: ListKind, input: string | Uint8Array, opts: SnapshotParseOptions = {}): ListRecord[] {
  const p = new SnapshotParser(kind, opts);
  p.write(input);
  return p.end();
}
