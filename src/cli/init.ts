// ssj init [DIR] --org 单位名称 --year 2026
import { resolve } from 'node:path';
import { usageError } from '../core/errors.js';
import { today } from '../io/clock.js';
import { CONFIG_FILE, initWorkspace } from '../io/workspace.js';
import { c, json, out, sym } from '../ui/output.js';
import { askText } from '../ui/prompts.js';
import type { GlobalOptions } from './main.js';

export function parseYear(v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const y = Number(v);
  if (!Number.isInteger(y) || y < 2000 || y > 2100) throw usageError(`--year 应为四位年份，如 2026，现在是「${v}」`);
  return y;
}

export async function init(dir: string | undefined, opts: { org?: string; year?: string; json?: boolean }, g: GlobalOptions): Promise<number> {
  const year = parseYear(opts.year, Number(today().slice(0, 4)));
  const org = opts.org?.trim() || (await askText({ flag: '--org', message: '单位名称（如：示例县住房和城乡建设局）' }));
  const root = resolve(g.cwd, dir ?? '.');
  const ws = await initWorkspace(root, org, year);
  if (opts.json) {
    json({ ok: true, root: ws.root, config: ws.config });
    return 0;
  }
  out(`${sym.ok} 已创建工作区 ${c.em(ws.root)}`);
  out(`  单位 ${ws.config.org}，年度 ${ws.config.year}；最低抽查比例 ${ws.config.minRatio * 100}%，每年至少 ${ws.config.minRounds} 次，每组 ${ws.config.teamSize} 人，结果 ${ws.config.disclosureWorkingDays} 个工作日内公示`);
  out(`  这些设置保存在 ${CONFIG_FILE} 中，可以用记事本修改。`);
  out();
  out(`下一步：导入名录`);
  out(`  ssj import inspectors 执法检查人员名录.xlsx`);
  out(`  ssj import entities   检查对象名录库.xlsx`);
  out(`  ssj import items      随机抽查事项清单.xlsx`);
  return 0;
}
