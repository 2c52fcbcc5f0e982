// ssj rollup over three counties built through the real binary (test/helpers/county.ts): one read from its year-end
// bundle (examples/year-end.sh), one without evidence attached, one whose results were tampered with afterwards.
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCounty, type County } from '../helpers/county.js';
import { BIN, ROOT, Workdir } from '../helpers/workdir.js';

let w: Workdir;
let a: County;
let b: County;
let c: County;
let bundle: string;
let internal: string;
const INTERNAL = '（内部资料 不得公开）';

function yearEnd(ws: string, out: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile('bash', [join(ROOT, 'examples', 'year-end.sh'), ...args, ws, out], {
      env: { ...process.env, SSJ: `${process.execPath} ${BIN}`, NO_COLOR: '1', SSJ_TODAY: '2026-11-22', SSJ_USER: 'tester' }, maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  w = new Workdir('ssj-rollup');
  a = await buildCounty(w, 'a', '甲县住房和城乡建设局', '381702');
  b = await buildCounty(w, 'b', '乙县住房和城乡建设局', '550617', { attach: false });
  c = await buildCounty(w, 'c', '丙县住房和城乡建设局', '730944');
  bundle = w.path('甲县年终材料');
  internal = bundle + INTERNAL;
  const y = await yearEnd(a.root, bundle);
  if (y.code !== 0) throw new Error(`year-end.sh failed: ${y.stdout}\n${y.stderr}`);
  // 丙县 changes a stored result afterwards: the entity found 注销 becomes 未发现问题
  const v1 = join(c.root, 'results', c.task, 'v1.json');
  const rec = JSON.parse(readFileSync(v1, 'utf8'));
  rec.entries.find((e: any) => e.code === c.gone.code).result = '未发现问题';
  writeFileSync(v1, JSON.stringify(rec, null, 2) + '\n');
}, 600_000);
afterAll(() => {
  for (const d of [join(a.root, 'evidence', 'files'), join(c.root, 'evidence', 'files')]) if (existsSync(d)) for (const n of readdirSync(d)) chmodSync(join(d, n), 0o644);
  rmSync(w.dir, { recursive: true, force: true });
});

describe('the year-end bundle', () => {
  it('holds the filed plan, and beside it (internal) the evidence index, the adjustments list and a copy of every ledger record', () => {
    const names = readdirSync(bundle);
    expect(names).toContain('2026年度抽查工作计划.xlsx');
    // the public folder: the copy (phones, 回避 pairs), the forms, the report, the evidence index (original file names)
    // and the adjustments list (results' remarks) are in the internal folder
    expect(names.filter((n) => /工作区副本|抽查工作记录表|情况报告|证据材料|调整清单/.test(n))).toEqual([]);
    expect(readdirSync(internal)).toEqual(expect.arrayContaining(['工作区副本', '抽查工作记录表', '2026年度抽查情况报告.xlsx', '2026年度证据材料索引.xlsx', '2026年度检查对象名录库调整清单.xlsx']));
    const copy = join(internal, '工作区副本');
    for (const line of readFileSync(join(a.root, 'draws', 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))) {
      if (line.kind !== 'publication') expect(existsSync(join(copy, line.file))).toBe(true);
    }
    expect(existsSync(join(copy, 'results', a.task, 'v1.json'))).toBe(true);
    expect(existsSync(join(copy, 'evidence', 'files'))).toBe(false); // the evidence files only with --evidence
  });
});

describe('ssj rollup', () => {
  it('verifies each unit, says which fails, and combines per county and per item ({ ok, units })', async () => {
    const r = await w.run(['rollup', bundle, b.root, c.root, '-o', w.path('汇总.xlsx'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    expect(r.json.units.map((u: any) => [u.org, u.year, u.ledgerOk])).toEqual([
      ['甲县住房和城乡建设局', 2026, true], ['乙县住房和城乡建设局', 2026, true], ['丙县住房和城乡建设局', 2026, false],
    ]);
    expect(r.json.units[0]).toMatchObject({ source: bundle, kind: 'bundle' });
    expect(r.json.units[2].problems.join('\n')).toMatch(new RegExp(`检查结果版本 ${c.task}-v1（results/${c.task}/v1\\.json）的内容被改动过`));
    for (const u of r.json.units) {
      const zj1 = u.items.find((i: any) => i.item === 'ZJ-001');
      expect(zj1).toMatchObject({ roundsDone: 1, roundsRequired: 2, publishedOnTime: 1 });
      expect(zj1.drawn).toBeGreaterThan(0);
    }
    // evidence: 甲县 and 丙县 attached the signed form and a photo (only the 整改材料 is missing), 乙县 nothing
    expect(r.json.units[0].evidenceGaps).toEqual([{ task: a.task, lacks: [expect.stringContaining('没有整改材料')] }]);
    expect(r.json.units[1].evidenceGaps[0].lacks).toContain('没有签字的抽查工作记录表扫描件');
    expect(r.json.units[0].gone).toEqual([expect.objectContaining({ code: a.gone.code, result: '注销' })]);
    // per item: only the units whose ledger checks out
    const zj1 = r.json.items.find((i: any) => i.item === 'ZJ-001');
    expect(zj1).toMatchObject({ units: 2, roundsDone: 2, roundsRequired: 4, gone: 2, evidenceGaps: 2 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(w.path('汇总.xlsx'));
    expect(wb.worksheets.map((s) => s.name)).toEqual(['台账复核', '各单位', '各事项', '各单位各事项', '逐级上报', '证据缺失']);
    const check = wb.getWorksheet('台账复核')!;
    expect([3, 4, 5].map((row) => String(check.getCell(row, 5).value))).toEqual(['通过', '通过', '不通过']);
    expect(wb.getWorksheet('逐级上报')!.rowCount).toBeGreaterThanOrEqual(2 + 2);
  });

  it('passes when every unit checks out, and prints the table', async () => {
    const r = await w.run(['rollup', a.root, b.root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PASS  甲县住房和城乡建设局');
    expect(r.stdout).toContain('乙县住房和城乡建设局');
  });

  it('catches a bundle whose copy was changed, and a tampered evidence file in a workspace', async () => {
    // given as its internal folder: the public folder beside it is what it is checked against
    const copy = w.path('甲县年终材料-改') + INTERNAL;
    cpSync(bundle, w.path('甲县年终材料-改'), { recursive: true });
    cpSync(internal, copy, { recursive: true });
    const draw = join(copy, '工作区副本', 'draws', `${a.task}.json`);
    writeFileSync(draw, readFileSync(draw, 'utf8').replace('王纪检', '赵纪检'));
    const photoStored = readdirSync(join(a.root, 'evidence', 'files')).find((n) => n.endsWith('.jpg'))!;
    const p = join(a.root, 'evidence', 'files', photoStored);
    chmodSync(p, 0o644);
    writeFileSync(p, 'another photo');
    const r = await w.run(['rollup', copy, a.root, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.units.map((u: any) => u.ledgerOk)).toEqual([false, false]);
    expect(r.json.units[0].problems.join('\n')).toContain(`记录 ${a.task} 的内容被改动过`);
    expect(r.json.units[1].problems.join('\n')).toContain('原文件名「抽取现场.jpg」）的内容被改动过');
  });

  it('says which arguments are neither a workspace nor a bundle', async () => {
    const r = await w.run(['rollup', w.path('没有'), w.dir, '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.message).toContain('不存在或不是文件夹');
    expect(r.json.error.message).toContain('既不是 ssj 工作区，也不是年终材料文件夹');
  });
});
