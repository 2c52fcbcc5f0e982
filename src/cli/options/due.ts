// The options of ssj due (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const dueOptions = optionTable([
  { flags: '--days <工作日数>', description: '工作日数（默认见 ssj.json，未在工作区中时为 20）' },
  JSON_OPTION,
]);
export type DueOptions = OptionsOf<typeof dueOptions>;
