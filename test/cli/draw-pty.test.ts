// The prompted draw and the projected draw (--present) driven through a pseudo-terminal at 80×24: Ctrl-C and
// SIGKILL at each step. Before the seed is fixed nothing is written; once it is, the record is in the ledger
// before anything drawn is shown, so an interruption leaves it standing: it verifies, and drawing the same item
// and round again is refused without --redraw.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasScript, Pty, screenText } from '../helpers/pty.js';
import { BIN, Workdir } from '../helpers/workdir.js';
import { fillResultsSheet } from '../helpers/results-sheet.js';

const ENV = { SSJ_TODAY: '2026-11-22', SSJ_USER: 'tester' };

interface Step {
  /** text that shows the step is on screen */
  wait: string;
  /** keys that complete the step */
  keys: string;
  /** the record is saved once this step is on screen */
  saved: boolean;
  /** press Enter until the next step is on screen (a step of several pages) */
  page?: boolean;
}

const PROMPTED: Step[] = [
  { wait: '抽查事项', keys: '\r', saved: false },
  { wait: '第几次抽取', keys: '\r', saved: false },
  { wait: '操作人员姓名', keys: '王操作\r', saved: false },
  { wait: '见证人姓名（第 1 位）', keys: '王纪检\r', saved: false },
  { wait: '直接回车结束', keys: '\r', saved: false },
  { wait: '抽取地点', keys: '三楼会议室\r', saved: false },
  { wait: '以上抽取范围是否正确', keys: '\r', saved: false },
  { wait: '请见证人 王纪检 输入一串数字', keys: '38170299201188\r', saved: false },
  { wait: '按回车键显示抽取结果', keys: '\r', saved: true },
];

const PRESENT_ARGS = ['draw', '--present', '--item', 'ZJ-001', '--witness', '张三', '--witness', '李四', '--operator', '王操作', '--place', '三楼会议室'];
const PRESENT: Step[] = [
  { wait: '1/6 检查对象池', keys: '\r', saved: false },
  { wait: '请见证人 张三', keys: '3817029\r', saved: false },
  { wait: '请见证人 李四', keys: '99201188\r', saved: false },
  { wait: '3/6 随机种子', keys: '\r', saved: true },
  { wait: '4/6 抽中的检查对象', keys: 'a\r', saved: true },
  { wait: '5/6 检查组', keys: '\r', saved: true, page: true },
  { wait: '6/6 抽取记录', keys: '\r', saved: true },
];

