// The options of ssj visits (declared once: they build the command and type its options).
import { JSON_ARRAY_OPTION, optionTable, type OptionsOf } from './define.js';

export const visitsOptions = optionTable([
  { flags: '-o, --output <文件>', description: '同时写入 Excel 文件（.xlsx）' },
  JSON_ARRAY_OPTION,
]);
export type VisitsOptions = OptionsOf<typeof visitsOptions>;
