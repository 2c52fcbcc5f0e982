// ssj report [--year Y] [-o FILE.xlsx] [--json]: the year at a glance, in the terminal and as a workbook.
import { join, resolve } from 'node:path';
import type { DisclosureTable } from '../core/disclosure.js';
import { SsjError, usageError } from '../core/errors.js';
import { checkChain } from '../core/ledger.js';
import { buildPlan } from '../core/plan.js';
import { recordHash, type LedgerRecord } from '../core/record.js';
import { buildReport, type YearReport } from '../core/report.js';
import { tasksOf, type Task } from '../core/tasks.js';
import { mergedVisits } from '../core/visits.js';
import type { LedgerEntry } from '../core/ledger.js';
import type { Entity, InspectionItem, Inspector } from '../core/types.js';
import { today } from '../io/clock.js';
import { readForReport, strayRecords } from '../io/draws.js';
import type { LatestResults } from '../io/results.js';
import { loadCurrent } from '../io/store.js';
import { FOLDERS, openWorkspace, type Workspace } from '../io/workspace.js';
import { bar, dots } from '../ui/bars.js';
import { c, json, out } from '../ui/output.js';
import { renderTable } from '../ui/table.js';
import { hanging, heading, wrapped } from '../ui/terminal.js';
import { taskProgress } from './progress.js';
import type { ReportOptions } from './options/report.js';
import type { GlobalOptions } from './main.js';

export type { ReportOptions } from './options/report.js';

export async function report(opts: ReportOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  if (opts.year !== undefined && Number(opts.year) !== ws.config.year) {
    if (!/^\d{4}$/.test(opts.year)) throw usageError(`--year 应为四位年份，如 ${ws.config.year}，现在是「${opts.year}」`);
    throw usageError(`这个工作区是 ${ws.config.year} 年度的，没有 ${opts.year} 年度的抽取`, `请到 ${opts.year} 年度的工作区中运行，或用 ssj -C 那个工作区 report`);
  }
  if (opts.output && !opts.output.toLowerCase().endsWith('.xlsx')) throw usageError(`-o 应给出 .xlsx 文件名，现在是「${opts.output}」`);
  const seen: { tasks?: Task[]; entries?: LedgerEntry[]; latest?: LatestResults } = {};
  const r = await gather(ws, seen);
  // the paper trail: done vs filed plan, evidence gaps, the upward sheet of gone entities (docs/paper-trail.md)
  const trail = await (await import('./trail-report.js')).annotateReport(ws, r, seen.entries ?? [], seen.tasks ?? [], seen.latest);
  const path = opts.output ? resolve(g.cwd, opts.output) : opts.json ? null : join(ws.root, FOLDERS.exports, `${ws.config.year}年度抽查情况报告.xlsx`);
  if (path) {
    const { writeTables } = await import('../io/table-writer.js');
    await writeTables(path, [...reportTables(r), ...trail.tables]);
  }
  if (opts.json) {
    // ok as every other object ssj prints: false exactly when the exit code is 1 (the ledger does not check out)
    json({ ok: r.ledgerOk, ...r, output: path });
    return r.ledgerOk ? 0 : 1;
  }
  render(r, path, trail.render);
  return r.ledgerOk ? 0 : 1;
}

