// The options of ssj plan and ssj plan adjust (declared once: they build the commands and type their options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const planOptions = optionTable([
  { flags: '-o, --output <文件.xlsx>', description: '输出文件（默认为工作区 exports/ 中的文件）' },
  { flags: '--file', description: '将本年度计划备案：记入抽取台账，生成备案文件（报上一级主管部门备案）' },
  { flags: '--json', description: '以 JSON 输出（数组；--file 时为备案结果）' },
]);
export type PlanOptions = OptionsOf<typeof planOptions>;

export const planAdjustOptions = optionTable([
  { flags: '--reason <原因>', description: '调整原因' },
  JSON_OPTION,
]);
export type PlanAdjustOptions = OptionsOf<typeof planAdjustOptions>;
