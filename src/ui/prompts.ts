// Every question ssj may ask lives here, each paired with the flag that answers it in scripts.
// Without a terminal on stdin (scripts, CI) nothing is asked: a missing answer is a usage error.
import { SsjError } from '../core/errors.js';

/** The prompt library's help texts in Chinese (no "↑↓ navigate • ⏎ select", no "Yes"). */
const SELECT_THEME = { style: { keysHelpTip: () => '（↑↓ 选择，回车 确认）' } };
const CONFIRM_THEME = { keywords: { yes: '是', no: '否', error: () => '请回答“是”或“否”（y 或 n）' } };

export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

function missing(flag: string, what: string): SsjError {
  // at a terminal with the output piped or redirected (ssj draw | tee 记录.txt) nothing is asked either: say why
  const redirected = Boolean(process.stdin.isTTY) && !process.stdout.isTTY;
  return new SsjError('USAGE', `缺少 ${flag}（${what}）`, {
    hint: redirected
      ? `输出被重定向（如 | tee、> 文件）时 ssj 不询问：请用 ${flag} 给出，或去掉重定向后在终端中运行`
      : `在脚本中运行时请用 ${flag} 给出；在终端中运行时 ssj 会询问`,
  });
}

export async function askText(opts: { flag: string; message: string; default?: string; validate?: (s: string) => string | true }): Promise<string> {
  if (!interactive()) throw missing(opts.flag, opts.message);
  const { input } = await import('@inquirer/prompts');
  const answer = await input({
    message: opts.message,
    ...(opts.default !== undefined ? { default: opts.default } : {}),
    validate: (s: string) => (opts.validate ? opts.validate(s.trim()) : s.trim() !== '' || '不能为空') || '输入有误',
  });
  return answer.trim();
}

export async function askSelect<T extends string>(opts: { flag: string; message: string; choices: { value: T; name: string }[] }): Promise<T> {
  if (!interactive()) throw missing(opts.flag, opts.message);
  const { select } = await import('@inquirer/prompts');
  return select({ message: opts.message, choices: opts.choices, pageSize: 12, theme: SELECT_THEME });
}

export async function askConfirm(opts: { flag: string; message: string; default?: boolean }): Promise<boolean> {
  if (!interactive()) throw missing(opts.flag, opts.message);
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message: opts.message, default: opts.default ?? true, theme: CONFIRM_THEME });
}

/** Wait for Enter (a pause in a witnessed draw), e.g. before the result is shown. */
export async function askEnter(message: string): Promise<void> {
  if (!interactive()) return;
  const { input } = await import('@inquirer/prompts');
  await input({ message, validate: () => true, theme: { style: { answer: () => '' } } });
}

/** Names typed one by one; an empty answer ends the list (at least one). */
export async function askList(opts: { flag: string; message: string; min?: number }): Promise<string[]> {
  if (!interactive()) throw missing(opts.flag, opts.message);
  const names: string[] = [];
  for (;;) {
    const more = names.length >= (opts.min ?? 1);
    const v = await askText({
      flag: opts.flag,
      message: `${opts.message}（第 ${names.length + 1} 位${more ? '，直接回车结束' : ''}）`,
      validate: (s) => s !== '' || more || '不能为空',
    });
    if (v === '') return names;
    names.push(v);
  }
}