async function gather(ws: Workspace, seen: { tasks?: Task[]; entries?: LedgerEntry[]; latest?: LatestResults } = {}): Promise<YearReport> {
  // light records (no exclusion lists) with their hashes computed while reading: see readForReport
  const { entries, records, hashes } = await readForReport(ws.root);
  const chain = checkChain(entries, records, (r) => hashes.get(r) ?? recordHash(r));
  for (const f of await strayRecords(ws.root, entries)) chain.push(`draws/${f} 不在抽取台账中`);
  const list = entries.map((e) => records.get(e.id)).filter((x): x is LedgerRecord => Boolean(x));
  const tasks = tasksOf(list);
  seen.tasks = tasks;
  seen.entries = entries;
  const { readAllLatest } = await import('../io/results.js');
  const all = await readAllLatest(ws.root); // each results file read once: for the progress, the merges and the paper trail
  seen.latest = all;
  const progress = await taskProgress(ws, tasks, all);
  const items = ((await loadCurrent(ws.root, 'items'))?.records ?? []) as InspectionItem[];
  if (items.length === 0) throw new SsjError('NO_DATA', '还没有导入随机抽查事项清单，无法对照检查', { hint: '请先运行 ssj import items 事项清单.xlsx' });
  const inspectors = ((await loadCurrent(ws.root, 'inspectors'))?.records ?? []) as Inspector[];
  // the registry is read only when an item was never drawn (its pool then comes from the current registry)
  // (items drawn only 定向 need it too: their coverage is judged against the whole population)
  const drawnItems = new Set(tasks.filter((t) => t.draw.task.where.length === 0).flatMap((t) => t.draw.task.items.map((i) => i.id)));
  const currentPool = new Map<string, number>();
  if (items.some((i) => !drawnItems.has(i.id) && i.ratio !== null)) {
    const entities = ((await loadCurrent(ws.root, 'entities', ['category', 'status', 'risk']))?.records ?? []) as Entity[];
    for (const row of buildPlan(items, entities, ws.config)) currentPool.set(row.item, row.pool);
  }
  const latest = new Map([...all].map(([k, v]) => [k, v.latest]));
  const visits = mergedVisits(tasks, latest);
  return buildReport({
    visits,
    year: ws.config.year, org: ws.config.org, asOf: today(), minRounds: ws.config.minRounds, minRatio: ws.config.minRatio, items, currentPool, tasks, progress, inspectors,
    ledgerProblems: chain,
  });
}

/** rounds published whose deadline cannot be told (a year's holidays missing): neither on time nor late */
const unknownDue = (i: YearReport['items'][number]) => i.published - i.publishedOnTime - i.publishedLate;
const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '—');

