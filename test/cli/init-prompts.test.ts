// ssj init at a terminal asks the year (next year's by default from November on: a workspace made in December is
// most often for the year to come), and says so when the new workspace is inside another one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasScript, Pty } from '../helpers/pty.js';
import { BIN, Workdir } from '../helpers/workdir.js';

const made: Workdir[] = [];
afterAll(() => made.forEach((w) => w.remove()));
const workdir = () => {
  const w = new Workdir('ssj-init-prompts');
  made.push(w);
  return w;
};
const yearOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'ssj.json'), 'utf8')).year as number;

describe.skipIf(!hasScript)('ssj init at a terminal (script(1), 80×24)', () => {
  it('in December offers next year, and names this year for who wants it', async () => {
    const w = workdir();
    const p = new Pty(['node', BIN, 'init', 'ws'], { cwd: w.dir, env: { SSJ_TODAY: '2026-12-06' } });
    await p.waitFor('单位名称');
    await p.type('示例县市场监督管理局\r');
    await p.waitFor('抽查年度（明年；今年的工作区请填 2026）');
    await p.type('\r');
    await p.waitFor('已创建工作区');
    expect((await p.exited).code).toBe(0);
    expect(yearOf(w.path('ws'))).toBe(2027);
  });

  it('earlier in the year offers this year; a year typed is taken, a wrong one asked again', async () => {
    const w = workdir();
    const p = new Pty(['node', BIN, 'init', 'ws'], { cwd: w.dir, env: { SSJ_TODAY: '2026-03-10' } });
    await p.waitFor('单位名称');
    await p.type('示例县市场监督管理局\r');
    await p.waitFor('抽查年度（今年）');
    await p.type('\x15'); // (Ctrl-U: the default cleared)
    await p.type('26\r');
    await p.waitFor('请填四位年份，如 2026');
    await p.type('\x15');
    await p.type('2025\r');
    await p.waitFor('已创建工作区');
    expect((await p.exited).code).toBe(0);
    expect(yearOf(w.path('ws'))).toBe(2025);
  });
});

describe('ssj init inside another workspace', () => {
  it('creates it and says so (text and --json inside); a script without --year still gets this year', async () => {
    const w = workdir();
    expect((await w.run(['init', 'outer', '--org', '甲', '--year', '2026', '--json'], { env: { SSJ_TODAY: '2026-12-06' } })).code).toBe(0);
    const inner = await w.run(['init', 'outer/exports/新的', '--org', '乙', '--json'], { env: { SSJ_TODAY: '2026-12-06' } });
    expect(inner.code, inner.stderr).toBe(0);
    expect(inner.json.inside).toBe(w.path('outer'));
    expect(inner.json.config.year).toBe(2026); // (no terminal: nothing asked, the year as before)
    const text = await w.run(['init', 'outer/另一个', '--org', '丙'], { env: { SSJ_TODAY: '2026-12-06' } });
    expect(text.code).toBe(0);
    expect(text.stdout.replace(/\s+/g, '')).toContain(`它在另一个工作区${w.path('outer')}的文件夹里`.replace(/\s+/g, ''));
    const plain = await w.run(['init', 'alone', '--org', '丁', '--json']);
    expect(plain.json.inside).toBeUndefined();
  });
});
