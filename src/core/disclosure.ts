// 一公开: the tables a bureau publishes (items, plan, draws, results), as plain rows. Public tables hold only what
// may be published; the internal version (--internal) adds contacts, phone numbers and 回避 reasons and says so.
import { KNOWN_SCOPE_LABEL as SCOPE_LABEL } from './where.js'; // (not draw.js: an export need not load the draw)
import type { ResultsVersion } from './results.js';
import { itemNames, type Task } from './tasks.js';
import type { Conflict, Entity, InspectionItem, Inspector } from './types.js';

export type Cell = string | number;

export interface DisclosureTable {
  /** the file's title row, e.g. 示例县住房和城乡建设局2026年度随机抽查事项清单 */
  title: string;
  /** the sheet name (.xlsx) */
  sheet: string;
  columns: string[];
  rows: Cell[][];
  /** how wide each column should print (.xlsx), in characters */
  widths: number[];
}

export const INTERNAL_MARK = '（内部资料 不得公开）';

/** Characters that make a spreadsheet treat a cell as a formula (CSV injection, OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** True when a spreadsheet would run this text as a formula. */
export const looksLikeFormula = (s: string) => FORMULA_START.test(s);

/**
 * Text that gets the apostrophe: a formula start, or apostrophes followed by one ('=…, ''-…), which a reader would
 * otherwise take for the mark and strip (so that fromInertCsv(inertCsv(s)) is s for every s).
 */
const MARKED = /^'*[=+\-@\t\r]/;

/** CSV: text a spreadsheet would run is made inert with a leading apostrophe (Excel shows the text as written). */
export function inertCsv(v: Cell): Cell {
  return typeof v === 'string' && MARKED.test(v) ? `'${v}` : v;
}

/** The text inertCsv was given: one leading apostrophe is dropped when what follows it is text inertCsv marks. */
export const fromInertCsv = (s: string): string => (s.startsWith("'") && MARKED.test(s.slice(1)) ? s.slice(1) : s);

const teamText = (t: Task['visits'][number]['team']) => t.map((m) => `${m.name}（${m.certNo}）`).join('、');

/** 检查对象范围: the items' 检查对象 and the --where conditions of a 定向 draw, with the pool size. */
export function scopeText(t: Task): string {
  const d = t.draw;
  const targets = [...new Set(d.task.items.map((i) => i.target))].join('、');
  const where = d.task.where.map((c) => `${SCOPE_LABEL[c.field] ?? c.field}为${c.values.join('或')}`).join('，');
  const pop = d.pool.items.map((i) => i.population).reduce((a, b) => a + b, 0);
  return `${targets}${where ? `（${where}）` : ''}，共 ${pop} 个`;
}

// ─── items ───────────────────────────────────────────────────────────────────────────────────────

/** Free text for a public file: runs of 7 or more digits (phone, ID and certificate numbers) masked. */
export function maskPrivate(text: string): string {
  return text.replace(/\d[\d\s-]{5,}[\dXx]/g, (m) => (m.replace(/\D/g, '').length >= 7 ? '（已隐去）' : m));
}

export function itemsTable(org: string, year: number, items: readonly InspectionItem[], internal: boolean): DisclosureTable {
  // 说明 (added last): why a 不适用 item is not drawn, or the 备注 on a drawn one's ratio and frequency; phone
  // numbers and ID numbers written into that free text are masked (a public file never holds them).
  const columns = ['序号', '事项编号', '抽查事项', '检查依据', '检查对象', '检查内容', '检查方式', '抽查比例', '抽查频次', '检查主体', '责任股室', '说明'];
  return {
    title: `${org}${year}年度随机抽查事项清单${internal ? INTERNAL_MARK : ''}`,
    sheet: '随机抽查事项清单',
    columns,
    widths: [6, 12, 28, 36, 16, 36, 14, 10, 10, 22, 12, 30],
    rows: items.map((it, i) => [
      i + 1, it.id, it.name, it.basis, it.target, it.content, it.method, it.ratioText, it.roundsText, it.subject || org, it.section,
      maskPrivate(it.ratio === null ? it.reason || '' : it.remark || ''),
    ]),
  };
}

// ─── draws ───────────────────────────────────────────────────────────────────────────────────────

export const DRAW_COLUMNS = [
  '序号', '抽查任务编号', '抽查任务名称', '抽查类型', '抽查事项', '检查对象范围', '抽取日期', '市场主体名称', '统一社会信用代码',
  '检查人员（姓名、执法证号）', '随机种子', '记录哈希', '名录库快照', '事先公告',
];
const DRAW_INTERNAL = ['联络人', '联系方式', '地址', '执法人员手机号码', '回避情况'];

