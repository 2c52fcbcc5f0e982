// What the clerk reads on an 80-column terminal: --help aligned by display width, "did you mean".
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, describe, expect, it } from 'vitest';
import { PROGRESS_MIN_BYTES } from '../../src/ui/progress.js';
import { suggest } from '../../src/ui/suggest.js';
import { wrapText } from '../../src/ui/terminal.js';
import { BIN, FIXTURES, Workdir } from '../helpers/workdir.js';
import { hasScript, Pty } from '../helpers/pty.js';

const w = new Workdir('ssj-terminal');
afterAll(() => w.remove());

const widths = (text: string) => text.split('\n').map((l) => stringWidth(l));

describe('--help', () => {
  it('fits 80 columns and starts every description in the same column (a Chinese character is two columns)', async () => {
    for (const args of [[], ['draw'], ['form'], ['export'], ['results'], ['import', 'entities']]) {
      const r = await w.run([...args, '--help']);
      expect(r.code).toBe(0);
      expect(Math.max(...widths(r.stdout)), args.join(' ')).toBeLessThanOrEqual(80);
      // the command / option lines: two spaces, a term, at least two spaces, a description
      const items = r.stdout.split('\n').filter((l) => /^ {2}\S/.test(l));
      const starts = new Set(items.map((l) => {
        const m = /^( {2}\S.*?\S? {2,})\S/.exec(l);
        return m ? stringWidth(m[1]!) : -1;
      }).filter((n) => n > 0));
      expect(starts.size, `${args.join(' ')}: ${[...starts].join(',')}`).toBe(1);
    }
  }, 180_000);
});

describe('did you mean', () => {
  it('suggests the command for a typo and the list name for a Chinese name', async () => {
    const cases: [string[], string][] = [
      [['drw'], 'draw'],
      [['exprot', 'draws'], 'export'],
      [['import', '检查对象', 'x.xlsx'], 'entities'],
      [['import', '执法人员', 'x.xlsx'], 'inspectors'],
      [['list', '事项'], 'items'],
      [['list', '回避'], 'conflicts'],
      [['list', 'entites'], 'entities'],
      [['export', '计划'], 'plan'],
    ];
    for (const [args, want] of cases) {
      const r = await w.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(`是不是要用 ${want}？`);
    }
  }, 180_000);

  it('suggests nothing for something unlike any name', () => {
    expect(suggest('zzzzzz', ['draw', 'import'])).toBeUndefined();
    expect(suggest('天气', ['inspectors', 'entities', 'items', 'conflicts'], 'list')).toBeUndefined();
  });
});

describe('wrapText', () => {
  it('wraps Chinese between characters within the width, never starting a line with closing punctuation', () => {
    const text = '年度抽查情况报告：各事项是否达标、重复抽中、人员工作量、注销吊销迁出、补抽和台账复核（按年度）。';
    for (const width of [10, 17, 24, 31]) {
      const lines = wrapText(text, width);
      expect(lines.join('')).toBe(text);
      for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
      for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。、：）]/);
    }
    expect(wrapText('export items plan draws results', 12)).toEqual(['export items', 'plan draws', 'results']);
  });
});

describe('80 columns', () => {
  const ws = new Workdir('ssj-80');
  afterAll(() => ws.remove());

  it('list: every line fits 80 columns, the first 50 rows and a pointer to --all; --all and --json give every row', async () => {
    await ws.samples('s');
    const at = { cwd: ws.path('s') };
    for (const kind of ['entities', 'inspectors', 'items', 'conflicts']) {
      const all = (await ws.run(['list', kind, '--json'], at)).json as unknown[];
      const r = await ws.run(['list', kind], at);
      expect(r.code).toBe(0);
      expect(Math.max(...widths(r.stdout)), kind).toBeLessThanOrEqual(80);
      const rows = r.stdout.split('\n').filter((l) => /^\S+\s{2}/.test(l) && !l.startsWith('─')).length - 1; // minus the header
      expect(rows, kind).toBe(Math.min(all.length, 50));
      if (all.length > 50) {
        expect(r.stdout).toContain(`另有 ${all.length - 50} 条没有显示`);
        const full = await ws.run(['list', kind, '--all'], at);
        expect(full.stdout).not.toContain('没有显示');
        expect(full.stdout.split('\n').filter((l) => /^[0-9A-Z]{18}\s/.test(l))).toHaveLength(all.length);
      }
    }
    // a long name is shortened in the table, whole in --json
    const entities = (await ws.run(['list', 'entities', '--json'], at)).json as { name: string }[];
    const longest = entities.reduce((a, b) => (stringWidth(b.name) > stringWidth(a.name) ? b : a));
    const table = (await ws.run(['list', 'entities', '--all'], at)).stdout;
    expect(stringWidth(longest.name)).toBeGreaterThan(24);
    expect(table).not.toContain(longest.name);
    expect(table).toContain(`${[...longest.name].slice(0, 6).join('')}`);
    expect(table).toMatch(/…/);
  }, 300_000);

  it('an empty --category says which categories there are', async () => {
    const at = { cwd: ws.path('s') };
    const entities = (await ws.run(['list', 'entities', '--json'], at)).json as { category: string }[];
    const r = await ws.run(['list', 'entities', '--category', '建筑'], at);
    expect(r.code).toBe(0);
    for (const cat of new Set(entities.map((e) => e.category))) {
      expect(r.stdout).toContain(`${cat}（${entities.filter((e) => e.category === cat).length} 条）`);
    }
    expect(r.stdout).toContain('是不是要用 --category 建筑施工企业');
  }, 120_000);

  it('the import summary lists ten gone entities and counts the rest', async () => {
    const v = new Workdir('ssj-80-import');
    try {
      await v.init();
      const r = await v.run(['import', 'entities', join(FIXTURES, 'sample', '检查对象名录库.xlsx')]);
      expect(r.code).toBe(0);
      const gone = (await v.run(['list', 'entities', '--status', 'gone', '--json'])).json as unknown[];
      expect(gone.length).toBeGreaterThan(10);
      expect(r.stdout).toContain(`已退出的检查对象 ${gone.length} 个`);
      expect(r.stdout).toContain(`另有 ${gone.length - 10} 个`);
      expect(r.stdout).toContain('ssj list entities --status gone');
      expect(Math.max(...widths(r.stdout))).toBeLessThanOrEqual(80);
    } finally {
      v.remove();
    }
  }, 120_000);
});

