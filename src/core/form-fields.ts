// 抽查工作记录表: what goes into each field of the form, from a draw record and its amendments. Plain data in,
// plain data out: the template engine (io/template/) puts these values where a template's {{字段}} are.
import type { AmendmentRecord, DrawRecord, RecordedVisit } from './record.js';
import { groupsOf4 } from './record.js';
import { SOURCE_LABEL } from './seed.js';
import type { Conflict, Entity, Inspector } from './types.js';

export type FieldValue = string | number;
export type FieldRow = Record<string, FieldValue>;

/** A field a template may name: its name (in {{…}}), what it holds, and an example value. */
export interface FieldDef {
  name: string;
  desc: string;
  example: string;
}

/** Fields usable anywhere in a template (also in the page header and footer). */
export const FORM_FIELDS: readonly FieldDef[] = [
  { name: '单位', desc: '单位名称（ssj.json 中的 org）', example: '示例县住房和城乡建设局' },
  { name: '年度', desc: '年度', example: '2026' },
  { name: '记录编号', desc: '抽取记录编号（台账中的编号）', example: '2026-001' },
  { name: '抽查任务名称', desc: '抽查任务名称', example: '建筑施工企业资质及安全生产条件检查 2026年第1次抽查' },
  { name: '抽查任务名称及编号', desc: '任务名称和记录编号', example: '建筑施工企业资质及安全生产条件检查 2026年第1次抽查（编号 2026-001）' },
  { name: '抽取次数', desc: '本年度第几次抽取（数字）', example: '1' },
  { name: '抽查事项', desc: '抽查事项编号和名称，每个事项一行', example: 'ZJ-001 建筑施工企业资质及安全生产条件检查' },
  { name: '检查对象类别', desc: '事项的检查对象（行业类别），多个用“、”隔开', example: '建筑施工企业' },
  { name: '抽查类型', desc: '定向 或 不定向', example: '不定向' },
  { name: '定向条件', desc: '定向抽查的范围条件（不定向时为“无”）', example: '区域：城关镇' },
  { name: '抽取时间', desc: '抽取的日期和时间', example: '2026年11月22日 15:09' },
  { name: '抽取日期', desc: '抽取的日期', example: '2026年11月22日' },
  { name: '抽取地点', desc: '抽取地点', example: '局三楼会议室' },
  { name: '抽取方式', desc: '抽取方式说明', example: '计算机随机抽取，种子公开可验证（算法 ssj-draw/1）' },
  { name: '检查对象范围及总数', desc: '每个事项的检查对象范围、在业总数、排除和可抽取数，每个事项一行', example: '建筑施工企业（ZJ-001）：在业 112 家，可抽取 112 家；另有注销/吊销/迁出 6 家不在抽取范围' },
  { name: '检查对象总数', desc: '可抽取的检查对象总数（数字）', example: '112' },
  { name: '抽取比例', desc: '抽取比例（或指定数量、差异化比例）', example: '5%' },
  { name: '抽取数量', desc: '抽中的检查对象数（补抽之后，数字）', example: '6' },
  { name: '执法检查人员总数', desc: '执法人员名录中的执法人员人数（不含专家，数字）', example: '27' },
  { name: '选派人数', desc: '本次选派的执法检查人员（含专家）人数（数字）', example: '12' },
  { name: '每组人数', desc: '每个检查组的人数', example: '2 人' },
  { name: '随机种子', desc: '随机种子', example: '381702/992011' },
  { name: '种子组成', desc: '种子的各个部分（谁输入了什么），每部分一行', example: '见证人 王纪检：381702' },
  { name: '种子强度', desc: '种子的熵估计与覆盖全部可能结果所需的熵（比特），如实陈述，不作提示', example: '熵估计约 39 比特；覆盖全部可能结果需 32 比特' },
  { name: '名录库快照', desc: '检查对象名录库快照的 SHA-256 哈希', example: '8a716b7f92cc…（64 位）' },
  { name: '执法人员名录快照', desc: '执法检查人员名录快照的 SHA-256 哈希', example: '46eabdf06655…（64 位）' },
  { name: '事项清单快照', desc: '随机抽查事项清单快照的 SHA-256 哈希', example: '6e943fdf0b70…（64 位）' },
  { name: '检查对象池哈希', desc: '抽取所用检查对象池的哈希', example: '422cfa9a98af…（64 位）' },
  { name: '记录哈希', desc: '抽取记录的哈希（64 位十六进制）', example: '62eed8bf34dc…（64 位）' },
  { name: '记录哈希分组', desc: '记录哈希，每 4 位一组，便于核对', example: '62ee d8bf 34dc …' },
  { name: '记录哈希前缀', desc: '记录哈希的前 16 位（4 位一组），适合页眉页脚', example: '62ee d8bf 34dc 3ac3' },
  { name: '台账链头', desc: '填表时抽取台账的最后一行：编号和行哈希（4 位一组）。此后删除或改写这一行及其之前的任何记录，都会与它对不上（ssj verify --against）', example: '2026-003 9f1c 02ab …' },
  { name: '台账链头哈希', desc: '填表时抽取台账最后一行的行哈希（64 位十六进制）', example: '9f1c02ab…（64 位）' },
  { name: '回避情况', desc: '与抽中对象有关的回避申报及处理，每条一行（没有时为“无”）', example: '李明（35088110012）与 示例县某公司：亲属关系，未选派' },
  { name: '再次抽取', desc: '本记录是再次抽取时：取代哪次抽取及原因；本记录已被再次抽取取代时：被哪次取代及原因（都不是时为“无”）', example: '本次为再次抽取，取代 2026-001；原因：…' },
  { name: '补抽情况', desc: '每次补抽一行：编号、日期、操作人员、替换内容、原因、补抽记录哈希（没有时为“无”）', example: '2026-001-R1（2026年11月23日，操作人员 张三）：…' },
  { name: '再次抽取及补抽', desc: '再次抽取和补抽情况合在一起（都没有时为“无”）', example: '无' },
  { name: '复核命令', desc: '复核这次抽取的命令', example: 'ssj verify 2026-001' },
  { name: '复核说明', desc: '如何复核（工作区内外两种做法）', example: '在工作区中运行 ssj verify 2026-001 …' },
  { name: '操作人员', desc: '操作人员姓名', example: '张三' },
  { name: '监督人员', desc: '监督人员（纪检监察人员）姓名，多人用“、”隔开', example: '王纪检、李监督' },
  { name: '见证人', desc: '抽取时输入随机数的见证人姓名（与记录中的监督人员 / 见证人相同）', example: '王纪检、李监督' },
  { name: '抽取提示', desc: '抽取时给出的提示（如抽取数量少于比例），每条一行（没有时为“无”）；种子的熵见“种子强度”', example: '无' },
  { name: '事先公告', desc: '按事先公告抽取时：公告编号、公告日期、公开随机数来源及其公布日期（没有时为“无”）', example: '公告 2026-A001（2026年3月10日）；公开随机数：中国福利彩票 3D 2026-03-16 开奖号码（2026年3月16日公布）' },
  { name: '公告编号', desc: '事先公告的编号（没有时为空）', example: '2026-A001' },
  { name: '公告日期', desc: '事先公告的日期（没有时为空）', example: '2026年3月10日' },
  { name: '公开随机数来源', desc: '事先公告指定的公开随机数来源及其公布日期（没有时为空）', example: '中国福利彩票 3D 2026-03-16 开奖号码（2026年3月16日）' },
  { name: '填表日期', desc: '生成本表的日期', example: '2026年11月22日' },
  { name: '工具版本', desc: '抽取所用 ssj 的版本', example: 'ssj 0.1.0' },
  { name: '抽取算法', desc: '抽取算法名称和版本', example: 'ssj-draw/1' },
  { name: '二维码内容', desc: '二维码中的文字（见 docs/templates.md）', example: 'ssj:2026-001:62eed8bf…' },
];

