// ssj.json: the workspace's settings, all editable by hand. Validation here, reading in io/workspace.ts.
import { SsjError } from './errors.js';

export interface Config {
  /** 单位名称 */
  org: string;
  year: number;
  /** 最低抽查比例 (fraction) */
  minRatio: number;
  /** 每年最少抽查次数 */
  minRounds: number;
  /** 每组检查人员数 */
  teamSize: number;
  /** 结果公示期限（工作日） */
  disclosureWorkingDays: number;
}

export const DEFAULT_CONFIG: Omit<Config, 'org' | 'year'> = {
  minRatio: 0.05,
  minRounds: 2,
  teamSize: 2,
  disclosureWorkingDays: 20,
};

export function newConfig(org: string, year: number): Config {
  return { org, year, ...DEFAULT_CONFIG };
}

/** Check a parsed ssj.json; every problem at once. Unknown keys are kept (later versions add settings). */
export function validateConfig(raw: unknown, file: string): Config & Record<string, unknown> {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SsjError('CONFIG_INVALID', `${file} 的内容应是一个 JSON 对象`, { hint: '可以删除它后重新运行 ssj init' });
  }
  const c = { ...DEFAULT_CONFIG, ...(raw as Record<string, unknown>) } as Record<string, unknown>;
  const need = (key: string, ok: boolean, what: string) => {
    if (!ok) problems.push(`“${key}”应为${what}，现在是 ${JSON.stringify(c[key])}`);
  };
  need('org', typeof c['org'] === 'string' && (c['org'] as string).trim() !== '', '单位名称（文字）');
  need('year', Number.isInteger(c['year']) && (c['year'] as number) >= 2000 && (c['year'] as number) <= 2100, '年份（如 2026）');
  need('minRatio', typeof c['minRatio'] === 'number' && (c['minRatio'] as number) > 0 && (c['minRatio'] as number) <= 1, '0 到 1 之间的小数（5% 写 0.05）');
  need('minRounds', Number.isInteger(c['minRounds']) && (c['minRounds'] as number) >= 1, '不小于 1 的整数');
  need('teamSize', Number.isInteger(c['teamSize']) && (c['teamSize'] as number) >= 2, '不小于 2 的整数（每组至少 2 名执法人员）');
  need('disclosureWorkingDays', Number.isInteger(c['disclosureWorkingDays']) && (c['disclosureWorkingDays'] as number) >= 1, '不小于 1 的整数');
  if (problems.length) {
    throw new SsjError('CONFIG_INVALID', `配置文件 ${file} 有误：\n  ${problems.join('\n  ')}`, { hint: '请用记事本改正这些设置后重试' });
  }
  return c as Config & Record<string, unknown>;
}
