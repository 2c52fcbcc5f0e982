// 汇总: a city (or province) combines its counties' years. Pure: each unit's verify and report output in, per unit
// and per item totals out. docs/paper-trail.md.
import type { GoneFound } from './evidence.js';
import type { ItemReport } from './report.js';

/** The report item fields the roll-up reads (ssj report --json items[]; extra fields are kept as they are). */
export type UnitItem = Pick<ItemReport, 'item' | 'name' | 'roundsDone' | 'roundsRequired' | 'pool' | 'drawn' | 'publishedOnTime' | 'publishedLate' | 'overdue' | 'awaiting' | 'notDrawn' | 'ok'> & {
  gone?: number;
  evidenceGaps?: number;
  [k: string]: unknown;
};

export interface Unit {
  org: string;
  year: number | null;
  /** the folder read (a workspace or a year-end bundle) */
  source: string;
  kind: 'workspace' | 'bundle';
  ledgerOk: boolean;
  /** why the ledger (or the bundle) does not check out */
  problems: string[];
  items: UnitItem[];
  totals: { tasks: number; visits: number; entities: number; itemsOk: number; itemsRequired: number } | null;
  workloadStats: { people: number; min: number; median: number; max: number; experts: number } | null;
  gone: (Omit<GoneFound, 'remark'> & { registry: string })[];
  evidenceGaps: { task: string; lacks: string[] }[];
}

/** The counts a unit and an item across units both total (rounds done are counted up to those required). */
export interface RollupCounts {
  roundsDone: number;
  roundsRequired: number;
  drawn: number;
  pool: number;
  publishedOnTime: number;
  publishedLate: number;
  overdue: number;
  gone: number;
  evidenceGaps: number;
}

export interface UnitSummary extends RollupCounts {
  org: string;
  ledgerOk: boolean;
  itemsRequired: number;
  itemsOk: number;
  visits: number;
  people: number;
  medianWorkload: number;
  maxWorkload: number;
}

export function unitSummary(u: Unit): UnitSummary {
  const drawnItems = u.items.filter((i) => !i.notDrawn);
  const sum = (f: (i: UnitItem) => number) => drawnItems.reduce((a, i) => a + f(i), 0);
  return {
    org: u.org, ledgerOk: u.ledgerOk, itemsRequired: drawnItems.length, itemsOk: drawnItems.filter((i) => i.ok).length,
    roundsDone: sum((i) => Math.min(i.roundsDone, i.roundsRequired)), roundsRequired: sum((i) => i.roundsRequired),
    drawn: sum((i) => i.drawn), pool: sum((i) => i.pool), publishedOnTime: sum((i) => i.publishedOnTime), publishedLate: sum((i) => i.publishedLate),
    overdue: sum((i) => i.overdue), visits: u.totals?.visits ?? 0, gone: u.gone.length, people: u.workloadStats?.people ?? 0,
    medianWorkload: u.workloadStats?.median ?? 0, maxWorkload: u.workloadStats?.max ?? 0, evidenceGaps: u.evidenceGaps.length,
  };
}

export interface ItemAcross extends RollupCounts {
  item: string;
  name: string;
  units: number;
  unitsOk: number;
}

/** Per item (by 事项编号) across the units that have it (items not drawn are left out). */
export function itemsAcross(units: readonly Unit[]): ItemAcross[] {
  const m = new Map<string, ItemAcross>();
  for (const u of units) {
    for (const i of u.items) {
      if (i.notDrawn) continue;
      const a = m.get(i.item) ?? { item: i.item, name: i.name, units: 0, unitsOk: 0, roundsDone: 0, roundsRequired: 0, drawn: 0, pool: 0, publishedOnTime: 0, publishedLate: 0, overdue: 0, gone: 0, evidenceGaps: 0 };
      a.units++;
      if (i.ok) a.unitsOk++;
      a.roundsDone += Math.min(i.roundsDone, i.roundsRequired);
      a.roundsRequired += i.roundsRequired;
      a.drawn += i.drawn;
      a.pool += i.pool;
      a.publishedOnTime += i.publishedOnTime;
      a.publishedLate += i.publishedLate;
      a.overdue += i.overdue;
      a.gone += i.gone ?? 0;
      a.evidenceGaps += i.evidenceGaps ?? 0;
      m.set(i.item, a);
    }
  }
  return [...m.values()].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

export const pctText = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '—');
