// Each task's results, deadline and publications, read once for ssj status and ssj report.
import { checksEnded } from '../core/results.js';
import type { Task, TaskProgress } from '../core/tasks.js';
import { readAllLatest, readPublications } from '../io/results.js';
import type { Workspace } from '../io/workspace.js';
import { deadlineOf } from './deadline.js';

export async function taskProgress(ws: Workspace, tasks: readonly Task[]): Promise<Map<string, TaskProgress>> {
  const latest = await readAllLatest(ws.root);
  const pubs = await readPublications(ws.root);
  const out = new Map<string, TaskProgress>();
  for (const t of tasks) {
    const results = latest.get(t.id)?.latest ?? null;
    const ended = results ? checksEnded(results.entries) : null;
    const deadline = ended ? await deadlineOf(ws, ended) : null;
    const publications = pubs.filter((p) => p.task === t.id);
    out.set(t.id, {
      task: t.id, results, checksEnded: ended, due: deadline?.due ?? null, dueUnknown: deadline?.unknown ?? null,
      publications, published: publications[0]?.date ?? null,
    });
  }
  return out;
}
