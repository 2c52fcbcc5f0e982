// 检查结果: what the inspection of each drawn entity found, entered on a sheet and stored as immutable versions.
import type { RecordedVisit } from './record.js';
import type { Problem } from './types.js';
import { cellText, type RawCell } from './cells.js';
import { dateCellToIso, excelSerialToIso, parseDateText } from './dates.js';
import { cleanText } from './text.js';
import { startsFooter } from './header.js';
import { controlCharProblem, excelErrorProblem, FORMULA_UNKNOWN, serialTextProblem, visibleControls } from './normalize.js';

export const RESULTS_FORMAT = 'ssj-results/1';

/** The standard values (as published); ssj.json "resultOptions" may replace each list. */
export interface ResultOptions {
  /** 检查结果 */
  results: string[];
  /** 核查方式 */
  methods: string[];
  /** 后续处置 */
  disposals: string[];
}

export const DEFAULT_RESULT_OPTIONS: ResultOptions = {
  results: [
    '未发现问题',
    '未按规定公示应当公示的信息',
    '公示信息隐瞒真实情况、弄虚作假',
    '通过登记的住所（经营场所）无法联系',
    '发现问题已责令改正',
    '发现问题待后续处理',
    '不配合检查情节严重',
    '未发现开展本次抽查涉及的经营活动',
    '已关闭停业或正在组织清算',
    '注销',
    '被吊销',
    '被撤销',
    '迁出',
  ],
  methods: ['实地检查', '书面检查', '网络监测', '委托专业机构辅助', '检验检测', '行政部门检查结果或专业意见'],
  disposals: ['无需后续处置', '责令改正', '移送办案机构（案件线索）', '抄告相关部门', '其他'],
};

/** Results that mean the entity is gone: listed for the registry update and the upward report. */
export const GONE_RESULTS: readonly string[] = ['注销', '被吊销', '迁出'];

/** One drawn entity's result. */
export interface ResultEntry {
  code: string;
  name: string;
  items: string[];
  /** 检查日期 YYYY-MM-DD */
  checkDate: string;
  /** 核查方式 */
  method: string;
  /** 检查结果 */
  result: string;
  /** 问题描述 */
  problem: string;
  /** 后续处置 */
  disposal: string;
  /** 整改期限 YYYY-MM-DD or '' */
  deadline: string;
  /** 备注 */
  remark: string;
}

/** A stored version of a task's results (results/<task>/v<N>.json, never rewritten). */
export interface ResultsVersion {
  format: typeof RESULTS_FORMAT;
  /** the draw id (抽查任务编号) */
  task: string;
  /** the hash of the draw record (or of its latest amendment) the results belong to */
  recordHash: string;
  version: number;
  importedAt: string;
  operator: string;
  source: { file: string; sha256: string };
  entries: ResultEntry[];
}

/** 结果公示: the record that a task's results were published. */
export interface Publication {
  task: string;
  date: string;
  url: string;
  /** the results version published */
  version: number;
  at: string;
  operator: string;
}

/** The columns of the entry sheet, in order; `input` columns are for the clerk, the rest are locked. */
export const SHEET_COLUMNS = [
  { key: 'seq', header: '序号', input: false, width: 8 }, // (8: the labels above it, 抽查任务编号 and 抽查类型, wrap four characters a line)
  { key: 'code', header: '统一社会信用代码', input: false, width: 22 },
  { key: 'name', header: '检查对象名称', input: false, width: 30 },
  { key: 'items', header: '检查事项', input: false, width: 26 },
  { key: 'team', header: '检查组成员', input: false, width: 26 },
  { key: 'checkDate', header: '检查日期', input: true, width: 13 },
  { key: 'method', header: '核查方式', input: true, width: 16 },
  { key: 'result', header: '检查结果', input: true, width: 30 },
  { key: 'problem', header: '问题描述', input: true, width: 30 },
  { key: 'disposal', header: '后续处置', input: true, width: 20 },
  { key: 'deadline', header: '整改期限', input: true, width: 13 },
  { key: 'remark', header: '备注', input: true, width: 20 },
] as const;

export type SheetKey = (typeof SHEET_COLUMNS)[number]['key'];

/** A data row as read from the sheet: its Excel row number and each known column's letter and value. */
export interface SheetRow {
  row: number;
  /** `unknown`: the cell holds a formula saved without its result (RawRow.formulas): its value is not known */
  cells: Partial<Record<SheetKey, { column: string; value: RawCell; unknown?: true }>>;
}

export interface CheckContext {
  file: string;
  sheet: string | null;
  /** the entities drawn (after amendments) */
  visits: readonly RecordedVisit[];
  drawDate: string;
  today: string;
  options: ResultOptions;
  date1904: boolean;
}

/** A date cell as ISO: Excel dates, serial numbers and text such as 2026-12-01 or 2026年12月1日. */
export function cellDate(v: RawCell, date1904: boolean): string | null {
  if (v instanceof Date) return dateCellToIso(v);
  if (typeof v === 'number') return excelSerialToIso(v, date1904);
  if (typeof v === 'string') return parseDateText(cleanText(v));
  return null;
}

