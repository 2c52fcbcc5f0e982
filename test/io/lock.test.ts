// The workspace lock's failures, each with its own code (not WORKSPACE_BUSY): the workspace folder gone, or not
// writable. Root cannot be refused a write for real, so EACCES / EROFS / EPERM / ENOENT are SIMULATED by the
// preloaded fs hook (test/helpers/fs-fault.mjs) on the lock file's path, as the OS would raise them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, Workdir } from '../helpers/workdir.js';

const FAULT_HOOK = join(ROOT, 'test', 'helpers', 'fs-fault.mjs');
const DRAW = ['draw', '--item', 'ZJ-001', '--witness', '王纪检', '--entropy', '1234', '-y', '--json'];
let w: Workdir;

beforeAll(async () => {
  w = new Workdir('ssj-lock');
  await w.init();
}, 60_000);
afterAll(() => w.remove());

/** ssj with every fs call on the lock file failing with `code` */
const locked = (code: string, args = DRAW) =>
  w.run(args, { env: { NODE_OPTIONS: `--import=${FAULT_HOOK}`, SSJ_TEST_FAULT_PATH: '.ssj.lock', SSJ_TEST_FAULT_CODE: code } });

describe('the lock cannot be taken', () => {
  it.each([
    ['EACCES', '没有写入这个文件夹的权限'],
    ['EROFS', '所在的磁盘是只读的'],
    ['EPERM', '操作系统不允许'],
  ])('%s: WORKSPACE_UNWRITABLE naming the workspace folder, not "another ssj is writing"', async (errno, why) => {
    const before = w.listing();
    const r = await locked(errno);
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('WORKSPACE_UNWRITABLE');
    expect(r.json.error.message).toContain(`不能写入工作区「${w.dir}」：`);
    expect(r.json.error.message).toContain(why);
    expect(r.json.error.message).toContain('没有改动任何文件');
    expect(r.json.error.message).not.toContain('正在写入');
    expect(r.json.error.hint).toContain('.ssj.lock');
    expect(w.listing()).toEqual(before);
    expect(existsSync(w.path('.ssj.lock'))).toBe(false);
    const t = await locked(errno, DRAW.filter((a) => a !== '--json'));
    expect(t.stderr).toContain(`不能写入工作区「${w.dir}」`);
    expect(t.stderr).not.toMatch(/内部错误|\n\s+at /);
  });

  it('ENOENT (the workspace folder removed while running): FOLDER_NOT_FOUND naming the folder', async () => {
    const r = await locked('ENOENT');
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('FOLDER_NOT_FOUND');
    expect(r.json.error.message).toContain(`工作区文件夹「${w.dir}」不存在了`);
    expect(r.json.error.hint).toBeTruthy();
  });

  it('an error of no known kind (EIO) is still WORKSPACE_UNWRITABLE, not an internal error', async () => {
    const r = await locked('EIO');
    expect(r.code).toBe(1);
    expect(r.json.error.code).toBe('WORKSPACE_UNWRITABLE');
  });

  it('the disk full is DISK_FULL', async () => {
    const r = await locked('ENOSPC');
    expect(r.json.error.code).toBe('DISK_FULL');
  });
});

describe('a command stopped while it holds the lock', () => {
  it('Ctrl-C (SIGINT, which ssj turns into exit 130) takes the lock away with the process', async () => {
    const { spawnSync } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const { pathToFileURL } = await import('node:url');
    const script = w.path('hold.mjs');
    // holds the lock, as an import writing its snapshot does, and is interrupted inside
    writeFileSync(script, `
      import { withLock } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'io', 'lock.js')).href)};
      import { existsSync } from 'node:fs';
      process.on('SIGINT', () => process.exit(130)); // (as src/cli/interrupt.ts does)
      await withLock(process.argv[2], async () => {
        if (!existsSync(process.argv[2] + '/.ssj.lock')) process.exit(3);
        process.kill(process.pid, 'SIGINT');
        await new Promise((r) => setTimeout(r, 5000));
      });
      process.exit(4);
    `);
    const r = spawnSync(process.execPath, [script, w.dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(130);
    expect(existsSync(w.path('.ssj.lock'))).toBe(false);
  });
});
