// One writer at a time, as git's index.lock: a lock file created exclusively (link), holding the writer's pid, the
// start time of that process (so a reused pid is not taken for the writer) and a random nonce.
//
// A lock left by a killed command is taken over atomically: the processes that find the same stale lock compete for
// a takeover file named after that lock's nonce (created exclusively: one wins); the winner checks that the lock
// still holds the stale content and only then renames its own lock over it. Nobody ever removes a lock it does not
// own, so there is no moment at which two processes both hold it. A takeover file left by a killed taker is itself
// stale and is taken over the same way (one level more). docs/ledger.md.
//
// Under the lock, before the command runs, the workspace is recovered (recoverWorkspace): an interrupted commit is
// finished or rolled back and temporary files of dead processes are removed.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { osError, SsjError } from '../core/errors.js';
import { tempPathFor } from './atomic.js';
import { recoverWorkspace } from './ledger-commit.js';

export const LOCK = '.ssj.lock';

/** The start time of a process (Linux: /proc/<pid>/stat field 22), or '' where it cannot be read. */
export function startTime(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** True when the process is running (and, when its start time is known, is the same process). */
export function alive(pid: number, start = ''): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start === '') return true;
  const now = startTime(pid);
  return now === '' || now === start;
}

interface Owner {
  pid: number;
  start: string;
  nonce: string;
}

/** "pid start nonce" (old versions wrote just the pid). */
function parseOwner(text: string): Owner | null {
  const [pid, start = '', nonce = ''] = text.trim().split(/\s+/);
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 ? { pid: n, start, nonce } : null;
}

const ownerAlive = (o: Owner | null) => o !== null && alive(o.pid, o.start);

/** Create `path` holding `content`, exclusively (never an empty file: written aside, then linked). */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, content);
    await link(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    await rm(tmp, { force: true });
  }
}

const readText = (path: string) => readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));

/**
 * Replace the stale content `stale` of `path` by `mine`, atomically and by one process only. True when done;
 * false when another process got there first (or the file changed).
 */
async function takeOver(path: string, stale: string, mine: string, depth: number): Promise<boolean> {
  const staleOwner = parseOwner(stale);
  const guard = `${path}.${(staleOwner?.nonce || staleOwner?.pid) ?? 'x'}.takeover`;
  const guardContent = ownContent();
  if (!(await createExclusive(guard, guardContent))) {
    const held = await readText(guard);
    if (held === null || ownerAlive(parseOwner(held)) || depth >= 2) return false;
    // a taker was killed while holding the guard: take the guard over the same way
    if (!(await takeOver(guard, held, guardContent, depth + 1))) return false;
  }
  try {
    if ((await readText(path)) !== stale) return false; // someone else took it over before us
    const tmp = tempPathFor(path);
    try {
      await writeFile(tmp, mine);
      await rename(tmp, path); // atomic: the stale lock is replaced by ours, never absent
    } finally {
      await rm(tmp, { force: true });
    }
    return true;
  } finally {
    if ((await readText(guard)) === guardContent) await rm(guard, { force: true });
  }
}

function ownContent(): string {
  return `${process.pid} ${startTime(process.pid)} ${randomBytes(8).toString('hex')}`;
}

export async function withLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  const path = join(root, LOCK);
  const mine = ownContent();
  try {
    let held = false;
    for (let attempt = 0; attempt < 3 && !held; attempt++) {
      if (await createExclusive(path, mine)) {
        held = true;
        break;
      }
      const stale = await readText(path);
      if (stale === null) continue; // released meanwhile: try again
      const owner = parseOwner(stale);
      if (owner && alive(owner.pid, owner.start)) throw lockError(path, owner.pid);
      // left by a command that was killed (or empty: written by no ssj): take it over
      if (await takeOver(path, stale, mine, 0)) held = true;
    }
    if (!held || (await readText(path)) !== mine) throw lockError(path);
  } catch (e) {
    throw lockFailure(root, path, e);
  }
  // Ctrl-C (the SIGINT handler exits the process) or any exit while held: the lock goes with the process, not left for
  // the next command to take over as stale; what a half-done commit left is recovered by the next command either way
  const releaseOnExit = () => {
    try {
      if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
    } catch {
      // (gone already, or unreadable: nothing of ours to remove)
    }
  };
  process.once('exit', releaseOnExit);
  try {
    await recoverWorkspace(root);
    return await fn();
  } finally {
    process.removeListener('exit', releaseOnExit);
    // release only our own lock
    if ((await readText(path).catch(() => null)) === mine) await rm(path, { force: true });
  }
}

function lockError(path: string, pid?: number) {
  return new SsjError('WORKSPACE_BUSY', `另一个 ssj 命令${pid ? `（进程 ${pid}）` : ''}正在写入这个工作区`, {
    hint: `请等它结束后再试；如果确定没有其他 ssj 在运行，可以删除 ${path}`,
  });
}

/**
 * Why the lock could not be taken, when it is not another writer: the workspace folder is gone (FOLDER_NOT_FOUND),
 * the disk is full (DISK_FULL), or the folder cannot be written (WORKSPACE_UNWRITABLE). Nothing was changed.
 */
function lockFailure(root: string, path: string, e: unknown): unknown {
  if (e instanceof SsjError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return e;
  if (code === 'ENOENT') {
    return new SsjError('FOLDER_NOT_FOUND', `工作区文件夹「${root}」不存在了（可能在运行中被移动、改名或删除），没有改动任何文件`, {
      hint: '请检查工作区的位置，用 -C 指定工作区所在的文件夹后重新运行',
      cause: e,
    });
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') return osError(e, path, 'write') ?? e;
  const why: Record<string, string> = {
    EACCES: '没有写入这个文件夹的权限',
    EROFS: '它所在的磁盘是只读的',
    EPERM: '操作系统不允许（文件夹可能被设为只读，或这个磁盘不支持 ssj 加锁所用的硬链接，如部分 U 盘和网络盘）',
    ENOTDIR: '路径中有一段是文件而不是文件夹',
  };
  return new SsjError('WORKSPACE_UNWRITABLE', `不能写入工作区「${root}」：${why[code] ?? (e as Error).message}，没有改动任何文件`, {
    hint: `ssj 写入工作区之前先在其中建立锁文件 ${LOCK}。请检查文件夹的权限（Windows：右键 › 属性 › 安全）和磁盘的写保护，或把工作区复制到可以写入的位置（如本机硬盘）后用 -C 指定`,
    cause: e,
  });
}
