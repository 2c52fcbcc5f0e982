// Each task's results, deadline and publications, read once for ssj status and ssj report.
import { checksEnded, type Publication } from '../core/results.js';
import { effectiveEntries, mergedGroups } from '../core/visits.js';
import type { Task, TaskProgress } from '../core/tasks.js';
import { readAllLatest, readPublications, type LatestResults } from '../io/results.js';
import type { Workspace } from '../io/workspace.js';
import { deadlineOf, publishedOnTime } from './deadline.js';

/** `latest`: readAllLatest's result when the caller has read it already (each results file is then read once). */
export async function taskProgress(ws: Workspace, tasks: readonly Task[], latest?: LatestResults): Promise<Map<string, TaskProgress>> {
  latest ??= await readAllLatest(ws.root);
  const pubs = new Map<string, Publication[]>(); // by task, in order
  for (const p of await readPublications(ws.root)) {
    const list = pubs.get(p.task);
    if (list) list.push(p);
    else pubs.set(p.task, [p]);
  }
  const out = new Map<string, TaskProgress>();
  // 合并检查: a result entered under one task of a merged visit counts for every task of it
  const byTask = new Map([...latest].map(([k, v]) => [k, v.latest]));
  const visits = mergedGroups(tasks); // (only the merged ones: effectiveEntries needs no other)
  for (const t of tasks) {
    let results = latest.get(t.id)?.latest ?? null;
    const entries = effectiveEntries(t, byTask, visits);
    if (entries.length > (results?.entries.length ?? 0)) {
      if (results) results = { ...results, entries };
      else if (entries.length >= t.visits.length) {
        // every visit of the task was merged into another task's whose result is entered: version 0, taken from them
        const from = [...byTask.values()].find((v) => v && entries.some((e) => v.entries.some((x) => x.code === e.code)))!;
        results = { ...from, task: t.id, recordHash: t.recordHash, version: 0, entries };
      }
    }
    const ended = results ? checksEnded(results.entries) : null;
    const deadline = ended ? await deadlineOf(ws, ended) : null;
    const publications = pubs.get(t.id) ?? [];
    const published = publications[0]?.date ?? null;
    const onTime = published && ended && deadline ? publishedOnTime(deadline, ended, published) : null;
    out.set(t.id, {
      task: t.id, results, checksEnded: ended, due: deadline?.due ?? null, dueUnknown: deadline?.unknown ?? null,
      publications, published, onTime,
    });
  }
  return out;
}
