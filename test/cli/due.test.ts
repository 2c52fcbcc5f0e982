// ssj due: the disclosure due date in working days, through the real binary.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';

let w: Workdir;
afterEach(() => w?.remove());

const setConfig = (file: string, patch: Record<string, unknown>) =>
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...patch }, null, 2));

describe('ssj due', () => {
  it('2026-09-25 + 20 working days is 2026-10-29 (中秋, 国庆 and the 10-10 调休 Saturday), outside a workspace', async () => {
    w = new Workdir();
    const r = await w.run(['due', '2026-09-25', '--json']);
    expect(r.code).toBe(0);
    // 9-28, 9-29, 9-30 (3); 10-01 … 10-07 off; 10-08, 10-09 (5); 10-10 Sat 调休 (6); 10-12 … 10-16 (11);
    // 10-19 … 10-23 (16); 10-26 … 10-29 (20)
    expect(r.json).toEqual({ from: '2026-09-25', days: 20, due: '2026-10-29' });
    expect(Object.keys(r.json)).toEqual(['from', 'days', 'due']);

    const t = await w.run(['due', '2026-09-25']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('检查结束于 2026-09-25（星期五），20 个工作日后的公示截止日期是 2026-10-29（星期四）');
    expect(t.stdout).toContain('10月1日—7日');
    expect(t.stdout).toContain('10月10日（星期六）');
    expect(t.stdout).toContain('chinese-days@1.5.7');
  });

  it('--days, and other ways of writing the date', async () => {
    w = new Workdir();
    const r = await w.run(['due', '2026/2/12', '--days', '5', '--json']);
    expect(r.json).toEqual({ from: '2026-02-12', days: 5, due: '2026-02-26' });
    const t = await w.run(['due', '2026年9月25日', '--days', '10', '--json']);
    expect(t.json).toEqual({ from: '2026-09-25', days: 10, due: '2026-10-15' });
  });

  it('inside a workspace the days come from ssj.json (also with -C)', async () => {
    w = new Workdir();
    await w.run(['init', 'ws', '--org', '示例县住房和城乡建设局', '--year', '2026']);
    setConfig(w.path('ws', 'ssj.json'), { disclosureWorkingDays: 10 });
    const r = await w.run(['due', '2026-09-25', '--json'], { cwd: w.path('ws') });
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ from: '2026-09-25', days: 10, due: '2026-10-15' });
    const c = await w.run(['-C', 'ws', 'due', '2026-09-25', '--json']);
    expect(c.json).toEqual({ from: '2026-09-25', days: 10, due: '2026-10-15' });
    const d = await w.run(['-C', 'ws', 'due', '2026-09-25', '--days', '20', '--json']);
    expect(d.json.due).toBe('2026-10-29');
  });

  it('a year without a schedule is an error naming the year, never guessed', async () => {
    w = new Workdir();
    const r = await w.run(['due', '2028-03-01']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('没有 2028 年的节假日安排');
    expect(r.stderr).toContain('节假日.json');
    const j = await w.run(['due', '2028-03-01', '--json']);
    expect(j.code).toBe(1);
    expect(j.json.ok).toBe(false);
    expect(j.json.error.code).toBe('NO_DATA');
    expect(j.json.error.message).toContain('2028');
    expect(j.json.error.hint).toContain('节假日.json');
    // 2026-12-20 + 20 working days runs into 2027
    const x = await w.run(['due', '2026-12-20', '--json']);
    expect(x.code).toBe(1);
    expect(x.json.error.message).toContain('没有 2027 年的节假日安排');
  });

  it('the workspace holidays file adds 2027 and overrides a shipped year', async () => {
    w = new Workdir();
    await w.run(['init', 'ws', '--org', '示例县住房和城乡建设局', '--year', '2026']);
    const at = { cwd: w.path('ws') };
    const before = await w.run(['due', '2026-12-25', '--days', '5', '--json'], at);
    expect(before.code).toBe(1);
    expect(before.json.error.hint).toContain(w.path('ws', '节假日.json'));
    writeFileSync(w.path('ws', '节假日.json'), '\uFEFF' + JSON.stringify({
      2027: { source: '测试用', holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [] },
    }));
    // 12-28 … 12-31 (4); 2027-01-01 … 01-03 off; 01-04 Monday (5)
    const r = await w.run(['due', '2026-12-25', '--days', '5', '--json'], at);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({ from: '2026-12-25', days: 5, due: '2027-01-04' });
    const t = await w.run(['due', '2026-12-25', '--days', '5'], at);
    expect(t.stdout).toContain('2027年1月1日—3日');
    expect(t.stdout).toContain('测试用');

    // A year in the file replaces the shipped year: 2026 with only New Year's Day off and no 调休
    writeFileSync(w.path('ws', '节假日.json'), JSON.stringify({ 2026: { holidays: ['2026-01-01'], workdays: [] } }));
    const o = await w.run(['due', '2026-09-25', '--days', '20', '--json'], at);
    expect(o.json.due).toBe('2026-10-23'); // plain Monday–Friday from 9-28

    // Outside the workspace the file is not read
    const out = await w.run(['due', '2026-09-25', '--json']);
    expect(out.json.due).toBe('2026-10-29');
  });

  it('SSJ_HOLIDAYS names a holidays file outside a workspace', async () => {
    w = new Workdir();
    writeFileSync(w.path('h.json'), JSON.stringify({ 2027: { holidays: ['2027-01-01'], workdays: [] } }));
    const r = await w.run(['due', '2026-12-31', '--days', '1', '--json'], { env: { SSJ_HOLIDAYS: 'h.json' } });
    expect(r.json).toEqual({ from: '2026-12-31', days: 1, due: '2027-01-04' });
    const missing = await w.run(['due', '2026-12-31', '--json'], { env: { SSJ_HOLIDAYS: 'nope.json' } });
    expect(missing.code).toBe(1);
    expect(missing.json.error.code).toBe('FILE_NOT_FOUND');
  });

  it('a malformed holidays file: every problem at once, naming the file and the entry', async () => {
    w = new Workdir();
    await w.run(['init', 'ws', '--org', '示例县住房和城乡建设局', '--year', '2026']);
    writeFileSync(w.path('ws', '节假日.json'), JSON.stringify({
      2027: { holiday: ['2027-01-01'], workdays: ['2027-02-08', '2026-12-31'] },
      2028: { holidays: ['2028-02-30', '2028-01-01', '2028-01-01'], workdays: [] },
      '27': { holidays: [], workdays: [] },
    }));
    const r = await w.run(['due', '2026-09-25'], { cwd: w.path('ws') });
    expect(r.code).toBe(1);
    const e = r.stderr;
    expect(e).toContain(w.path('ws', '节假日.json'));
    expect(e).toContain('有 7 处错误');
    expect(e).toContain('"2027" › holiday：不认识的项');
    expect(e).toContain('"2027"：缺少 holidays');
    expect(e).toContain('"2027" › workdays 第 1 项「2027-02-08」：是星期一');
    expect(e).toContain('"2027" › workdays 第 2 项「2026-12-31」：不在 2027 年内');
    expect(e).toContain('"2028" › holidays 第 1 项「2028-02-30」：不是有效的日期');
    expect(e).toContain('"2028" › holidays 第 3 项「2028-01-01」：重复了');
    expect(e).toContain('"27"：不是年份');
    const j = await w.run(['due', '2026-09-25', '--json'], { cwd: w.path('ws') });
    expect(j.json.error.code).toBe('INPUT_INVALID');

    writeFileSync(w.path('ws', '节假日.json'), '{"2027": {"holidays": ["2027-01-01"],}}');
    const bad = await w.run(['due', '2026-09-25'], { cwd: w.path('ws') });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('不是有效的 JSON');
  });

  it('a bad date or --days is a usage error', async () => {
    w = new Workdir();
    for (const args of [['2026-02-30'], ['2026-13-01'], ['tomorrow'], ['2026-09-25', '--days', '0'], ['2026-09-25', '--days', 'x'], ['2026-09-25', '--days', '1.5']]) {
      const r = await w.run(['due', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/不是有效的日期|--days 应为/);
    }
    const j = await w.run(['due', '2026-02-30', '--json']);
    expect(j.code).toBe(2);
    expect(j.json.error.code).toBe('USAGE');
  });
});
