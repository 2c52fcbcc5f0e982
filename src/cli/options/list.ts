// The options of ssj list (declared once: they build the command and type its options).
import { JSON_ARRAY_OPTION, optionTable, type OptionsOf } from './define.js';

export const listOptions = optionTable([
  { flags: '--status <状态>', description: '只看 active（正常）或 gone（已退出）的检查对象' },
  { flags: '--category <行业类别>', description: '只看某个行业类别 / 执法类别' },
  { flags: '--all', description: '显示全部（默认只显示前 50 条；在终端中分页显示）' },
  JSON_ARRAY_OPTION,
]);
export type ListOptions = OptionsOf<typeof listOptions>;
