// What each list's columns are called in real files, what type each holds, and which are required.
import type { ListKind } from './types.js';

/** How a field's raw cell value is normalised and checked (see normalize.ts). */
export type FieldType =
  | 'text' // trimmed, full-width letters/digits/spaces folded
  | 'code' // an identifier: text, no inner spaces, upper-cased (project codes, item ids)
  | 'creditCode' // 统一社会信用代码, GB 32100-2015
  | 'digits' // an identifier Excel may have stored as a number (执法证号)
  | 'phone' // 联系电话: digits, '-', spaces; Excel may have stored it as a number
  | 'date' // an ISO date from an Excel serial, a Date cell or text
  | 'ratio' // 抽查比例: '5%' / 0.05 / 不适用
  | 'rounds' // 抽查频次: '2次/年' / 每年两次 / —
  | 'status' // 经营状态
  | 'risk' // 信用风险分类: A/B/C/D
  | 'kind'; // 人员类型: 执法人员 / 专家

export interface FieldSpec {
  /** Property on the record (or an internal key starting with '_'). */
  key: string;
  /** The canonical Chinese column name, used in messages. */
  label: string;
  /** Header texts that mean this field (compared after normaliseHeader). */
  synonyms: string[];
  type: FieldType;
  required?: boolean;
}

export interface ListSchema {
  kind: ListKind;
  /** Chinese name of the list */
  label: string;
  fields: FieldSpec[];
  /** A row is the header when it names every group here (one field of each group). */
  headerGroups: string[][];
}

/** 序号: recognised in every list so that numbered empty rows can be told from data. */
const seq: FieldSpec = { key: '_seq', label: '序号', synonyms: ['序号', '编号序号', 'NO', 'NO.'], type: 'text' };

export const ENTITY_SCHEMA: ListSchema = {
  kind: 'entities',
  label: '检查对象名录库',
  headerGroups: [['name'], ['creditCode', 'projectCode']],
  fields: [
    seq,
    { key: 'name', label: '市场主体名称', type: 'text', required: true,
      synonyms: ['市场主体名称', '名称', '企业名称', '单位名称', '主体名称', '检查对象名称', '检查对象', '市场主体', '机构名称', '项目名称', '工程名称', '企业单位名称'] },
    { key: 'creditCode', label: '统一社会信用代码', type: 'creditCode',
      synonyms: ['统一社会信用代码', '社会信用代码', '信用代码', '统一代码', '统一社会信用代码/注册号', '统一社会信用代码注册号'] },
    { key: 'projectCode', label: '项目编号', type: 'code',
      synonyms: ['项目编号', '项目代码', '项目编码', '工程编号', '报建编号', '施工许可证编号'] },
    { key: 'legalRep', label: '法定代表人', type: 'text', synonyms: ['法定代表人', '法人代表', '法定代表人负责人', '负责人', '法人'] },
    { key: 'contact', label: '联络人', type: 'text', synonyms: ['联络人', '联系人'] },
    { key: 'phone', label: '联系电话', type: 'phone',
      synonyms: ['联系电话', '联系方式', '手机号码', '电话', '手机', '联系人电话', '联络电话', '联系人手机'] },
    { key: 'section', label: '监管责任股室', type: 'text',
      synonyms: ['监管责任股室', '责任股室', '监管股室', '监管责任单位', '责任单位', '监管科室', '负责股室', '监管部门'] },
    { key: 'category', label: '行业类别', type: 'text', required: true,
      synonyms: ['行业类别', '行业', '行业分类', '主体类型', '检查对象类别', '对象类别', '类别', '企业类型'] },
    { key: 'region', label: '区域', type: 'text',
      synonyms: ['区域', '所在乡镇', '乡镇', '所属区域', '所在区域', '属地', '所属乡镇', '乡镇街道', '所在乡镇街道', '辖区'] },
    { key: 'address', label: '地址', type: 'text',
      synonyms: ['地址', '住所', '经营场所', '注册地址', '经营地址', '住所经营场所', '项目地址'] },
    { key: 'risk', label: '信用风险分类', type: 'risk',
      synonyms: ['信用风险分类', '风险分类', '信用等级', '信用风险等级', '风险等级', '信用分类'] },
    { key: 'statusText', label: '经营状态', type: 'status',
      synonyms: ['经营状态', '状态', '登记状态', '企业状态', '存续状态'] },
  ],
};

