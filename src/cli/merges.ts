// 合并检查 for the commands that draw (ssj draw, ssj draw replace): which entities just drawn another open task holds, and the notice shown after the record is saved.
import type { LedgerRecord, RecordedVisit } from '../core/record.js';
import { tasksOf } from '../core/tasks.js';
import { decideMerges, type MergeNote } from '../core/visits.js';

/**
 * The merges a draw (or a 补抽) makes: each entity in `drawn` that another standing task of the ledger `past` holds with
 * no result entered yet. `leaveOut`: the tasks not to merge with (the draws a re-draw replaces; the draw amended).
 */
export async function openMerges(root: string, past: readonly LedgerRecord[], leaveOut: readonly string[], drawn: readonly RecordedVisit[], ctx: Parameters<typeof decideMerges>[3]): Promise<MergeNote[]> {
  if (drawn.length === 0 || !past.some((r) => r.kind === 'draw')) return [];
  const { readAllLatest } = await import('../io/results.js');
  const latest = new Map([...(await readAllLatest(root))].map(([k, v]) => [k, v.latest]));
  return decideMerges(drawn, tasksOf(past).filter((t) => !leaveOut.includes(t.id)), latest, ctx);
}

/** The merge notice, on screen after the record is saved. */
export function mergeLines(merge: readonly MergeNote[]): string[] {
  return merge.map((m) => `${m.name}（${m.code}）也是 ${m.with.map((w) => `${w.task}（事项 ${w.items.join('、')}）`).join('、')} 的检查对象，尚未录入检查结果：应合并实施检查，` +
    `检查组${m.teamFrom === 'earlier' ? '由先前任务的检查组承担' : '由两个任务的检查组共同组成'}：${m.team.map((x) => `${x.role}${x.name}`).join('、')}（ssj visits 查看）`);
}

/** The merges as `--json` prints them (`merged`). */
export const mergedJson = (merge: readonly MergeNote[]) =>
  merge.map((m) => ({ code: m.code, name: m.name, tasks: m.with.map((w) => w.task), teamFrom: m.teamFrom, team: m.team }));
