// 备案的年度抽查计划: the plan as filed with the level above (ssj plan --file), and each adjustment after it
// (ssj plan adjust --reason), as ledger records (kind "plan"). Pure: the record's shape, its differences from
// another version, and how done compares with filed. docs/paper-trail.md.
import type { PlanJson } from './plan.js';

export const PLAN_FORMAT = 'ssj-plan/1';
export const PLAN_KIND = 'plan';

/** A list the plan was computed from: the snapshot imported then. */
export interface PlanInput {
  snapshot: string;
  size: number;
  /** when that snapshot was imported */
  imported: string;
}

/** One field of one item that differs between two plan versions. */
export interface PlanChange {
  item: string;
  name: string;
  /** 'added' / 'removed': the whole item; else the field that changed */
  change: 'added' | 'removed' | 'changed';
  field: string | null;
  /** the field's Chinese label */
  label: string | null;
  before: string | null;
  after: string | null;
}

/** A plan record (plans/<year>-plan-v<N>.json); the ledger registers the SHA-256 of its bytes. */
export interface PlanFiling {
  format: typeof PLAN_FORMAT;
  id: string;
  org: string;
  year: number;
  /** 1 for the plan as first filed, 2 for its first adjustment, … */
  version: number;
  /** the filing date (YYYY-MM-DD) and time */
  date: string;
  at: string;
  operator: string;
  /** why the plan was adjusted; null for the first version */
  reason: string | null;
  /** the version this one adjusts (its ledger id and hash); null for the first */
  previous: { id: string; hash: string } | null;
  lists: { items: PlanInput; entities: PlanInput };
  settings: { minRatio: number; minRounds: number; riskRatios: unknown };
  /** the plan's rows as published (ssj plan --json), drawn items and not drawn ones */
  rows: PlanJson[];
  /** differences from the previous version ([] for the first) */
  changes: PlanChange[];
}

export const planId = (year: number, version: number) => `${year}-plan-v${version}`;
export const planFile = (year: number, version: number) => `plans/${planId(year, version)}.json`;

/** The fields compared between versions, with their Chinese labels. */
const FIELDS: [keyof PlanJson, string][] = [
  ['name', '抽查事项'], ['target', '检查对象'], ['section', '责任股室'], ['subject', '检查主体'], ['pool', '在业检查对象'],
  ['ratioText', '抽查比例'], ['perRound', '每次抽查数量'], ['rounds', '抽查次数'], ['months', '计划开展时间'], ['total', '全年抽查数量'],
  ['reason', '不抽查原因'],
];

const show = (v: unknown): string => (v === null || v === undefined ? '' : Array.isArray(v) ? v.map((m) => `${m}月`).join('、') : String(v));

/** What changes from `before` to `after`, item by item, in `after`'s order (removed items last). */
export function diffPlans(before: readonly PlanJson[], after: readonly PlanJson[]): PlanChange[] {
  const old = new Map(before.map((r) => [r.item, r]));
  const changes: PlanChange[] = [];
  for (const r of after) {
    const o = old.get(r.item);
    if (!o) {
      changes.push({ item: r.item, name: r.name, change: 'added', field: null, label: null, before: null, after: r.reason ?? `${r.ratioText}，${r.roundsText}` });
      continue;
    }
    for (const [f, label] of FIELDS) {
      const a = show(o[f]);
      const b = show(r[f]);
      if (a !== b) changes.push({ item: r.item, name: r.name, change: 'changed', field: f, label, before: a, after: b });
    }
  }
  const now = new Set(after.map((r) => r.item));
  for (const o of before) if (!now.has(o.item)) changes.push({ item: o.item, name: o.name, change: 'removed', field: null, label: null, before: o.reason ?? `${o.ratioText}，${o.roundsText}`, after: null });
  return changes;
}

/** One change in words, e.g. 「ZJ-001 每次抽查数量：3 → 4」. */
export function changeText(c: PlanChange): string {
  if (c.change === 'added') return `${c.item} ${c.name}：新增事项（${c.after}）`;
  if (c.change === 'removed') return `${c.item} ${c.name}：删去事项（原为 ${c.before}）`;
  return `${c.item} ${c.label}：${c.before || '（空）'} → ${c.after || '（空）'}`;
}

/** What a year report item carries of the filed plan: the latest filed version's row for the item. */
export interface FiledItem {
  version: number;
  rounds: number;
  perRound: number;
  total: number;
  months: number[];
  /** differences between what was done and what was filed, in words ([] when done as filed) */
  differences: string[];
}

/** Done vs filed for one item: rounds drawn and entities drawn against the filed rounds and total. */
export function compareWithFiled(row: PlanJson | undefined, version: number, done: { roundsDone: number; visits: number; notDrawn: boolean }): FiledItem | null {
  if (!row) return null;
  const differences: string[] = [];
  if (row.reason !== null && !done.notDrawn && done.roundsDone > 0) differences.push(`备案计划中不抽查（${row.reason}），实际抽查 ${done.roundsDone} 次`);
  if (row.reason === null) {
    if (done.roundsDone < row.rounds) differences.push(`备案计划 ${row.rounds} 次，已抽查 ${done.roundsDone} 次`);
    if (done.roundsDone > row.rounds) differences.push(`备案计划 ${row.rounds} 次，实际抽查 ${done.roundsDone} 次（多于计划）`);
    if (done.visits < row.total && done.roundsDone >= row.rounds) differences.push(`备案计划全年抽查 ${row.total} 户次，实际 ${done.visits} 户次`);
  }
  return { version, rounds: row.rounds, perRound: row.perRound, total: row.total, months: row.months, differences };
}
