// Typed errors: each has a code, a Chinese message and a hint saying what to do next.
// Only the CLI entry point turns them into output and an exit code.
import type { Problem } from './types.js';

export type ErrorCode =
  | 'USAGE' // bad flags or arguments (exit 2)
  | 'NO_WORKSPACE'
  | 'WORKSPACE_EXISTS'
  | 'CONFIG_INVALID'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'INPUT_INVALID' // the file was read but its content has problems
  | 'NO_DATA'
  | 'NOT_INTERACTIVE'
  | 'WORKSPACE_BUSY' // another ssj command is writing
  | 'CANNOT_DRAW' // the draw is impossible as asked (pool too small, too few eligible inspectors, …)
  | 'ALREADY_DRAWN' // a draw for this item and round exists: --redraw --reason is needed
  | 'VERIFY_FAILED' // a record, the ledger or a snapshot does not check out
  | 'INTERNAL'
  | 'INPUT_LIMIT' // a file goes past Excel's bounds or a size ssj reads (src/io/limits.ts)
  | 'ACCESS_DENIED' // EACCES: no permission for the file or folder
  | 'NOT_PERMITTED' // EPERM: the system refused (read-only, locked by another program or antivirus)
  | 'IS_DIRECTORY' // EISDIR: a folder where a file was expected
  | 'DISK_FULL' // ENOSPC / EDQUOT
  | 'FILE_BUSY' // EBUSY: the file is in use (open in Excel on Windows)
  | 'READ_ONLY_FS' // EROFS
  | 'NOT_A_DIRECTORY' // ENOTDIR: a path goes through a file as if it were a folder
  | 'PRIVATE_DATA' // a public export would hold a phone or ID number (src/core/privacy.ts)
  | 'INTERRUPTED' // Ctrl-C (exit 130)
  | 'ANNOUNCEMENT_MISMATCH' // an announced draw whose lists or settings differ from its announcement
  | 'TOO_EARLY' // an announced draw before its public source's date
  | 'FOLDER_NOT_FOUND' // a folder that must exist does not: -C, the workspace folder (gone while running), a write's folder
  | 'WORKSPACE_UNWRITABLE' // the workspace's lock (.ssj.lock) cannot be created: no write permission, read-only disk, refused
  | 'FILE_UNWRITABLE' // a file cannot be written for a reason with no code of its own (EIO, ENAMETOOLONG, EINVAL …)
  | 'TOO_MANY_FILES'; // EMFILE / ENFILE: too many files open at once

