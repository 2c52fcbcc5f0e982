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
  | 'INTERRUPTED' // Ctrl-C (exit 130)
  | 'ANNOUNCEMENT_MISMATCH' // an announced draw whose lists or settings differ from its announcement
  | 'TOO_EARLY'; // an announced draw before its public source's date

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
