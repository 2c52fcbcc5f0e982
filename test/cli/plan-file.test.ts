// ssj plan --file / ssj plan adjust / ssj plan / ssj export plan / ssj verify over plan records, through the real binary.
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, Workdir } from '../helpers/workdir.js';

let w: Workdir;
let root: string;
const at = (today: string) => ({ cwd: root, env: { SSJ_TODAY: today } });
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const ledger = () => readFileSync(`${root}/draws/ledger.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const sheetNames = async (p: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(p);
  return wb;
};

// The listed 抽查频次 stands (minRounds is only the default for an item that lists none), so a change to the
// plan comes from a changed 事项清单: import the sample list with ZJ-001's 抽查频次 set to `rounds`.
const listRounds = async (rounds: string, today: string) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(`${FIXTURES}/sample/随机抽查事项清单.xlsx`);
  const ws = wb.worksheets[0]!;
  ws.eachRow((row) => {
    if (row.getCell(2).value === 'ZJ-001') row.getCell(9).value = rounds;
  });
  const file = w.path(`事项清单-${rounds.replace(/\D/g, '')}.xlsx`);
  await wb.xlsx.writeFile(file);
  const r = await w.run(['import', 'items', file], at(today));
  if (r.code !== 0) throw new Error(`import items failed: ${r.stderr}`);
};

beforeAll(async () => {
  w = new Workdir('ssj-plan-file');
  await w.samples('ws');
  root = w.path('ws');
});
afterAll(() => rmSync(w.dir, { recursive: true, force: true }));

describe('ssj plan --file and ssj plan adjust', () => {
  it('files the plan: a plan record in the ledger, the 备案 copy, and the JSON contract', async () => {
    const before = await w.run(['plan'], at('2026-02-09'));
    expect(before.stdout).toContain('还没有备案');
    const r = await w.run(['plan', '--file', '--json'], at('2026-02-10'));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, id: '2026-plan-v1', version: 1 });
    const line = ledger().at(-1);
    expect(line).toMatchObject({ id: '2026-plan-v1', kind: 'plan', file: 'plans/2026-plan-v1.json' });
    // the ledger registers the record file's bytes, and the JSON reports that hash
    expect(line.hash).toBe(sha(`${root}/plans/2026-plan-v1.json`));
    expect(r.json.hash).toBe(line.hash);
    const rec = JSON.parse(readFileSync(`${root}/plans/2026-plan-v1.json`, 'utf8'));
    expect(rec.date).toBe('2026-02-10');
    const planNow = await w.run(['plan', '--json'], at('2026-02-10'));
    expect(rec.rows).toEqual(planNow.json);
    expect(rec.lists.entities.snapshot).toMatch(/^[0-9a-f]{64}$/);
    expect(rec.lists.items.snapshot).toMatch(/^[0-9a-f]{64}$/);
    const copy = `${root}/exports/2026年度抽查工作计划（备案）.xlsx`;
    expect(existsSync(copy)).toBe(true);
    const wb = await sheetNames(copy);
    expect(wb.worksheets.map((s) => s.name)).toContain('台账链头（复核用）');
    const text = (await w.run(['plan'], at('2026-02-11'))).stdout;
    expect(text).toContain('已备案：第 1 版（2026-02-10）');
    expect(text).toContain('与备案版本相同');
  });

  it('refuses to file twice, and an adjustment without a change or a reason', async () => {
    const again = await w.run(['plan', '--file'], at('2026-02-12'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已于 2026-02-10 备案');
    const same = await w.run(['plan', 'adjust', '--reason', '没有变化'], at('2026-02-12'));
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('没有可记录的调整');
    // the hint says where a change comes from: the listed 抽查频次 stands, ssj.json's minRounds does not override it
    expect(same.stderr).toContain('抽查比例、抽查频次照事项清单执行');
    const noReason = await w.run(['plan', 'adjust'], at('2026-02-12'));
    expect(noReason.code).toBe(2);
    expect(ledger().filter((e) => e.kind === 'plan')).toHaveLength(1);
  });

  it('shows what the current lists would change, and records the adjustment with its differences', async () => {
    await listRounds('3次/年', '2026-03-02');
    const shown = await w.run(['plan'], at('2026-03-02'));
    expect(shown.stdout).toMatch(/与备案版本有 \d+ 处不同/);
    expect(shown.stdout).toContain('ZJ-001 抽查次数：2 → 3');
    const r = await w.run(['plan', 'adjust', '--reason', '上级要求每年抽查 3 次', '--json'], at('2026-03-02'));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, id: '2026-plan-v2', version: 2 });
    const rec = JSON.parse(readFileSync(`${root}/plans/2026-plan-v2.json`, 'utf8'));
    expect(rec.reason).toBe('上级要求每年抽查 3 次');
    expect(rec.previous).toEqual({ id: '2026-plan-v1', hash: ledger().find((e) => e.id === '2026-plan-v1').hash });
    expect(rec.changes).toContainEqual(expect.objectContaining({ item: 'ZJ-001', field: 'rounds', before: '2', after: '3' }));
    expect(existsSync(`${root}/exports/2026年度抽查工作计划（第 1 次调整 备案）.xlsx`)).toBe(true);
    expect((await w.run(['plan'], at('2026-03-03'))).stdout).toContain('已备案：第 2 版（2026-03-02，首次备案 2026-02-10，调整 1 次）');
  });

  it('ssj export plan exports the filed version with its adjustments, even when the lists change afterwards', async () => {
    await listRounds('4次/年', '2026-03-05'); // not filed
    const r = await w.run(['export', 'plan', '-o', w.path('计划.xlsx'), '--json'], at('2026-03-05'));
    expect(r.code).toBe(0);
    const wb = await sheetNames(w.path('计划.xlsx'));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['年度抽查工作计划', '计划调整', '台账链头（复核用）']);
    const plan = wb.getWorksheet('年度抽查工作计划')!;
    expect(String(plan.getCell(1, 1).value)).toContain('备案第 2 版');
    const cells: string[] = [];
    plan.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells).toContain('3次/年');
    expect(cells).not.toContain('4次/年'); // the filed version, not the unfiled 4次/年 of the list imported since
    const adj = wb.getWorksheet('计划调整')!;
    expect(String(adj.getCell(3, 3).value)).toBe('上级要求每年抽查 3 次'); // title, header, then the rows
    // the export anchors the plan records: verify --against it passes
    const v = await w.run(['verify', '--against', w.path('计划.xlsx')], at('2026-03-05'));
    expect(v.code).toBe(0);
    await listRounds('3次/年', '2026-03-05');
  });

  it('ssj verify passes, then fails on an edited plan record, a deleted one and one put beside the ledger', async () => {
    expect((await w.run(['verify'], at('2026-03-06'))).code).toBe(0);
    const file = `${root}/plans/2026-plan-v1.json`;
    const original = readFileSync(file, 'utf8');
    const rec = JSON.parse(original);
    rec.rows[0].rounds = 1; // a plan that asked for less, after the fact
    writeFileSync(file, JSON.stringify(rec, null, 2) + '\n');
    const edited = await w.run(['verify', '--json'], at('2026-03-06'));
    expect(edited.code).toBe(1);
    expect(edited.json.chain.problems.join('\n')).toMatch(/备案的抽查计划 2026-plan-v1（plans\/2026-plan-v1\.json）的内容被改动过/);
    rmSync(file);
    const deleted = await w.run(['verify', '--json'], at('2026-03-06'));
    expect(deleted.code).toBe(1);
    expect(deleted.json.chain.problems.join('\n')).toContain('plans/2026-plan-v1.json 不见了');
    writeFileSync(file, original);
    writeFileSync(`${root}/plans/2026-plan-v3.json`, original);
    const stray = await w.run(['verify', '--json'], at('2026-03-06'));
    expect(stray.code).toBe(1);
    expect(stray.json.chain.problems.join('\n')).toContain('plans/2026-plan-v3.json 不在抽取台账中');
    rmSync(`${root}/plans/2026-plan-v3.json`);
    expect((await w.run(['verify'], at('2026-03-06'))).code).toBe(0);
  });

  it('the report compares what was done with the filed plan', async () => {
    const d = await w.run(['draw', '--item', 'ZJ-001', '--witness', '王纪检', '--witness', '李监督', '--entropy', '1234', '--entropy', '5678', '-y', '--json'], at('2026-05-11'));
    expect(d.code).toBe(0);
    const r = await w.run(['report', '--json'], at('2026-11-20'));
    expect(r.json.plan.filed).toMatchObject({ id: '2026-plan-v2', version: 2, date: '2026-03-02', firstDate: '2026-02-10', adjustments: 1 });
    const zj1 = r.json.items.find((i: any) => i.item === 'ZJ-001');
    expect(zj1.filed).toMatchObject({ version: 2, rounds: 3 });
    expect(zj1.filed.differences).toContain('备案计划 3 次，已抽查 1 次');
    expect(r.json.plan.differences).toContain('ZJ-001 建筑施工企业资质及安全生产条件检查：备案计划 3 次，已抽查 1 次');
    const text = await w.run(['report', '-o', w.path('报告.xlsx')], at('2026-11-20'));
    expect(text.stdout).toContain('与备案计划对照');
    const wb = await sheetNames(w.path('报告.xlsx'));
    expect(wb.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['计划对照', '证据材料', '逐级上报']));
  });
});