// GB 32100-2015 check character, to make a large valid registry here
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const uscc = (body: string) => body + USCC[(31 - (WEIGHTS.reduce((s, w, i) => s + w * USCC.indexOf(body[i]!), 0) % 31)) % 31];


describe.skipIf(!hasScript)('import progress (through a pseudo-terminal made by script(1))', () => {
  it('shows rows read, rate and time left on a terminal for a large file, and nothing when stderr is not a terminal', async () => {
    const v = new Workdir('ssj-progress');
    try {
      await v.init();
      const rows = ['序号,市场主体名称,统一社会信用代码,联系电话,行业类别,监管责任股室,所在乡镇,经营状态'];
      for (let i = 0; i < 24000; i++) rows.push(`${i + 1},示例县第${i + 1}号建筑工程有限公司（用于测试导入进度显示的长名称）,${uscc(`91350881${String(10000000 + i)}0`)},1390000${String(i).padStart(4, '0')},建筑施工企业,建筑业股,城关镇,存续`);
      const file = v.path('big.csv');
      writeFileSync(file, rows.join('\r\n') + '\r\n');
      expect(statSync(file).size).toBeGreaterThan(PROGRESS_MIN_BYTES);
      const plain = await v.run(['import', 'entities', file, '--json']);
      expect(plain.json).toMatchObject({ ok: true, imported: 24000 });
      expect(plain.stderr).not.toContain('正在读取');
      const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} import entities ${JSON.stringify(file)} >/dev/null`;
      const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: v.dir, encoding: 'utf8', env: { ...process.env, SSJ_TODAY: '2026-11-22' }, timeout: 120_000 });
      expect(tty.status, tty.stdout).toBe(0);
      expect(tty.stdout).toMatch(/正在读取「big\.csv」：已读 [\d,]+ \/ 约 [\d,]+ 行，每秒 [\d,]+ 行，已用 \d+ 秒/);
    } finally {
      v.remove();
    }
  }, 300_000);
});

const hasLess = spawnSync('less', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript || !hasLess)('Ctrl-C while a long list is in less', () => {
  it('leaves less to handle it: ssj waits for less to quit (q) and is not left behind it exiting', async () => {
    const v = new Workdir('ssj-pager-int');
    try {
      await v.samples('s');
      const env: Record<string, string> = { SSJ_TODAY: '2026-11-22', PAGER: 'less', LESS: '' };
      const p = new Pty(['node', BIN, 'list', 'entities', '--all'], { cwd: v.path('s'), env });
      await p.waitFor('检查对象');
      await new Promise((r) => setTimeout(r, 500));
      await p.type('\x03');
      await new Promise((r) => setTimeout(r, 800));
      expect(p.child.exitCode, p.text.slice(-500)).toBeNull(); // still paging
      expect(p.text).not.toContain('已中断');
      await p.type('q');
      expect((await p.exit()).code).toBe(0);
    } finally {
      v.remove();
    }
  }, 300_000);
});

describe.skipIf(!hasScript)('paging on an 80×24 terminal (script(1))', () => {
  it('pages a long list through $PAGER on a terminal, never when stdout is not one, and lays it out for 80 columns', async () => {
    const v = new Workdir('ssj-pager');
    try {
      await v.samples('s');
      const n = ((await v.run(['list', 'entities', '--json'], { cwd: v.path('s') })).json as unknown[]).length;
      const cmd = `stty rows 24 cols 80; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} list entities --all`;
      const env = { ...process.env, PAGER: 'cat -n', NO_COLOR: '1', COLUMNS: '', SSJ_TODAY: '2026-11-22' };
      const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: v.path('s'), encoding: 'utf8', env, timeout: 120_000 });
      expect(tty.status, tty.stdout).toBe(0);
      const lines = tty.stdout.replace(/\r/g, '').split('\n').filter((l) => l.trim() !== '');
      // cat -n numbered every line: the list went through the pager
      expect(lines.filter((l) => /^\s+\d+\t/.test(l)).length).toBeGreaterThanOrEqual(n);
      for (const l of lines) expect(stringWidth(l.replace(/^\s+\d+\t/, ''))).toBeLessThanOrEqual(80);
      const piped = await v.run(['list', 'entities', '--all'], { cwd: v.path('s'), env: { PAGER: 'cat -n' } });
      expect(piped.stdout).not.toMatch(/^\s+\d+\t/m);
    } finally {
      v.remove();
    }
  }, 300_000);
});

describe.skipIf(!hasScript)('a question at a terminal whose output is piped', () => {
  it('is not asked; the missing flag is named with why (the redirection), not "ssj asks at a terminal"', () => {
    const v = new Workdir('ssj-piped');
    try {
      const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} init ws | cat`;
      const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: v.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
      expect(tty.stdout).toContain('缺少 --org');
      expect(tty.stdout).toContain('输出被重定向（如 | tee、> 文件）时 ssj 不询问：请用 --org 给出，或去掉重定向后在终端中运行');
      // a script (no terminal at all) is told as before
      const plain = spawnSync(process.execPath, [BIN, 'init', 'ws2'], { cwd: v.dir, encoding: 'utf8' });
      expect(plain.status).toBe(2);
      expect(plain.stderr).toContain('在脚本中运行时请用 --org 给出；在终端中运行时 ssj 会询问');
    } finally {
      v.remove();
    }
  });
});

