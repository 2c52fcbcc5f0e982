// ssj report over a small but complete year (test/helpers/year.ts): the figures are derived here again from the
// record files and the year's own description, then compared with the report's JSON and workbook.
import ExcelJS from 'exceljs';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildYear, type BuiltYear } from '../helpers/year.js';
import { Workdir } from '../helpers/workdir.js';
import { fillResultsSheet } from '../helpers/results-sheet.js';

const made: Workdir[] = [];
let year: BuiltYear;
let report: any;
let w: Workdir;

const record = (root: string, id: string) => JSON.parse(readFileSync(join(root, 'draws', `${id}.json`), 'utf8'));

beforeAll(async () => {
  w = new Workdir('ssj-report');
  made.push(w);
  year = await buildYear(w, 'ws');
  const r = await w.run(['report', '--json', '-o', join(w.dir, 'report.xlsx')], { cwd: year.root, env: { SSJ_TODAY: year.today } });
  expect(r.code, r.stderr).toBe(0);
  report = r.json;
}, 180_000);
afterAll(() => made.forEach((x) => x.remove()));

describe('ssj report', () => {
  it('counts rounds, pools and drawn entities per item, and says which items meet the rules', () => {
    const { ids } = year;
    expect(report.year).toBe(2026);
    for (const item of ids.items) {
      const it = report.items.find((x: any) => x.item === item);
      const tasks = Object.values(ids.byRound[item]!);
      expect(it.roundsDone).toBe(tasks.length);
      expect(it.roundsRequired).toBe(2);
      const drawn = new Set(tasks.flatMap((t) => ids.entities[t]!.filter(() => true).map((e) => e.code)));
      expect(it.drawn).toBe(drawn.size);
      const last = record(year.root, tasks.at(-1)!);
      expect(it.pool).toBe(last.pool.items.find((p: any) => p.id === item).population);
      expect(it.resultsEntered).toBe(2);
      expect(it.published).toBe(2);
    }
    // the late publication makes its item fail, and says why
    const lateItem = ids.items.find((i) => Object.values(ids.byRound[i]!).includes(ids.late.task))!;
    const late = report.items.find((x: any) => x.item === lateItem);
    expect(late.ok).toBe(false);
    expect(late.publishedLate).toBe(1);
    expect(late.reasons.join()).toContain('逾期公示');
    expect(late.reasons.join()).toContain(ids.late.due);
    const other = report.items.find((x: any) => ids.items.includes(x.item) && x.item !== lateItem);
    expect(other).toMatchObject({ ok: true, reasons: [], publishedOnTime: 2, publishedLate: 0 });
    // items never drawn fail on their rounds; items not to be drawn are not judged
    const never = report.items.filter((x: any) => !ids.items.includes(x.item) && !x.notDrawn);
    expect(never.length).toBeGreaterThan(0);
    for (const x of never) expect(x).toMatchObject({ roundsDone: 0, ok: false, reasons: ['抽查 0 次，少于每年 2 次'] });
    expect(report.totals.itemsOk).toBe(1);
  });

  it('lists repeat entities, the workload with min/median/max, gone entities, the redraw and the replacement', () => {
    const { ids } = year;
    const seen = new Map<string, number>();
    for (const t of ids.tasks) for (const e of ids.entities[t]!) seen.set(e.code, (seen.get(e.code) ?? 0) + 1);
    expect(report.repeatEntities.map((e: any) => [e.code, e.times]).sort()).toEqual([...seen].filter(([, n]) => n > 1).sort());

    // workload from the records: the final teams of the standing tasks
    const counts = new Map<string, number>();
    for (const t of ids.tasks) {
      const amend = ids.replacement.of === t ? record(year.root, ids.replacement.id) : record(year.root, t);
      for (const v of amend.entities) for (const m of v.team) if (m.role !== '专家') counts.set(m.certNo, (counts.get(m.certNo) ?? 0) + 1);
    }
    for (const [certNo, n] of counts) expect(report.workload.find((x: any) => x.certNo === certNo).count, certNo).toBe(n);
    const all = report.workload.map((x: any) => x.count).sort((a: number, b: number) => a - b);
    expect(all.reduce((a: number, b: number) => a + b, 0)).toBe([...counts.values()].reduce((a, b) => a + b, 0));
    expect(report.workloadStats.min).toBe(all[0]);
    expect(report.workloadStats.max).toBe(all.at(-1));
    const m = all.length >> 1;
    expect(report.workloadStats.median).toBe(all.length % 2 ? all[m] : (all[m - 1] + all[m]) / 2);

    expect(report.gone).toEqual([expect.objectContaining({ task: ids.moved.task, code: ids.moved.code, result: '迁出' })]);
    expect(report.redraws).toEqual([expect.objectContaining({ id: ids.redraw.id, of: [ids.redraw.of], reason: ids.redraw.reason })]);
    expect(report.replacements).toHaveLength(1);
    expect(report.replacements[0]).toMatchObject({ id: ids.replacement.id, of: ids.replacement.of, type: 'entity', reason: ids.replacement.reason });
    expect(report.replacements[0].removed).toContain(ids.replacement.removed.code);
    expect(report.replacements[0].added.join()).toContain(ids.replacement.added.code);
    expect(report.ledgerOk).toBe(true);
  });

  it('writes a workbook with a sheet per topic', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(w.dir, 'report.xlsx'));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概况', '各事项', '重复抽中', '合并检查', '人员工作量', '注销吊销迁出', '再次抽取和补抽', '计划对照', '证据材料', '逐级上报']);
    const items = wb.getWorksheet('各事项')!;
    const rows = (items.getColumn(1).values as unknown[]).slice(3);
    expect(rows).toEqual(report.items.map((i: any) => i.item));
    const verdicts = (items.getColumn(13).values as unknown[]).slice(3);
    expect(verdicts).toEqual(report.items.map((i: any) => (i.notDrawn ? '不抽查' : i.ok ? '达标' : '未达标')));
    const changes = wb.getWorksheet('再次抽取和补抽')!;
    expect((changes.getColumn(2).values as unknown[]).slice(3)).toEqual([year.ids.redraw.id, year.ids.replacement.id]);
    expect(wb.getWorksheet('人员工作量')!.rowCount - 2).toBe(report.workload.length);
  });

  it('shows the year in the terminal with bars, and fails (exit 1) when the ledger is broken', async () => {
    const t = await w.run(['report'], { cwd: year.root, env: { SSJ_TODAY: year.today } });
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('未达标');
    expect(t.stdout).toMatch(/[█▏▎▍▌▋▊▉]/);
    expect(t.stdout).toContain('抽取台账链条完整');

    const copy = new Workdir('ssj-report-bad');
    made.push(copy);
    cpSync(year.root, copy.dir, { recursive: true });
    const file = join(copy.dir, 'draws', `${year.ids.draws[0]}.json`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"place": "', '"place": "X'));
    const bad = await copy.run(['report', '--json'], { env: { SSJ_TODAY: year.today } });
    expect(bad.code).toBe(1);
    expect(bad.json.ledgerOk).toBe(false);
    // ok as every other object ssj prints: false exactly when the exit code is 1
    expect([report.ok, bad.json.ok]).toEqual([true, false]);
    expect(bad.json.ledgerProblems.join()).toContain(year.ids.draws[0]);
    expect((await w.run(['report', '--year', '2025'], { cwd: year.root })).code).toBe(2);
  });

  it('at 80 columns keeps the publication column whole (1未公示逾期), shortening the names first', async () => {
    const v = new Workdir('ssj-report-80');
    made.push(v);
    await v.samples('s');
    const at = (day: string) => ({ cwd: v.path('s'), env: { SSJ_TODAY: day } });
    expect((await v.run(['draw', '--item', 'ZJ-005', '--witness', '甲', '--entropy', '381702992011'], at('2026-05-11'))).code).toBe(0);
    const sheet = await v.run(['results', 'sheet', '2026-001', '--json'], at('2026-05-12'));
    await fillResultsSheet(sheet.json.output, v.path('填好.xlsx'), '2026-05-18');
    expect((await v.run(['results', 'import', v.path('填好.xlsx')], at('2026-05-20'))).code).toBe(0);
    const t = await v.run(['report'], { ...at('2026-09-01'), env: { SSJ_TODAY: '2026-09-01', COLUMNS: '80' } });
    const row = t.stdout.split('\n').find((l) => l.startsWith('ZJ-005'))!;
    expect(row).toContain('1未公示逾期');
    expect(row).toMatch(/未达标$/);
  }, 120_000);
});
