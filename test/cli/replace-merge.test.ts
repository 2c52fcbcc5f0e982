// Issue 15, 合并检查 through a 补抽: `ssj draw replace` that brings in an entity another open task holds says so on
// screen and in --json, notes the merge in the amendment record (in the hash chain), and ssj visits, the form and
// ssj verify see it. Sample workspace: ZJ-003 and ZJ-007 both cover the 58 物业服务企业; task 1 draws 3 of them,
// task 2 draws 50, so the next candidate of task 1's stream is almost surely one task 2 holds (fixed seed).
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMerges, mergedVisits } from '../../src/core/visits.js';
import { tasksOf } from '../../src/core/tasks.js';
import { Workdir } from '../helpers/workdir.js';

let w: Workdir;
let ws: string;
const W = ['--witness', '王纪检', '--witness', '李监督'];
const ssj = async (today: string, args: string[]) => {
  const r = await w.run(args, { cwd: ws, env: { SSJ_TODAY: today } });
  if (r.code !== 0) throw new Error(`ssj ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
};
const record = (id: string) => JSON.parse(readFileSync(join(ws, 'draws', `${id}.json`), 'utf8'));

let d1: any;
let d2: any;
let amended: any; // the --json of the 补抽 that merged
let screen: { stdout: string; stderr: string };
let added: string;

beforeAll(async () => {
  w = new Workdir('ssj-replace-merge');
  await w.samples('ws');
  ws = w.path('ws');
  d1 = (await ssj('2026-05-11', ['draw', '--item', 'ZJ-003', '--count', '3', ...W, '--entropy', '123456', '--entropy', '654321', '-y', '--json'])).json;
  d2 = (await ssj('2026-05-12', ['draw', '--item', 'ZJ-007', '--count', '50', ...W, '--entropy', '223456', '--entropy', '754321', '-y', '--json'])).json;
  // replace task 1's entities one by one until the replacement is one task 2 holds (the first one, with this seed)
  const held = new Set(d2.entities.map((v: any) => v.code));
  let out = d1.entities[0].code;
  for (let n = 1; n <= 5; n++) {
    const r = await ssj('2026-05-13', ['draw', 'replace', d1.id, '--entity', out, '--reason', '注销', '--json']);
    const code = r.json.change.added[0].code;
    if (held.has(code)) {
      added = code;
      // the same 补抽 again on a copy would differ in time only; show the screen of this one from the record instead
      amended = r.json;
      break;
    }
    out = code;
  }
  expect(added, 'a replacement task 2 holds').toBeTruthy();
  screen = await ssj('2026-05-14', ['verify', '--all']);
}, 300_000);
afterAll(() => w?.remove());

describe('a 补抽 that brings in an entity another open task holds', () => {
  it('--json lists the merge and the amendment record keeps it', () => {
    expect(amended.merged).toHaveLength(1);
    expect(amended.merged[0]).toMatchObject({ code: added, tasks: [d2.id] });
    const rec = record(amended.id);
    expect(rec.merge.map((m: any) => m.code)).toEqual([added]);
    expect(rec.merge[0].with).toEqual([{ task: d2.id, items: ['ZJ-007'] }]);
    // the team of the merged visit is task 2's team of it (it fits ZJ-003: both are 物业 items of the same bureau)
    const team2 = d2.entities.find((v: any) => v.code === added).team.map((m: any) => m.certNo);
    expect(rec.merge[0].team.map((m: any) => m.certNo)).toEqual(team2);
    expect(rec.merge[0].teamFrom).toBe('earlier');
  });

  it('the screen says so after the record is saved', async () => {
    // a second 补抽 on the same entity would replace it; the screen text is checked on a fresh workspace copy
    const v = new Workdir('ssj-replace-merge-screen');
    try {
      await v.samples('ws');
      const at = { cwd: v.path('ws') };
      const run = (today: string, args: string[]) => v.run(args, { ...at, env: { SSJ_TODAY: today } });
      expect((await run('2026-05-11', ['draw', '--item', 'ZJ-003', '--count', '3', ...W, '--entropy', '123456', '--entropy', '654321', '-y', '--json'])).code).toBe(0);
      expect((await run('2026-05-12', ['draw', '--item', 'ZJ-007', '--count', '50', ...W, '--entropy', '223456', '--entropy', '754321', '-y', '--json'])).code).toBe(0);
      const replaced = record(amended.id).change.removed.code;
      const r = await run('2026-05-13', ['draw', 'replace', d1.id, '--entity', replaced, '--reason', '注销']);
      expect(r.code, r.stderr).toBe(0);
      const text = (r.stderr + r.stdout).replace(/\s+/g, '');
      expect(text).toContain(`（${added}）也是${d2.id}（事项ZJ-007）的检查对象，尚未录入检查结果：应合并实施检查`);
    } finally {
      v.remove();
    }
  }, 120_000);

  it('ssj visits makes the two tasks’ visits one inspection', async () => {
    const visits = (await ssj('2026-05-14', ['visits', '--json'])).json as any[];
    const v = visits.find((x) => x.code === added)!;
    expect(v.tasks).toEqual([d1.id, d2.id]);
    expect(v.items).toEqual(['ZJ-003', 'ZJ-007']);
    expect(visits.filter((x) => x.code === added)).toHaveLength(1);
  });

  it('the form of the amended task notes the merge in 备注', async () => {
    await ssj('2026-05-14', ['form', d1.id, '-o', w.path('form1.xlsx')]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(w.path('form1.xlsx'));
    const texts: string[] = [];
    wb.worksheets[0]!.eachRow((row) => texts.push(row.values ? (row.values as unknown[]).map(String).join('|') : ''));
    expect(texts.some((t) => t.includes(added) && t.includes(`合并检查：与 ${d2.id} 一并检查`))).toBe(true);
    // and task 2's form names task 1 (its 补抽) as the task that drew it too
    await ssj('2026-05-14', ['form', d2.id, '-o', w.path('form2.xlsx')]);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(w.path('form2.xlsx'));
    const texts2: string[] = [];
    wb2.worksheets[0]!.eachRow((row) => texts2.push((row.values as unknown[]).map(String).join('|')));
    expect(texts2.some((t) => t.includes(added) && t.includes(`合并检查：${d1.id} 也抽中`))).toBe(true);
  });

  it('ssj verify --all passes, and checks the amendment’s merge against the ledger', () => {
    expect(screen.stdout).toContain('通过');
    const ledger = readFileSync(join(ws, 'draws', 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const all = ledger.map((e: any) => record(e.id));
    const a = record(amended.id);
    expect(checkMerges(a, all)).toEqual([]);
    // a merge with the draw it amends, or with a task that does not hold the entity, is not what the ledger says
    expect(checkMerges({ ...a, merge: [{ ...a.merge[0], with: [{ task: d1.id, items: ['ZJ-003'] }] }] }, all)[0]).toContain(`合并检查记录的任务 ${d1.id} 是本次补抽所属的抽取本身`);
    expect(checkMerges({ ...a, merge: [{ ...a.merge[0], with: [{ task: d2.id, items: ['ZJ-003'] }] }] }, all)[0]).toContain(`合并检查记录中 ${d2.id} 对 ${added} 的抽取与台账不符`);
    // mergedVisits from the records alone: the amendment's note joins the visits
    const g = mergedVisits(tasksOf(all)).find((x) => x.code === added)!;
    expect(g.merged).toBe(true);
    expect(g.teamFrom).toBe('earlier');
  });
});
