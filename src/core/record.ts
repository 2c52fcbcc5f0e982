// 抽取记录: one JSON file per draw or amendment, never rewritten, hashed over its canonical JSON (RFC 8785).
import { createHash } from 'node:crypto';
import { appendLongField, ByteBuilder, chunkJson, compactText, jsonPart, LIST_CHUNK, longField, longText, type JsonPart } from './long-json.js';
import type { AmendmentChange, AmendmentRequest, ConflictPair, DrawParams, Exclusion, PassedPosition, Visit } from './draw.js';
import type { SeedComponent } from './seed.js';
import type { TeamMember } from './teams.js';
import type { MergeNote } from './visits.js';

/**
 * The record layout written now. ssj-draw-record/2 (this version): an amendment's passedOver lists every stream
 * position passed over (PassedOver, with its stratum, position and reason); a draw may name its announcement.
 * Records in ssj-draw-record/1 (passedOver: only the repeat exclusions met, as Exclusion) still verify.
 */
export const RECORD_FORMAT = 'ssj-draw-record/2';
export type RecordFormat = 'ssj-draw-record/1' | 'ssj-draw-record/2';

/** A drawn entity as recorded: who, for which items, by which stream position, and its team. */
export interface RecordedVisit {
  code: string;
  name: string;
  items: string[];
  picks: Visit['picks'];
  team: TeamMember[];
}

export interface RecordedItem {
  id: string;
  name: string;
  /** 检查对象 (行业类别) */
  target: string;
  ratio: number | null;
  ratioText: string;
  /** the item's department (added: in joint draws and where the roster names departments; see core/departments.ts) */
  dept?: string;
}

interface RecordCommon {
  format: RecordFormat;
  id: string;
  /** position in the ledger, from 1 */
  seq: number;
  /** when it was made, ISO with offset */
  time: string;
  date: string;
  org: string;
  year: number;
  operator: string;
  tool: { name: 'ssj'; version: string };
  algorithm: string;
  /** hash of the previous record in the ledger (null for the first) */
  prev: string | null;
  /** SHA-256 of the canonical JSON of the record without this field */
  hash: string;
}

interface RecordBase extends RecordCommon {
  /** the entities drawn, after this record's changes, in draw order */
  entities: RecordedVisit[];
}

/** 抽查工作记录: one draw (or a re-draw of an item and round already drawn). */
export interface DrawRecord extends RecordBase {
  kind: 'draw';
  witnesses: string[];
  place: string;
  /** the draw's parameters (DrawParams, with the items written out and without the date, kept above) */
  task: Omit<DrawParams, 'items' | 'date'> & {
    name: string;
    /** 定向 when the pool is narrowed by --where, else 不定向 */
    type: '定向' | '不定向';
    items: RecordedItem[];
    excludeRepeat: boolean;
    /**
     * (added; only ever false, absent otherwise) the registry snapshot classified 停业/歇业/清算 as gone: ssj.json
     * suspendedDrawable was false when it was imported (core/status-rule.ts). A re-run from the published registry
     * classifies them so.
     */
    suspendedDrawable?: false;
    /** 部门联合抽查 (added, ssj-draw/2-joint only): the departments of the items, the lead (the workspace's) first */
    departments?: string[];
  };
  /** 再次抽取: this draw replaces earlier draws of the same items and round */
  redraw: { of: string[]; reason: string } | null;
  inputs: {
    entities: { snapshot: string; size: number };
    inspectors: { snapshot: string; size: number };
    items: { snapshot: string; size: number };
    conflicts: { snapshot: string | null; size: number };
  };
  pool: {
    hash: string;
    size: number;
    items: {
      id: string;
      ratio: number | null;
      population: number;
      available: number;
      sample: number;
      strata: { label: string; ratio: number | null; population: number; available: number; sample: number }[];
    }[];
  };
  exclusions: Exclusion[];
  /** the 回避 pairs that touch the drawn entities (reasons stay in the conflicts snapshot) */
  conflicts: ConflictPair[];
  seed: { components: SeedComponent[]; text: string; bits: number; neededBits: number };
  warnings: string[];
  /** 事先公告的抽取 (ssj draw --announced): the announcement whose parameters and public source this draw used */
  announcement?: { id: string; hash: string; date: string; source: string; sourceDate: string };
  /**
   * 合并检查 (added; absent in records made before): entities drawn that an earlier standing task of the year also
   * drew and had no result for yet, the tasks joined and the merged visit's team (core/visits.ts).
   */
  merge?: MergeNote[];
}

