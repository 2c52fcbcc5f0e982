// 抽查任务: a draw as the clerk follows it after the draw — its entities after amendments, and whether a re-draw replaced it.
import { entitiesAfter, standingDraws } from './ledger.js';
import type { AmendmentRecord, DrawRecord, LedgerRecord, RecordedVisit } from './record.js';
import type { Publication, ResultsVersion } from './results.js';

export interface Task {
  /** the draw id, which is the 抽查任务编号 */
  id: string;
  draw: DrawRecord;
  /** the entities to inspect, after amendments */
  visits: RecordedVisit[];
  amendments: AmendmentRecord[];
  /** hash of the draw's latest record (the draw, or its last amendment) */
  recordHash: string;
  /** the re-draws that replaced this draw for all its items, or [] while it stands */
  replacedBy: string[];
}

/** Every draw of the ledger as a task, in ledger order. */
export function tasksOf(records: readonly LedgerRecord[]): Task[] {
  const standing = standingDraws(records);
  // each draw's amendments in ledger order, gathered once (not a scan of every record per draw: 500 draws)
  const amendmentsBy = new Map<string, AmendmentRecord[]>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.kind !== 'amendment') continue;
    const list = amendmentsBy.get(r.of.id);
    if (list) list.push(r);
    else amendmentsBy.set(r.of.id, [r]);
  }
  const out: Task[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.kind !== 'draw') continue;
    const amendments = amendmentsBy.get(r.id) ?? [];
    const replacedBy = r.task.items.map((it) => standing.get(it.id)?.get(r.task.round)).filter((d) => d && d.id !== r.id).map((d) => d!.id);
    out.push({
      id: r.id,
      draw: r,
      visits: entitiesAfter(r, amendments),
      amendments,
      recordHash: amendments.at(-1)?.hash ?? r.hash,
      replacedBy: replacedBy.length === r.task.items.length ? [...new Set(replacedBy)] : [],
    });
  }
  return out;
}

/** Where a task stands with its results and their publication. */
export interface TaskProgress {
  task: string;
  /** the latest results version, null before any */
  results: ResultsVersion | null;
  checksEnded: string | null;
  /** null while no results, or when the holiday schedule is unknown */
  due: string | null;
  /** why due is null although results are entered */
  dueUnknown: string | null;
  /** the task's publications, in order */
  publications: Publication[];
  /** first publication date */
  published: string | null;
  /**
   * whether the first publication met the deadline; null while unpublished, or when the deadline is unknown and the
   * publication came later than the same number of calendar days (N working days are never fewer calendar days, so
   * a publication within N calendar days of the checks' end is on time whatever the holidays)
   */
  onTime: boolean | null;
}

/** 检查事项 names of the given item ids, as the task recorded them, joined with 、 */
export const itemNames = (t: Task, ids: readonly string[]) => ids.map((id) => t.draw.task.items.find((i) => i.id === id)?.name ?? id).join('、');
