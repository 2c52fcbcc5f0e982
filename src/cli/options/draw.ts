// The options of ssj draw (declared once: they build the command and type its options).
import { JSON_OPTION, optionTable, type OptionsOf } from './define.js';

export const drawOptions = optionTable([
  { flags: '--item <事项编号>', description: '抽查事项编号（可重复：多个事项合并检查）', repeat: true },
  { flags: '--round <次数>', description: '本年度第几次抽取（默认为下一次）' },
  { flags: '--ratio <比例>', description: '抽查比例，如 0.05 或 5%（默认用事项清单中的比例）' },
  { flags: '--count <数量>', description: '每个事项抽取的数量（代替比例）' },
  { flags: '--seed <种子>', description: '直接给出随机种子（如事先公布的开奖号码）' },
  { flags: '--witness <姓名>', description: '监督人员 / 见证人（可重复）', repeat: true },
  { flags: '--entropy <数字>', description: '见证人输入的随机数字，按 --witness 的顺序（可重复）', repeat: true },
  { flags: '--public <值>', description: '事先公布的公开随机数（如开奖号码），并入种子' },
  { flags: '--public-name <说明>', description: '公开随机数的来源，如“2026-11-21 福彩3D 开奖号码”' },
  { flags: '--operator <姓名>', description: '操作人员（默认为当前用户）' },
  { flags: '--place <地点>', description: '抽取地点' },
  { flags: '--where <字段=值>', description: '定向抽取：只在符合的对象中抽取；字段为 区域、行业类别、监管责任股室、信用风险分类 或名录库中的其他列（列名照文件，如 投诉举报次数=3；可重复）', repeat: true },
  { flags: '--strata <字段>', description: '按 区域 等字段分层，按比例分配抽取数量（最大余数法）' },
  { flags: '--team-size <人数>', description: '每组执法人员人数（至少 2，默认见 ssj.json）' },
  { flags: '--experts <人数>', description: '每组另加专家人数（不计入执法人员）' },
  { flags: '--redraw', description: '再次抽取已抽过的事项和次数（须同时用 --reason 说明原因）' },
  { flags: '--reason <原因>', description: '再次抽取的原因' },
  { flags: '--present', description: '投屏模式：全屏大字，逐步显示（见证抽取时使用）' },
  // draw as announced (ssj draw announce)
  { flags: '--announced <公告编号>', description: '按事先公告抽取（ssj draw announce），与 --public 一起使用' },
  { flags: '-y, --yes', description: '不询问确认' },
  JSON_OPTION,
]);
export type DrawOptions = OptionsOf<typeof drawOptions>;
