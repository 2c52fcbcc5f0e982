// One writer at a time, as git's index.lock: a lock file created exclusively, holding the writer's pid.
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { tempPathFor } from './atomic.js';
import { join } from 'node:path';
import { SsjError } from '../core/errors.js';

const LOCK = '.ssj.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const path = join(root, LOCK);
  for (let attempt = 0; ; attempt++) {
    // The pid is written to a temporary file first and linked into place, so the lock file never exists
    // without its pid (another command must never see an empty lock and take it for an abandoned one).
    const tmp = tempPathFor(path);
    try {
      await writeFile(tmp, String(process.pid));
      await link(tmp, path);
      await rm(tmp, { force: true });
      break;
    } catch (e) {
      await rm(tmp, { force: true });
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw lockError(path);
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw lockError(path, pid);
      await rm(path, { force: true }); // left by a command that was killed: take it over
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

function lockError(path: string, pid?: number) {
  return new SsjError('WORKSPACE_BUSY', `另一个 ssj 命令${pid ? `（进程 ${pid}）` : ''}正在写入这个工作区`, {
    hint: `请等它结束后再试；如果确定没有其他 ssj 在运行，可以删除 ${path}`,
  });
}
