// ssj export verifier [-o FILE] [--json]: the one-file browser verifier (复核工具.html), built from src/verifier and
// src/core by scripts/build-verifier.mjs at `npm run build`; written here as it is, nothing needed at run time.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SsjError, usageError } from '../core/errors.js';
import { writeFileOrExplain } from '../io/workbook.js';
import { findWorkspaceRoot, FOLDERS } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import type { ExportOptions } from './export.js';
import type { GlobalOptions } from './main.js';

/** Where `npm run build` puts the page (dist/verifier/…, beside dist/cli). */
export const VERIFIER_PAGE = fileURLToPath(new URL('../verifier/ssj-verifier.html', import.meta.url));
export const VERIFIER_NAME = '抽取复核工具.html';

export async function exportVerifier(opts: ExportOptions, g: GlobalOptions): Promise<number> {
  for (const [flag, v] of [['--task', opts.task], ['--format', opts.format], ['--internal', opts.internal], ['--encoding', opts.encoding], ['--snapshot', (opts as { snapshot?: string }).snapshot]] as const) {
    if (v !== undefined && v !== false) throw usageError(`${flag} 不用于 ssj export verifier`);
  }
  if (opts.output && !/\.html?$/i.test(opts.output)) throw usageError(`复核工具是一个网页文件：输出文件名应以 .html 结尾，现在是「${opts.output}」`);
  if (!existsSync(VERIFIER_PAGE)) {
    throw new SsjError('INTERNAL', '找不到网页复核工具（ssj 安装不完整）', { hint: '请在 ssj 目录中运行 npm run build 后重试' });
  }
  const root = findWorkspaceRoot(g.cwd);
  const path = opts.output ? resolve(g.cwd, opts.output) : root ? join(root, FOLDERS.exports, VERIFIER_NAME) : resolve(g.cwd, VERIFIER_NAME);
  await writeFileOrExplain(path, await readFile(VERIFIER_PAGE));
  if (opts.json) {
    json({ ok: true, output: path });
    return 0;
  }
  out(`${sym.ok} 已导出网页复核工具：${c.em(path)}`);
  out('  与抽取结果、检查对象名录库、执法检查人员名录一起公开；用任何浏览器打开，不联网即可复核每一次抽取。');
  return 0;
}
