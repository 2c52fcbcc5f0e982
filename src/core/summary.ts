// Counts shown after an import: active/gone, per 行业类别 and 监管责任股室, the entities that left.
import type { Conflict, Entity, InspectionItem, Inspector, ListKind, ListRecord } from './types.js';

export interface GroupCount {
  /** 行业类别 (entities), 执法类别 (inspectors), 检查对象 (items) */
  category: string;
  /** 监管责任股室 / 所属股室 / 责任股室 */
  section: string;
  active: number;
  gone: number;
}

export interface ImportSummary {
  /** entities: may be drawn; inspectors: certificate valid on the import date; items: drawn (have a ratio); conflicts: all */
  active: number;
  /** entities: 注销/吊销/撤销/迁出/停业; inspectors: certificate expired; items: 不适用; conflicts: 0 */
  gone: number;
  groups: GroupCount[];
  /** entities that left, kept in the registry and never drawn */
  goneList: { code: string; name: string; status: string; category: string }[];
  /** inspectors: experts (专家) — they join teams but never count towards the two */
  experts?: number;
  /** conflicts: how many different inspectors (执法证号) and entities (codes) the declarations name */
  inspectors?: number;
  entities?: number;
}

export function importSummary(kind: ListKind, records: readonly ListRecord[], asOf = '0000-00-00'): ImportSummary {
  // by category, then section (no joined key string per record: a registry has a million), and in order of appearance
  const groups = new Map<string, Map<string, GroupCount>>();
  const inOrder: GroupCount[] = [];
  const bump = (category: string, section: string, active: boolean) => {
    let bySection = groups.get(category);
    if (!bySection) groups.set(category, (bySection = new Map()));
    let g = bySection.get(section);
    if (!g) {
      bySection.set(section, (g = { category, section, active: 0, gone: 0 }));
      inOrder.push(g);
    }
    if (active) g.active++;
    else g.gone++;
  };
  let active = 0;
  const goneList: ImportSummary['goneList'] = [];
  let experts = 0;
  if (kind === 'conflicts') {
    // 回避 declarations have no active/gone split and no groups: every one applies.
    const cs = records as Conflict[];
    return {
      active: cs.length, gone: 0, groups: [], goneList,
      inspectors: new Set(cs.map((c) => c.certNo)).size, entities: new Set(cs.map((c) => c.code)).size,
    };
  }
  for (const r of records) {
    let isActive: boolean;
    if (kind === 'entities') {
      const e = r as Entity;
      isActive = e.status === 'active';
      bump(e.category, e.section, isActive);
      if (!isActive) goneList.push({ code: e.code, name: e.name, status: e.statusText, category: e.category });
    } else if (kind === 'inspectors') {
      const i = r as Inspector;
      isActive = !i.certExpiry || i.certExpiry >= asOf;
      if (i.kind === '专家') experts++;
      bump(i.category, i.section, isActive);
    } else {
      const it = r as InspectionItem;
      isActive = it.ratio !== null;
      bump(it.target, it.section, isActive);
    }
    if (isActive) active++;
  }
  const sorted = inOrder.sort((a, b) => (a.category + a.section).localeCompare(b.category + b.section, 'zh'));
  return { active, gone: records.length - active, groups: sorted, goneList, ...(kind === 'inspectors' ? { experts } : {}) };
}
