// ssj report's part for the paper trail. Adds to the report (--json, additive fields):
//   items[].filed        the filed plan's row for the item and how what was done differs (null: plan not filed)
//   items[].gone         entities of the item found 注销/被吊销/被撤销/迁出
//   items[].evidenceGaps standing tasks of the item that still lack evidence
//   plan                 { filed: { id, version, date, firstDate, adjustments } | null, differences }
//   evidence             { files, records, tasks: [ { task, lacks } ] }
//   upward               [ { org, year, task, items, code, name, result, checkDate, registry } ]  (逐级上报)
// and the sheets 计划对照, 证据材料, 逐级上报 to the workbook. docs/paper-trail.md.
import type { DisclosureTable } from '../core/disclosure.js';
import type { GoneFound } from '../core/evidence.js';
import { compareWithFiled, type FiledItem } from '../core/filed-plan.js';
import type { LedgerEntry } from '../core/ledger.js';
import type { YearReport } from '../core/report.js';
import type { Task } from '../core/tasks.js';
import type { LatestResults } from '../io/results.js';
import type { Workspace } from '../io/workspace.js';
import { c, out } from '../ui/output.js';
import { hanging, ttyWidth } from '../ui/terminal.js';
import { readTrail } from './trail.js';

export const UPWARD_COLUMNS = ['序号', '上报单位', '年度', '统一社会信用代码', '市场主体名称', '检查发现', '检查日期', '抽查任务', '抽查事项', '名录库处理情况'];

/** One entity found gone, as a unit reports it upward: where it was found (evidence.ts GoneFound) and what the registry did. */
export type UpwardRow = Omit<GoneFound, 'remark'> & { org: string; year: number; registry: string };

export const upwardRows = (rows: readonly UpwardRow[]) =>
  rows.map((g, i) => [i + 1, g.org, g.year, g.code, g.name, g.result, g.checkDate, g.task, g.items.join('、'), g.registry]);

export async function annotateReport(ws: Workspace, r: YearReport, entries: readonly LedgerEntry[], tasks: readonly Task[], latest?: LatestResults): Promise<{ tables: DisclosureTable[]; render: () => void }> {
  const trail = await readTrail(ws.root, entries, tasks, latest);
  const last = trail.plans.at(-1);
  const rows = new Map((last?.rows ?? []).map((x) => [x.item, x]));
  const standing = tasks.filter((t) => t.replacedBy.length === 0);
  const differences: string[] = [];
  for (const it of r.items as (YearReport['items'][number] & { filed?: FiledItem | null; gone?: number; evidenceGaps?: number })[]) {
    const visits = it.rounds.reduce((a, x) => a + x.sample, 0);
    it.filed = last ? compareWithFiled(rows.get(it.item), last.version, { roundsDone: it.roundsDone, visits, notDrawn: it.notDrawn }) : null;
    if (last && !rows.has(it.item)) differences.push(`${it.item} ${it.name}：不在备案的计划中`);
    for (const d of it.filed?.differences ?? []) differences.push(`${it.item} ${it.name}：${d}`);
    it.gone = trail.gone.filter((g) => g.items.includes(it.item)).length;
    it.evidenceGaps = standing.filter((t) => t.draw.task.items.some((x) => x.id === it.item) && (trail.lacks.get(t.id) ?? []).length > 0).length;
  }
  const upward: UpwardRow[] = trail.gone.map((g) => ({ org: r.org, year: r.year, task: g.task, items: g.items, code: g.code, name: g.name, result: g.result, checkDate: g.checkDate, registry: g.registryText }));
  const gaps = [...trail.lacks].filter(([, l]) => l.length).map(([task, l]) => ({ task, lacks: l.map((x) => x.text) }));
  const extra = r as YearReport & Record<string, unknown>;
  extra['plan'] = { filed: last ? { id: last.id, version: last.version, date: last.date, firstDate: trail.plans[0]!.date, adjustments: last.version - 1 } : null, differences };
  extra['evidence'] = { records: trail.evidence.length, files: trail.evidence.reduce((a, e) => a + e.files.length, 0), tasks: gaps };
  extra['upward'] = upward;

  const title = (what: string) => `${r.org}${r.year}年度“双随机、一公开”抽查情况报告 · ${what}（截至 ${r.asOf}）`;
  const tables: DisclosureTable[] = [
    {
      title: title(last ? `与备案计划（第 ${last.version} 版，${last.date}）对照` : '与备案计划对照（计划未备案）'), sheet: '计划对照',
      columns: ['事项编号', '抽查事项', '备案抽查次数', '已抽次数', '备案全年户次', '已抽户次', '差别'], widths: [10, 30, 10, 8, 10, 8, 60],
      rows: (r.items as (YearReport['items'][number] & { filed?: FiledItem | null })[]).map((it) => [
        it.item, it.name, it.filed ? it.filed.rounds : '—', it.roundsDone, it.filed ? it.filed.total : '—', it.rounds.reduce((a, x) => a + x.sample, 0),
        !last ? '计划未备案' : !it.filed ? '不在备案的计划中' : it.filed.differences.join('；') || '与备案计划一致',
      ]),
    },
    {
      title: title('证据材料'), sheet: '证据材料', columns: ['抽查任务', '已保存（份）', '还缺少'], widths: [12, 10, 90],
      // a row for each thing lacking: joined in one cell, a 60-entity task's 整改材料 made a row taller than Excel's
      // 409 pt and most of a page, unreadable and left a page nearly empty before it
      rows: standing.flatMap((t) => {
        const saved = trail.evidenceCount.get(t.id) ?? 0;
        const lacks = trail.lacks.get(t.id) ?? [];
        return lacks.length ? lacks.map((l) => [t.id, saved, l.text]) : [[t.id, saved, '齐全']];
      }),
    },
    {
      title: `${r.org}${r.year}年度检查中发现注销、被吊销、被撤销、迁出的市场主体汇总表（逐级上报）`, sheet: '逐级上报', columns: UPWARD_COLUMNS,
      widths: [6, 24, 6, 22, 34, 10, 12, 12, 20, 26], rows: upwardRows(upward),
    },
  ];
  return {
    tables,
    render() {
      out();
      if (!last) out(c.dim('抽查计划未备案（ssj plan --file），无法与备案计划对照'));
      else {
        out(c.bold('与备案计划对照') + c.dim(`（第 ${last.version} 版，${last.date}${last.version > 1 ? `；调整 ${last.version - 1} 次` : ''}）`));
        if (differences.length === 0) out(`  ${c.ok('✔')} 各事项按备案计划完成`);
        for (const d of differences) out(`  ${c.warn('•')} ${d}`);
      }
      out(c.bold('证据材料') + c.dim(`（已保存 ${trail.evidence.reduce((a, e) => a + e.files.length, 0)} 个文件）`));
      if (gaps.length === 0) out(`  ${c.ok('✔')} 各任务的证据材料齐全`);
      for (const g of gaps) out(hanging(`  ${c.warn('•')} `, `${g.task}：${g.lacks.join('；')}`, ttyWidth()));
      const pending = trail.gone.filter((g) => g.registry === 'active').length;
      out(c.bold('逐级上报') + c.dim(`（注销、被吊销、被撤销、迁出 ${upward.length} 个${pending ? `，名录库中仍为在业 ${pending} 个：ssj export adjustments` : ''}）`));
    },
  };
}
