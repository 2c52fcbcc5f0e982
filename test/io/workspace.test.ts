// Opening the workspace: a folder that does not exist (a mistyped -C) is FOLDER_NOT_FOUND, a folder without a
// workspace NO_WORKSPACE.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';

let w: Workdir;
beforeAll(() => {
  w = new Workdir('ssj-open');
});
afterAll(() => w.remove());

describe('ssj -C <folder>', () => {
  it('a folder that does not exist: FOLDER_NOT_FOUND naming it, in Chinese, exit 1', async () => {
    const missing = w.path('不存在的文件夹');
    const r = await w.run(['-C', missing, 'draw', '--item', 'ZJ-001', '--witness', '王纪检', '--entropy', '1234', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error).toEqual({ code: 'FOLDER_NOT_FOUND', message: `找不到文件夹「${missing}」`, hint: expect.stringContaining('-C') });
    const t = await w.run(['-C', missing, 'status']);
    expect(t.code).toBe(1);
    expect(t.stderr).toContain(`找不到文件夹「${missing}」`);
    expect(t.stderr).not.toContain('没有 ssj 工作区');
  });

  it('a file, not a folder (ssj -C 工作区/ssj.json): NOT_A_DIRECTORY, exit 1, for every command', async () => {
    await w.run(['init', 'ws', '--org', '示例县住房和城乡建设局', '--year', '2026']);
    const file = w.path('ws', 'ssj.json');
    for (const args of [['status', '--json'], ['draw', '--item', 'ZJ-001', '--witness', '王纪检', '--entropy', '1234', '--json'], ['due', '2026-09-25', '--json']]) {
      const r = await w.run(['-C', file, ...args]);
      expect([r.code, r.json?.error?.code], args[0]).toEqual([1, 'NOT_A_DIRECTORY']);
      expect(r.json.error.message).toContain(file);
      expect(r.json.error.hint).toContain('-C');
    }
    expect((await w.run(['-C', w.path('ws'), 'status', '--json'])).code).toBe(0);
  });

  it('a folder that exists but holds no workspace: NO_WORKSPACE', async () => {
    mkdirSync(w.path('空文件夹'));
    const r = await w.run(['-C', w.path('空文件夹'), 'status', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('NO_WORKSPACE');
  });
});
