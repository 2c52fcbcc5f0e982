// The entity registry read straight from its snapshot's bytes into columns (an EntityTable, entity-table.ts): what
// a draw and its verification read of a 1,000,000-row registry, without an object or a decoded string per row.
//
// A line without a double quote or a CR (every line but a few in any registry) is cut at its comma bytes (0x2C and
// 0x0A are never part of a multi-byte UTF-8 character), and its kept fields are stored as UTF-8 bytes: code, name
// and the other columns that differ on nearly every row (PLAIN) value after value, decoded when asked for; every
// other kept column as value ids, each distinct value stored once. The header, a line with a quote or a CR (a
// quoted field, maybe over several lines, or a malformed line) and a line with the wrong number of fields are
// handed to SnapshotParser (snapshot-parse.ts), which reads them as it reads any snapshot or throws the same error
// naming the same line: a table holds the same values loadSnapshot's records would.
import { SnapshotParser } from './snapshot-parse.js';
import { SNAPSHOT_COLUMNS } from './schema.js';
import type { CodedColumn, EntityTable } from './entity-table.js';
import type { ListRecord } from './types.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/** Columns that hold a different value on nearly every row: stored value after value rather than as ids. */
const PLAIN: ReadonlySet<string> = new Set(['code', 'creditCode', 'projectCode', 'name', 'legalRep', 'contact', 'phone', 'address']);

const grown = (a: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> => {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
};

/** Values one after another as UTF-8: value i is bytes[start(i), ends[i]). */
class PlainColumn {
  bytes = Buffer.allocUnsafe(1 << 16);
  used = 0;
  ends = new Int32Array(1 << 12);
  count = 0;
  maxBytes = 0;

  push(src: Uint8Array, s: number, e: number): void {
    const len = e - s;
    if (this.used + len > this.bytes.length) {
      const b = Buffer.allocUnsafe(Math.max(this.used + len, this.bytes.length * 2));
      this.bytes.copy(b, 0, 0, this.used);
      this.bytes = b;
    }
    const bytes = this.bytes;
    let at = this.used;
    if (len < 48) for (let p = s; p < e; p++) bytes[at++] = src[p]!;
    else {
      bytes.set(src.subarray(s, e), at);
      at += len;
    }
    this.used = at;
    if (len > this.maxBytes) this.maxBytes = len;
    if (this.count === this.ends.length) this.ends = grown(this.ends, this.count + 1);
    this.ends[this.count++] = at;
  }

  pushText(v: string): void {
    const b = Buffer.from(v, 'utf8');
    this.push(b, 0, b.length);
  }

  /** Room for `rows` values in all, of about the average length so far (no growing, and no copying, on the way). */
  reserve(rows: number): void {
    if (rows > this.ends.length) this.ends = grown(this.ends, rows);
    const bytes = this.count > 0 ? Math.ceil((this.used / this.count) * rows * 1.02) + 256 : 0;
    if (bytes > this.bytes.length) {
      const b = Buffer.allocUnsafe(bytes);
      this.bytes.copy(b, 0, 0, this.used);
      this.bytes = b;
    }
  }

  start(i: number): number {
    return i === 0 ? 0 : this.ends[i - 1]!;
  }

  get(i: number): string {
    return this.bytes.toString('utf8', this.start(i), this.ends[i]!);
  }

  /** Value i against key, byte by byte (UTF-8 byte order is code point order). */
  compare(i: number, key: Uint8Array): number {
    const s = this.start(i);
    const len = this.ends[i]! - s;
    const n = Math.min(len, key.length);
    const bytes = this.bytes;
    for (let k = 0; k < n; k++) {
      const d = bytes[s + k]! - key[k]!;
      if (d !== 0) return d;
    }
    return len - key.length;
  }

  /** Value i against value i + 1. */
  compareNext(i: number): number {
    const s = this.start(i);
    const t = this.ends[i]!;
    const len = t - s;
    const len2 = this.ends[i + 1]! - t;
    const n = Math.min(len, len2);
    const bytes = this.bytes;
    for (let k = 0; k < n; k++) {
      const d = bytes[s + k]! - bytes[t + k]!;
      if (d !== 0) return d;
    }
    return len - len2;
  }

  /** Value i equals the bytes src[s, e). */
  equals(i: number, src: Uint8Array, s: number, e: number): boolean {
    const a = this.start(i);
    if (this.ends[i]! - a !== e - s) return false;
    const bytes = this.bytes;
    for (let k = 0; k < e - s; k++) if (bytes[a + k] !== src[s + k]) return false;
    return true;
  }
}

/** FNV-1a over bytes. */
function hashBytes(src: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let p = s; p < e; p++) h = Math.imul(h ^ src[p]!, 0x01000193);
  return h >>> 0;
}

