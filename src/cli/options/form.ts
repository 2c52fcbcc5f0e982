// The options of ssj form (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const formOptions = optionTable([
  { flags: '--template <模板.xlsx>', description: '使用自己的模板（占位符写法见 docs/templates.md），默认用 templates/抽查工作记录表.xlsx' },
  { flags: '-o, --output <文件.xlsx>', description: '输出文件（默认为工作区 forms/ 中以记录编号命名的文件）' },
  JSON_OPTION,
]);
export type FormOptions = OptionsOf<typeof formOptions>;
