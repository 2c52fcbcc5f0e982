// The options of ssj draw replace (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const replaceOptions = optionTable([
  { flags: '--entity <代码>', description: '被替换的检查对象（统一社会信用代码或项目编号）' },
  { flags: '--inspector <执法证号>', description: '被替换的检查人员' },
  { flags: '--reason <原因>', description: '原因（会公开），如 注销、迁出（对象），人员调整、离职（人员；不写回避）' },
  { flags: '--operator <姓名>', description: '操作人员（默认为当前用户）' },
  JSON_OPTION,
]);
export type ReplaceOptions = OptionsOf<typeof replaceOptions>;
