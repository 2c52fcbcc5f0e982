// ssj status [--json]: every task's stage (drawn → results entered → published) and its disclosure deadline.
import type { Task } from '../core/tasks.js';
import { today } from '../io/clock.js';
import { readAllLatest, type LatestResults } from '../io/results.js';
import { openWorkspace, type Workspace } from '../io/workspace.js';
import { c, json, out } from '../ui/output.js';
import { renderTable } from '../ui/table.js';
import { wrapped } from '../ui/terminal.js';
import { workingDaysLeft } from './deadline.js';
import { taskProgress } from './progress.js';
import type { StatusOptions } from './options/status.js';
import type { GlobalOptions } from './main.js';
import { loadTasks } from './records.js';

export type Stage = 'drawn' | 'results' | 'published';
export const STAGE_LABEL: Record<Stage, string> = { drawn: '已抽取', results: '已录入结果', published: '已公示' };

export interface TaskStatus {
  task: string;
  name: string;
  items: string[];
  drawDate: string;
  entities: number;
  stage: Stage;
  /** 检查完成日期: the last check date of the latest results, null before results are entered */
  checksEnded: string | null;
  /** the disclosure due date, null before results or when the holiday schedule is unknown */
  due: string | null;
  /** why due is null although results are entered */
  dueUnknown: string | null;
  /** working days from today to the due date (0 = due today, negative = overdue), while unpublished */
  daysLeft: number | null;
  /** the deadline was missed: unpublished after the due date, or first published after it */
  overdue: boolean;
  /** the first publication met the deadline (also told with the deadline unknown when within as many calendar days); null while unpublished or when it cannot be told */
  onTime: boolean | null;
  resultsVersion: number | null;
  /** the first publication date, and its url */
  published: string | null;
  url: string | null;
  /** results were corrected after they were published (publish again) */
  republish: boolean;
  /** the task's entities without a result in its latest version (one drawn in by a 补抽 after results were entered); 0 before results */
  missingResults: number;
}

/** How many of a task's entities (as it stands, after its 补抽) its results do not cover. */
function missingOf(t: Task, entries: readonly { code: string }[]): number {
  const have = new Set(entries.map((e) => e.code));
  return t.visits.filter((v) => !have.has(v.code)).length;
}

/** The status of each standing task; replaced draws are left out. */
export async function taskStatuses(ws: Workspace, tasks: readonly Task[], now: string, latest?: LatestResults): Promise<TaskStatus[]> {
  const standing = tasks.filter((t) => t.replacedBy.length === 0);
  const progress = await taskProgress(ws, standing, latest);
  const out: TaskStatus[] = [];
  for (const t of standing) {
    const { results: res, checksEnded: ended, due, dueUnknown, publications, onTime } = progress.get(t.id)!;
    const first = publications[0] ?? null;
    const stage: Stage = first ? 'published' : res ? 'results' : 'drawn';
    const daysLeft = stage === 'results' && due ? await workingDaysLeft(ws, now, due) : null;
    const overdue = due !== null && (first ? first.date > due : stage === 'results' && now > due);
    out.push({
      task: t.id, name: t.draw.task.name, items: t.draw.task.items.map((i) => i.id), drawDate: t.draw.date,
      entities: t.visits.length, stage, checksEnded: ended, due, dueUnknown, daysLeft, overdue, onTime,
      resultsVersion: res?.version ?? null, published: first?.date ?? null, url: first?.url || null,
      republish: Boolean(res && publications.length && Math.max(...publications.map((p) => p.version)) < res.version),
      missingResults: res ? missingOf(t, res.entries) : 0,
    });
  }
  return out;
}

export async function status(opts: StatusOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  // no exclusion lists (status never replays a draw), and no picks or teams of the entities (it counts them)
  const { tasks, entries } = await loadTasks(ws.root, { light: true, bareVisits: true });
  const now = today();
  const latest = await readAllLatest(ws.root); // read once, for the progress and the paper trail
  const list = await taskStatuses(ws, tasks, now, latest);
  // the paper trail: what each task still lacks, registry upkeep (docs/paper-trail.md); --json states only the lacks
  const paperTrail = await import('./trail-status.js');
  if (opts.json) {
    paperTrail.trailLacks(ws.root, entries, tasks, list, latest);
    json(list);
    return 0;
  }
  const trail = await paperTrail.trailStatus(ws.root, entries, tasks, list, now, latest);
  if (list.length === 0) {
    out('还没有抽查任务。抽取：ssj draw --item 事项编号 …');
    trail.render();
    return 0;
  }
  out(wrapped(`${ws.config.org} ${ws.config.year} 年度抽查任务（今天 ${now}，结果须在检查完成后 ${ws.config.disclosureWorkingDays} 个工作日内公示）`));
  const left = (s: TaskStatus) => {
    if (s.stage === 'published') {
      if (s.overdue) return c.bad(`逾期公示（${s.published}）`);
      return s.onTime ? c.ok(`按时公示（${s.published}）`) : c.warn(`已公示（${s.published}），期限未知`);
    }
    if (s.stage === 'drawn') return c.dim('待录入结果');
    if (s.due === null) return c.warn('期限未知');
    if (s.overdue) return c.bad(`已逾期 ${-(s.daysLeft ?? 0)} 个工作日`);
    return s.daysLeft === 0 ? c.warn('今天到期') : s.daysLeft! <= 3 ? c.warn(`还剩 ${s.daysLeft} 个工作日`) : `还剩 ${s.daysLeft} 个工作日`;
  };
  out(renderTable(
    ['任务', '名称', '抽取日期', '对象', '进度', '检查完成', '公示期限', '状态'],
    list.map((s) => [s.task, s.name, s.drawDate, s.entities, (s.stage === 'results' && s.missingResults ? c.warn(`结果缺${s.missingResults}个`) : STAGE_LABEL[s.stage]) + (s.republish ? c.warn('（结果已更正，待重新公示）') : ''),
      s.checksEnded ?? '', s.due ?? '', left(s)]),
    // the state (还剩 N 个工作日, 按时公示（日期）) is what the clerk looks for: names shrink first, dates go before it is cut
    { right: [3], fit: true, shrink: [1, 4], shrinkLast: [7], drop: [2, 5], minWidth: 10 },
  ));
  const unknown = list.find((s) => s.dueUnknown);
  if (unknown) out(c.warn(unknown.dueUnknown!));
  const overdue = list.filter((s) => s.overdue && s.stage !== 'published');
  if (overdue.length) out(c.bad(`有 ${overdue.length} 个任务已超过公示期限仍未公示：${overdue.map((s) => s.task).join('、')}`));
  const short = list.filter((s) => s.missingResults > 0);
  if (short.length) out(c.warn(wrapped(`有 ${short.length} 个任务的检查结果缺少检查对象（补抽得到的）：${short.map((s) => `${s.task} 缺 ${s.missingResults} 个`).join('、')}；重新生成填报表（已填入导入过的结果）：ssj results sheet ${short[0]!.task} -o 新文件.xlsx`)));
  const replaced = tasks.filter((t) => t.replacedBy.length);
  if (replaced.length) out(c.dim(`已被再次抽取取代、不再实施的抽取：${replaced.map((t) => `${t.id}（→ ${t.replacedBy.join('、')}）`).join('，')}`));
  trail.render();
  return 0;
}
