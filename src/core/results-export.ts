// What the results export (检查结果) publishes for each task, from the tasks and each task's latest results version:
// a task with its own version publishes it (with the entries a merged visit's other task entered: core/visits.ts);
// a task without one publishes, once a merged visit's results cover all its entities, those of the task holding
// them. Shared by ssj export results and ssj verify, which rebuilds a published table from the ledger as it was.
import type { ResultsVersion } from './results.js';
import type { Task } from './tasks.js';
import { effectiveEntries, mergedGroups } from './visits.js';

/**
 * The tasks of `tasks` that have results to publish, each with them. `all` is every task of the ledger (merges may
 * join a standing task with any other), `latest` each task's latest results version in the order read.
 */
export function resultsToPublish(tasks: readonly Task[], all: readonly Task[], latest: ReadonlyMap<string, ResultsVersion>): { task: Task; results: ResultsVersion }[] {
  const withResults: { task: Task; results: ResultsVersion }[] = [];
  const merged = mergedGroups(all); // (only the merged ones: effectiveEntries needs no other)
  let firstWith: Map<string, number> | undefined; // code → the first task's results (in latest's order) that has it
  const holders = [...latest.values()];
  for (const t of tasks) {
    const v = latest.get(t.id);
    const entries = effectiveEntries(t, latest, merged);
    if (v) withResults.push({ task: t, results: entries.length > v.entries.length ? { ...v, entries } : v });
    else if (entries.length && entries.length >= t.visits.length) {
      if (!firstWith) {
        firstWith = new Map();
        holders.forEach((x, k) => x.entries.forEach((y) => firstWith!.has(y.code) || firstWith!.set(y.code, k)));
      }
      const from = holders[Math.min(...entries.map((e) => firstWith!.get(e.code) ?? Infinity))]!;
      withResults.push({ task: t, results: { ...from, task: t.id, recordHash: t.recordHash, version: 0, entries } });
    }
  }
  return withResults;
}