export const INSPECTOR_SCHEMA: ListSchema = {
  kind: 'inspectors',
  label: '执法检查人员名录',
  headerGroups: [['name'], ['certNo']],
  fields: [
    seq,
    { key: 'name', label: '姓名', type: 'text', required: true, synonyms: ['姓名', '执法人员姓名', '人员姓名', '检查人员姓名'] },
    { key: 'gender', label: '性别', type: 'text', synonyms: ['性别'] },
    { key: 'unit', label: '单位', type: 'text', synonyms: ['单位', '所在单位', '工作单位', '执法单位', '单位名称'] },
    { key: 'area', label: '执法区域', type: 'text', synonyms: ['执法区域', '执法地域', '执法范围'] },
    { key: 'issuer', label: '发证机关', type: 'text', synonyms: ['发证机关', '发证单位'] },
    { key: 'certNo', label: '执法证号', type: 'digits', required: true,
      synonyms: ['执法证号', '执法证件号码', '执法证件号', '执法证编号', '执法证号码', '行政执法证号', '行政执法证件号码', '证件号码', '证号'] },
    { key: 'category', label: '执法类别', type: 'text', synonyms: ['执法类别', '执法门类', '执法领域', '执法种类', '执法类型'] },
    { key: 'phone', label: '手机号码', type: 'phone', synonyms: ['手机号码', '联系电话', '联系方式', '电话', '手机'] },
    { key: 'expertise', label: '业务专长', type: 'text', synonyms: ['业务专长', '专长', '专业', '专业特长'] },
    { key: 'section', label: '所属股室', type: 'text', synonyms: ['所属股室', '股室', '科室', '所在股室', '所属科室'] },
    { key: 'certExpiry', label: '证件有效期', type: 'date',
      synonyms: ['证件有效期', '有效期', '有效期至', '证件有效期至', '执法证有效期', '有效期限'] },
    { key: 'kind', label: '人员类型', type: 'kind', synonyms: ['人员类型', '人员类别', '类型', '身份', '专家标识'] },
    { key: 'note', label: '备注', type: 'text', synonyms: ['备注'] },
    { key: 'dept', label: '部门', type: 'text', synonyms: ['部门', '所属部门', '执法部门', '部门名称'] },
  ],
};

export const ITEM_SCHEMA: ListSchema = {
  kind: 'items',
  label: '随机抽查事项清单',
  headerGroups: [['name'], ['target']],
  fields: [
    seq,
    { key: 'id', label: '事项编号', type: 'code', synonyms: ['事项编号', '编号', '事项代码', '抽查事项编号', '事项编码'] },
    { key: 'name', label: '抽查事项名称', type: 'text', required: true,
      synonyms: ['抽查事项名称', '事项名称', '抽查事项', '检查事项', '检查事项名称', '随机抽查事项'] },
    { key: 'basis', label: '检查依据', type: 'text', synonyms: ['检查依据', '抽查依据', '依据'] },
    { key: 'target', label: '检查对象', type: 'text', required: true, synonyms: ['检查对象', '抽查对象', '检查对象类别'] },
    { key: 'content', label: '检查内容', type: 'text', synonyms: ['检查内容', '抽查内容'] },
    { key: 'method', label: '检查方式', type: 'text', synonyms: ['检查方式', '抽查方式'] },
    { key: 'ratio', label: '抽查比例', type: 'ratio', synonyms: ['抽查比例', '比例', '抽取比例'] },
    { key: 'rounds', label: '抽查频次', type: 'rounds', synonyms: ['抽查频次', '频次', '抽查频率', '频率'] },
    { key: 'subject', label: '检查主体', type: 'text', synonyms: ['检查主体', '实施主体', '抽查主体'] },
    { key: 'section', label: '责任股室', type: 'text', synonyms: ['责任股室', '责任单位', '承办股室', '实施股室', '责任科室'] },
    { key: 'reason', label: '不适用理由', type: 'text',
      synonyms: ['不适用理由', '不适用原因', '不纳入原因', '不纳入理由', '不抽查理由', '不抽查原因', '未纳入原因', '无法抽查理由', '理由', '原因'] },
    { key: 'remark', label: '备注', type: 'text', synonyms: ['备注', '说明', '比例频次依据', '比例依据', '频次依据', '法定依据', '法律依据'] },
  ],
};

