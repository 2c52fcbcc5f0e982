// The options of ssj demo (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const demoOptions = optionTable([JSON_OPTION]);
export type DemoOptions = OptionsOf<typeof demoOptions>;
