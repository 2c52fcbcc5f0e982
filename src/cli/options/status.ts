// The options of ssj status (declared once: they build the command and type its options).
import { JSON_ARRAY_OPTION, optionTable, type OptionsOf } from './define.js';

export const statusOptions = optionTable([JSON_ARRAY_OPTION]);
export type StatusOptions = OptionsOf<typeof statusOptions>;
