// ssj.json: the workspace's settings, all editable by hand. Validation here, reading in io/workspace.ts.
import { SsjError } from './errors.js';
import { DEFAULT_RESULT_OPTIONS, type ResultOptions } from './results.js';

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
  /** 本年度已抽中的检查对象不再抽取同一事项（防止执法扰民） */
  excludeRepeat: boolean;
  /** 按信用风险分类差异化抽查比例，如 {"A":0.03,"B":0.05,"C":0.1,"D":0.3}；null 为不区分 */
  riskRatios: Record<string, number> | null;
  /** 事项对检查人员的要求：{"事项编号": {"category": "执法类别", "expertise": "业务专长"}} */
  teamRules: Record<string, { category?: string; expertise?: string }>;
  /** 检查结果填报表的下拉选项：results 检查结果、methods 核查方式、disposals 后续处置 */
  resultOptions: ResultOptions;
  /** 停业、歇业、清算的检查对象仍可抽取（默认 true；false 则与注销、吊销同样不抽取）：导入名录库时生效 */
  suspendedDrawable: boolean;
}

export const DEFAULT_CONFIG: Omit<Config, 'org' | 'year'> = {
  minRatio: 0.05,
  minRounds: 2,
  teamSize: 2,
  disclosureWorkingDays: 20,
  excludeRepeat: true,
  riskRatios: null,
  teamRules: {},
  resultOptions: DEFAULT_RESULT_OPTIONS,
  suspendedDrawable: true,
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
  need('excludeRepeat', typeof c['excludeRepeat'] === 'boolean', 'true 或 false');
  const rr = c['riskRatios'];
  need('riskRatios', rr === null || (typeof rr === 'object' && !Array.isArray(rr) &&
    Object.entries(rr as object).every(([k, v]) => /^[A-D]$/.test(k) && typeof v === 'number' && v > 0 && v <= 1)),
    'null 或形如 {"A":0.03,"B":0.05,"C":0.1,"D":0.3} 的对象（键为 A–D，值为 0 到 1 之间的小数）');
  need('suspendedDrawable', typeof c['suspendedDrawable'] === 'boolean', 'true 或 false');
  const tr = c['teamRules'];
  need('teamRules', typeof tr === 'object' && tr !== null && !Array.isArray(tr) &&
    Object.values(tr as object).every((v) => typeof v === 'object' && v !== null &&
      Object.entries(v as object).every(([k, x]) => (k === 'category' || k === 'expertise') && typeof x === 'string')),
    '形如 {"事项编号": {"category": "执法类别", "expertise": "业务专长"}} 的对象');
  const ro = c['resultOptions'];
  const list = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.trim() !== '' && !x.includes(','));
  need('resultOptions', typeof ro === 'object' && ro !== null && !Array.isArray(ro) &&
    Object.entries(ro as object).every(([k, v]) => ['results', 'methods', 'disposals'].includes(k) && list(v)),
    '形如 {"results": ["未发现问题", …], "methods": ["实地检查", …], "disposals": ["无需后续处置", …]} 的对象（每项为不含逗号的文字列表，可只写要改的一项）');
  if (problems.length) {
    throw new SsjError('CONFIG_INVALID', `配置文件 ${file} 有误：\n  ${problems.join('\n  ')}`, { hint: '请用记事本改正这些设置后重试' });
  }
  c['resultOptions'] = { ...DEFAULT_RESULT_OPTIONS, ...(ro as object) };
  return c as Config & Record<string, unknown>;
}