export class SsjError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Problems located in input files, when the error is about their content. */
  readonly problems: Problem[];

  constructor(code: ErrorCode, message: string, opts: { hint?: string; problems?: Problem[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SsjError';
    this.code = code;
    this.hint = opts.hint;
    this.problems = opts.problems ?? [];
  }

  /** 0 ok, 1 checks failed or input invalid, 2 usage error (like git). */
  get exitCode(): number {
    return this.code === 'USAGE' ? 2 : this.code === 'INTERRUPTED' ? 130 : 1;
  }
}

export const usageError = (message: string, hint?: string) => new SsjError('USAGE', message, hint === undefined ? {} : { hint });

// ─── errors of the operating system ────────────────────────────────────────────────────────────────

/** What a file operation was doing, for the message. */
export type FileOp = 'read' | 'write' | 'access';

const VERB: Record<FileOp, string> = { read: '读取', write: '写入', access: '访问' };

/**
 * An error of the operating system (EACCES, EPERM, EISDIR, ENOSPC, EBUSY, …) as an SsjError with its own code, a
 * Chinese message naming the file and a hint; null for anything else. `path` defaults to the error's own.
 */
export function osError(e: unknown, path?: string, op: FileOp = 'access'): SsjError | null {
  if (!(e instanceof Error)) return null;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const code = err.code;
  if (typeof code !== 'string') return null;
  // a temp file written beside the target (.名录.xlsx.1234.ab12cd34.tmp, src/io/atomic.ts) is named as the target
  const file = (path ?? err.path ?? err.dest ?? '').replace(/(^|[\\/])\.([^\\/]+)\.\d+\.[0-9a-f]+\.tmp$/, '$1$2');
  const it = file ? `「${file}」` : '文件';
  const verb = VERB[op];
  const opts = (hint: string) => ({ hint, cause: e });
  switch (code) {
    case 'EACCES':
      return new SsjError('ACCESS_DENIED', `没有权限${verb}${it}`, opts('请检查这个文件和所在文件夹的权限（Windows：右键 › 属性 › 安全）；在别人的文件夹或网络盘中时，可以先复制到自己的文件夹再操作'));
    case 'EPERM':
      return new SsjError('NOT_PERMITTED', `操作系统不允许${verb}${it}`, opts('文件可能被设为只读，或被 Excel、WPS、杀毒软件等程序占用；请关闭这些程序后重试，或换一个位置（如用 -o 另存）'));
    case 'EISDIR':
      return new SsjError('IS_DIRECTORY', `${it}是一个文件夹，不是文件`, opts('请给出文件的完整路径，如 D:\\名录\\检查对象名录库.xlsx（可以把文件拖进终端窗口自动填入路径）'));
    case 'ENOSPC':
    case 'EDQUOT':
      return new SsjError('DISK_FULL', op === 'read' ? `读取${it}时磁盘空间不足` : `磁盘空间不足，不能${verb}${it}`, opts('请腾出磁盘空间（或换一个磁盘）后重新运行；ssj 先写临时文件再替换，原有的文件没有被改动'));
    case 'EBUSY':
      return new SsjError('FILE_BUSY', `${it}正被其他程序使用，不能${verb}`, opts('如果它在 Excel 或 WPS 中打开着，请先关闭再运行；或用 -o 另存为其他文件名'));
    case 'EROFS':
      return new SsjError('READ_ONLY_FS', `${it}所在的磁盘是只读的，不能${verb}`, opts('请把工作区或输出文件放到可以写入的磁盘上（U 盘请检查写保护开关）'));
    case 'ENOTDIR':
      return new SsjError('NOT_A_DIRECTORY', `路径${it}中有一段是文件而不是文件夹`, opts('请检查路径是否写错'));
    case 'EEXIST':
      // mkdir -p through a file: /x/名录.csv/out.xlsx
      if (err.syscall !== 'mkdir') return null;
      return new SsjError('NOT_A_DIRECTORY', `「${err.path ?? file}」是一个文件，不能当作文件夹来${verb}${file && file !== err.path ? `「${file}」` : '其中的文件'}`, opts('请检查路径是否写错'));
    case 'ENOENT':
      // a write creates its file: what is missing is the folder it goes in
      if (op === 'write') return new SsjError('FOLDER_NOT_FOUND', `不能写入${it}：所在的文件夹不存在（可能刚被移动或删除）`, opts('请检查路径，或先建好文件夹再运行'));
      return new SsjError('FILE_NOT_FOUND', `找不到${it}`, opts('请检查路径和文件名（可以把文件拖进终端窗口自动填入路径）'));
    case 'EMFILE':
    case 'ENFILE':
      return new SsjError('TOO_MANY_FILES', `同时打开的文件太多，不能${verb}${it}`, opts('请关闭一些程序后重试'));
    default:
      return null;
  }
}

/**
 * Why writing `path` failed, as an SsjError naming the file: the operating system's error with its own code (osError),
 * or FILE_UNWRITABLE for a cause that has none. An SsjError is passed on as it is.
 */
export function writeFailure(e: unknown, path: string): SsjError {
  if (e instanceof SsjError) return e;
  const os = osError(e, path, 'write');
  if (os) return os;
  const detail = e instanceof Error ? e.message : String(e);
  return new SsjError('FILE_UNWRITABLE', `不能写入「${path}」（${detail}）`, {
    hint: '文件可能正在 Excel 或 WPS 中打开，或文件名中有系统不允许的字符、路径太长；请关闭这些程序后重试，或用 -o 另存为其他文件名',
    cause: e,
  });
}

/**
 * Why reading `path` failed, as an SsjError naming the file: the operating system's error with its own code (osError),
 * or FILE_UNREADABLE for a cause that has none. An SsjError is passed on as it is.
 */
export function readFailure(e: unknown, path: string): SsjError {
  if (e instanceof SsjError) return e;
  const os = osError(e, path, 'read');
  if (os) return os;
  const detail = e instanceof Error ? e.message : String(e);
  return new SsjError('FILE_UNREADABLE', `无法读取「${path}」（${detail}）`, {
    hint: '请检查文件是否完整、是否被其他程序占用；网络盘或 U 盘上的文件可以先复制到本机再试',
    cause: e,
  });
}
