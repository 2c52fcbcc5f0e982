// The options of ssj attach (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const attachOptions = optionTable([
  { flags: '--kind <类别>', description: '材料类别：照片、视频、签字记录表、检查记录、整改材料、处罚决定、其他' },
  { flags: '--entity <代码>', description: '材料所涉及的检查对象（统一社会信用代码或项目编号）' },
  { flags: '--note <说明>', description: '说明' },
  JSON_OPTION,
]);
export type AttachOptions = OptionsOf<typeof attachOptions>;
