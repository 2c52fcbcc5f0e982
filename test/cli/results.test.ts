// ssj results sheet / import / publish and ssj status through the real binary: the entry sheet's dropdowns and
// locks, every import fault reported at once, versions kept, publication and working-day deadlines.
import ExcelJS from 'exceljs';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';

const DRAW_DAY = { SSJ_TODAY: '2026-09-21' };
const made: Workdir[] = [];
let template: string;
let visits: { code: string; name: string }[];

function fresh(): Workdir {
  const w = new Workdir('ssj-results');
  cpSync(template, w.dir, { recursive: true });
  made.push(w);
  return w;
}
const sheetPath = (w: Workdir) => w.path('results', '2026-001 检查结果填报表.xlsx');

/** Fill the generated sheet as a clerk would in Excel: a date cell, values from the lists. */
async function fill(src: string, dst: string, edit?: (sh: ExcelJS.Worksheet, first: number, n: number) => void) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  const sh = wb.getWorksheet('检查结果')!;
  let n = 0;
  while (sh.getCell(6 + n, 2).value) n++;
  for (let r = 6; r < 6 + n; r++) {
    sh.getCell(r, 6).value = new Date(Date.UTC(2026, 8, 22 + ((r - 6) % 4))); // 2026-09-22 … 09-25
    sh.getCell(r, 7).value = '实地检查';
    sh.getCell(r, 8).value = '未发现问题';
    sh.getCell(r, 10).value = '无需后续处置';
  }
  edit?.(sh, 6, n);
  await wb.xlsx.writeFile(dst);
}

beforeAll(async () => {
  const w = new Workdir('ssj-results-base');
  made.push(w);
  await w.samples('ws');
  const at = { cwd: w.path('ws'), env: DRAW_DAY };
  const d = await w.run(['draw', '--item', 'ZJ-001', '--witness', '王五', '--entropy', '20260921', '--operator', '张三', '--place', '会议室', '-y', '--json'], at);
  expect(d.code, d.stderr).toBe(0);
  visits = d.json.entities;
  template = w.path('ws');
});
afterAll(() => made.forEach((w) => w.remove()));

describe('ssj results sheet', () => {
  it('prefills the drawn entities, locks them, and offers the standard lists as dropdowns', async () => {
    const w = fresh();
    const r = await w.run(['results', 'sheet', '2026-001', '--json'], { env: DRAW_DAY });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true, task: '2026-001', output: sheetPath(w), entities: visits.length });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sheetPath(w));
    const sh = wb.getWorksheet('检查结果')!;
    expect(sh.getRow(5).values).toEqual([undefined, '序号', '统一社会信用代码', '检查对象名称', '检查事项', '检查组成员', '检查日期', '核查方式', '检查结果', '问题描述', '后续处置', '整改期限', '备注']);
    expect(sh.getCell('A2').value).toBe('抽查任务编号');
    expect(sh.getCell('B2').value).toBe('2026-001');
    visits.forEach((v, i) => {
      expect(sh.getCell(6 + i, 2).value).toBe(v.code);
      expect(sh.getCell(6 + i, 3).value).toBe(v.name);
      expect(sh.getCell(6 + i, 2).protection?.locked).not.toBe(false); // drawn columns stay locked
      expect(sh.getCell(6 + i, 8).protection?.locked).toBe(false); // 检查结果 is for the clerk
    });
    expect(sh.sheetProtection?.sheet).toBe(true);
    const opts = wb.getWorksheet('选项')!;
    expect(opts.state).toBe('hidden');
    const col = (k: number) => (opts.getColumn(k).values as unknown[]).slice(2).filter(Boolean);
    expect(col(1)).toContain('未发现问题');
    expect(col(1)).toContain('通过登记的住所（经营场所）无法联系');
    expect(col(1)).toHaveLength(13);
    expect(col(3)).toEqual(['无需后续处置', '责令改正', '移送办案机构（案件线索）', '抄告相关部门', '其他']);
    const result = sh.getCell(6, 8).dataValidation;
    expect(result.type).toBe('list');
    expect(result.formulae[0]).toBe("'选项'!$A$2:$A$14");
    expect(sh.getCell(6, 10).dataValidation.formulae[0]).toBe("'选项'!$C$2:$C$6");
    expect(sh.getCell(6, 7).dataValidation.type).toBe('list');
    expect(sh.getCell(6, 6).dataValidation.type).toBe('date');
  });

  it('takes the dropdown values from ssj.json and never overwrites a sheet being filled', async () => {
    const w = fresh();
    const cfg = JSON.parse(readFileSync(w.path('ssj.json'), 'utf8'));
    cfg.resultOptions = { disposals: ['无需后续处置', '责令限期改正'] };
    writeFileSync(w.path('ssj.json'), JSON.stringify(cfg));
    expect((await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY })).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(sheetPath(w));
    const opts = wb.getWorksheet('选项')!;
    expect((opts.getColumn(3).values as unknown[]).slice(2)).toEqual(['无需后续处置', '责令限期改正']);
    expect((opts.getColumn(1).values as unknown[]).slice(2)).toHaveLength(13); // the others keep their defaults
    const before = readFileSync(sheetPath(w));
    const again = await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('不会覆盖');
    expect(readFileSync(sheetPath(w)).equals(before)).toBe(true);
  });
});