/** Check the rows of a filled sheet against the draw: every problem at once, and the entries when there are none. */
export function checkResultRows(rows: readonly SheetRow[], ctx: CheckContext): { entries: ResultEntry[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const header = (k: SheetKey) => SHEET_COLUMNS.find((c) => c.key === k)!.header;
  // a number in a text column that Excel stores for a date (a date typed or pasted into the wrong column)
  // is shown as the date, not as the serial 46357
  const shown = (k: SheetKey | null, value: RawCell | undefined): string | null => {
    if (value === undefined || value === null) return null;
    if (k !== 'checkDate' && k !== 'deadline' && looksLikeDate(value, ctx.date1904)) return cellDate(value, ctx.date1904)!;
    return cellText(value);
  };
  const at = (row: number | null, k: SheetKey | null, column: string | null, value: RawCell | undefined, message: string) =>
    problems.push({
      file: ctx.file, sheet: ctx.sheet, row, column, field: k ? header(k) : null,
      value: shown(k, value), message,
    });
  // the allowed values of a column are said once, at its first fault
  const listed = new Set<SheetKey>();
  const allowed = (k: SheetKey, list: readonly string[]) => {
    if (listed.has(k)) return '';
    listed.add(k);
    return `（可选：${list.join('、')}）`;
  };
  const byCode = new Map(ctx.visits.map((v) => [v.code, v]));
  const seen = new Map<string, number>();
  const entries: ResultEntry[] = [];

  for (const r of rows) {
    const get = (k: SheetKey) => r.cells[k];
    const text = (k: SheetKey) => cleanText(cellText(get(k)?.value ?? null));
    const code = text('code').toUpperCase();
    const empty = SHEET_COLUMNS.every((c) => text(c.key) === '' && !get(c.key)?.unknown);
    if (empty) continue;
    if (get('code')?.unknown) {
      at(r.row, 'code', get('code')!.column, null, FORMULA_UNKNOWN);
      continue;
    }
    if (code === '') {
      // a row under the table (合计：73家, 制表：…, 审核：…), as in the lists: not a result
      const first = SHEET_COLUMNS.map((c) => text(c.key)).find((x) => x !== '');
      if (first !== undefined && startsFooter(first)) continue;
      at(r.row, 'code', get('code')?.column ?? null, null, '这一行没有统一社会信用代码，无法对应到抽中的检查对象');
      continue;
    }
    const visit = byCode.get(code);
    if (!visit) {
      at(r.row, 'code', get('code')?.column ?? null, get('code')?.value, '不是本次抽取抽中的检查对象（请不要在填报表中增加或改动检查对象）');
      continue;
    }
    if (seen.has(code)) {
      at(r.row, 'code', get('code')?.column ?? null, get('code')?.value, `与第 ${seen.get(code)} 行重复`);
      continue;
    }
    seen.set(code, r.row);
    for (const [k, cell] of Object.entries(r.cells) as [SheetKey, SheetRow['cells'][SheetKey]][]) {
      const control = cell ? controlCharProblem(cell.value) : null;
      if (control) at(r.row, k, cell!.column, visibleControls(cellText(cell!.value)), control);
      if (cell?.unknown) at(r.row, k, cell.column, null, FORMULA_UNKNOWN);
    }

    const date = (k: 'checkDate' | 'deadline', required: boolean): string => {
      const cell = get(k);
      if (!cell || text(k) === '') {
        if (required && !cell?.unknown) at(r.row, k, cell?.column ?? null, null, '未填写');
        return '';
      }
      const iso = cellDate(cell.value, ctx.date1904);
      if (!iso) {
        at(r.row, k, cell.column, cell.value, excelErrorProblem(cell.value) ?? (typeof cell.value === 'string' ? serialTextProblem(cell.value, ctx.date1904) : null) ?? '不是有效的日期（应写成 2026-12-01 或 2026年12月1日）');
        return '';
      }
      return iso;
    };
    const checkDate = date('checkDate', true);
    if (checkDate) {
      const cell = get('checkDate')!;
      if (checkDate < ctx.drawDate) at(r.row, 'checkDate', cell.column, cell.value, `早于抽取日期 ${ctx.drawDate}`);
      else if (checkDate > ctx.today) at(r.row, 'checkDate', cell.column, cell.value, `晚于今天（${ctx.today}），检查还没有发生`);
    }
    const deadline = date('deadline', false);
    if (deadline && checkDate && deadline < checkDate) {
      const cell = get('deadline')!;
      at(r.row, 'deadline', cell.column, cell.value, `早于检查日期 ${checkDate}`);
    }
    const pick = (k: 'method' | 'result' | 'disposal', list: readonly string[]): string => {
      const cell = get(k);
      const v = text(k);
      if (v === '') {
        if (!cell?.unknown) at(r.row, k, cell?.column ?? null, null, `未填写${allowed(k, list)}`);
        return '';
      }
      if (!list.includes(v)) {
        at(r.row, k, cell?.column ?? null, cell?.value, `${looksLikeDate(cell!.value, ctx.date1904) ? '填的是日期，' : ''}不是规定的选项之一${allowed(k, list)}`);
        return '';
      }
      return v;
    };
    const method = pick('method', ctx.options.methods);
    const result = pick('result', ctx.options.results);
    const disposal = pick('disposal', ctx.options.disposals);
    entries.push({
      code, name: visit.name, items: [...visit.items], checkDate, method, result,
      problem: text('problem'), disposal, deadline, remark: text('remark'),
    });
  }
  problems.unshift(...shiftedColumns(rows, ctx, header));
  const missing = ctx.visits.filter((v) => !seen.has(v.code));
  for (const v of missing) at(null, 'code', null, v.code, `抽中的检查对象「${v.name}」（${v.code}）没有填写检查结果`);
  // entries in draw order
  const order = new Map(ctx.visits.map((v, i) => [v.code, i]));
  entries.sort((a, b) => order.get(a.code)! - order.get(b.code)!);
  return { entries, problems };
}

/** A cell Excel holds as a date, or a number in the range of dates 2000–2099 (a date cell that lost its format). */
export function looksLikeDate(v: RawCell | undefined, date1904: boolean): boolean {
  if (v instanceof Date) return true;
  if (typeof v !== 'number' || !Number.isInteger(v)) return false;
  const iso = excelSerialToIso(v, date1904);
  return iso !== null && iso >= '2000-01-01' && iso <= '2099-12-31';
}

/**
 * Columns whose contents belong to another column: the values of a checked column are not valid there but
 * are valid for a neighbouring kind (a date, or another column's options) in at least two rows and at least
 * half of its filled rows. One problem per such column, before the problems of its cells: the sheet was
 * probably shifted by an inserted or deleted column, or pasted one column off.
 */
function shiftedColumns(rows: readonly SheetRow[], ctx: CheckContext, header: (k: SheetKey) => string): Problem[] {
  type Kind = { key: SheetKey; fits: (v: RawCell, text: string) => boolean };
  const options = (list: readonly string[]) => (_v: RawCell, t: string) => list.includes(t);
  const isDate = (v: RawCell, t: string) => t !== '' && cellDate(v, ctx.date1904) !== null && (typeof v !== 'number' || looksLikeDate(v, ctx.date1904));
  const kinds: Kind[] = [
    { key: 'checkDate', fits: isDate },
    { key: 'method', fits: options(ctx.options.methods) },
    { key: 'result', fits: options(ctx.options.results) },
    { key: 'disposal', fits: options(ctx.options.disposals) },
    { key: 'deadline', fits: isDate },
  ];
  const out: Problem[] = [];
  for (const k of kinds) {
    let filled = 0;
    let column: string | null = null;
    const hits = new Map<SheetKey, { n: number; example: string }>();
    for (const r of rows) {
      const cell = r.cells[k.key];
      if (!cell) continue;
      column = cell.column;
      const t = cleanText(cellText(cell.value));
      if (t === '') continue;
      filled++;
      if (k.fits(cell.value, t)) continue;
      for (const other of kinds) {
        if (other.key === k.key || (other.fits === isDate && k.fits === isDate)) continue;
        if (!other.fits(cell.value, t)) continue;
        const h = hits.get(other.key) ?? { n: 0, example: looksLikeDate(cell.value, ctx.date1904) ? cellDate(cell.value, ctx.date1904)! : t };
        h.n++;
        hits.set(other.key, h);
        break;
      }
    }
    const best = [...hits].sort((a, b) => b[1].n - a[1].n)[0];
    if (best && best[1].n >= 2 && best[1].n * 2 >= filled) {
      out.push({
        file: ctx.file, sheet: ctx.sheet, row: null, column, field: header(k.key), value: null,
        message: `「${header(k.key)}」列有 ${best[1].n} 行填的是「${header(best[0])}」的内容（如「${best[1].example}」）：可能整列错位了，请核对是否插入或删除了一列、或粘贴时错开了一列`,
      });
    }
  }
  return out;
}

/** True when two result lists say the same thing (a re-import of an unchanged sheet makes no new version). */
export function sameEntries(a: readonly ResultEntry[], b: readonly ResultEntry[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** 检查完成日期 of a task: the last check date. */
export function checksEnded(entries: readonly ResultEntry[]): string | null {
  let max: string | null = null;
  for (const e of entries) if (e.checkDate && (max === null || e.checkDate > max)) max = e.checkDate;
  return max;
}

/** Entities found gone at inspection (注销/被吊销/迁出). */
export function goneAtInspection(entries: readonly ResultEntry[]): ResultEntry[] {
  return entries.filter((e) => GONE_RESULTS.includes(e.result));
}

/** The task a draw record stands for: its id, name and the people on its teams. */
export function teamText(v: RecordedVisit): string {
  return v.team.map((m) => `${m.name}（${m.certNo}）${m.role === '组员' ? '' : m.role}`).join('\n');
}
