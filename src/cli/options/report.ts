// The options of ssj report (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const reportOptions = optionTable([
  { flags: '--year <年度>', description: '年度（默认为工作区的年度）' },
  { flags: '-o, --output <文件.xlsx>', description: '输出文件（默认为工作区 exports/ 中的文件）' },
  JSON_OPTION,
]);
export type ReportOptions = OptionsOf<typeof reportOptions>;
