// Every question ssj may ask lives here, each paired with the flag that answers it in scripts.
// Without a terminal on stdin (scripts, CI) nothing is asked: a missing answer is a usage error.
import { SsjError } from '../core/errors.js';

export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

function missing(flag: string, what: string): SsjError {
  return new SsjError('USAGE', `缺少 ${flag}（${what}）`, { hint: `在脚本中运行时请用 ${flag} 给出；在终端中运行时 ssj 会询问` });
}

export async function askText(opts: { flag: string; message: string; default?: string; validate?: (s: string) => string | true }): Promise<string> {
  if (!interactive()) throw missing(opts.flag, opts.message);
  const { input } = await import('@inquirer/prompts');
  const answer = await input({
    message: opts.message,
    ...(opts.default !== undefined ? { default: opts.default } : {}),
    validate: (s: string) => (opts.validate ? opts.validate(s.trim()) : s.trim() !== '' || '不能为空'),
  });
  return answer.trim();
}
