// ssj visits [--json] [-o FILE.xlsx]: the inspections to make this year, one per entity visit — an entity drawn in
// several standing tasks (merged by the later draw, see core/visits.ts) is one visit with every task, item and
// one team.
import { resolve } from 'node:path';
import { usageError } from '../core/errors.js';
import { mergedVisits, type MergedVisit } from '../core/visits.js';
import { readAllLatest } from '../io/results.js';
import { openWorkspace } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import { renderTable } from '../ui/table.js';
import type { VisitsOptions } from './options/visits.js';
import type { GlobalOptions } from './main.js';
import { loadTasks } from './records.js';

export async function visits(opts: VisitsOptions, g: GlobalOptions): Promise<number> {
  if (opts.output !== undefined && !opts.output.toLowerCase().endsWith('.xlsx')) throw usageError(`-o 应给出 .xlsx 文件名，现在是「${opts.output}」`);
  const ws = await openWorkspace(g.cwd);
  const { tasks } = await loadTasks(ws.root);
  const latest = new Map([...(await readAllLatest(ws.root))].map(([k, v]) => [k, v.latest]));
  const list = mergedVisits(tasks, latest);
  const names = new Map<string, string>();
  for (const t of tasks) for (const it of t.draw.task.items) names.set(it.id, it.name);
  const path = opts.output !== undefined ? resolve(g.cwd, opts.output) : null;
  if (path) {
    const { writeTables } = await import('../io/table-writer.js');
    await writeTables(path, [{
      title: `${ws.config.org}${ws.config.year}年度检查安排（合并检查）`, sheet: '检查安排',
      columns: ['序号', '市场主体名称', '统一社会信用代码', '抽查任务', '抽查事项', '检查组（姓名、执法证号）', '合并检查', '检查结果'],
      widths: [6, 36, 22, 22, 40, 44, 24, 10],
      rows: list.map((v, i) => [
        i + 1, v.name, v.code, v.tasks.join('、'), v.items.map((id) => names.get(id) ?? id).join('、'), teamLine(v),
        v.merged ? `是（检查组：${v.teamFrom === 'earlier' ? '先前任务的检查组' : '两任务检查组共同'}）` : '', v.done ? '已录入' : '未录入',
      ]),
    }]);
  }
  if (opts.json) {
    json(list.map((v) => ({ code: v.code, name: v.name, tasks: v.tasks, items: v.items, team: v.team.map((m) => ({ certNo: m.certNo, name: m.name, role: m.role })), merged: v.merged, teamFrom: v.teamFrom, done: v.done })));
    return 0;
  }
  const merged = list.filter((v) => v.merged).length;
  out(c.bold(`${ws.config.org} ${ws.config.year} 年度检查安排：${list.length} 户次${merged ? `，其中合并检查 ${merged} 户次` : ''}`));
  out(renderTable(
    ['序号', '检查对象', '抽查任务', '事项', '检查组', '结果'],
    list.map((v, i) => [i + 1, `${v.name}（${v.code}）`, v.tasks.join('、'), v.items.join('、'), v.team.map((m) => `${m.role}${m.name}`).join('、'), v.done ? c.ok('已录入') : '未录入']),
    // fitted to the terminal: names and items shortened first, the team last (the .xlsx has every column whole)
    { right: [0], maxWidth: 40, fit: true, shrink: [1, 3], shrinkLast: [4], minWidth: 16 },
  ));
  if (merged) out(c.dim('合并检查：同一检查对象在多个抽查任务中被抽中且尚未检查的，合并实施一次检查，检查结果录入一次即计入各个任务。'));
  if (path) out(`${sym.ok} 已写入 ${c.em(path)}`);
  return 0;
}

const teamLine = (v: MergedVisit) => v.team.map((m) => `${m.role} ${m.name}（${m.certNo}）`).join('、');
