// examples/year-end.sh over a year built through the real binary (test/helpers/year.ts): every disclosure file of
// the year in one folder, the ledger verified first, nothing written when a step fails, no existing file overwritten.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, Workdir } from '../helpers/workdir.js';
import { buildYear, type BuiltYear } from '../helpers/year.js';

const SCRIPT = join(ROOT, 'examples', 'year-end.sh');
const OUT = '年终材料-2026';
const INTERNAL_DIR = `${OUT}（内部资料 不得公开）`;
const made: Workdir[] = [];
let w: Workdir;
let year: BuiltYear;
let shim: string;
let main: Script;

interface Script {
  code: number;
  stdout: string;
  stderr: string;
  /** the ssj command lines the script ran, in order (logged by the shim) */
  calls: string[][];
}

/** Run the script with bash; `ssj` is the shim on PATH (or `env.SSJ`), which logs each call to `log`. */
function script(args: string[], opts: { cwd?: string; env?: Record<string, string>; log?: string } = {}): Promise<Script> {
  const log = opts.log ?? w.path(`calls-${Math.random().toString(36).slice(2)}.log`);
  return new Promise((done) => {
    execFile('bash', [SCRIPT, ...args], {
      cwd: opts.cwd ?? w.dir,
      env: { ...process.env, PATH: `${shim}${delimiter}${process.env['PATH']}`, NO_COLOR: '1', SSJ_TODAY: year.today, SSJ_USER: 'tester', SHIM_LOG: log, ...opts.env },
      maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      const calls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]) : [];
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr, calls });
    });
  });
}

/** every file below a folder, relative, sorted */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  walk(dir);
  return out.sort();
}