/** Fields of one drawn entity: usable in a {{#对象}} row (and in a {{#成员}} row, for the member's entity). */
export const ENTITY_FIELDS: readonly FieldDef[] = [
  { name: '序号', desc: '第几个检查对象（数字；在 {{#成员}} 行中是第几个人）', example: '1' },
  { name: '检查对象名称', desc: '检查对象名称', example: '示例县建隆建设工程有限公司' },
  { name: '统一社会信用代码', desc: '统一社会信用代码（项目为项目编号），文本', example: '913508816145607318' },
  { name: '项目编号', desc: '项目编号（名录库为项目时）', example: 'XM-2026-001' },
  { name: '区域地址', desc: '区域和地址', example: '城关镇 示例县城关镇解放路 12 号' },
  { name: '区域', desc: '区域 / 所在乡镇', example: '城关镇' },
  { name: '地址', desc: '地址', example: '示例县城关镇解放路 12 号' },
  { name: '行业类别', desc: '行业类别', example: '建筑施工企业' },
  { name: '监管责任股室', desc: '监管责任股室', example: '建筑业股' },
  { name: '信用风险分类', desc: '信用风险分类', example: 'B' },
  { name: '联络人', desc: '联络人（内部使用，不公开）', example: '陈某' },
  { name: '联系电话', desc: '联系方式（内部使用，不公开）', example: '0597-1234567' },
  { name: '检查事项', desc: '对这个对象检查的事项（编号和名称），每个事项一行', example: 'ZJ-001 建筑施工企业资质及安全生产条件检查' },
  { name: '检查事项编号', desc: '检查事项编号，多个用“、”隔开', example: 'ZJ-001' },
  { name: '检查组成员', desc: '检查组成员：角色、姓名和执法证号，每人一行', example: '组长 张凯 35088110049' },
  { name: '检查组组长', desc: '检查组组长姓名', example: '张凯' },
  { name: '备注', desc: '补抽带来的变化（补抽进来的对象、替换的人员）', example: '补抽（2026-001-R1）：替换 示例县某公司（注销）' },
];

