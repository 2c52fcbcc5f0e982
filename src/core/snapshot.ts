// The canonical form of a list: what is hashed and stored as an immutable snapshot.
// UTF-8 CSV without BOM, LF line ends, a header of property names (SNAPSHOT_COLUMNS), one row per record
// in ascending order of its key compared by Unicode code points, fields quoted only when they contain a
// comma, a double quote or a line break (RFC 4180). Numbers as JavaScript prints them; null as empty.
import { OPTIONAL_COLUMNS, SNAPSHOT_COLUMNS } from './schema.js';
import type { ListKind, ListRecord } from './types.js';

export const KEY_OF: Record<ListKind, string> = { entities: 'code', inspectors: 'certNo', items: 'id', conflicts: 'id' };

/** Compare strings by Unicode code points (not UTF-16 units), as other languages do by default. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const [LO, HI] = LITTLE_ENDIAN ? [0, 1] : [1, 0];

/**
 * The order of `keys` (as indices, ascending by code point), when every key is printable ASCII (U+0001–U+007E)
 * and no two are equal; null otherwise (the caller then sorts another way). The keys of a range become 64-bit
 * integers: the next characters after the prefix they all share, 7 bits each, then their position in the
 * range; the typed array's numeric sort orders them (several times faster than sorting a million strings), and
 * each run whose packed characters are equal is ordered the same way by its following characters.
 */
export function asciiKeyOrder(keys: readonly string[]): Int32Array | null {
  const n = keys.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    for (let j = 0; j < k.length; j++) {
      const c = k.charCodeAt(j);
      if (c < 1 || c > 126) return null;
    }
    order[i] = i;
  }
  const stack: number[] = [0, n, 0];
  while (stack.length) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    const size = end - start;
    if (size < 2) continue;
    if (depth > 4096) {
      // an absurdly long shared prefix: compare the keys whole
      const run = Array.from(order.subarray(start, end));
      let equal = false;
      run.sort((a, b) => {
        const x = keys[a]!;
        const y = keys[b]!;
        if (x === y && a !== b) equal = true;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      if (equal) return null;
      order.set(run, start);
      continue;
    }
    if (size <= 16) {
      // a few keys: compare them whole (insertion sort, in place)
      for (let i = start + 1; i < end; i++) {
        const id = order[i]!;
        const k = keys[id]!;
        let j = i - 1;
        for (; j >= start; j--) {
          const other = keys[order[j]!]!;
          if (other === k) return null;
          if (other < k) break;
          order[j + 1] = order[j]!;
        }
        order[j + 1] = id;
      }
      continue;
    }
    // the characters every key of the range has in common from `depth` on
    const first = keys[order[start]!]!;
    let common = first.length;
    for (let i = start + 1; i < end && common > depth; i++) {
      const k = keys[order[i]!]!;
      if (k.length < common) common = k.length;
      for (let j = depth; j < common; j++) {
        if (k.charCodeAt(j) !== first.charCodeAt(j)) {
          common = j;
          break;
        }
      }
    }
    const posBits = Math.ceil(Math.log2(size));
    const lowChars = Math.floor((32 - posBits) / 7); // characters in the low 32-bit word, before the position
    const chars = 4 + lowChars; // and 4 (28 bits) in the high word
    const lowShift = 2 ** posBits;
    const packed = new BigUint64Array(size);
    const words = new Uint32Array(packed.buffer);
    for (let i = 0; i < size; i++) {
      const k = keys[order[start + i]!]!;
      let h = 0;
      let l = 0;
      for (let j = 0; j < chars; j++) {
        const p = common + j;
        const c = p < k.length ? k.charCodeAt(p) : 0; // 0: the key has ended
        if (j < 4) h = h * 128 + c;
        else l = l * 128 + c;
      }
      words[2 * i + HI] = h;
      words[2 * i + LO] = l * lowShift + i;
    }
    packed.sort();
    const ids = order.slice(start, end);
    const mask = lowShift - 1;
    let i = 0;
    while (i < size) {
      const hw = words[2 * i + HI]!;
      const lw = Math.floor(words[2 * i + LO]! / lowShift);
      let j = i + 1;
      while (j < size && words[2 * j + HI] === hw && Math.floor(words[2 * j + LO]! / lowShift) === lw) j++;
      for (let q = i; q < j; q++) order[start + q] = ids[words[2 * q + LO]! & mask]!;
      if (j - i > 1) {
        // equal so far; a key that ended within these characters is equal to the others
        if ((lowChars > 0 ? lw : hw) % 128 === 0) return null;
        stack.push(start + i, start + j, common + chars);
      }
      i = j;
    }
  }
  return order;
}

