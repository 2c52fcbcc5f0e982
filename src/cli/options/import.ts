// The options of ssj import <名录> (declared once: they build the commands and type their options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const importOptions = optionTable([
  { flags: '--sheet <工作表>', description: '只读这个工作表（可重复）', repeat: true },
  { flags: '--skip-invalid', description: '跳过有错误的行，只导入正确的行；被跳过的行写入 imports/rejects/ 中的 Excel 文件' },
  JSON_OPTION,
]);
/** inspectors and items: also another department's list, kept beside the bureau's own (see mergeDepartment) */
export const importDeptOptions = optionTable([
  ...importOptions,
  { flags: '--dept <部门>', description: '其他部门（部门联合抽查）的名录：与本单位的并存，只替换该部门原有的行' },
]);
export type ImportOptions = OptionsOf<typeof importDeptOptions>;