/** the public lists the script wrote, one per snapshot a draw used */
function listFiles(): string[] {
  const snaps = readFileSync(join(year.root, OUT, '2026年度抽取结果.records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.kind === 'draw');
  const names = (key: 'entities' | 'inspectors', name: string) => [...new Set(snaps.map((r) => r.inputs[key].snapshot as string))].map((h) => `${name}（快照 ${h.slice(0, 12)}）.xlsx`);
  return [...names('entities', '检查对象名录库'), ...names('inspectors', '执法检查人员名录')].sort();
}

/** phones and contacts of the registry and roster, and the 回避 pairs (as 执法证号|code) and reasons */
async function privateValues(root: string): Promise<string[]> {
  const list = async (kind: string) => JSON.parse((await w.run(['list', kind, '--json'], { cwd: root })).stdout) as any[];
  const inspectors = await list('inspectors');
  const names = new Set(inspectors.map((p) => p.name));
  return [
    ...(await list('entities')).flatMap((e) => [e.phone, names.has(e.contact) ? '' : e.contact]),
    ...inspectors.map((p) => p.phone),
    ...(await list('conflicts')).flatMap((c) => [c.reason, `"certNo":"${c.certNo}","code":"${c.code}"`]),
  ].filter((v) => typeof v === 'string' && v.length >= 3);
}

/** all text of a workbook: its XML parts (shared strings, inline strings) */
async function xlsxText(path: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const texts: string[] = [];
  wb.eachSheet((sh) => sh.eachRow((row) => row.eachCell((c) => texts.push(String(c.value)))));
  return texts.join('\n');
}

/** the subcommand of a logged call (after -C DIR) */
const sub = (call: string[]) => call.slice(call[0] === '-C' ? 2 : 0).slice(0, 2).join(' ');

beforeAll(async () => {
  w = new Workdir('ssj-year-end');
  made.push(w);
  // `ssj` on PATH: logs its arguments as one JSON line, fails with SHIM_FAIL_CODE when a call contains SHIM_FAIL_ON, else runs the binary
  shim = w.path('bin');
  mkdirSync(shim);
  writeFileSync(join(shim, 'ssj'), `#!/usr/bin/env bash
node -e 'require("fs").appendFileSync(process.env.SHIM_LOG, JSON.stringify(process.argv.slice(1)) + "\\n")' -- "$@"
if [ -n "\${SHIM_FAIL_ON:-}" ]; then for a in "$@"; do [ "$a" = "$SHIM_FAIL_ON" ] && { echo "shim: $SHIM_FAIL_ON fails" >&2; exit "\${SHIM_FAIL_CODE:-1}"; }; done; fi
exec node ${JSON.stringify(BIN)} "$@"
`);
  chmodSync(join(shim, 'ssj'), 0o755);
  year = await buildYear(w, 'ws');
  main = await script([year.root]);
}, 600_000); // a whole year of draws: minutes on a loaded two-core machine
afterAll(() => made.forEach((x) => x.remove()));

describe('examples/year-end.sh', { timeout: 300_000 }, () => { // each case runs the whole script (11 steps, ~30 ssj runs): minutes on a loaded machine
  it('verifies the ledger first, then writes every disclosure file of the year into 年终材料-<year>/ and exits 0', () => {
    expect(main.code, main.stderr).toBe(0);
    const out = join(year.root, OUT);
    expect(files(out)).toEqual([
      '2026年度抽取结果.chain.json',
      '2026年度检查结果.chain.json',
      '2026年度抽取结果.csv',
      '2026年度抽取结果.records.jsonl',
      '2026年度抽取结果.xlsx',
      '2026年度抽查工作计划.xlsx',
      '2026年度检查结果.csv',
      '2026年度检查结果.xlsx',
      '2026年度随机抽查事项清单.xlsx',
      '台账复核结果.json',
      '抽查任务进度.json',
      '抽取复核工具.html',
      ...listFiles(),
    ].sort());
    // the forms (回避 pairs, addresses, operators), the report (workloads, replacement reasons), the adjustments list
    // and the copy of the ledger and its records (for ssj rollup: every draw record and results version) are not in
    // the public folder but in the internal one beside it
    const internal = `${out}（内部资料 不得公开）`;
    for (const n of [...year.ids.records.map((id) => `draws/${id}.json`), 'draws/ledger.jsonl', 'ssj.json', 'results/publications.jsonl']) expect(files(internal)).toContain(`工作区副本/${n}`);
    expect(files(internal).filter((f) => !f.startsWith('工作区副本/'))).toEqual([
      '2026年度检查对象名录库调整清单.xlsx',
      '2026年度抽查情况报告.xlsx',
      ...year.ids.tasks.map((t) => `抽查工作记录表/${t} 抽查工作记录表.xlsx`),
    ].sort());
    expect(sub(main.calls[0]!)).toBe('verify --all');
    expect(main.calls.every((c) => c[0] === '-C' && c[1] === year.root)).toBe(true);
    // one form per standing task: not the superseded draw, not the amendment on its own
    expect(main.calls.filter((c) => sub(c).startsWith('form ')).map((c) => c[3])).toEqual(year.ids.tasks);
    // no temporary folder left beside the output
    expect(readdirSync(year.root).filter((n) => n.startsWith('.年终材料'))).toEqual([]);

    const verify = JSON.parse(readFileSync(join(out, '台账复核结果.json'), 'utf8'));
    expect(verify.ok).toBe(true);
    const status = JSON.parse(readFileSync(join(out, '抽查任务进度.json'), 'utf8'));
    expect(status.map((s: any) => s.task)).toEqual(year.ids.tasks);

    expect(main.stdout).toContain(`2026 年度年终材料已生成：${out}`);
    expect(main.stdout).toContain(`逾期：${year.ids.late.task}（${year.ids.late.date} 公示，期限 ${year.ids.late.due}）`);
    expect(main.stdout).toContain('已公示 4 个');
    expect(main.stdout).not.toContain('.年终材料-'); // the report's "written to" line names the final folder
  });

  it('anchors the ledger: ssj verify --against the folder passes', async () => {
    const bundle = join(year.root, OUT);
    const r = await w.run(['verify', '--against', bundle, '--json'], { cwd: year.root, env: { SSJ_TODAY: year.today } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.json.against[0].ok).toBe(true);
    expect(r.json.against[0].notes.join()).toMatch(/核对了文件夹中的 \d+ 个文件/);
    expect(JSON.parse(readFileSync(join(bundle, '台账复核结果.json'), 'utf8')).head).toEqual(r.json.head);
  }, 180_000);

  it('exports one CSV row per drawn entity of each standing task, after replacements, and one results row each', () => {
    const csv = (name: string) => parse(readFileSync(join(year.root, OUT, name)), { bom: true, columns: true }) as Record<string, string>[];
    const draws = csv('2026年度抽取结果.csv');
    const expected = year.ids.tasks.flatMap((t) => year.ids.entities[t]!.map((e) => [t, e.code]));
    expect(draws).toHaveLength(18);
    expect(draws.map((r) => [r['抽查任务编号'], r['统一社会信用代码']])).toEqual(expected);
    expect(draws.some((r) => r['统一社会信用代码'] === year.ids.replacement.removed.code)).toBe(false);
    expect(draws.some((r) => r['统一社会信用代码'] === year.ids.replacement.added.code)).toBe(true);
    expect(draws.some((r) => r['抽查任务编号'] === year.ids.redraw.of)).toBe(false);
    const records = readFileSync(join(year.root, OUT, '2026年度抽取结果.records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    expect(records.sort()).toEqual([...year.ids.tasks, year.ids.replacement.id].sort());

    const results = csv('2026年度检查结果.csv');
    expect(results.map((r) => [r['抽查任务编号'], r['统一社会信用代码']])).toEqual(expected);
    expect(results.find((r) => r['统一社会信用代码'] === year.ids.moved.code)?.['检查结果']).toBe('迁出');
  });

  it('is self-verifying: the lists each draw used (no phone, contact or 回避 pair) and the verifier page re-verify every draw outside the workspace', async () => {
    const out = join(year.root, OUT);
    const lists = listFiles();
    expect(lists.length).toBeGreaterThanOrEqual(2);
    const elsewhere = w.path('公开文件');
    cpSync(out, elsewhere, { recursive: true });
    const ent = lists.find((f) => f.startsWith('检查对象名录库'))!;
    const ins = lists.find((f) => f.startsWith('执法检查人员名录'))!;
    for (const exported of ['2026年度抽取结果.xlsx', '2026年度抽取结果.csv']) {
      const r = await w.run(['verify', exported, '--entities', ent, '--inspectors', ins, '--json'], { cwd: elsewhere });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.json.records.map((x: any) => x.id.split(' + ')[0]).sort()).toEqual([...year.ids.tasks].sort());
      for (const x of r.json.records) expect(x.checked.entities.status, x.id).toBe('pass');
    }
    const page = readFileSync(join(out, '抽取复核工具.html'), 'utf8');
    expect(page).toContain('抽取复核工具');
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i); // nothing loaded from outside
    // private values of the workspace's lists appear in no file of the folder
    const secrets = await privateValues(year.root);
    for (const f of files(out).filter((n) => !n.endsWith('.html'))) {
      const text = f.endsWith('.xlsx') ? await xlsxText(join(out, f)) : readFileSync(join(out, f), 'utf8');
      for (const s of secrets) expect(text.includes(s), `${f} holds ${s}`).toBe(false);
    }
  });

  it('writes workbooks that open, the annual report among them', async () => {
    for (const name of ['2026年度抽取结果.xlsx', '2026年度检查结果.xlsx', '2026年度随机抽查事项清单.xlsx', '2026年度抽查工作计划.xlsx', `${INTERNAL_DIR}/抽查工作记录表/${year.ids.tasks[0]} 抽查工作记录表.xlsx`]) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(year.root, name.startsWith(INTERNAL_DIR) ? name : `${OUT}/${name}`));
      expect(wb.worksheets.length, name).toBeGreaterThan(0);
    }
  });

  it('writes the annual report (ssj report -o) into the internal folder', async () => {
    const path = join(year.root, INTERNAL_DIR, '2026年度抽查情况报告.xlsx');
    expect(existsSync(path)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.length).toBeGreaterThan(0);
    expect(main.calls.filter((c) => c[2] === 'report')).toHaveLength(1); // (the paper trail's exports follow it)
  });

  it('stops with exit 1 before writing anything when a draw record was tampered with', async () => {
    const copy = w.path('tampered');
    cpSync(year.root, copy, { recursive: true, filter: (src) => !src.includes(OUT) });
    const file = join(copy, 'draws', `${year.ids.redraw.id}.json`);
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('"value":"') + '"value":"'.length; // the first witness's number
    const digit = text[at]!;
    writeFileSync(file, text.slice(0, at) + (digit === '9' ? '8' : String(Number(digit) + 1)) + text.slice(at + 1));
    const before = files(copy);
    const r = await script([copy], { env: { SSJ: `node ${BIN}` } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第 1 步「复核抽取台账（ssj verify --all）」失败（退出码 1），已停止');
    expect(r.stderr).toContain(`FAIL  ${year.ids.redraw.id}`); // verify says what differs
    expect(files(copy)).toEqual(before); // no output folder, no temporary folder, nothing exported
    expect(readdirSync(copy).filter((n) => n.includes('年终材料'))).toEqual([]);
    expect(r.calls).toEqual([]); // SSJ overrides the ssj on PATH
  });

  it('stops at the first failing command with its exit code and leaves nothing behind', async () => {
    const copy = w.path('form-fails');
    cpSync(year.root, copy, { recursive: true, filter: (src) => !src.includes(OUT) });
    const r = await script([copy], { env: { SHIM_FAIL_ON: year.ids.tasks[1]!, SHIM_FAIL_CODE: '7' } });
    expect(r.code).toBe(7);
    expect(r.stderr).toContain('第 8 步「填写抽查工作记录表（4 份）」失败（退出码 7），已停止');
    const ran = r.calls.map(sub);
    expect(ran.filter((s) => s.startsWith('form'))).toHaveLength(2); // the second form failed, the third never ran
    expect(ran).not.toContain('report -o');
    expect(readdirSync(copy).filter((n) => n.includes('年终材料'))).toEqual([]);
  }, 180_000); // runs the whole script: slow on a loaded machine

  it('refuses an output folder that exists and is not empty, and writes into an empty one', async () => {
    const full = w.path('材料');
    mkdirSync(full);
    writeFileSync(join(full, '去年的报告.xlsx'), 'x');
    const r = await script([year.root, full]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('已存在且不是空的');
    expect(r.calls).toEqual([]);
    expect(readdirSync(full)).toEqual(['去年的报告.xlsx']);

    // run from a subfolder of the workspace, into an empty folder given as the second argument
    const empty = w.path('空文件夹');
    mkdirSync(empty);
    const ok = await script(['draws', empty], { cwd: year.root });
    expect(ok.code, ok.stderr).toBe(0);
    expect(files(empty)).toEqual(files(join(year.root, OUT)));
    expect(readdirSync(w.dir).filter((n) => n.startsWith('.年终材料'))).toEqual([]);
  }, 300_000); // runs the whole script twice

  it('stops with a clear message when no task has results yet, and outside a workspace', async () => {
    const v = new Workdir('ssj-year-end-empty');
    made.push(v);
    await v.samples('ws');
    const d = await v.run(['draw', '--item', 'ZJ-001', '--witness', '王五', '--entropy', '20260921', '-y'], { cwd: v.path('ws'), env: { SSJ_TODAY: '2026-09-21' } });
    expect(d.code, d.stderr).toBe(0);
    const r = await script([v.path('ws')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 个抽查任务都还没有录入检查结果');
    expect(r.stderr).toContain('ssj results sheet');
    expect(readdirSync(v.path('ws')).filter((n) => n.includes('年终材料'))).toEqual([]);

    const none = await script([v.dir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('没有 ssj 工作区');
    expect((await script(['--bogus'])).code).toBe(2);
  }, 300_000); // runs the whole script: slow on a loaded machine
});
