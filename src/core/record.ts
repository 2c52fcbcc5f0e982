// 抽取记录: one JSON file per draw or amendment, never rewritten, hashed over its canonical JSON (RFC 8785).
import { createHash } from 'node:crypto';
import type { AmendmentChange, AmendmentRequest, Condition, ConflictPair, Exclusion, ScopeField, Visit } from './draw.js';
import type { SeedComponent } from './seed.js';
import type { TeamMember, TeamRule } from './teams.js';

export const RECORD_FORMAT = 'ssj-draw-record/1';

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
}

interface RecordBase {
  format: typeof RECORD_FORMAT;
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
  /** the entities drawn, after this record's changes, in draw order */
  entities: RecordedVisit[];
  /** hash of the previous record in the ledger (null for the first) */
  prev: string | null;
  /** SHA-256 of the canonical JSON of the record without this field */
  hash: string;
}

/** 抽查工作记录: one draw (or a re-draw of an item and round already drawn). */
export interface DrawRecord extends RecordBase {
  kind: 'draw';
  witnesses: string[];
  place: string;
  task: {
    name: string;
    /** 定向 when the pool is narrowed by --where, else 不定向 */
    type: '定向' | '不定向';
    items: RecordedItem[];
    round: number;
    ratio: number | null;
    count: number | null;
    where: Condition[];
    strata: ScopeField | null;
    riskRatios: Record<string, number> | null;
    teamSize: number;
    experts: number;
    teamRules: Record<string, TeamRule>;
    excludeRepeat: boolean;
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
}

export type LedgerRecord = DrawRecord | AmendmentRecord;

/** RFC 8785 JSON canonicalisation: keys sorted, no whitespace, numbers and strings as ECMAScript prints them. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError('non-finite number in a record');
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  throw new TypeError(`cannot put ${typeof v} in a record`);
}

/** The record's own hash: SHA-256 (hex) of its canonical JSON without the "hash" field. */
export function recordHash(r: Omit<LedgerRecord, 'hash'> | LedgerRecord): string {
  const { hash: _h, ...rest } = r as LedgerRecord;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/** A hash in groups of four, for reading aloud and copying onto paper. */
export function groupsOf4(hex: string): string {
  return hex.replace(/(.{4})(?=.)/g, '$1 ');
}

export function recordedVisits(visits: readonly Visit[]): RecordedVisit[] {
  return visits.map((v) => ({ code: v.code, name: v.name, items: [...v.items], picks: v.picks.map((p) => ({ ...p })), team: v.team.map((m) => ({ ...m })) }));
}