/** Fields of one team member: usable in a {{#成员}} row (one row per inspector of each entity). */
export const MEMBER_FIELDS: readonly FieldDef[] = [
  { name: '对象序号', desc: '这个人所在检查组的检查对象是第几个（数字）', example: '1' },
  { name: '姓名', desc: '执法检查人员姓名', example: '张凯' },
  { name: '执法证号', desc: '执法证号（文本）', example: '35088110049' },
  { name: '角色', desc: '组长、组员 或 专家', example: '组长' },
  { name: '所属股室', desc: '执法人员名录中的所属股室', example: '建筑业股' },
  { name: '执法类别', desc: '执法人员名录中的执法类别', example: '住房城乡建设' },
];

/** Image fields: the cell holding the placeholder gets the picture. */
export const IMAGE_FIELDS: readonly FieldDef[] = [
  { name: '二维码', desc: '二维码图片（记录编号和记录哈希），放在占位符所在的单元格（或合并区域）中', example: '' },
];

/** The repeat rows a template may have, and the fields usable in each. */
export const REPEAT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  对象: ENTITY_FIELDS.map((f) => f.name),
  成员: [...ENTITY_FIELDS, ...MEMBER_FIELDS].map((f) => f.name),
};

const announcementText = (a: NonNullable<DrawRecord['announcement']>) =>
  `公告 ${a.id}（${chineseDate(a.date)}）；公开随机数：${a.source}（${chineseDate(a.sourceDate)}公布）`;

export interface FormInputs {
  /** 合并检查 notes per entity code (from this draw's record and later draws that merged into it), for 备注 */
  merges?: ReadonlyMap<string, string>;
  draw: DrawRecord;
  /** the draw's amendments, in ledger order */
  amendments: readonly AmendmentRecord[];
  /** the entities as they stand after the amendments (ledger.finalEntities) */
  entities: readonly RecordedVisit[];
  /** rows of the entity registry the draw used, by code (for 区域/地址 …); a missing row leaves those fields empty */
  registry: ReadonlyMap<string, Entity>;
  /** the roster the draw used */
  roster: readonly Inspector[];
  /** the 回避 declarations the draw used (their reasons), empty when there were none */
  conflicts: readonly Conflict[];
  /** the date the form is made, YYYY-MM-DD */
  today: string;
  /** the head of the ledger when the form is made (docs/ledger.md); absent: 无 */
  head?: { id: string; hash: string } | null;
  /** later draws that re-drew this one (--redraw): the form says it was replaced */
  replacedBy?: readonly DrawRecord[];
}

export interface FormData {
  fields: FieldRow;
  /** one row per drawn entity */
  对象: FieldRow[];
  /** one row per team member of each drawn entity */
  成员: FieldRow[];
  /** the text the QR code encodes */
  qr: string;
}

