// The options of ssj results sheet|import|publish (declared once: they build the commands and type their options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const resultsSheetOptions = optionTable([
  { flags: '-o, --output <文件.xlsx>', description: '输出文件（默认为工作区 results/ 中以记录编号命名的文件）' },
  JSON_OPTION,
]);
export type ResultsSheetOptions = OptionsOf<typeof resultsSheetOptions>;

export const resultsImportOptions = optionTable([JSON_OPTION]);
export type ResultsImportOptions = OptionsOf<typeof resultsImportOptions>;

export const resultsPublishOptions = optionTable([
  { flags: '--date <日期>', description: '公示日期，如 2026-12-01' },
  { flags: '--url <网址>', description: '公示网址' },
  JSON_OPTION,
]);
export type ResultsPublishOptions = OptionsOf<typeof resultsPublishOptions>;
