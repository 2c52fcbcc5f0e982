// Plain data shared by the core, io and cli layers.

/** The lists a bureau keeps: the three registers, and the 回避 declarations between them. */
export type ListKind = 'inspectors' | 'entities' | 'items' | 'conflicts';

/** 检查对象 — a market entity or a project in the 检查对象名录库. */
export interface Entity {
  /** Key: the 统一社会信用代码, or the project code where the registry lists projects. */
  code: string;
  /** 统一社会信用代码 (may be empty for a project). */
  creditCode: string;
  /** 项目编号 (projects only). */
  projectCode: string;
  name: string;
  /** 法定代表人 */
  legalRep: string;
  /** 联络人 */
  contact: string;
  /** 联系方式 */
  phone: string;
  /** 监管责任股室 */
  section: string;
  /** 行业类别 (matched against an item's 检查对象) */
  category: string;
  /** 区域 / 所在乡镇 */
  region: string;
  /** 地址 */
  address: string;
  /** 信用风险分类: A/B/C/D or '' */
  risk: string;
  /**
   * active: may be drawn; gone: 注销/吊销/撤销/迁出, kept but never drawn. 停业/歇业/清算 are active unless
   * ssj.json "suspendedDrawable" is false (decided at import: the snapshot keeps the status).
   */
  status: 'active' | 'gone';
  /** 经营状态 as written in the file. */
  statusText: string;
}

/** 执法检查人员 — a row of the inspector roster. */
export interface Inspector {
  /** Key: 执法证号 */
  certNo: string;
  name: string;
  gender: string;
  unit: string;
  /** 执法区域 */
  area: string;
  /** 发证机关 */
  issuer: string;
  /** 执法类别 */
  category: string;
  phone: string;
  /** 业务专长 */
  expertise: string;
  /** 所属股室 */
  section: string;
  /** 证件有效期 (end date, ISO YYYY-MM-DD) or '' */
  certExpiry: string;
  /** 人员类型: 执法人员 or 专家 */
  kind: string;
  /** 备注 */
  note: string;
  /** 部门 (joint draws): the department the inspector belongs to; '' = the 单位 column's (see departmentOf) */
  dept?: string;
}

/** 随机抽查事项 — a row of the inspection item list. */
export interface InspectionItem {
  /** Key: 事项编号 */
  id: string;
  name: string;
  /** 检查依据 */
  basis: string;
  /** 检查对象: the 行业类别 of the entities it covers */
  target: string;
  /** 检查内容 */
  content: string;
  /** 检查方式 */
  method: string;
  /** 抽查比例 as a fraction (0.05), or null when the item is not drawn (不适用). */
  ratio: number | null;
  /** 抽查比例 as written */
  ratioText: string;
  /** 抽查频次: rounds per year, or null when not drawn */
  rounds: number | null;
  /** 抽查频次 as written */
  roundsText: string;
  /** 检查主体 */
  subject: string;
  /** 责任股室 / 责任单位 */
  section: string;
  /** why the item is not drawn (不适用理由 / 不纳入原因 …); '' or absent when none is written */
  reason?: string;
  /** 备注 / 说明: where the legal basis of a listed ratio or frequency is usually written */
  remark?: string;
  /** the department whose item it is, when imported with --dept (another department's list); see departmentOf */
  dept?: string;
}

/** 回避 — an inspector who must not inspect an entity. */
export interface Conflict {
  /** Key: `${certNo}|${code}` */
  id: string;
  /** 执法证号 of the inspector (as in the roster) */
  certNo: string;
  /** entity key: credit code or project code (the registry's `code`) */
  code: string;
  /** 姓名 as written in the file (informational) */
  inspectorName: string;
  /** 检查对象名称 as written in the file (informational) */
  entityName: string;
  /** 回避原因 */
  reason: string;
}

export type ListRecord = Entity | Inspector | InspectionItem | Conflict;

/**
 * One problem found in an input file, located as Excel shows it.
 * row is 1-based; column is the letter (A, B, …, AA). Both null for file-level problems.
 */
export interface Problem {
  file: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
  /** Chinese field name, e.g. 统一社会信用代码 */
  field: string | null;
  value: string | null;
  message: string;
}
