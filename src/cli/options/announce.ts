// The options of ssj draw announce (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const announceOptions = optionTable([
  { flags: '--item <事项编号>', description: '抽查事项编号（可重复：多个事项合并检查）', repeat: true },
  { flags: '--round <次数>', description: '本年度第几次抽取（默认为下一次）' },
  { flags: '--where <字段=值>', description: '定向抽取的范围（可重复）', repeat: true },
  { flags: '--strata <字段>', description: '按 区域 等字段分层' },
  { flags: '--count <数量>', description: '每个事项抽取的数量（代替比例）' },
  { flags: '--ratio <比例>', description: '抽查比例，如 0.05 或 5%' },
  { flags: '--team-size <人数>', description: '每组执法人员人数' },
  { flags: '--experts <人数>', description: '每组另加专家人数' },
  { flags: '--source <描述>', description: '公开随机数的来源，如“中国福利彩票 3D 2026-03-16 开奖号码”' },
  { flags: '--source-date <日期>', description: '公开随机数公布的日期（YYYY-MM-DD，须在今天之后）' },
  { flags: '--operator <姓名>', description: '操作人员（默认为当前用户）' },
  JSON_OPTION,
]);
export type AnnounceOptions = OptionsOf<typeof announceOptions>;
