// The columns of an entity registry held as UTF-8 bytes (PlainColumn: value after value; IdColumn: value ids, each
// distinct value stored once) and the EntityTable over them (entity-table.ts); filled by EntityColumnsParser.
import { SNAPSHOT_COLUMNS } from './schema.js';
import type { CodedColumn, EntityTable } from './entity-table.js';

const grown = (a: Int32Array<ArrayBufferLike>, need: number, alloc?: Alloc): Int32Array<ArrayBufferLike> => {
  if (need <= a.length) return a;
  const n = Math.max(need, a.length * 2);
  const b = alloc ? new Int32Array(alloc(4 * n)) : new Int32Array(n);
  b.set(a);
  return b;
};

/**
 * Where a column's memory comes from once its size is known (reserve): new memory of this thread by default, or
 * shared memory that the snapshot's hash thread faults in ahead of the parser (io/snapshot-read.ts): on a virtual
 * machine the first write to each page costs, about 2.75 ms a megabyte.
 */
export type Alloc = (bytes: number) => ArrayBuffer | SharedArrayBuffer;

/** Add a column's buffer to the ones to move to another thread (shared memory is not moved: it is shared). */
const move = (moved: Set<ArrayBuffer>, b: ArrayBufferLike) => {
  // (a browser that is not cross-origin isolated has no SharedArrayBuffer: the web verifier bundles this module)
  if (typeof SharedArrayBuffer === 'undefined' || !(b instanceof SharedArrayBuffer)) moved.add(b as ArrayBuffer);
};

/** Values one after another as UTF-8: value i is bytes[start(i), ends[i]). */
export class PlainColumn {
  bytes: Buffer = Buffer.allocUnsafe(1 << 16);
  used = 0;
  ends: Int32Array<ArrayBufferLike> = new Int32Array(1 << 12);
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

  /** This column's memory as plain data, for another thread (moved there, not copied: the column is unusable after). */
  toData(moved: Set<ArrayBuffer>): PlainData {
    move(moved, this.bytes.buffer);
    move(moved, this.ends.buffer);
    return { bytes: this.bytes, used: this.used, ends: this.ends, count: this.count, maxBytes: this.maxBytes };
  }

  static fromData(d: PlainData): PlainColumn {
    const c = new PlainColumn();
    c.bytes = Buffer.from(d.bytes.buffer as ArrayBuffer, d.bytes.byteOffset, d.bytes.byteLength);
    c.used = d.used;
    c.ends = d.ends;
    c.count = d.count;
    c.maxBytes = d.maxBytes;
    return c;
  }

  /** Room for `rows` values in all, of about the average length so far (no growing, and no copying, on the way). */
  reserve(rows: number, alloc?: Alloc): void {
    if (rows > this.ends.length) this.ends = grown(this.ends, rows, alloc);
    const bytes = this.count > 0 ? Math.ceil((this.used / this.count) * rows * 1.02) + 256 : 0;
    if (bytes > this.bytes.length) {
      const b = alloc ? Buffer.from(alloc(bytes)) : Buffer.allocUnsafe(bytes);
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
export class IdColumn {
  ids: Int32Array<ArrayBufferLike> = new Int32Array(1 << 12);
  count = 0;
  constructor(readonly distinct = new PlainColumn()) {}
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

  reserve(rows: number, alloc?: Alloc): void {
    if (rows > this.ids.length) this.ids = grown(this.ids, rows, alloc);
  }

  toData(moved: Set<ArrayBuffer>): IdData {
    move(moved, this.ids.buffer);
    return { ids: this.ids, count: this.count, distinct: this.distinct.toData(moved) };
  }

  static fromData(d: IdData): IdColumn {
    const c = new IdColumn(PlainColumn.fromData(d.distinct));
    c.ids = d.ids;
    c.count = d.count;
    c.rehash(64);
    while (c.distinct.count * 2 > c.slots.length) c.rehash(c.slots.length * 4);
    return c;
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

export type Column = PlainColumn | IdColumn;

/** A PlainColumn's memory as plain data (it can be moved to another thread). */
export interface PlainData {
  bytes: Uint8Array;
  used: number;
  ends: Int32Array;
  count: number;
  maxBytes: number;
}

/** An IdColumn's memory as plain data. */
export interface IdData {
  ids: Int32Array;
  count: number;
  distinct: PlainData;
}

/** An EntityColumns as plain data: what EntityColumns.fromData makes the same table of again. */
export interface EntityColumnsData {
  columns: readonly string[];
  stores: ({ plain: PlainData } | { id: IdData } | null)[];
  rows: number;
}

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

  constructor(private readonly columns: readonly string[], private readonly stores: readonly (Column | null)[], rows: number) {
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

  /** The table's memory as plain data, its buffers added to `moved` (for postMessage: the table is unusable after). */
  toData(moved: Set<ArrayBuffer>): EntityColumnsData {
    const stores = this.stores.map((st) => (st === null ? null : st instanceof PlainColumn ? { plain: st.toData(moved) } : { id: st.toData(moved) }));
    return { columns: this.columns, stores, rows: this.length };
  }

  static fromData(d: EntityColumnsData): EntityColumns {
    const stores = d.stores.map((st) => (st === null ? null : 'plain' in st ? PlainColumn.fromData(st.plain) : IdColumn.fromData(st.id)));
    return new EntityColumns(d.columns, stores, d.rows);
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