/** Values as ids: each distinct value stored once (in `distinct`), found again by its bytes' hash. */
class IdColumn {
  ids = new Int32Array(1 << 12);
  count = 0;
  readonly distinct = new PlainColumn();
  /** open addressing: id + 1, 0 for an empty slot */
  private slots = new Int32Array(64);
  private strings: (string | undefined)[] = [];

  /** the id of the value pushed last: most rows repeat their neighbour's 股室, 行业类别, 经营状态 */
  private last = -1;

  push(src: Uint8Array, s: number, e: number): void {
    const d = this.distinct;
    if (this.last >= 0 && d.equals(this.last, src, s, e)) {
      if (this.count === this.ids.length) this.ids = grown(this.ids, this.count + 1);
      this.ids[this.count++] = this.last;
      return;
    }
    let mask = this.slots.length - 1;
    let slot = hashBytes(src, s, e) & mask;
    let id = -1;
    for (;;) {
      const x = this.slots[slot]!;
      if (x === 0) break;
      if (d.equals(x - 1, src, s, e)) {
        id = x - 1;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (id < 0) {
      id = d.count;
      d.push(src, s, e);
      if (d.count * 2 > this.slots.length) {
        this.rehash(this.slots.length * 4);
        mask = this.slots.length - 1;
      } else this.slots[slot] = id + 1;
    }
    if (this.count === this.ids.length) this.ids = grown(this.ids, this.count + 1);
    this.ids[this.count++] = id;
    this.last = id;
  }

  pushText(v: string): void {
    const b = Buffer.from(v, 'utf8');
    this.push(b, 0, b.length);
  }

  reserve(rows: number): void {
    if (rows > this.ids.length) this.ids = grown(this.ids, rows);
  }

  private rehash(size: number): void {
    const d = this.distinct;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < d.count; id++) {
      let slot = hashBytes(d.bytes, d.start(id), d.ends[id]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }

  value(id: number): string {
    let v = this.strings[id];
    if (v === undefined) this.strings[id] = v = this.distinct.get(id);
    return v;
  }

  get(i: number): string {
    return this.value(this.ids[i]!);
  }

  coded(): CodedColumn {
    return { ids: this.ids.subarray(0, this.count), values: Array.from({ length: this.distinct.count }, (_, id) => this.value(id)) };
  }
}

type Column = PlainColumn | IdColumn;

/** The columns of an entity snapshot as an EntityTable. */
export class EntityColumns implements EntityTable {
  readonly length: number;
  readonly extras: readonly string[];
  readonly maxCodeBytes: number;
  private readonly byName: Map<string, Column>;
  private readonly codes: PlainColumn;
  private readonly names: PlainColumn | null;
  private readonly codedCache = new Map<string, CodedColumn>();
  /** 1 when the codes are in strictly ascending order (a snapshot's canonical order), -1 when not, 0 before checked */
  private sorted = 0;
  private byCode: Map<string, number> | null = null;

  constructor(columns: readonly string[], stores: readonly (Column | null)[], rows: number) {
    this.length = rows;
    this.extras = columns.slice(SNAPSHOT_COLUMNS.entities.length);
    this.byName = new Map();
    columns.forEach((c, k) => {
      const st = stores[k];
      if (st) this.byName.set(c, st);
    });
    this.codes = this.byName.get('code') as PlainColumn;
    this.names = (this.byName.get('name') as PlainColumn | undefined) ?? null;
    this.maxCodeBytes = this.codes.maxBytes;
  }

  code(i: number): string {
    return this.codes.get(i);
  }

  name(i: number): string {
    return this.names ? this.names.get(i) : '';
  }

  value(i: number, field: string): string {
    const st = this.byName.get(field);
    return st ? st.get(i) : '';
  }

  coded(field: string): CodedColumn {
    let col = this.codedCache.get(field);
    if (col) return col;
    const st = this.byName.get(field);
    if (st instanceof IdColumn) col = st.coded();
    else {
      const index = new Map<string, number>();
      const values: string[] = [];
      const ids = new Int32Array(this.length);
      for (let i = 0; i < this.length; i++) {
        const v = st ? st.get(i) : '';
        let id = index.get(v);
        if (id === undefined) index.set(v, (id = values.push(v) - 1));
        ids[i] = id;
      }
      col = { ids, values };
    }
    this.codedCache.set(field, col);
    return col;
  }

  find(code: string): number {
    if (this.sorted === 0) {
      this.sorted = 1;
      for (let i = 1; i < this.length; i++) {
        if (this.codes.compareNext(i - 1) >= 0) {
          this.sorted = -1;
          break;
        }
      }
    }
    if (this.sorted < 0) {
      if (!this.byCode) {
        this.byCode = new Map();
        for (let i = 0; i < this.length; i++) if (!this.byCode.has(this.code(i))) this.byCode.set(this.code(i), i);
      }
      return this.byCode.get(code) ?? -1;
    }
    const key = Buffer.from(code, 'utf8');
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.codes.compare(mid, key);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  writeCode(i: number, buf: Uint8Array, at: number): number {
    const c = this.codes;
    const s = c.start(i);
    const e = c.ends[i]!;
    const bytes = c.bytes;
    for (let p = s; p < e; p++) buf[at++] = bytes[p]!;
    return e - s;
  }
}

export interface EntityColumnsOptions {
  /** How the input is named in error messages, e.g. the file path. */
  source?: string;
  /** Keep only these columns (code and name always; extra columns always): the others are read and checked, then dropped. */
  only?: readonly string[];
  /** the snapshot's size in bytes, when known: the columns are sized once from it and the first rows */
  size?: number;
}

/** Reads an entity snapshot fed in chunks into EntityColumns: write(…) as often as needed, then end(). */
export class EntityColumnsParser {
  private readonly sub: SnapshotParser;
  private readonly only: readonly string[] | undefined;
  private cols: readonly string[] = [];
  private n = 0;
  private stores: (Column | null)[] = [];
  private plain: PlainColumn[] = [];
  private plainAt = new Int32Array(0);
  private coded: IdColumn[] = [];
  private codedAt = new Int32Array(0);
  private fieldStart = new Int32Array(0);
  private fieldEnd = new Int32Array(0);
  /** bytes of an unfinished record, kept for the next chunk */
  private carry: Uint8Array | null = null;
  /** 1-based number of the line at the current position */
  private line = 1;
  private rows = 0;
  private ended = false;
  private readonly size: number | undefined;
  /** bytes read so far */
  private seen = 0;
  private reserved = false;

  constructor(opts: EntityColumnsOptions = {}) {
    this.sub = new SnapshotParser('entities', opts.source === undefined ? {} : { source: opts.source });
    this.only = opts.only;
    this.size = opts.size;
  }

  /** Feed the next bytes of the snapshot (cut anywhere). The chunk is not kept. */
  write(chunk: Uint8Array): void {
    if (this.ended) throw new Error('EntityColumnsParser: write after end');
    let data = chunk;
    if (this.carry) {
      // the unfinished record and this chunk up to its first LF, then (most often) the rest of the chunk as it is
      const lf = chunk.indexOf(LF);
      const head = Buffer.concat([this.carry, lf < 0 ? chunk : chunk.subarray(0, lf + 1)]);
      this.carry = null;
      const pos = this.parse(head, false);
      const rest = chunk.subarray(lf < 0 ? chunk.length : lf + 1);
      data = pos < head.length ? Buffer.concat([head.subarray(pos), rest]) : rest;
    }
    const pos = this.parse(data, false);
    if (pos < data.length) this.carry = Buffer.from(data.subarray(pos)); // a copy: the caller may reuse its buffer
    this.seen += chunk.length;
    if (!this.reserved && this.size !== undefined && this.rows >= 256) {
      // room for the whole snapshot's rows, estimated from the bytes per row so far
      this.reserved = true;
      const rows = Math.ceil((this.size / (this.seen - (this.carry?.length ?? 0))) * this.rows * 1.02) + 16;
      for (const st of this.stores) st?.reserve(rows);
    }
  }

  /** No more input: the table. */
  end(): EntityColumns {
    if (this.ended) throw new Error('EntityColumnsParser: end called twice');
    this.ended = true;
    if (this.carry) {
      const data = this.carry;
      this.carry = null;
      this.parse(data, true);
    }
    for (const r of this.sub.end()) this.addRecord(r); // the header check of an empty input, a last record without LF
    if (this.stores.length === 0) this.configure(this.sub.columns ?? SNAPSHOT_COLUMNS.entities);
    return new EntityColumns(this.cols, this.stores, this.rows);
  }

  private configure(cols: readonly string[]): void {
    const base = SNAPSHOT_COLUMNS.entities.length;
    const only = this.only;
    this.cols = cols;
    this.n = cols.length;
    this.stores = cols.map((c, k) => (only === undefined || k >= base || c === 'code' || c === 'name' || only.includes(c) ? (PLAIN.has(c) && k < base ? new PlainColumn() : new IdColumn()) : null));
    this.fieldStart = new Int32Array(this.n);
    this.fieldEnd = new Int32Array(this.n);
    const at = (kind: typeof PlainColumn | typeof IdColumn) => this.stores.flatMap((st, k) => (st instanceof kind ? [k] : []));
    this.plainAt = Int32Array.from(at(PlainColumn));
    this.plain = Array.from(this.plainAt, (k) => this.stores[k] as PlainColumn);
    this.codedAt = Int32Array.from(at(IdColumn));
    this.coded = Array.from(this.codedAt, (k) => this.stores[k] as IdColumn);
  }

  /** Read whole records from data; unless `final`, stop before an unfinished one. Returns where reading stopped. */
  private parse(data: Uint8Array, final: boolean): number {
    const len = data.length;
    let pos = 0;
    if (this.stores.length === 0) {
      // the header, read (and checked) by SnapshotParser
      const end = recordEnd(data, 0);
      if (end < 0 && !final) return 0;
      const stop = end < 0 ? len : end + 1;
      this.slow(data.subarray(0, stop));
      const cols = this.sub.columns;
      if (cols === null) return len; // (final, no LF: SnapshotParser.end reports it)
      this.configure(cols);
      pos = stop;
    }
    let quote = data.indexOf(QUOTE, pos);
    if (quote < 0) quote = len;
    let cr = data.indexOf(CR, pos);
    if (cr < 0) cr = len;
    while (pos < len) {
      let nl = data.indexOf(LF, pos);
      if (nl < 0) {
        if (!final) return pos;
        nl = len;
      }
      if (quote < nl || cr < nl) {
        const end = recordEnd(data, pos);
        if (end < 0 && !final) return pos;
        const stop = end < 0 ? len : end + 1;
        this.slow(data.subarray(pos, stop));
        pos = stop;
        if (quote < pos) {
          quote = data.indexOf(QUOTE, pos);
          if (quote < 0) quote = len;
        }
        if (cr < pos) {
          cr = data.indexOf(CR, pos);
          if (cr < 0) cr = len;
        }
        continue;
      }
      if (!this.fast(data, pos, nl)) this.slow(data.subarray(pos, Math.min(nl + 1, len))); // the wrong number of fields: throws
      else this.line++;
      pos = nl + 1;
    }
    return len;
  }

  /** A line [pos, nl) without quote or CR: its fields stored. False (nothing stored) when it has the wrong number of fields. */
  private fast(data: Uint8Array, pos: number, nl: number): boolean {
    const last = this.n - 1;
    const fs = this.fieldStart;
    const fe = this.fieldEnd;
    let k = 0;
    let s = pos;
    for (let p = pos; p < nl; p++) {
      if (data[p] === COMMA) {
        if (k === last) return false;
        fs[k] = s;
        fe[k] = p;
        k++;
        s = p + 1;
      }
    }
    if (k !== last) return false;
    fs[k] = s;
    fe[k] = nl;
    // (two monomorphic loops rather than one over both kinds of column)
    const plain = this.plain;
    const plainAt = this.plainAt;
    for (let j = 0; j < plain.length; j++) plain[j]!.push(data, fs[plainAt[j]!]!, fe[plainAt[j]!]!);
    const coded = this.coded;
    const codedAt = this.codedAt;
    for (let j = 0; j < coded.length; j++) coded[j]!.push(data, fs[codedAt[j]!]!, fe[codedAt[j]!]!);
    this.rows++;
    return true;
  }

  /** Bytes of whole records (or the header, or the input's last bytes) read by SnapshotParser. */
  private slow(bytes: Uint8Array): void {
    this.sub.setLine(this.line);
    this.sub.write(bytes);
    for (const r of this.sub.take()) this.addRecord(r);
    for (let p = bytes.indexOf(LF); p >= 0; p = bytes.indexOf(LF, p + 1)) this.line++;
  }

  private addRecord(r: ListRecord): void {
    const rec = r as unknown as Record<string, unknown>;
    this.stores.forEach((st, k) => {
      if (st) {
        const v = rec[this.cols[k]!];
        st.pushText(typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
      }
    });
    this.rows++;
  }
}

/** The LF that ends the record starting at pos (outside double quotes), or -1 when data ends first. */
function recordEnd(data: Uint8Array, pos: number): number {
  let quoted = false;
  for (let p = pos; p < data.length; p++) {
    const b = data[p];
    if (b === QUOTE) quoted = !quoted;
    else if (b === LF && !quoted) return p;
  }
  return -1;
}