function render(r: YearReport, path: string | null, more: () => void = () => {}) {
  out(wrapped(`${r.org} ${r.year} 年度“双随机、一公开”抽查情况（截至 ${r.asOf}）`, c.bold));
  out(wrapped(`抽查任务 ${r.totals.tasks} 个，检查 ${r.totals.visits} 户次（${r.totals.entities} 个检查对象）；应抽查事项 ${r.totals.itemsRequired} 项，达标 ${c.ok(String(r.totals.itemsOk))} 项${r.totals.itemsRequired - r.totals.itemsOk ? `，未达标 ${c.bad(String(r.totals.itemsRequired - r.totals.itemsOk))} 项` : ''}`));
  out();
  out(c.bold('各事项'));
  const maxPool = Math.max(1, ...r.items.map((i) => i.pool));
  out(renderTable(
    ['事项', '名称', '次数', '已抽/总数', '抽取比例', '结果', '公示', '结论'],
    r.items.map((i) => [
      i.item, i.name, i.notDrawn ? c.dim('不抽查') : `${dots(i.roundsDone, i.roundsRequired)} ${i.roundsDone}/${i.roundsRequired}`,
      `${i.drawn}/${i.pool}`, i.notDrawn ? '' : `${bar(i.drawn, i.pool, 10).padEnd(10, ' ')} ${pct(i.drawn, i.pool)}`,
      `${i.resultsEntered}`, `${i.publishedOnTime}${i.publishedLate ? c.bad(`+${i.publishedLate}逾期`) : ''}${unknownDue(i) ? c.warn(`+${unknownDue(i)}期限未知`) : ''}${i.overdue ? c.bad(` ${i.overdue}未公示逾期`) : ''}${i.awaiting ? c.warn(` ${i.awaiting}待公示`) : ''}`,
      i.notDrawn ? '' : i.ok ? c.ok('达标') : c.bad('未达标'),
    ]),
    // the publication column (逾期, 未公示, 待公示) is cut last, after the names and the ratio bars
    { fit: true, shrink: [1], shrinkLast: [6], drop: [4, 5], minWidth: 10 },
  ));
  void maxPool;
  for (const i of r.items.filter((x) => !x.ok)) for (const why of i.reasons) out(hanging(`  ${c.bad('•')} `, `${i.item}：${why}`));
  for (const i of r.items.filter((x) => x.belowDefaults.length)) out(hanging(`  ${c.warn('•')} `, `${i.item}：${i.belowDefaults.join('，')}，按清单执行；${i.remark ? `依据：${i.remark}` : c.warn('依据待补充（事项清单“备注”列）')}`));
  for (const i of r.items) for (const d of i.rounds.filter((x) => x.directed)) out(hanging(`  ${c.dim('•')} `, `${i.item}：第 ${d.round} 次（${d.task}）为定向抽查：${d.scope}，抽取 ${d.sample} 个（该事项在业检查对象共 ${i.wholePopulation} 个）`));
  out();
  out(heading('执法人员工作量', `（${r.workloadStats.people} 人：最少 ${r.workloadStats.min}、中位数 ${r.workloadStats.median}、最多 ${r.workloadStats.max} 户次${r.workloadStats.experts ? `；专家 ${r.workloadStats.experts} 人另计` : ''}）`, c.bold, c.dim));
  const hist = new Map<number, number>();
  for (const w of r.workload) hist.set(w.count, (hist.get(w.count) ?? 0) + 1);
  const maxHist = Math.max(1, ...hist.values());
  for (const [count, people] of [...hist].sort((a, b) => a[0] - b[0])) out(`  ${String(count).padStart(4)} 户次  ${bar(people, maxHist, 30)} ${people} 人`);
  out();
  out(heading('重复抽中的检查对象', `（本年度被抽中 2 次及以上：${r.repeatEntities.length} 个；合并检查 ${r.merged.length + r.mergedVisits.length} 户次，其中跨任务 ${r.mergedVisits.length} 户次）`, c.bold, c.dim));
  for (const m of r.mergedVisits) out(`  ${c.dim('合并检查')} ${m.name}（${m.code}）：任务 ${m.tasks.join('、')}，事项 ${m.items.join('、')}${m.done ? '，结果已录入' : ''}`);
  if (r.repeatEntities.length) {
    out(renderTable(['统一社会信用代码', '名称', '次数', '事项'], r.repeatEntities.slice(0, 20).map((e) => [e.code, e.name, e.times, e.items.join('、')]), { right: [2], fit: true, shrink: [1, 3] }));
    if (r.repeatEntities.length > 20) out(c.dim(`  ……另有 ${r.repeatEntities.length - 20} 个，见报告文件`));
  }
  out();
  out(heading('检查中发现已注销、被吊销、迁出的检查对象', `（${r.gone.length} 个，应从名录库中移出并向上级报告）`, c.bold, c.dim));
  if (r.gone.length) out(renderTable(['任务', '统一社会信用代码', '名称', '检查结果', '检查日期'], r.gone.map((x) => [x.task, x.code, x.name, x.result, x.checkDate]), { fit: true, shrink: [2, 3], drop: [4] }));
  out();
  out(heading('再次抽取和补抽', `（再次抽取 ${r.redraws.length} 次，补抽 ${r.replacements.length} 次）`, c.bold, c.dim));
  for (const d of r.redraws) out(`  ${c.warn('再次抽取')} ${d.id} 取代 ${d.of.join('、')}（${d.date}）：${d.reason}`);
  for (const a of r.replacements) out(`  ${c.warn('补抽')} ${a.id}（${a.date}）：${a.reason}；${a.removed ? `${a.removed} → ${a.added.join('、') || '（无）'}` : a.teamChanges.join('；')}`);
  out();
  out(`${r.ledgerOk ? c.ok('✔ 抽取台账链条完整') : c.bad('✖ 抽取台账有问题')}${r.ledgerOk ? c.dim('（逐条重新抽取请运行 ssj verify --all）') : ''}`);
  for (const p of r.ledgerProblems) out(`  ${c.bad('•')} ${p}`);
  more();
  if (path) out(`\n报告已写入 ${c.em(path)}`);
}