/** 2026-11-22 → 2026年11月22日 */
export function chineseDate(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : ymd;
}

/** 2026-11-22T15:09:30+08:00 → 2026年11月22日 15:09 (the time as recorded, in its own offset). */
export function chineseTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${chineseDate(m[1]!)} ${m[2]}:${m[3]}` : iso;
}

const percent = (r: number) => `${+(r * 100).toFixed(4)}%`;
const none = (lines: string[]) => (lines.length ? lines.join('\n') : '无');

/** The QR code's text: one line per record, ssj:<id>:<hash>, the draw first, then its amendments. */
export function qrText(draw: DrawRecord, amendments: readonly AmendmentRecord[]): string {
  return [draw, ...amendments].map((r) => `ssj:${r.id}:${r.hash}`).join('\n');
}

export function formData(inp: FormInputs): FormData {
  const { draw: d, amendments } = inp;
  const itemName = new Map(d.task.items.map((it) => [it.id, it.name]));
  const person = new Map(inp.roster.map((p) => [p.certNo, p]));
  const visits = inp.entities;

  // 检查对象范围及总数, 抽取比例
  const scope: string[] = [];
  const ratios: string[] = [];
  const many = d.pool.items.length > 1;
  for (const p of d.pool.items) {
    const it = d.task.items.find((x) => x.id === p.id);
    const gone = d.exclusions.filter((x) => x.item === p.id && x.kind === 'gone').length;
    const repeat = d.exclusions.filter((x) => x.item === p.id && x.kind === 'repeat').length;
    scope.push(`${it?.target ?? ''}（${p.id}）：在业 ${p.population} 家${repeat ? `，其中本年度已抽中 ${repeat} 家不再抽取` : ''}，可抽取 ${p.available} 家${gone ? `；另有注销/吊销/迁出 ${gone} 家不在抽取范围` : ''}`);
    let ratio: string;
    if (d.task.count !== null) ratio = `指定数量 ${d.task.count} 家`;
    else if (d.task.riskRatios) ratio = `按信用风险分类：${Object.entries(d.task.riskRatios).map(([k, v]) => `${k} 类 ${percent(v)}`).join('、')}`;
    else if (p.ratio !== null) ratio = percent(p.ratio);
    else ratio = it?.ratioText ?? '';
    if (d.task.strata) ratio += `（按${STRATA_LABEL[d.task.strata] ?? d.task.strata}分层，最大余数法分配）`;
    ratios.push(many ? `${p.id}：${ratio}，抽取 ${p.sample} 家` : ratio);
  }
  const where = d.task.where.map((w) => `${SCOPE_LABEL[w.field] ?? w.field}：${w.values.join('、')}`).join('；');

  // people
  const picked = new Set<string>();
  for (const v of visits) for (const m of v.team) picked.add(m.certNo);
  const inspectorsTotal = inp.roster.filter((p) => p.kind !== '专家').length;

  // 回避
  const conflictReason = new Map(inp.conflicts.map((c) => [`${c.certNo}|${c.code}`, c]));
  const entityName = new Map<string, string>();
  for (const r of [d, ...amendments]) for (const v of r.entities) entityName.set(v.code, v.name);
  // one line per inspector (an inspector may be kept off many drawn entities by one declaration)
  const seenPairs = new Set<string>();
  const byInspector = new Map<string, { who: string; what: string[]; reasons: string[] }>();
  for (const pair of [...d.conflicts, ...amendments.flatMap((a) => a.conflicts)]) {
    const key = `${pair.certNo}|${pair.code}`;
    if (seenPairs.has(key)) continue;
    seenPairs.add(key);
    const c = conflictReason.get(key);
    const entry = byInspector.get(pair.certNo) ?? { who: person.get(pair.certNo)?.name ?? c?.inspectorName ?? '', what: [], reasons: [] };
    entry.what.push(entityName.get(pair.code) ?? c?.entityName ?? pair.code);
    const reason = c?.reason ? c.reason : '已申报回避';
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    byInspector.set(pair.certNo, entry);
  }
  const RECUSAL_NAMES = 3;
  const recusal = [...byInspector].map(([certNo, e]) => {
    const what = e.what.length <= RECUSAL_NAMES ? e.what.join('、') : `${e.what.slice(0, RECUSAL_NAMES).join('、')} 等 ${e.what.length} 个检查对象`;
    return `${e.who}（${certNo}）与 ${what}：${e.reasons.join('；')}，未选派`;
  });

  // 再次抽取, 补抽
  const redrawLines = [
    ...(d.redraw ? [`本次为再次抽取，取代 ${d.redraw.of.join('、')}；原因：${d.redraw.reason}`] : []),
    ...(inp.replacedBy ?? []).map((r) => `本次抽取已被 ${r.id}（${chineseDate(r.date)}）再次抽取取代，不再实施检查；原因：${r.redraw?.reason ?? ''}`),
  ];
  const redraw = redrawLines.join('\n');
  const amendLines = amendments.map((a) => `${a.id}（${chineseDate(a.date)}，操作人员 ${a.operator}）：${amendmentText(a, entityName)}；补抽记录哈希 ${a.hash}`);
  const notes = entityNotes(amendments);

  const seed = d.seed;
  const fields: FieldRow = {
    单位: d.org,
    年度: d.year,
    记录编号: d.id,
    抽查任务名称: d.task.name,
    抽查任务名称及编号: `${d.task.name}（编号 ${d.id}）`,
    抽取次数: d.task.round,
    抽查事项: d.task.items.map((it) => `${it.id} ${it.name}`).join('\n'),
    检查对象类别: [...new Set(d.task.items.map((it) => it.target))].join('、'),
    抽查类型: d.task.type,
    定向条件: where || '无',
    抽取时间: chineseTime(d.time),
    抽取日期: chineseDate(d.date),
    抽取地点: d.place,
    抽取方式: `计算机随机抽取，种子公开可验证（算法 ${d.algorithm}）${d.announcement ? `；按事先公告抽取：${announcementText(d.announcement)}` : ''}`,
    检查对象范围及总数: scope.join('\n'),
    检查对象总数: d.pool.size,
    抽取比例: ratios.join('\n'),
    抽取数量: visits.length,
    执法检查人员总数: inspectorsTotal,
    选派人数: picked.size,
    每组人数: `${d.task.teamSize} 人${d.task.experts ? `，另加专家 ${d.task.experts} 人` : ''}`,
    随机种子: seed.text,
    种子组成: seed.components.map((c) => `${SOURCE_LABEL[c.source]} ${c.name}：${c.value}`).join('\n'),
    种子强度: `熵估计约 ${Math.floor(seed.bits)} 比特；覆盖全部可能结果需 ${Math.ceil(seed.neededBits)} 比特`,
    名录库快照: d.inputs.entities.snapshot,
    执法人员名录快照: d.inputs.inspectors.snapshot,
    事项清单快照: d.inputs.items.snapshot,
    检查对象池哈希: d.pool.hash,
    记录哈希: d.hash,
    记录哈希分组: groupsOf4(d.hash),
    记录哈希前缀: groupsOf4(d.hash.slice(0, 16)),
    台账链头: inp.head ? `${inp.head.id} ${groupsOf4(inp.head.hash)}` : '无',
    台账链头哈希: inp.head?.hash ?? '无',
    回避情况: none(recusal),
    再次抽取: redraw || '无',
    补抽情况: none(amendLines),
    再次抽取及补抽: none([...(redraw ? [redraw] : []), ...amendLines]),
    复核命令: `ssj verify ${d.id}`,
    复核说明: `在工作区中运行 ssj verify ${d.id}：按记录中的名录快照和随机种子重新抽取${amendments.length ? '（含补抽）' : ''}，并核对台账哈希链。` +
      `在工作区之外：ssj verify ${d.id}.json --entities 检查对象名录 --inspectors 执法人员名录。`,
    操作人员: d.operator,
    监督人员: d.witnesses.join('、'),
    见证人: d.witnesses.join('、'),
    // records made before ssj-draw-record/2 kept the entropy warning among the warnings: 种子强度 states it
    抽取提示: none([...d.warnings.filter((w) => !/^随机种子(约|的熵估计)/.test(w)), ...[...(inp.merges ?? new Map<string, string>())].map(([code, text]) => `${entityName.get(code) ?? code}（${code}）${text}`)]),
    事先公告: d.announcement ? announcementText(d.announcement) : '无',
    公告编号: d.announcement?.id ?? '',
    公告日期: d.announcement ? chineseDate(d.announcement.date) : '',
    公开随机数来源: d.announcement ? `${d.announcement.source}（${chineseDate(d.announcement.sourceDate)}）` : '',
    填表日期: chineseDate(inp.today),
    工具版本: `${d.tool.name} ${d.tool.version}`,
    抽取算法: d.algorithm,
    二维码内容: qrText(d, amendments),
  };

  const entityRows: FieldRow[] = [];
  const memberRows: FieldRow[] = [];
  visits.forEach((v, i) => {
    const e = inp.registry.get(v.code);
    const row: FieldRow = {
      序号: i + 1,
      检查对象名称: v.name,
      统一社会信用代码: e?.creditCode || v.code,
      项目编号: e?.projectCode ?? '',
      区域地址: [e?.region ?? '', e?.address ?? ''].filter((s) => s !== '').join(' '),
      区域: e?.region ?? '',
      地址: e?.address ?? '',
      行业类别: e?.category ?? '',
      监管责任股室: e?.section ?? '',
      信用风险分类: e?.risk ?? '',
      联络人: e?.contact ?? '',
      联系电话: e?.phone ?? '',
      检查事项: [...v.items.map((id) => `${id} ${itemName.get(id) ?? ''}`.trim()), ...(inp.merges?.has(v.code) ? [`（${inp.merges.get(v.code)!.replace(/，检查组.*$/, '')}）`] : [])].join('\n'),
      检查事项编号: v.items.join('、'),
      检查组成员: v.team.map((m) => `${m.role} ${m.name} ${m.certNo}`).join('\n'),
      检查组组长: v.team.find((m) => m.role === '组长')?.name ?? '',
      备注: [...(notes.get(v.code) ?? []), ...(inp.merges?.has(v.code) ? [inp.merges.get(v.code)!] : [])].join('\n'),
    };
    entityRows.push(row);
    for (const m of v.team) {
      const p = person.get(m.certNo);
      memberRows.push({ ...row, 序号: memberRows.length + 1, 对象序号: i + 1, 姓名: m.name, 执法证号: m.certNo, 角色: m.role, 所属股室: p?.section ?? '', 执法类别: p?.category ?? '' });
    }
  });

  return { fields, 对象: entityRows, 成员: memberRows, qr: qrText(d, amendments) };
}

const SCOPE_LABEL: Record<string, string> = { region: '区域', category: '行业类别', section: '监管责任股室', risk: '信用风险分类' };
const STRATA_LABEL = SCOPE_LABEL;

/** What an amendment changed, in one sentence. */
export function amendmentText(a: AmendmentRecord, names: ReadonlyMap<string, string>): string {
  const ch = a.change;
  const parts: string[] = [];
  if (ch.removed) {
    const added = ch.added.map((x) => `${x.name}（${x.code}）`).join('、');
    parts.push(`检查对象 ${ch.removed.name}（${ch.removed.code}）因“${a.request.reason}”不再检查，${added ? `补抽 ${added}` : '没有可补抽的对象'}`);
  }
  for (const t of ch.teamChanges) {
    const where = names.get(t.code) ?? t.code;
    parts.push(`${where} 检查组的 ${t.out.name}（${t.out.certNo}）因“${a.request.reason}”退出，${t.in ? `由 ${t.in.name}（${t.in.certNo}）接替${t.in.role === '组长' ? '任组长' : ''}` : '没有可接替的人员'}`);
  }
  return parts.join('；') || `原因：${a.request.reason}`;
}

/** 备注 per entity code: what the amendments brought to it (an entity drawn in, an inspector replaced). */
function entityNotes(amendments: readonly AmendmentRecord[]): Map<string, string[]> {
  const notes = new Map<string, string[]>();
  const add = (code: string, s: string) => {
    if (!notes.has(code)) notes.set(code, []);
    notes.get(code)!.push(s);
  };
  for (const a of amendments) {
    const ch = a.change;
    for (const x of ch.added) add(x.code, `补抽（${a.id}）：替换 ${ch.removed ? `${ch.removed.name}（${a.request.reason}）` : a.request.reason}`);
    for (const t of ch.teamChanges) add(t.code, `${a.id}：${t.out.name} 因“${a.request.reason}”退出${t.in ? `，由 ${t.in.name} 接替` : ''}`);
  }
  return notes;
}
