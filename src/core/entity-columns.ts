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
import { EntityColumns, IdColumn, PlainColumn, type Alloc, type Column } from './column-store.js';
import type { ListRecord } from './types.js';

export { EntityColumns } from './column-store.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;

/** Columns that hold a different value on nearly every row: stored value after value rather than as ids. */
const PLAIN: ReadonlySet<string> = new Set(['code', 'creditCode', 'projectCode', 'name', 'legalRep', 'contact', 'phone', 'address']);

export interface EntityColumnsOptions {
  /** How the input is named in error messages, e.g. the file path. */
  source?: string;
  /** Keep only these columns (code and name always; extra columns always): the others are read and checked, then dropped. */
  only?: readonly string[];
  /** the snapshot's size in bytes, when known: the columns are sized once from it and the first rows */
  size?: number;
  /** where the columns' memory comes from when they are sized (column-store.ts Alloc; default: new memory) */
  alloc?: Alloc;
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
  private readonly alloc: Alloc | undefined;
  /** bytes read so far */
  private seen = 0;
  private reserved = false;

  constructor(opts: EntityColumnsOptions = {}) {
    this.sub = new SnapshotParser('entities', opts.source === undefined ? {} : { source: opts.source });
    this.only = opts.only;
    this.size = opts.size;
    this.alloc = opts.alloc;
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
      for (const st of this.stores) st?.reserve(rows, this.alloc);
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