function reportTables(r: YearReport): DisclosureTable[] {
  const title = (what: string) => `${r.org}${r.year}年度“双随机、一公开”抽查情况报告 · ${what}（截至 ${r.asOf}）`;
  const s = r.workloadStats;
  return [
    {
      title: title('概况'), sheet: '概况', columns: ['项目', '情况'], widths: [28, 80],
      rows: [
        ['单位', r.org], ['年度', String(r.year)], ['统计截至', r.asOf],
        ['抽查任务（不含被取代的抽取）', r.totals.tasks], ['检查户次', r.totals.visits], ['检查对象（去重）', r.totals.entities],
        ['应抽查事项', r.totals.itemsRequired], ['达标事项', r.totals.itemsOk], ['未达标事项', r.totals.itemsRequired - r.totals.itemsOk],
        ['本年度重复抽中的检查对象', r.repeatEntities.length], ['合并检查户次', r.merged.length + r.mergedVisits.length],
        ['其中跨任务合并检查户次', r.mergedVisits.length], ['实施检查户次（合并后）', r.totals.inspections],
        ['执法人员工作量（户次）', `${s.people} 人：最少 ${s.min}，中位数 ${s.median}，最多 ${s.max}${s.experts ? `；专家 ${s.experts} 人另计` : ''}`],
        ['检查中发现注销、被吊销、迁出', r.gone.length], ['再次抽取', r.redraws.length], ['补抽', r.replacements.length],
        ['抽取台账', r.ledgerOk ? '链条完整（逐条重新抽取见 ssj verify --all）' : `有问题：${r.ledgerProblems.join('；')}`],
      ],
    },
    {
      title: title('各事项完成情况'), sheet: '各事项',
      columns: ['事项编号', '抽查事项', '应抽次数', '已抽次数', '检查对象总数', '已抽检查对象', '已抽比例', '已录入结果（次）', '按时公示（次）', '逾期公示（次）', '待公示（次）', '逾期未公示（次）', '结论', '原因', '低于一般比例/频次及依据', '定向抽查'],
      widths: [10, 30, 8, 8, 10, 10, 9, 10, 10, 10, 9, 10, 8, 60, 40, 40],
      rows: r.items.map((i) => [i.item, i.name, i.roundsRequired, i.roundsDone, i.pool, i.drawn, pct(i.drawn, i.pool), i.resultsEntered,
        i.publishedOnTime, i.publishedLate, i.awaiting, i.overdue, i.notDrawn ? '不抽查' : i.ok ? '达标' : '未达标', i.reasons.join('；'),
        i.belowDefaults.length ? `${i.belowDefaults.join('，')}；依据：${i.remark ?? '待补充'}` : '',
        i.rounds.filter((d) => d.directed).map((d) => `第 ${d.round} 次 ${d.task}（${d.scope}）抽取 ${d.sample} 个`).join('；')]),
    },
    {
      title: title('重复抽中的检查对象'), sheet: '重复抽中', columns: ['统一社会信用代码', '名称', '次数', '事项', '抽查任务'], widths: [22, 36, 6, 30, 30],
      rows: r.repeatEntities.map((e) => [e.code, e.name, e.times, e.items.join('、'), e.tasks.join('、')]),
    },
    {
      title: title('合并检查'), sheet: '合并检查', columns: ['抽查任务', '统一社会信用代码', '名称', '事项'], widths: [24, 22, 36, 30],
      rows: [...r.merged.map((m) => [m.task, m.code, m.name, m.items.join('、')]), ...r.mergedVisits.map((m) => [m.tasks.join('、'), m.code, m.name, m.items.join('、')])],
    },
    {
      title: title('执法人员工作量'), sheet: '人员工作量', columns: ['序号', '执法证号', '姓名', '检查户次'], widths: [6, 16, 12, 10],
      rows: r.workload.map((w, i) => [i + 1, w.certNo, w.name, w.count]),
    },
    {
      title: title('检查中发现注销、被吊销、迁出的检查对象'), sheet: '注销吊销迁出', columns: ['抽查任务', '统一社会信用代码', '名称', '检查结果', '检查日期'], widths: [12, 22, 36, 10, 12],
      rows: r.gone.map((x) => [x.task, x.code, x.name, x.result, x.checkDate]),
    },
    {
      title: title('再次抽取和补抽'), sheet: '再次抽取和补抽', columns: ['类型', '记录', '原记录', '日期', '原因', '内容'], widths: [10, 14, 14, 12, 24, 60],
      rows: [
        ...r.redraws.map((d) => ['再次抽取', d.id, d.of.join('、'), d.date, d.reason, `事项 ${d.items.join('、')} 第 ${d.round} 次`]),
        ...r.replacements.map((a) => ['补抽', a.id, a.of, a.date, a.reason, a.removed ? `${a.removed} → ${a.added.join('、') || '（无）'}` : a.teamChanges.join('；')]),
      ],
    },
  ];
}
