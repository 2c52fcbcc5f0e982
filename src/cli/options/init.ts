// The options of ssj init (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const initOptions = optionTable([
  { flags: '--org <单位名称>', description: '单位名称，如：示例县住房和城乡建设局' },
  { flags: '--year <年度>', description: '年度，如：2026（默认为今年）' },
  { flags: '--from <目录>', description: '从上一年度的工作区带入名录和设置（不带入抽取记录）' },
  JSON_OPTION,
]);
export type InitOptions = OptionsOf<typeof initOptions>;