/**
 * 回避关系清单: which inspector must not inspect which entity, and why. The entity is named by its credit
 * code, or by its project code where the registry lists projects; names are informational.
 */
export const CONFLICT_SCHEMA: ListSchema = {
  kind: 'conflicts',
  label: '回避关系清单',
  headerGroups: [['certNo'], ['creditCode', 'projectCode'], ['reason']],
  fields: [
    seq,
    { key: 'certNo', label: '执法证号', type: 'digits', required: true,
      synonyms: ['执法证号', '执法证件号码', '执法证件号', '执法证编号', '执法证号码', '行政执法证号', '行政执法证件号码', '证件号码', '证号', '回避人员执法证号', '执法人员执法证号', '检查人员执法证号'] },
    { key: 'inspectorName', label: '姓名', type: 'text',
      synonyms: ['姓名', '执法人员姓名', '人员姓名', '检查人员姓名', '执法人员', '检查人员', '回避人员', '回避人员姓名'] },
    { key: 'creditCode', label: '统一社会信用代码', type: 'creditCode',
      synonyms: ['统一社会信用代码', '社会信用代码', '信用代码', '统一代码', '统一社会信用代码/注册号', '统一社会信用代码注册号'] },
    { key: 'projectCode', label: '项目编号', type: 'code',
      synonyms: ['项目编号', '项目代码', '项目编码', '工程编号', '报建编号', '施工许可证编号'] },
    { key: 'entityName', label: '检查对象名称', type: 'text',
      synonyms: ['检查对象名称', '检查对象', '市场主体名称', '市场主体', '企业名称', '主体名称', '名称', '机构名称', '企业单位名称', '项目名称', '工程名称', '回避对象', '回避对象名称', '回避企业'] },
    { key: 'reason', label: '回避原因', type: 'text', required: true,
      synonyms: ['回避原因', '原因', '回避事由', '事由', '回避理由', '理由', '回避情形', '利害关系', '关系说明'] },
  ],
};

export const SCHEMAS: Record<ListKind, ListSchema> = {
  entities: ENTITY_SCHEMA,
  inspectors: INSPECTOR_SCHEMA,
  items: ITEM_SCHEMA,
  conflicts: CONFLICT_SCHEMA,
};

/** Column order of each list's canonical snapshot CSV (the record's properties). */
export const SNAPSHOT_COLUMNS = {
  entities: ['code', 'creditCode', 'projectCode', 'name', 'legalRep', 'contact', 'phone', 'section', 'category', 'region', 'address', 'risk', 'status', 'statusText'],
  inspectors: ['certNo', 'name', 'gender', 'unit', 'area', 'issuer', 'category', 'phone', 'expertise', 'section', 'certExpiry', 'kind', 'note'],
  items: ['id', 'name', 'basis', 'target', 'content', 'method', 'ratio', 'ratioText', 'rounds', 'roundsText', 'subject', 'section'],
  conflicts: ['id', 'certNo', 'code', 'inspectorName', 'entityName', 'reason'],
} as const satisfies Record<ListKind, readonly string[]>;

/**
 * Columns a snapshot carries after SNAPSHOT_COLUMNS only when some record fills them, so that a list without
 * them gives the same snapshot (and hash) as before they existed: items' 不适用理由 and 备注, inspectors' 部门.
 * An entity registry also keeps its other columns (投诉举报次数, 重点监管 …) after these, named as the file
 * names them (see extraColumns in snapshot.ts).
 */
export const OPTIONAL_COLUMNS = {
  entities: [],
  inspectors: ['dept'],
  items: ['reason', 'remark', 'dept'],
  conflicts: [],
} as const satisfies Record<ListKind, readonly string[]>;
