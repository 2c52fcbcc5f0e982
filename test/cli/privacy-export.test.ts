// A phone number, a landline and an ID number typed into 备注 of the results sheet: the public results export
// (.xlsx, .csv, GB18030 .csv) is refused, naming the row and the field, and nothing is written; --internal and a
// corrected re-import both work. Control characters in the sheet are refused at import.
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';
import { COL, fillResultsSheet } from '../helpers/results-sheet.js';

let w: Workdir;
let ws: string;
let task: string;
let codes: string[];
let sheetPath: string;

const run = (args: string[], today = '2026-06-10') => w.run(args, { cwd: ws, env: { SSJ_TODAY: today } });

/** The generated results sheet filled in; `remark(i)` is the 备注 of the i-th entity. */
async function fill(file: string, remark: (i: number) => string, out: string) {
  codes = await fillResultsSheet(file, out, '2026-06-01', (sh, r, _code, k) => {
    sh.getCell(r, COL.remark).value = remark(k);
  });
}

beforeAll(async () => {
  w = new Workdir('ssj-privacy');
  await w.samples('ws');
  ws = w.path('ws');
  const d = await run(['draw', '--item', 'ZJ-001', '--witness', '王纪检', '--witness', '李监督', '--entropy', '1234', '--entropy', '5678', '--operator', '张三', '--place', '会议室', '-y', '--json'], '2026-05-11');
  expect(d.code, d.stderr).toBe(0);
  task = d.json.id;
  const sheet = await run(['results', 'sheet', task, '--json'], '2026-05-12');
  expect(sheet.code, sheet.stderr).toBe(0);
  sheetPath = sheet.json.output;
  const remarks = ['负责人电话 13859012345', '现场联系 0591-87654321', '法人身份证350102198703154417'];
  await fill(sheet.json.output, (i) => remarks[i] ?? '', w.path('filled.xlsx'));
  const imp = await run(['results', 'import', w.path('filled.xlsx'), '--json']);
  expect(imp.code, imp.stdout + imp.stderr).toBe(0);
}, 180_000);
afterAll(() => w.remove());

const exportsNow = () => (existsSync(w.path('ws', 'exports')) ? readdirSync(w.path('ws', 'exports')) : []);

describe('public results export with private numbers in 备注', () => {
  it.each([
    ['xlsx', []],
    ['csv', ['--format', 'csv']],
    ['GB18030 csv', ['--format', 'csv', '--encoding', 'gb18030']],
  ])('%s: refused, naming row and field, nothing written', async (_n, extra) => {
    const before = exportsNow();
    const r = await run(['export', 'results', ...extra]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('公开的检查结果中有 3 处像是电话号码或身份证号码，没有导出');
    expect(r.stderr).toContain('序号 1「备注」：像是手机号码（138****2345）');
    expect(r.stderr).toContain('序号 2「备注」：像是固定电话（0591-******21）');
    expect(r.stderr).toContain('序号 3「备注」：像是身份证号码（350102********4417）');
    expect(r.stderr).toContain('--internal');
    expect(r.stderr).not.toContain('13859012345');
    expect(exportsNow()).toEqual(before);
    const j = await run(['export', 'results', ...extra, '--json']);
    expect(j.json.error.code).toBe('PRIVATE_DATA');
  });

  it('--internal writes the internal version (not for publication)', async () => {
    const r = await run(['export', 'results', '--internal', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(r.json.output)).toBe(true);
  });

  it('after the results are corrected and imported again, the public export is written', async () => {
    await fill(sheetPath, (i) => (i === 0 ? '负责人电话已另行登记' : ''), w.path('fixed.xlsx'));
    const imp = await run(['results', 'import', w.path('fixed.xlsx'), '--json']);
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    const r = await run(['export', 'results', '--format', 'csv', '--json']);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('control characters in a results sheet', () => {
  it('are refused at import, naming the cell, shown escaped', async () => {
    // Excel saves an ESC typed or pasted into a cell as _x001B_ (exceljs would drop it, so it is written that way)
    await fill(sheetPath, (i) => (i === 1 ? '已整改_x001B_[31m完毕_x0007_' : ''), w.path('control.xlsx'));
    const r = await run(['results', 'import', w.path('control.xlsx')]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/第 7 行 L 列[\s\S]*U\+001B ESC 转义/);
    expect(r.stdout + r.stderr).toContain('⟨U+001B⟩');
    expect(r.stdout + r.stderr).not.toContain('\u001b');
  });
});

describe('a 回避 or a contact person written into 备注', () => {
  it('the public results export is refused, naming row and field; a remark that names no one passes', async () => {
    const remarks = ['执法人员郑冬梅与该企业有利害关系，已回避', '企业联系人：陈会计', '已电话联系企业联系人'];
    await fill(sheetPath, (i) => remarks[i] ?? '', w.path('words.xlsx'));
    const imp = await run(['results', 'import', w.path('words.xlsx'), '--json']);
    expect(imp.code, imp.stdout + imp.stderr).toBe(0);
    const before = exportsNow();
    const r = await run(['export', 'results']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('公开的检查结果中有 2 处像是电话号码、身份证号码、回避关系或联系人，没有导出');
    expect(r.stderr).toContain('序号 1「备注」：像是回避关系（执法人员郑冬梅与该企业有利害关系，已回避）');
    expect(r.stderr).toContain('序号 2「备注」：像是联系人（企业联系人：陈会计）');
    expect(r.stderr).not.toContain('序号 3');
    expect(r.stderr).toContain('也不能写出回避关系和联系人');
    expect(exportsNow()).toEqual(before);
    expect((await run(['export', 'results', '--internal', '--json'])).code).toBe(0);
  });
});