describe('ssj results import', () => {
  it('reports every fault at once with sheet, row and column, and stores nothing', async () => {
    const w = fresh();
    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    await fill(sheetPath(w), w.path('bad.xlsx'), (sh) => {
      sh.getCell(6, 8).value = '还行'; // not in the list
      sh.getCell(7, 6).value = '2026-02-30'; // not a date
      sh.getCell(8, 6).value = new Date(Date.UTC(2026, 8, 1)); // before the draw
      sh.getCell(9, 7).value = null; // 核查方式 missing
      sh.getCell(9, 11).value = new Date(Date.UTC(2026, 8, 1)); // 整改期限 before the check
      sh.getCell(10, 10).value = '罚款'; // 后续处置 not in the list
      sh.spliceRows(11, 1); // one drawn entity removed
    });
    const r = await w.run(['results', 'import', 'bad.xlsx', '--json'], { env: { SSJ_TODAY: '2026-09-28' } });
    expect(r.code).toBe(1);
    const p = r.json.problems.map((x: any) => `${x.row ?? '-'}${x.column ?? '-'} ${x.field}`);
    expect(p).toEqual(expect.arrayContaining(['6H 检查结果', '7F 检查日期', '8F 检查日期', '9G 核查方式', '9K 整改期限', '10J 后续处置', '-- 统一社会信用代码']));
    expect(r.json.problems).toHaveLength(7);
    expect(r.json.problems.every((x: any) => x.file === 'bad.xlsx')).toBe(true);
    expect(r.json.errors).toEqual(r.json.problems); // (the name an import of a list gives the same list)
    expect(r.json.problems.find((x: any) => x.row === 8).message).toContain('早于抽取日期 2026-09-21');
    expect(existsSync(w.path('results', '2026-001'))).toBe(false);

    const text = await w.run(['results', 'import', 'bad.xlsx'], { env: { SSJ_TODAY: '2026-09-28' } });
    expect(text.stderr).toContain('bad.xlsx › 检查结果 › 第 6 行 H 列');
    expect(text.stderr).toContain('bad.xlsx › 检查结果 › 第 7 行 F 列');
  });

  it('a sheet pasted one column off: the shift said once, one line per cell, the allowed values once per column, dates as dates', async () => {
    const w = fresh();
    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    await fill(sheetPath(w), w.path('shifted.xlsx'), (sh, first, n) => {
      // 检查日期 … 后续处置 pasted one column to the right: the date lands in 核查方式, and so on
      for (let r = first; r < first + n; r++) {
        const [date, method, result] = [sh.getCell(r, 6).value, sh.getCell(r, 7).value, sh.getCell(r, 8).value];
        sh.getCell(r, 6).value = null;
        sh.getCell(r, 7).value = typeof date === 'object' && date instanceof Date ? (date.getTime() / 86400000 + 25569) : date; // a date cell that lost its format
        sh.getCell(r, 8).value = method;
        sh.getCell(r, 9).value = result;
        sh.getCell(r, 10).value = null;
      }
    });
    const r = await w.run(['results', 'import', 'shifted.xlsx', '--json'], { env: { SSJ_TODAY: '2026-09-28' } });
    expect(r.code).toBe(1);
    const problems = r.json.problems as { row: number | null; column: string | null; field: string; value: string | null; message: string }[];
    const n = visits.length;
    // the shift, said once per column, before the cells
    const shift = problems.filter((p) => p.row === null && /错位/.test(p.message));
    expect(shift.map((p) => p.field).sort()).toEqual(['核查方式', '检查结果'].sort());
    expect(shift.find((p) => p.field === '核查方式')!.message).toContain(`有 ${n} 行填的是「检查日期」的内容`);
    expect(problems.indexOf(shift[0]!)).toBe(0);
    // one line per cell
    const cells = problems.filter((p) => p.row !== null).map((p) => `${p.row}${p.column}`);
    expect(new Set(cells).size).toBe(cells.length);
    // the allowed values once per column
    for (const field of ['核查方式', '检查结果', '后续处置']) {
      expect(problems.filter((p) => p.field === field && p.message.includes('可选：')), field).toHaveLength(1);
    }
    // the date in 核查方式 shown as a date, never as Excel's serial number
    const method = problems.filter((p) => p.field === '核查方式' && p.row !== null);
    expect(method).toHaveLength(n);
    for (const p of method) {
      expect(p.value).toMatch(/^2026-09-2\d$/);
      expect(p.message).toContain('填的是日期');
    }
    const text = await w.run(['results', 'import', 'shifted.xlsx'], { env: { SSJ_TODAY: '2026-09-28' } });
    expect(text.stderr).not.toMatch(/「4\d{4}」/);
    expect(text.stderr.match(/可选：/g)).toHaveLength(3);
  });

  it('rejects check dates in the future and rows that are not drawn entities', async () => {
    const w = fresh();
    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    await fill(sheetPath(w), w.path('f.xlsx'), (sh, first, n) => {
      sh.getCell(first + n, 2).value = '91350881MA0000000X';
      sh.getCell(first + n, 8).value = '未发现问题';
    });
    const r = await w.run(['results', 'import', 'f.xlsx', '--json'], { env: { SSJ_TODAY: '2026-09-23' } });
    expect(r.code).toBe(1);
    const msgs = r.json.problems.map((x: any) => x.message).join('\n');
    expect(msgs).toContain('晚于今天（2026-09-23）');
    expect(msgs).toContain('不是本次抽取抽中的检查对象');
  });

  it('a cell merged down over several rows gives its value to each row, as the clerk sees it', async () => {
    const w = fresh();
    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    expect(visits.length).toBeGreaterThanOrEqual(3);
    await fill(sheetPath(w), w.path('m.xlsx'), (sh, first) => {
      // one 检查结果 typed for three entities, one 问题描述 for two
      sh.getCell(first, 8).value = '发现问题已责令改正';
      sh.getCell(first + 1, 8).value = null;
      sh.getCell(first + 2, 8).value = null;
      sh.mergeCells(first, 8, first + 2, 8);
      sh.getCell(first, 9).value = '同一项目部，安全员未到岗';
      sh.mergeCells(first, 9, first + 1, 9);
    });
    const r = await w.run(['results', 'import', 'm.xlsx', '--json'], { env: { SSJ_TODAY: '2026-09-28' } });
    expect(r.code, JSON.stringify(r.json?.problems ?? r.stderr)).toBe(0);
    const v1 = JSON.parse(readFileSync(w.path('results', '2026-001', 'v1.json'), 'utf8'));
    expect(v1.entries.slice(0, 4).map((e: any) => [e.result, e.problem])).toEqual([
      ['发现问题已责令改正', '同一项目部，安全员未到岗'],
      ['发现问题已责令改正', '同一项目部，安全员未到岗'],
      ['发现问题已责令改正', ''],
      ['未发现问题', ''],
    ].slice(0, Math.min(4, visits.length)));
  });

  it('names the cell of a task number changed to one the ledger does not have', async () => {
    const w = fresh();
    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    await fill(sheetPath(w), w.path('f.xlsx'), (sh) => {
      sh.getCell('B2').value = '2026-999';
    });
    const r = await w.run(['results', 'import', 'f.xlsx', '--json'], { env: { SSJ_TODAY: '2026-09-28' } });
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('INPUT_INVALID');
    expect(r.json.error.message).toBe('f.xlsx › 检查结果 › 第 2 行 B 列：抽查任务编号「2026-999」在抽取台账中没有，不知道这是哪次抽取的结果');
    expect(r.json.error.hint).toContain('2026-001');
  });

  it('stores versions: a corrected sheet is version 2, an unchanged one adds nothing, gone entities are listed', async () => {
    const w = fresh();
    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    await fill(sheetPath(w), w.path('v1.xlsx'));
    const env = { SSJ_TODAY: '2026-09-28' };
    const one = await w.run(['results', 'import', 'v1.xlsx', '--json'], { env });
    expect(one.code, one.stderr).toBe(0);
    expect(one.json).toMatchObject({ ok: true, task: '2026-001', version: 1, unchanged: false, entities: visits.length, checksEnded: '2026-09-25', due: '2026-10-29', gone: [] });
    const same = await w.run(['results', 'import', 'v1.xlsx', '--json'], { env });
    expect(same.json).toMatchObject({ version: 1, unchanged: true, file: null });
    await fill(sheetPath(w), w.path('v2.xlsx'), (sh) => {
      sh.getCell(7, 8).value = '注销';
      sh.getCell(8, 8).value = '迁出';
      sh.getCell(8, 12).value = '=HYPERLINK("http://x")';
    });
    const two = await w.run(['results', 'import', 'v2.xlsx', '--json'], { env });
    expect(two.json).toMatchObject({ version: 2, unchanged: false });
    expect(two.json.gone.map((g: any) => [g.code, g.result])).toEqual([[visits[1]!.code, '注销'], [visits[2]!.code, '迁出']]);
    expect(readdirSync(w.path('results', '2026-001')).sort()).toEqual(['v1.json', 'v2.json']);
    const v1 = JSON.parse(readFileSync(w.path('results', '2026-001', 'v1.json'), 'utf8'));
    expect(v1.entries.every((e: any) => e.result === '未发现问题')).toBe(true);
    const v2 = JSON.parse(readFileSync(w.path('results', '2026-001', 'v2.json'), 'utf8'));
    expect(v2.entries[2].remark).toBe('=HYPERLINK("http://x")');
    expect(v2.source.file).toBe('v2.xlsx');
  });

  it('a sheet made again after a 补抽 keeps the results imported before; only the entity drawn in is left to fill', async () => {
    const w = fresh();
    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    await fill(sheetPath(w), w.path('v1.xlsx'), (sh) => {
      sh.getCell(7, 8).value = '注销';
      sh.getCell(6, 12).value = '负责人在场';
    });
    const env = { SSJ_TODAY: '2026-09-28' };
    expect((await w.run(['results', 'import', 'v1.xlsx', '--json'], { env })).code).toBe(0);
    const rep = await w.run(['draw', 'replace', '2026-001', '--entity', visits[1]!.code, '--reason', '注销', '--json'], { env });
    expect(rep.code, rep.stderr).toBe(0);
    const added = rep.json.change.added[0].code as string;
    const again = await w.run(['results', 'sheet', '2026-001', '-o', w.path('补抽后.xlsx'), '--json'], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ entities: visits.length, prefilled: visits.length - 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(w.path('补抽后.xlsx'));
    const sh = wb.getWorksheet('检查结果')!;
    const rows = Array.from({ length: visits.length }, (_, k) => sh.getRow(6 + k));
    const byCode = new Map(rows.map((r) => [String(r.getCell(2).value), r]));
    expect([...byCode.keys()]).not.toContain(visits[1]!.code);
    expect(byCode.get(added)!.getCell(8).value ?? null).toBeNull(); // (drawn in: nothing entered yet)
    expect(byCode.get(visits[0]!.code)!.getCell(8).value).toBe('未发现问题');
    expect(byCode.get(visits[0]!.code)!.getCell(12).value).toBe('负责人在场');
    expect(String(byCode.get(visits[0]!.code)!.getCell(6).value)).toBe('2026-09-22');
    const text = await w.run(['results', 'sheet', '2026-001', '-o', w.path('再一次.xlsx')], { env });
    expect(text.stdout).toContain(`已填入上次导入的结果（第 1 版）${visits.length - 1} 个，还有 1 个（如补抽得到的）要填写`);
    // ssj status says the results lack the entity drawn in
    const st = await w.run(['status', '--json'], { env });
    expect(st.json[0]).toMatchObject({ task: '2026-001', stage: 'results', missingResults: 1 });
    const shown = await w.run(['status'], { env });
    expect(shown.stdout).toContain('结果缺1个'); // (in the 进度 column, where 已录入结果 would be: as narrow, not cut at 80 columns)
    expect(shown.stdout.replace(/\s+/g, '')).toContain('有1个任务的检查结果缺少检查对象（补抽得到的）：2026-001缺1个');
  });

  it('reads a number whose format adds text as the text Excel shows: a code pasted with its format, a remark, the task id; dates keep their numbers', async () => {
    const w = fresh();
    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    const code = visits[0]!.code;
    const [, digits, rest] = /^(\d{8})(.*)$/.exec(code)!; // (a credit code starts with digits: 91350881…)
    await fill(sheetPath(w), w.path('shown.xlsx'), (sh, first) => {
      const c = sh.getCell(first, 2); // 91350881 shown as 91350881MA…
      c.value = Number(digits);
      c.numFmt = `${'0'.repeat(digits!.length)}"${rest}"`;
      const remark = sh.getCell(first, 12);
      remark.value = 2;
      remark.numFmt = '"第"0"次复查"';
      sh.getCell(first, 6).numFmt = 'yyyy"年"m"月"d"日"'; // (a date format: never an affix)
      const deadline = sh.getCell(first, 11);
      deadline.value = 46300; // 2026-10-05, shown with text around it
      deadline.numFmt = '0"（序号）"';
      const task = sh.getCell('B2'); // 抽查任务编号 2026-001 typed as 1
      task.value = 1;
      task.numFmt = '"2026-"000';
    });
    const r = await w.run(['results', 'import', 'shown.xlsx', '--json'], { env: { SSJ_TODAY: '2026-09-28' } });
    expect(r.code, r.stdout).toBe(0);
    const v1 = JSON.parse(readFileSync(w.path('results', '2026-001', 'v1.json'), 'utf8'));
    expect(v1.entries.find((e: any) => e.code === code)).toMatchObject({ remark: '第2次复查', checkDate: '2026-09-22', deadline: '2026-10-05' });
  });
});

describe('ssj results publish and ssj status', () => {
  it('follows a task from drawn to published, with the deadline counted in working days across National Day', async () => {
    const w = fresh();
    const st0 = await w.run(['status', '--json'], { env: DRAW_DAY });
    expect(st0.json).toEqual([expect.objectContaining({ task: '2026-001', stage: 'drawn', checksEnded: null, due: null, daysLeft: null, overdue: false })]);
    const early = await w.run(['results', 'publish', '2026-001', '--date', '2026-09-22'], { env: { SSJ_TODAY: '2026-09-23' } });
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('还没有导入检查结果');
    // without --date (in a script): the missing results are said, not the missing date (asked for only when there is something to publish)
    const noDate = await w.run(['results', 'publish', '2026-001', '--json'], { env: { SSJ_TODAY: '2026-09-23' } });
    // NO_DATA (the results are not there yet), not CANNOT_DRAW: docs/cli-json.md, one code per cause
    expect([noDate.code, noDate.json.error.code]).toEqual([1, 'NO_DATA']);
    expect(noDate.json.error.message).toContain('还没有导入检查结果');

    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    await fill(sheetPath(w), w.path('v1.xlsx'));
    expect((await w.run(['results', 'import', 'v1.xlsx'], { env: { SSJ_TODAY: '2026-09-28' } })).code).toBe(0);
    // checks ended Fri 2026-09-25; 20 working days: Sep 28-30 (3), the 10-10 working Saturday, Oct 9 … → 2026-10-29
    const st1 = await w.run(['status', '--json'], { env: { SSJ_TODAY: '2026-10-09' } });
    expect(st1.json[0]).toMatchObject({ stage: 'results', checksEnded: '2026-09-25', due: '2026-10-29', overdue: false });
    // after 10-09: 10-10 (调休 Saturday), 10-12…16, 10-19…23, 10-26…29 = 1 + 5 + 5 + 4
    expect(st1.json[0].daysLeft).toBe(15);
    // at 80 columns the state is whole (names are shortened and dates left out first)
    const st1Text = await w.run(['status'], { env: { SSJ_TODAY: '2026-10-09', COLUMNS: '80' } });
    expect(st1Text.stdout).toContain('还剩 15 个工作日');
    const late = await w.run(['status', '--json'], { env: { SSJ_TODAY: '2026-11-02' } });
    expect(late.json[0]).toMatchObject({ stage: 'results', overdue: true });
    expect(late.json[0].daysLeft).toBeLessThan(0);
    const text = await w.run(['status'], { env: { SSJ_TODAY: '2026-11-02' } });
    expect(text.stdout).toContain('已逾期');

    expect((await w.run(['results', 'publish', '2026-001', '--date', '2026-12-01'], { env: { SSJ_TODAY: '2026-11-02' } })).code).toBe(2); // in the future
    expect((await w.run(['results', 'publish', '2026-001', '--date', '2026-09-24'], { env: { SSJ_TODAY: '2026-11-02' } })).code).toBe(2); // before the checks ended
    expect((await w.run(['results', 'publish', '2026-001', '--date', '2026-10-30', '--url', 'ftp://x'], { env: { SSJ_TODAY: '2026-11-02' } })).code).toBe(2);
    const pub = await w.run(['results', 'publish', '2026-001', '--date', '2026-10-30', '--url', 'https://zfxxgk.example.gov.cn/1', '--json'], { env: { SSJ_TODAY: '2026-11-02' } });
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.json).toMatchObject({ ok: true, task: '2026-001', date: '2026-10-30', version: 1, due: '2026-10-29', onTime: false });
    const st2 = await w.run(['status', '--json'], { env: { SSJ_TODAY: '2026-11-02' } });
    expect(st2.json[0]).toMatchObject({ stage: 'published', published: '2026-10-30', url: 'https://zfxxgk.example.gov.cn/1', overdue: true, daysLeft: null });
  });

  it('says a due date is unknown when the holiday schedule of its year is missing, never guessing', async () => {
    const w = fresh();
    await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
    // checks ending 2026-12-28: 20 working days reach into 2027, which has no shipped schedule
    await fill(sheetPath(w), w.path('dec.xlsx'), (sh, first, n) => {
      for (let r = first; r < first + n; r++) sh.getCell(r, 6).value = new Date(Date.UTC(2026, 11, 28));
    });
    const r = await w.run(['results', 'import', 'dec.xlsx', '--json'], { env: { SSJ_TODAY: '2026-12-30' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.due).toBeNull();
    const st = await w.run(['status', '--json'], { env: { SSJ_TODAY: '2026-12-30' } });
    expect(st.json[0]).toMatchObject({ stage: 'results', due: null, overdue: false });
    expect(st.json[0].dueUnknown).toContain('2027');
  });

  it('with the deadline unknown, a publication within as many calendar days is on time (status, publish, report); a later one is said unknown, not on time', async () => {
    for (const [day, onTime] of [['2027-01-05', true], ['2027-01-25', null]] as const) {
      const w = fresh();
      await w.run(['results', 'sheet', '2026-001'], { env: DRAW_DAY });
      await fill(sheetPath(w), w.path('dec.xlsx'), (sh, first, n) => {
        for (let r = first; r < first + n; r++) sh.getCell(r, 6).value = new Date(Date.UTC(2026, 11, 28));
      });
      const at = { env: { SSJ_TODAY: day } };
      expect((await w.run(['results', 'import', 'dec.xlsx'], at)).code).toBe(0);
      const pub = await w.run(['results', 'publish', '2026-001', '--date', day, '--json'], at);
      expect(pub.json).toMatchObject({ ok: true, due: null, onTime });
      const st = await w.run(['status', '--json'], at);
      expect(st.json[0]).toMatchObject({ stage: 'published', due: null, overdue: false, onTime });
      const text = await w.run(['status'], { ...at, env: { ...at.env, COLUMNS: '80' } });
      if (onTime) expect(text.stdout).toContain(`按时公示（${day}）`);
      else expect(text.stdout).toContain(`已公示（${day}），期限未知`);
      const rep = await w.run(['report', '--json'], at);
      const zj1 = rep.json.items.find((i: { item: string }) => i.item === 'ZJ-001');
      expect(zj1).toMatchObject({ published: 1, publishedOnTime: onTime ? 1 : 0, publishedLate: 0 });
      const screen = await w.run(['report'], { ...at, env: { ...at.env, COLUMNS: '160' } });
      if (!onTime) expect(screen.stdout).toContain('+1期限未知');
    }
  }, 120_000);
});
