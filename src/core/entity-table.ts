// The entity registry as a draw reads it: rows in canonical order, read by row number, with an object per entity optional.
//
// A draw looks at every row's 行业类别, 经营状态 and scope fields but at the code and name of few of them (the
// drawn, the excluded), and hashes every candidate's code. EntityTable gives exactly that: a column with few
// distinct values as value ids (compared as numbers), codes and names by row. Two implementations: tableOf over
// Entity records (tests, published lists, the browser verifier), and the columns read straight from a snapshot's
// bytes (entity-columns.ts), which a 1,000,000-row registry needs (no million objects, no decoded text kept).
import { SNAPSHOT_COLUMNS } from './schema.js';
import { compareCodePoints } from './snapshot.js';
import type { Entity } from './types.js';
import { extraFieldsOf, fieldValue } from './where.js';

/** A column as value ids: row i has the value values[ids[i]] (equal values may have more than one id). */
export interface CodedColumn {
  readonly ids: ArrayLike<number>;
  readonly values: readonly string[];
}

export interface EntityTable {
  /** number of rows */
  readonly length: number;
  /** the registry's other columns (after the Entity fields; see where.ts) */
  readonly extras: readonly string[];
  code(i: number): string;
  name(i: number): string;
  /** row i's value in a field (an Entity field or an extra column); '' when there is none */
  value(i: number, field: string): string;
  /** a field's column as value ids */
  coded(field: string): CodedColumn;
  /** the row with this code, or -1 */
  find(code: string): number;
  /** row i's code as UTF-8 into buf at `at` (room for maxCodeBytes is the caller's); the number of bytes written */
  writeCode(i: number, buf: Uint8Array, at: number): number;
  /** an upper bound of any code's UTF-8 length */
  readonly maxCodeBytes: number;
}

/** True for an EntityTable, false for a list of Entity records. */
export const isEntityTable = (x: readonly Entity[] | EntityTable): x is EntityTable => !Array.isArray(x);

const SURROGATE = /[\uD800-\uDFFF]/;
const isSorted = (xs: readonly Entity[]) => {
  // UTF-16 order is code point order unless a code holds a surrogate pair (never in real registries).
  for (let i = 1; i < xs.length; i++) if (!(xs[i - 1]!.code < xs[i]!.code)) return false;
  for (let i = 0; i < xs.length; i++) if (SURROGATE.test(xs[i]!.code)) return xs.every((e, k) => k === 0 || compareCodePoints(xs[k - 1]!.code, e.code) < 0);
  return true;
};

/** The registry in canonical order (ascending code by code point), so row order in the input never matters. */
export function canonicalEntities(entities: readonly Entity[]): readonly Entity[] {
  return isSorted(entities) ? entities : [...entities].sort((a, b) => compareCodePoints(a.code, b.code));
}

/** Entity records as a table, put in canonical order unless `inOrder` says they are (a stored snapshot). */
export function tableOf(entities: readonly Entity[], inOrder = false): EntityTable {
  const rows = inOrder ? entities : canonicalEntities(entities);
  const columns = new Map<string, CodedColumn>();
  let byCode: Map<string, number> | null = null;
  let maxCode = 0;
  for (const e of rows) if (e.code.length > maxCode) maxCode = e.code.length;
  const encoder = new TextEncoder();
  return {
    length: rows.length,
    extras: extraFieldsOf(rows),
    code: (i) => rows[i]!.code,
    name: (i) => rows[i]!.name,
    value: (i, field) => fieldValue(rows[i]!, field),
    coded(field) {
      let col = columns.get(field);
      if (!col) {
        const index = new Map<string, number>();
        const values: string[] = [];
        const ids = new Int32Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const v = fieldValue(rows[i]!, field);
          let id = index.get(v);
          if (id === undefined) index.set(v, (id = values.push(v) - 1));
          ids[i] = id;
        }
        columns.set(field, (col = { ids, values }));
      }
      return col;
    },
    find(code) {
      if (!byCode) {
        byCode = new Map();
        for (let i = 0; i < rows.length; i++) if (!byCode.has(rows[i]!.code)) byCode.set(rows[i]!.code, i);
      }
      return byCode.get(code) ?? -1;
    },
    writeCode: (i, buf, at) => encoder.encodeInto(rows[i]!.code, buf.subarray(at)).written,
    maxCodeBytes: 3 * maxCode,
  };
}

/** The rows with these codes, by code, as records of these fields (by default all of them; those the table does not keep are ''). */
export function entitiesByCode(table: EntityTable, codes: Iterable<string>, fields: readonly string[] = [...SNAPSHOT_COLUMNS.entities, ...table.extras]): Map<string, Entity> {
  const out = new Map<string, Entity>();
  for (const code of codes) {
    const i = table.find(code);
    if (i < 0 || out.has(code)) continue;
    const e: Record<string, string> = {};
    for (const f of fields) e[f] = table.value(i, f);
    out.set(code, e as unknown as Entity);
  }
  return out;
}

/** The entities as a table: a table as it is, records through tableOf. */
export const asTable = (entities: readonly Entity[] | EntityTable, inOrder = false): EntityTable =>
  isEntityTable(entities) ? entities : tableOf(entities, inOrder);