/** 补抽: a replacement made after a draw, linked to it. */
export interface AmendmentRecord extends RecordBase {
  kind: 'amendment';
  /** the draw amended */
  of: { id: string; hash: string };
  /** 1 for the draw's first amendment, … */
  number: number;
  request: AmendmentRequest;
  change: AmendmentChange;
  /** 回避 pairs touching the entities added */
  conflicts: ConflictPair[];
  /**
   * Stream positions passed over while looking for the replacements (ssj-draw-record/2: every one, with its
   * reason; ssj-draw-record/1: only the entities drawn for the item in another round, as Exclusion).
   */
  passedOver: (PassedOver | Exclusion)[];
  /** 合并检查: the entities added that another standing task holds with no result yet (as a draw's `merge`) */
  merge?: MergeNote[];
}

/** A stream position an amendment passed over (docs/draw-algorithm.md §7): the one draw.ts computes. */
export type PassedOver = PassedPosition;

/**
 * 事先公告 (RFC 3797): everything about a coming draw but the public random value, fixed and chained before that
 * value exists: the lists' snapshots, the pool, the sample sizes, the team rules, the algorithm and the source.
 */
export interface AnnouncementRecord extends RecordCommon {
  kind: 'announcement';
  task: DrawRecord['task'];
  inputs: DrawRecord['inputs'];
  pool: DrawRecord['pool'];
  /** repeat and gone exclusions as at the announcement (the pool hash covers the candidates) */
  exclusions: Exclusion[];
  /** the public random value to be used: what it is and the date it becomes known */
  source: { name: string; date: string };
}

export type LedgerRecord = DrawRecord | AmendmentRecord | AnnouncementRecord;

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/** True when every object in v already has its keys in sorted order (so JSON.stringify is canonical). */
function alreadySorted(v: unknown): boolean {
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object') {
      if (typeof x === 'number' && !Number.isFinite(x)) return false;
      continue;
    }
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) if (x[i] !== null && typeof x[i] === 'object') stack.push(x[i]);
      else if (x[i] === undefined || (typeof x[i] === 'number' && !Number.isFinite(x[i]))) return false;
      continue;
    }
    let prev = '';
    let first = true;
    for (const k in x) {
      const val = (x as Record<string, unknown>)[k];
      if ((!first && k <= prev) || val === undefined || ARRAY_INDEX.test(k)) return false;
      if (typeof val === 'number' && !Number.isFinite(val)) return false;
      if (val !== null && typeof val === 'object') stack.push(val);
      prev = k;
      first = false;
    }
  }
  return true;
}

/** A deep copy of v with every object's keys in sorted order (what records are built and stored as). */
export function sortKeysDeep<T>(v: T): T {
  if (alreadySorted(v)) return v;
  return JSON.parse(canonicalJson(v)) as T;
}

/**
 * A record ready to store: the body with its keys sorted at every level and its hash added in place (so that
 * canonical JSON of the stored record is plain JSON.stringify), and the file text in the long layout
 * (long-json.ts). Each list element is stringified once, for both the hashed JSON and the written text.
 */
export function sealRecord<R extends LedgerRecord>(body: Omit<R, 'hash'>): { record: R; text: string } {
  const byKey = (a: JsonPart, b: JsonPart) => (a.key < b.key ? -1 : 1);
  const parts = Object.entries(body)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => jsonPart(k, sortKeysDeep(v)))
    .sort(byKey);
  const hash = createHash('sha256').update(compactText(parts), 'utf8').digest('hex');
  const all = [...parts, jsonPart('hash', hash)].sort(byKey);
  const record = Object.fromEntries(all.map((p) => [p.key, p.value])) as unknown as R;
  return { record, text: longText(all) };
}

/** RFC 8785 JSON canonicalisation: keys sorted, no whitespace, numbers and strings as ECMAScript prints them. */
export function canonicalJson(v: unknown, sorted = alreadySorted(v)): string {
  if (sorted) return JSON.stringify(v);
  // Native JSON.stringify with every object rebuilt in sorted key order; objects with array-index keys
  // (which JavaScript always enumerates first) go through the slow path below.
  let slow = false;
  const text = JSON.stringify(v, (_k, val: unknown) => {
    if (typeof val === 'number' && !Number.isFinite(val)) throw new TypeError('non-finite number in a record');
    if (val === null || typeof val !== 'object' || Array.isArray(val)) return val;
    const keys = Object.keys(val).sort();
    if (keys.some((k) => ARRAY_INDEX.test(k))) slow = true;
    const o: Record<string, unknown> = {};
    for (const k of keys) o[k] = (val as Record<string, unknown>)[k];
    return o;
  });
  return slow ? canonicalSlow(v) : text;
}

