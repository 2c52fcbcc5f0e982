// The options of ssj rollup (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const rollupOptions = optionTable([
  { flags: '-o, --output <文件.xlsx>', description: '输出的汇总表' },
  JSON_OPTION,
]);
export type RollupOptions = OptionsOf<typeof rollupOptions>;
