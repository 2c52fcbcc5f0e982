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

export function canonicalOrder<R extends ListRecord>(kind: ListKind, records: readonly R[]): R[] {
  const key = KEY_OF[kind] as keyof R;
  const keys = records.map((r) => String(r[key]));
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

const NEEDS_QUOTES = /["\r\n]/;
function commas(s: string): number {
  let c = 0;
  for (let i = s.indexOf(','); i >= 0; i = s.indexOf(',', i + 1)) c++;
  return c;
}

function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

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
  const vals: string[] = new Array(n);
  for (const r of canonicalOrder(kind, records)) {
    const rec = r as unknown as Record<string, unknown>;
    for (let i = 0; i < n; i++) {
      const v = rec[cols[i]!];
      vals[i] = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
    }
    const line = vals.join(',');
    // Fast path: no field needs quoting when the line has no quote or line break and no comma but the n-1 separators.
    if (!NEEDS_QUOTES.test(line) && commas(line) === n - 1) yield line + '\n';
    else yield vals.map(field).join(',') + '\n';
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
