// The options of ssj export (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const exportOptions = optionTable([
  { flags: '--task <任务>', description: '只导出这个抽查任务（记录编号）' },
  { flags: '--format <格式>', description: 'xlsx 或 csv（默认 xlsx）' },
  { flags: '-o, --output <文件>', description: '输出文件（默认为工作区 exports/ 中的文件）' },
  { flags: '--internal', description: '内部版本：包含联系电话、联络人、回避原因等不公开的内容' },
  { flags: '--encoding <编码>', description: 'CSV 的编码：utf8（默认，带 BOM）或 gb18030' },
  { flags: '--snapshot <快照>', description: 'entities、inspectors：导出某次抽取所用的名录（快照哈希或抽取记录编号；默认为当前名录）' },
  JSON_OPTION,
]);
export type ExportOptions = OptionsOf<typeof exportOptions>;