function canonicalSlow(v: unknown): string {
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError('non-finite number in a record');
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalSlow(x))).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalSlow(o[k])}`).join(',')}}`;
  }
  throw new TypeError(`cannot put ${typeof v} in a record`);
}

/** The record's own hash: SHA-256 (hex) of its canonical JSON without the "hash" field. */
export function recordHash(r: Omit<LedgerRecord, 'hash'> | LedgerRecord): string {
  const { hash: _h, ...rest } = r as LedgerRecord;
  const h = createHash('sha256');
  if (alreadySorted(rest)) hashJsonPieces(h, rest as Record<string, unknown>);
  else h.update(canonicalJson(rest, false), 'utf8');
  return h.digest('hex');
}

/**
 * Hash JSON.stringify(v) of an object whose keys are all in sorted order (alreadySorted: no array-index keys, no
 * undefined values, no non-finite numbers) without making it as one string: a field at a time, a long list LIST_CHUNK
 * elements at a time. (A verified draw's record is 24 MB of JSON: one string twice that size, flattened, and encoded
 * again to be hashed.) The bytes hashed are exactly JSON.stringify(v)'s.
 */
function hashJsonPieces(h: ReturnType<typeof createHash>, v: Record<string, unknown>): void {
  h.update('{', 'latin1');
  let first = true;
  for (const k of Object.keys(v)) {
    const x = v[k];
    h.update(`${first ? '' : ','}${JSON.stringify(k)}:`, 'utf8');
    first = false;
    if (Array.isArray(x) && x.length > LIST_CHUNK) {
      // a chunk at a time, as sealRecordBytes writes long lists (long-json.ts)
      for (let i = 0; i < x.length; i += LIST_CHUNK) {
        const json = chunkJson(x, i);
        // `[e,…,e]` of each chunk: the list's `[` and its `]` once, a comma between chunks
        h.update(json.slice(i === 0 ? 0 : 1, i + LIST_CHUNK >= x.length ? json.length : json.length - 1), 'utf8');
        if (i + LIST_CHUNK < x.length) h.update(',', 'latin1');
      }
    } else h.update(JSON.stringify(x), 'utf8');
  }
  h.update('}', 'latin1');
}

/** A hash in groups of four, for reading aloud and copying onto paper. */
export function groupsOf4(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

export function recordedVisits(visits: readonly Visit[]): RecordedVisit[] {
  // keys in sorted order: records are stored that way (see sealRecord)
  return visits.map((v) => ({
    code: v.code, items: [...v.items], name: v.name,
    picks: v.picks.map((p) => ({ item: p.item, position: p.position, stratum: p.stratum })),
    team: v.team.map((m) => ({ certNo: m.certNo, name: m.name, role: m.role })),
  }));
}

/**
 * sealRecord with the file text as UTF-8 bytes: the same record, and exactly Buffer.from(sealRecord(body).text), for
 * records of tens of thousands of entities. Each field is stringified and encoded once (a long list a chunk of elements
 * at a time: appendLongField in long-json.ts): its bytes are the compact JSON that is hashed, and go into the file
 * text a list element per line.
 */
export function sealRecordBytes<R extends LedgerRecord>(body: Omit<R, 'hash'>): { record: R; bytes: Buffer } {
  const entries = Object.entries(body)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, sortKeysDeep(v)] as [string, unknown])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const placeholder = '0'.repeat(64);
  const all = [...entries, ['hash', placeholder] as [string, unknown]].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const fields = all.map(([k, v]) => longField(k, v));
  const long = new ByteBuilder(fields.reduce((n, f) => n + f.size, 8)); // longText of the parts, hash included
  const h = createHash('sha256'); // compactText of the parts but hash
  let hashAt = -1;
  let firstHashed = true;
  fields.forEach((f, i) => {
    const hashed = f.key !== 'hash';
    if (!hashed) hashAt = long.at + 13; // after `,\n  "hash": "` (13 bytes)
    if (hashed) {
      h.update(`${firstHashed ? '{' : ','}${JSON.stringify(f.key)}:`, 'utf8');
      firstHashed = false;
    }
    appendLongField(long, f, i === 0, hashed ? (json) => h.update(json) : undefined);
  });
  long.text('\n}\n');
  h.update('}', 'utf8');
  const hash = h.digest('hex');
  long.buf.write(hash, hashAt, 'latin1');
  const record = Object.fromEntries(all.map(([k, v]) => [k, k === 'hash' ? hash : v])) as unknown as R;
  return { record, bytes: long.buf.subarray(0, long.at) };
}
