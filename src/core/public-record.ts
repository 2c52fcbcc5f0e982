// 一公开 of the draw records themselves. A record names, in `conflicts`, the 回避 pairs (inspector, entity) that
// touched its drawn entities; they must never be published. The public form of a record is the record with that
// list replaced by its count; everything else — and the record's own hash, taken over the full record — is kept.
// See docs/public-verification.md: what the public can check from it, and what needs the 回避 list.
import type { ConflictPair } from './draw.js';
import { conflictsTouching } from './replay.js';
import { recordHash, type AmendmentRecord, type DrawRecord, type LedgerRecord } from './record.js';

/** What stands in the public form of a record for its 回避 pairs. */
export interface RedactedConflicts {
  redacted: '回避关系不公开';
  count: number;
}

export type PublicDraw = Omit<DrawRecord, 'conflicts'> & { conflicts: ConflictPair[] | RedactedConflicts };
export type PublicAmendment = Omit<AmendmentRecord, 'conflicts'> & { conflicts: ConflictPair[] | RedactedConflicts };
/** A record as published: a full record when it has no 回避 pairs, else with the pairs replaced by their count. */
export type PublicRecord = PublicDraw | PublicAmendment;

export const isRedacted = (r: PublicRecord | LedgerRecord): boolean => {
  const c = (r as { conflicts?: unknown }).conflicts;
  return c !== undefined && c !== null && !Array.isArray(c);
};

/** The public form of a record (the record itself when it holds no 回避 pair: nothing to hide, all checkable). */
export function publicRecord(r: LedgerRecord): PublicRecord {
  // records without 回避 pairs (or of a kind that has none) are public as they are
  if (r.kind === 'announcement' || !Array.isArray(r.conflicts) || r.conflicts.length === 0) return r as PublicRecord;
  // key order kept sorted, as records are stored
  return { ...r, conflicts: { count: r.conflicts.length, redacted: '回避关系不公开' } } as PublicRecord;
}

/** The number of 回避 pairs a public record stood for. */
export const conflictCount = (r: PublicRecord): number => (Array.isArray(r.conflicts) ? r.conflicts.length : (r.conflicts?.count ?? 0));

/**
 * The full records back from their public forms and a 回避 list (every pair of it): each record's pairs are the
 * ones that touched its entities, as ssj draw and ssj draw replace chose them. Records without redaction come back
 * as they are. Whether the list was the one used is for the record hash to say (the caller checks it).
 *
 * `others`: more 回避 lists (the list as it stood at other times of the year: pairs declared after a draw and
 * before its 补抽 are in the 补抽's record, not the draw's). Each redacted record is then restored with the first
 * list, of `pairs` and `others` in order, that gives back the hash the record states — a hash only the list used
 * gives — else with `pairs` (and its hash check fails).
 */
export function restoreRecords(
  draw: PublicDraw, amendments: readonly PublicAmendment[], pairs: readonly ConflictPair[] | null, others: readonly (readonly ConflictPair[])[] = [],
): { draw: DrawRecord | null; amendments: (AmendmentRecord | null)[] } {
  const lists = pairs === null ? [] : [pairs, ...others];
  const full = (r: PublicRecord, chosen: (list: readonly ConflictPair[]) => ConflictPair[]): LedgerRecord | null => {
    if (!isRedacted(r)) return r as LedgerRecord;
    if (lists.length === 0) return null;
    const made = lists.map((list) => ({ ...r, conflicts: chosen(list) }) as LedgerRecord);
    return (lists.length > 1 ? made.find((m) => recordHash(m) === r.hash) : undefined) ?? made[0]!;
  };
  const d = full(draw, (list) => conflictsTouching(list, draw.entities.map((v) => v.code))) as DrawRecord | null;
  // an amendment records the pairs touching the entities it added and the teams it changed, not already in the draw or an earlier amendment
  const known: ConflictPair[] = Array.isArray(draw.conflicts) ? [...draw.conflicts] : d ? [...d.conflicts] : [];
  const out: (AmendmentRecord | null)[] = [];
  for (const a of amendments) {
    const touched = [...a.change.added.map((x) => x.code), ...a.change.teamChanges.map((t) => t.code)];
    const r = full(a, (list) => conflictsTouching(list, touched).filter((p) => !known.some((q) => q.certNo === p.certNo && q.code === p.code))) as AmendmentRecord | null;
    if (r) known.push(...r.conflicts);
    out.push(r);
  }
  return { draw: d, amendments: out };
}
