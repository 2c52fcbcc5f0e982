// ssj status's part for the paper trail: each task's missing evidence (in --json as `lacks` and `evidence` on each
// task), entities found gone that the registry still lists as active, and the June/December registry reminder.
import { registryReminder } from '../core/evidence.js';
import type { LedgerEntry } from '../core/ledger.js';
import type { Task } from '../core/tasks.js';
import type { LatestResults } from '../io/results.js';
import { c, out } from '../ui/output.js';
import { hanging, ttyWidth, wrapped } from '../ui/terminal.js';
import { readLacks, readTrail, type Trail } from './trail.js';

/** Each task's `lacks` and `evidence`, set on its row of the status list. */
function fill(list: { task: string }[], trail: Pick<Trail, 'lacks' | 'evidenceCount'>): void {
  for (const s of list as ({ task: string } & Record<string, unknown>)[]) {
    s['lacks'] = (trail.lacks.get(s.task) ?? []).map((l) => l.text);
    s['evidence'] = trail.evidenceCount.get(s.task) ?? 0;
  }
}

/**
 * ssj status --json's part: `lacks` and `evidence` on each row, and nothing else (the registry, the plans and the
 * import log are read only for what trailStatus renders).
 */
export function trailLacks(root: string, entries: readonly LedgerEntry[], tasks: readonly Task[], list: { task: string }[], latest: LatestResults): void {
  fill(list, readLacks(root, entries, tasks, latest));
}

export async function trailStatus(root: string, entries: readonly LedgerEntry[], tasks: readonly Task[], list: { task: string }[], today: string, latest?: LatestResults): Promise<{ render: () => void }> {
  const trail = await readTrail(root, entries, tasks, latest);
  fill(list, trail);
  return {
    render() {
      // wrapped to the terminal (continuation lines indented under the text; piped output stays one line per entry)
      const width = ttyWidth();
      const line = (text: string, style: (s: string) => string) => (width ? wrapped(text, style, width) : style(text));
      const missing = [...trail.lacks].filter(([, l]) => l.length);
      if (missing.length) {
        out(c.bold('还缺少的证据材料') + c.dim('（用 ssj attach 任务 文件… --kind 类别 保存）'));
        for (const [task, lacks] of missing) out(hanging(`  ${task}：`, lacks.map((l) => l.text).join('；'), width));
      }
      const pending = trail.gone.filter((g) => g.registry === 'active');
      if (pending.length) {
        out(line(`检查中发现注销、被吊销、被撤销、迁出的 ${pending.length} 个检查对象在名录库中仍为在业：${pending.slice(0, 5).map((g) => `${g.name}（${g.result}）`).join('、')}${pending.length > 5 ? ' 等' : ''}`, c.warn));
        out(c.dim('  导出名录库调整清单：ssj export adjustments；调整名录库后重新导入'));
      }
      const reminder = registryReminder(today, trail.registryImported);
      if (reminder) out(line(reminder, c.warn));
      if (trail.plans.length === 0) out(c.dim('本年度抽查计划还没有备案：ssj plan --file'));
    },
  };
}