describe.skipIf(!hasScript)('ssj status on an 80-column terminal (script(1))', () => {
  it('wraps what each task lacks and the reminders within 80 columns, later lines indented under the text (piped: one line each)', async () => {
    const v = new Workdir('ssj-status-tty');
    try {
      await v.samples('s');
      const d = await v.run(['draw', '--item', 'ZJ-001', '--witness', '甲', '--entropy', '381702992011', '--json'], { cwd: v.path('s'), env: { SSJ_TODAY: '2026-06-10' } });
      expect(d.code, d.stderr).toBe(0);
      const cmd = `stty rows 24 cols 80; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} status`;
      const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: '', SSJ_TODAY: '2026-06-10' };
      const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: v.path('s'), encoding: 'utf8', env, timeout: 120_000 });
      expect(tty.status, tty.stdout).toBe(0);
      const lines = tty.stdout.replace(/\r/g, '').replace(/\x1b\[[0-9;]*m/g, '').split('\n');
      for (const l of lines) expect(stringWidth(l), l).toBeLessThanOrEqual(80);
      // the June reminder is longer than a line: its second line does not start with punctuation
      const at = lines.findIndex((l) => l.startsWith('6 月应修订检查对象名录库'));
      expect(at, tty.stdout).toBeGreaterThan(0);
      expect(lines[at + 1]).not.toMatch(/^[，。；：）]/);
      const piped = await v.run(['status'], { cwd: v.path('s'), env: { SSJ_TODAY: '2026-06-10' } });
      expect(piped.stdout).toMatch(/^6 月应修订检查对象名录库.*ssj import entities 导入$/m);
    } finally {
      v.remove();
    }
  }, 300_000);
});

describe('an argument left out', () => {
  it('names the command, its usage line and what to type (exit 2, USAGE)', async () => {
    const form = await w.run(['form']);
    expect(form.code).toBe(2);
    expect(form.stderr).toContain('✖ ssj form 缺少参数「记录」（用法：ssj form [选项] <记录>；记录编号如 2026-001，ssj status 列出各抽查任务）');
    const sheet = await w.run(['results', 'sheet', '--json']);
    expect([sheet.code, sheet.json.error.code]).toEqual([2, 'USAGE']);
    expect(sheet.json.error.message).toBe('ssj results sheet 缺少参数「记录」（用法：ssj results sheet [选项] <记录>；记录编号如 2026-001，ssj status 列出各抽查任务）');
    const imp = await w.run(['import', 'entities']);
    expect(imp.stderr).toContain('ssj import entities 缺少参数「文件」（用法：ssj import entities [选项] <文件>）');
  });
});