export interface DrawLists {
  entities: ReadonlyMap<string, Entity>;
  inspectors: ReadonlyMap<string, Inspector>;
  conflicts: readonly Conflict[];
}

/** One row per drawn entity (after amendments) of each task. The internal version needs the lists. */
/** 事先公告: the announcement id and date and the public source, or empty for a draw not announced. */
const announcementCell = (d: Task['draw']) => (d.announcement ? `${d.announcement.id}（${d.announcement.date}公告）；${d.announcement.source}（${d.announcement.sourceDate}）` : '');

export function drawsTable(org: string, year: number, tasks: readonly Task[], lists: DrawLists | null): DisclosureTable {
  const internal = lists !== null;
  const rows: Cell[][] = [];
  for (const t of tasks) {
    for (const v of t.visits) {
      const row: Cell[] = [
        rows.length + 1, t.id, t.draw.task.name, t.draw.task.type, itemNames(t, v.items), scopeText(t), t.draw.date, v.name, v.code,
        teamText(v.team), t.draw.seed.text, t.recordHash, t.draw.inputs.entities.snapshot, announcementCell(t.draw),
      ];
      if (lists) {
        const e = lists.entities.get(v.code);
        const phones = v.team.map((m) => `${m.name} ${lists.inspectors.get(m.certNo)?.phone ?? ''}`.trim()).join('、');
        const recusals = lists.conflicts.filter((c) => c.code === v.code).map((c) => `${c.inspectorName || c.certNo}：${c.reason || '（未写原因）'}`).join('；');
        row.push(e?.contact ?? '', e?.phone ?? '', e?.address ?? '', phones, recusals);
      }
      rows.push(row);
    }
  }
  return {
    title: `${org}${year}年度“双随机”抽查检查对象和执法检查人员抽取结果${internal ? INTERNAL_MARK : ''}`,
    sheet: '抽取结果',
    columns: internal ? [...DRAW_COLUMNS, ...DRAW_INTERNAL] : DRAW_COLUMNS,
    widths: [6, 12, 30, 8, 24, 26, 11, 30, 21, 34, 20, 66, 66, 30, ...(internal ? [10, 14, 30, 30, 30] : [])],
    rows,
  };
}

// ─── results ─────────────────────────────────────────────────────────────────────────────────────

export const RESULT_COLUMNS = [
  '序号', '抽查任务编号', '抽查任务名称', '抽查类型', '抽查事项', '市场主体名称', '统一社会信用代码', '检查机关', '检查完成日期', '检查结果', '后续处置', '备注',
];
const RESULT_INTERNAL = ['问题描述', '整改期限', '核查方式', '检查人员（姓名、执法证号）', '联络人', '联系方式'];

/** One row per entity of each task with results (the latest version). */
export function resultsTable(
  org: string, year: number, tasks: readonly { task: Task; results: ResultsVersion }[], entities: ReadonlyMap<string, Entity> | null,
): DisclosureTable {
  const internal = entities !== null;
  const rows: Cell[][] = [];
  for (const { task: t, results } of tasks) {
    const visits = entities ? new Map(t.visits.map((v) => [v.code, v])) : null;
    // a task's entries mostly share their items: each list's names made once (one text for all its rows)
    const names = new Map<string, string>();
    const namesOf = (ids: readonly string[]) => {
      const key = ids.length === 1 ? ids[0]! : ids.join('\u0000');
      let text = names.get(key);
      if (text === undefined) names.set(key, (text = itemNames(t, ids)));
      return text;
    };
    const entries = results.entries;
    for (let k = 0; k < entries.length; k++) {
      const r = entries[k]!;
      const row: Cell[] = [
        rows.length + 1, t.id, t.draw.task.name, t.draw.task.type, namesOf(r.items), r.name, r.code, t.draw.org || org,
        r.checkDate, r.result, r.disposal, r.remark,
      ];
      if (entities) {
        const e = entities.get(r.code);
        row.push(r.problem, r.deadline, r.method, teamText(visits!.get(r.code)?.team ?? []), e?.contact ?? '', e?.phone ?? '');
      }
      rows.push(row);
    }
  }
  return {
    title: `${org}${year}年度“双随机、一公开”抽查检查结果${internal ? INTERNAL_MARK : ''}`,
    sheet: '检查结果',
    columns: internal ? [...RESULT_COLUMNS, ...RESULT_INTERNAL] : RESULT_COLUMNS,
    widths: [6, 12, 30, 8, 24, 30, 21, 22, 12, 24, 16, 20, ...(internal ? [30, 12, 12, 34, 10, 14] : [])],
    rows,
  };
}