export function canonicalOrder<R extends ListRecord>(kind: ListKind, records: readonly R[]): R[] {
  const key = KEY_OF[kind] as keyof R;
  const keys = records.map((r) => String(r[key]));
  // Unique printable-ASCII keys (credit codes, certificate numbers, item ids): sorted as integers.
  const order = asciiKeyOrder(keys);
  if (order) {
    const out = new Array<R>(order.length);
    for (let i = 0; i < order.length; i++) out[i] = records[order[i]!]!;
    return out;
  }
  if (keys.some((k) => SURROGATE.test(k) || k.includes('\u0000'))) {
    const idx = keys.map((_k, i) => i).sort((p, q) => compareCodePoints(keys[p]!, keys[q]!));
    return idx.map((i) => records[i]!);
  }
  // Without surrogate pairs UTF-16 order is code point order, and the default sort (no comparator) is
  // much faster. Keys are unique in an imported list, so records are found again by key.
  const byKey = new Map<string, R>();
  for (let i = 0; i < keys.length; i++) byKey.set(keys[i]!, records[i]!);
  if (byKey.size === records.length) return keys.sort().map((k) => byKey.get(k)!);
  const tagged = keys.map((k, i) => `${k}\u0000${i}`);
  tagged.sort();
  return tagged.map((t) => records[Number(t.slice(t.lastIndexOf('\u0000') + 1))]!);
}

const SPECIAL = /[",\r\n]/;

/**
 * The columns a snapshot of these records has after SNAPSHOT_COLUMNS: the kind's OPTIONAL_COLUMNS that some
 * record fills, then (entity registries) the registry's own other columns in code-point order. None
 * for a list that has none of them, whose snapshot is then exactly what it was before they existed.
 */
export function extraColumns(kind: ListKind, records: readonly ListRecord[]): string[] {
  const optional = OPTIONAL_COLUMNS[kind] as readonly string[];
  const base = new Set<string>([...SNAPSHOT_COLUMNS[kind], ...optional]);
  const filled = new Set<string>();
  if (optional.length) {
    for (const r of records) {
      const rec = r as unknown as Record<string, unknown>;
      for (const c of optional) if (!filled.has(c) && rec[c] !== undefined && rec[c] !== null && rec[c] !== '') filled.add(c);
    }
  }
  // A registry's other columns: every record of a list has the same ones (ListBuilder gives each record all the
  // columns any sheet has, a snapshot row has every column), so the first record names them.
  const others: string[] = [];
  const first = kind === 'entities' ? (records[0] as unknown as Record<string, unknown> | undefined) : undefined;
  if (first) for (const k in first) if (!base.has(k)) others.push(k);
  // in code-point order: the same registry gives the same snapshot however its sheets and columns are arranged
  others.sort(compareCodePoints);
  return [...optional.filter((c) => filled.has(c)), ...others];
}

/** The snapshot's lines, each ending in \n: header first, then the records in canonical order. */
export function* snapshotLines(kind: ListKind, records: readonly ListRecord[]): Generator<string> {
  const cols = [...SNAPSHOT_COLUMNS[kind], ...extraColumns(kind, records)];
  yield cols.join(',') + '\n';
  const n = cols.length;
  for (const r of canonicalOrder(kind, records)) {
    const rec = r as unknown as Record<string, unknown>;
    let line = '';
    for (let i = 0; i < n; i++) {
      const v = rec[cols[i]!];
      let f = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
      if (SPECIAL.test(f)) f = `"${f.replace(/"/g, '""')}"`; // RFC 4180: only fields that need it
      line = i === 0 ? f : line + ',' + f;
    }
    yield line + '\n';
  }
}

/** Records back from a parsed snapshot row (column name → text). */
export function recordFromSnapshot(kind: ListKind, row: Record<string, string>): ListRecord {
  if (kind === 'items') {
    const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));
    return { ...(row as object), ratio: num(row['ratio']), rounds: num(row['rounds']) } as unknown as ListRecord;
  }
  return { ...row } as unknown as ListRecord;
}