describe.skipIf(!hasScript)('draw in a terminal (80×24): Ctrl-C and SIGKILL at each step', () => {
  const w = new Workdir('ssj-pty');
  beforeAll(async () => {
    await w.samples('base');
  }, 120_000);
  afterAll(() => w.remove());

  const fresh = () => w.copy('base');
  /** A fresh copy of the workspace with one draw (2026-001, ZJ-001) made by script; its --json. */
  async function drawn() {
    const dir = fresh();
    const d = await w.run(['draw', '--item', 'ZJ-001', '--witness', '甲', '--entropy', '381702992011', '--json'], { cwd: dir });
    expect(d.code, d.stderr).toBe(0);
    return { dir, d };
  }
  const drawFiles = (dir: string) => (existsSync(join(dir, 'draws')) ? readdirSync(join(dir, 'draws')).filter((f) => !f.startsWith('.')) : []);

  /** Run to step `at`, then interrupt; returns the pty after it exited. */
  async function interrupt(args: string[], steps: Step[], at: number, how: 'ctrl-c' | 'kill', dir: string) {
    const p = new Pty(['node', BIN, ...args], { cwd: dir, env: ENV });
    for (let i = 0; i < at; i++) await complete(p, steps, i);
    await p.waitFor(steps[at]!.wait);
    if (how === 'ctrl-c') await p.type('\x03');
    else {
      await new Promise((r) => setTimeout(r, 150));
      p.kill9();
    }
    const exit = await p.exit();
    return { p, exit };
  }

  async function complete(p: Pty, steps: readonly Step[], i: number) {
    await p.waitFor(steps[i]!.wait);
    await p.type(steps[i]!.keys);
    if (steps[i]!.page) while (!(await p.appeared(steps[i + 1]!.wait))) await p.type('\r');
  }

  /** The record stands: it verifies, and the same item and round is refused without --redraw (with it, a re-draw). */
  async function expectStanding(dir: string, redraw = false) {
    expect(drawFiles(dir)).toContain('2026-001.json');
    const v = await w.run(['verify', '--json'], { cwd: dir });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const again = await w.run(['draw', '--item', 'ZJ-001', '--round', '1', '--witness', '赵', '--entropy', '12345678901234', '--json'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.json.error.code).toBe('ALREADY_DRAWN');
    if (!redraw) return;
    const redo = await w.run(['draw', '--item', 'ZJ-001', '--round', '1', '--witness', '赵', '--entropy', '12345678901234', '--redraw', '--reason', '投屏中断', '--json'], { cwd: dir });
    expect(redo.code, redo.stderr).toBe(0);
    expect(redo.json.redraw.of).toEqual(['2026-001']);
  }

  for (const [mode, args, steps] of [['prompted', ['draw'], PROMPTED], ['--present', PRESENT_ARGS, PRESENT]] as const) {
    steps.forEach((step, at) => {
      it(`${mode}: Ctrl-C at「${step.wait}」`, async () => {
        const dir = fresh();
        const { p, exit } = await interrupt(args as unknown as string[], steps as unknown as Step[], at, 'ctrl-c', dir);
        const text = p.text;
        if (mode === '--present' && at === steps.length - 1) {
          // the last screen: the record is saved and shown; Ctrl-C closes it like Enter
          expect(exit.code).toBe(0);
          await expectStanding(dir);
          return;
        }
        expect(exit.code).toBe(130);
        const lines = text.split('\n').filter((l) => l.includes('✖'));
        expect(lines).toHaveLength(1);
        expect(text).not.toMatch(/内部错误|ExitPromptError|at .*\.js:\d+/);
        if (step.saved) {
          expect(lines[0]).toContain('已中断；抽取记录 2026-001 已保存');
          await expectStanding(dir, mode === 'prompted');
        } else {
          expect(lines[0]).toContain('已中断，没有抽取');
          expect(drawFiles(dir)).toEqual([]);
          expect(existsSync(join(dir, '.ssj-draw-defaults.json'))).toBe(false);
        }
      });
      it(`${mode}: SIGKILL at「${step.wait}」`, async () => {
        const dir = fresh();
        await interrupt(args as unknown as string[], steps as unknown as Step[], at, 'kill', dir);
        if (step.saved) await expectStanding(dir);
        else {
          expect(drawFiles(dir)).toEqual([]);
          if (at !== 0) return;
          // a later draw is not blocked by the killed one's lock
          const r = await w.run(['draw', '--item', 'ZJ-001', '--witness', '赵', '--entropy', '12345678901234', '--json'], { cwd: dir });
          expect(r.code, r.stderr).toBe(0);
          expect(r.json.id).toBe('2026-001');
        }
      });
    });
  }

  it('prompted: a whole draw in Chinese; the record is saved before the result is shown; place and operator are remembered', async () => {
    const dir = fresh();
    const p = new Pty(['node', BIN, 'draw'], { cwd: dir, env: ENV });
    for (const s of PROMPTED) {
      const before = await p.waitFor(s.wait);
      if (s.saved) {
        // the seed and the saved record are on screen, no drawn entity yet
        expect(before).toContain('抽取记录 2026-001 已保存并记入台账');
        expect(before).not.toContain('检查对象名称');
        expect(drawFiles(dir)).toContain('2026-001.json');
      }
      await p.type(s.keys);
    }
    await p.waitFor('任何人可复核');
    expect((await p.exit()).code).toBe(0);
    const text = p.text;
    expect(text).toContain('（↑↓ 选择，回车 确认）');
    expect(text).not.toMatch(/navigate|select\b|\bYes\b|\bNo\b/);
    expect(text).toContain('熵估计约');
    // the result at 80 columns: each drawn entity's name and code whole, its team on the line under it (nothing cut)
    const rec0 = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'draws', '2026-001.json'), 'utf8')));
    const result = text.slice(text.indexOf('检查对象名称'));
    for (const v of rec0.entities) {
      expect(result).toContain(v.name);
      expect(result).toContain(v.code);
      for (const m of v.team) expect(result.replace(/\n +/g, '')).toContain(`${m.name}（${m.certNo}`);
    }
    expect(result).toContain('      检查组：');
    expect(text).not.toMatch(/(?<!第 )\d+ 位[；;，,）)]/); // bits are 比特, never 位 (位 counts people: 第 1 位)
    const rec = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'draws', '2026-001.json'), 'utf8')));
    expect(rec.place).toBe('三楼会议室');
    expect(rec.operator).toBe('王操作');
    // a draw by script in between (no --operator, no --place) does not replace them
    const scripted = await w.run(['draw', '--item', 'ZJ-002', '--witness', '甲', '--entropy', '381702992011', '--json'], { cwd: dir, env: ENV });
    expect(scripted.code, scripted.stderr).toBe(0);
    // next time: the operator and the place are offered as defaults
    const q = new Pty(['node', BIN, 'draw'], { cwd: dir, env: ENV });
    await q.waitFor('抽查事项');
    await q.type('\r');
    await q.waitFor('第几次抽取');
    await q.type('\r');
    const op = await q.waitFor('操作人员姓名');
    await q.waitFor('王操作');
    await q.type('\r');
    await q.waitFor('见证人姓名（第 1 位）');
    await q.type('李\r');
    await q.waitFor('直接回车结束');
    await q.type('\r');
    await q.waitFor('抽取地点');
    await q.waitFor('三楼会议室');
    await q.type('\x03');
    expect((await q.exit()).code).toBe(130);
    expect(op).toContain('操作人员姓名');
  });

  it('prompted: the place may be left empty, as --place may be left out in a script', async () => {
    const dir = fresh();
    const p = new Pty(['node', BIN, 'draw'], { cwd: dir, env: ENV });
    for (const step of PROMPTED.slice(0, 5)) {
      await p.waitFor(step.wait);
      await p.type(step.keys);
    }
    await p.waitFor('抽取地点（可以不填，直接回车）');
    await p.type('\r');
    await p.waitFor('以上抽取范围是否正确');
    await p.type('\x03');
    expect((await p.exit()).code).toBe(130);
    expect(p.text).not.toContain('不能为空');
  });

  it('prompted: a round typed wrong (not a number, or already drawn) is said at the prompt and asked again', async () => {
    const { dir } = await drawn();
    const p = new Pty(['node', BIN, 'draw'], { cwd: dir, env: ENV });
    await p.waitFor('抽查事项');
    await p.type('\r');
    await p.waitFor('第几次抽取');
    await p.type('第二次\r');
    await p.waitFor('请只输入数字，如 2');
    await p.type('\x7f\x7f\x7f１\r'); // a full-width 1 (as a Chinese input method types it): round 1, drawn already
    await p.waitFor('第 1 次已经抽取过（2026-001');
    await p.type('\x7f2\r');
    await p.waitFor('操作人员姓名');
    await p.type('\x03');
    expect((await p.exit()).code).toBe(130);
    expect(p.text).not.toContain('--round');
    expect(drawFiles(dir).sort()).toEqual(['2026-001.json', 'ledger.jsonl']);
  });

  it('results publish: a date typed wrong at the prompt is said there and asked again', async () => {
    const dir = fresh();
    // a task with results (the date is asked for only when there is something to publish)
    const at = (today: string) => ({ cwd: dir, env: { SSJ_TODAY: today } });
    const d = await w.run(['draw', '--item', 'ZJ-001', '--witness', '甲', '--entropy', '381702992011', '--json'], at('2026-11-02'));
    expect(d.code, d.stderr).toBe(0);
    expect((await w.run(['results', 'sheet', '2026-001', '-o', 'r.xlsx'], at('2026-11-02'))).code).toBe(0);
    await fillResultsSheet(join(dir, 'r.xlsx'), join(dir, 'r.xlsx'), new Date(Date.UTC(2026, 10, 5)));
    const imported = await w.run(['results', 'import', 'r.xlsx'], at('2026-11-10'));
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const p = new Pty(['node', BIN, 'results', 'publish', '2026-001'], { cwd: dir, env: ENV });
    await p.waitFor('公示日期');
    await p.type('\x7f'.repeat(10) + '2026年12月1日\r');
    await p.waitFor('应为 YYYY-MM-DD 格式的日期');
    await p.type('\x7f'.repeat(12) + '2026-12-30\r');
    await p.waitFor('晚于今天');
    await p.type('\x03');
    expect((await p.exit()).code).toBe(130);
    expect(p.text).not.toContain('--date');
  });

  it('draw replace: Ctrl-C at the reason prompt exits 130 with one line and writes nothing', async () => {
    const { dir, d } = await drawn();
    const p = new Pty(['node', BIN, 'draw', 'replace', '2026-001', '--entity', d.json.entities[0].code], { cwd: dir, env: ENV });
    await p.waitFor('补抽原因');
    await p.type('\x03');
    expect((await p.exit()).code).toBe(130);
    expect(p.text.split('\n').filter((l) => l.includes('✖'))).toEqual(['✖ 已中断，没有做任何更改']);
    expect(drawFiles(dir).sort()).toEqual(['2026-001.json', 'ledger.jsonl']);
  });

  it('draw replace without --entity or --inspector: the clerk chooses the entity or the team member from the draw', async () => {
    const { dir, d } = await drawn();
    // an entity: the second one of the draw
    const p = new Pty(['node', BIN, 'draw', 'replace', '2026-001'], { cwd: dir, env: ENV });
    await p.waitFor('补抽什么');
    await p.type('\r');
    await p.waitFor('要替换的检查对象');
    await p.waitFor(`${d.json.entities[1].name}（${d.json.entities[1].code}）`);
    await p.type('\x1b[B\r');
    await p.waitFor('补抽原因（如 注销');
    await p.type('注销\r');
    await p.waitFor('补抽记录已保存');
    expect((await p.exit()).code).toBe(0);
    const r1 = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'draws', '2026-001-R1.json'), 'utf8')));
    expect(r1.request).toEqual({ type: 'entity', code: d.json.entities[1].code, reason: '注销' });
    // a team member: the first entity's second member (组员)
    const v = d.json.entities[0];
    const q = new Pty(['node', BIN, 'draw', 'replace', '2026-001'], { cwd: dir, env: ENV });
    await q.waitFor('补抽什么');
    await q.type('\x1b[B\r');
    await q.waitFor(`${v.team[1].name}（${v.team[1].certNo}，组员）— ${v.name}`);
    await q.type('\x1b[B\r');
    await q.waitFor('补抽原因（如 人员调整');
    await q.type('病假\r');
    await q.waitFor('补抽记录已保存');
    expect((await q.exit()).code).toBe(0);
    const r2 = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'draws', '2026-001-R2.json'), 'utf8')));
    expect(r2.request).toEqual({ type: 'inspector', certNo: v.team[1].certNo, code: v.code, reason: '病假' });
  });

  it('draw replace without --entity or --inspector: Ctrl-C at the choice writes nothing; in a script it is a usage error naming the draw\'s entities', async () => {
    const { dir, d } = await drawn();
    const p = new Pty(['node', BIN, 'draw', 'replace', '2026-001'], { cwd: dir, env: ENV });
    await p.waitFor('补抽什么');
    await p.type('\x03');
    expect((await p.exit()).code).toBe(130);
    expect(p.text.split('\n').filter((l) => l.includes('✖'))).toEqual(['✖ 已中断，没有做任何更改']);
    expect(drawFiles(dir).sort()).toEqual(['2026-001.json', 'ledger.jsonl']);
    const r = await w.run(['draw', 'replace', '2026-001', '--json'], { cwd: dir, env: ENV });
    expect([r.code, r.json.error.code]).toEqual([2, 'USAGE']);
    expect(r.json.error.hint).toContain('ssj draw replace 2026-001 --entity 代码 --reason 注销');
    for (const v of d.json.entities) expect(r.json.error.hint).toContain(`${v.code}（${v.name}）`);
  });

  it('draw replace --inspector: a reason stating a 回避 is said at the prompt (it would be published) and asked again', async () => {
    const { dir, d } = await drawn();
    const v = d.json.entities[0];
    const p = new Pty(['node', BIN, 'draw', 'replace', '2026-001', '--inspector', v.team[0].certNo, '--entity', v.code], { cwd: dir, env: ENV });
    await p.waitFor('补抽原因（如 人员调整');
    await p.type('亲属回避\r');
    await p.waitFor('不涉及回避的原因');
    await p.type('\x03');
    expect((await p.exit()).code).toBe(130);
    expect(drawFiles(dir).sort()).toEqual(['2026-001.json', 'ledger.jsonl']);
  });

  it('--present: every frame fits 80 columns, and the saved record (id, hash) is on screen from the seed step on', async () => {
    const dir = fresh();
    const p = new Pty(['node', BIN, ...PRESENT_ARGS], { cwd: dir, env: ENV });
    for (let i = 0; i < PRESENT.length; i++) {
      const s = PRESENT[i]!;
      await p.waitFor(s.wait);
      if (s.saved && s.wait !== '6/6 抽取记录') {
        await p.waitFor('✔ 抽取记录 2026-001 已保存并记入台账 · 哈希');
        expect(drawFiles(dir)).toContain('2026-001.json');
      }
      await p.type(s.keys);
      if (s.page) while (!(await p.appeared(PRESENT[i + 1]!.wait))) await p.type('\r');
    }
    expect((await p.exit()).code).toBe(0);
    // the frames (before the terminal is restored) are no wider than 79 columns
    const frames = p.raw.slice(0, p.raw.lastIndexOf('\x1b[?1049l'));
    for (const line of frames.split(/\r\n|\x1b\[H/)) {
      const plain = line.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');
      expect(stringWidth(plain), plain).toBeLessThanOrEqual(80);
    }
    // left in the terminal after the projected screens: every entity, code and inspector whole, within 80 columns
    const after = screenText(p.raw.slice(p.raw.lastIndexOf('\x1b[?1049l')));
    const rec = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'draws', '2026-001.json'), 'utf8')));
    for (const v of rec.entities) {
      expect(after).toContain(v.name);
      expect(after).toContain(v.code);
      for (const m of v.team) expect(after.replace(/\n +/g, '')).toContain(`${m.name}（${m.certNo}`);
    }
    for (const line of after.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  });
});
