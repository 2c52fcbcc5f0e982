// ssj due DATE [--days N] [--json]: the disclosure due date for checks that ended on DATE, counted in
// working days under the State Council holiday schedule with 调休 (core/workdays.ts, io/holidays.ts).
import { usageError } from '../core/errors.js';
import { dayNumber, parseDateText, weekdayName } from '../core/dates.js';
import { addWorkingDays, specialDaysBetween, type HolidayCalendar } from '../core/workdays.js';
import { loadCalendar, unknownYearError } from '../io/holidays.js';
import { findWorkspaceRoot, openWorkspace } from '../io/workspace.js';
import { c, json, out } from '../ui/output.js';
import type { DueOptions } from './options/due.js';
import type { GlobalOptions } from './main.js';

/** Working days outside a workspace (the Heilongjiang rule; ssj.json's disclosureWorkingDays inside one). */
export const DEFAULT_DISCLOSURE_DAYS = 20;
const MAX_DAYS = 1000;

function parseDays(v: string): number {
  const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS) throw usageError(`--days 应为 1 到 ${MAX_DAYS} 之间的整数（工作日数），现在是「${v}」`);
  return n;
}

/** 9月26日, or 2027年1月2日 when the year differs from `year`. */
const md = (iso: string, year: string) =>
  `${iso.slice(0, 4) === year ? '' : `${iso.slice(0, 4)}年`}${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** Consecutive dates as runs: 9月26日—27日、10月1日—7日 */
function runs(dates: string[], year: string): string {
  const parts: string[] = [];
  for (let i = 0; i < dates.length; ) {
    let j = i;
    while (j + 1 < dates.length && dayNumber(dates[j + 1]!) === dayNumber(dates[j]!) + 1) j++;
    const [a, b] = [dates[i]!, dates[j]!];
    const end = a.slice(0, 7) === b.slice(0, 7) ? `${Number(b.slice(8, 10))}日` : md(b, year);
    parts.push(i === j ? md(a, year) : `${md(a, year)}—${end}`);
    i = j + 1;
  }
  return parts.join('、');
}

function sourcesBetween(from: string, due: string, cal: HolidayCalendar): string[] {
  const set = new Set<string>();
  for (let y = Number(from.slice(0, 4)); y <= Number(due.slice(0, 4)); y++) {
    const s = cal.years.get(y);
    if (s && (y > Number(from.slice(0, 4)) || from < due)) set.add(`${y} 年：${s.source}`);
  }
  return [...set];
}

export async function due(date: string, opts: DueOptions, g: GlobalOptions): Promise<number> {
  const from = parseDateText(date);
  if (from === null) throw usageError(`「${date}」不是有效的日期，请写成 YYYY-MM-DD，如 2026-09-25`);
  const root = findWorkspaceRoot(g.cwd);
  const days = opts.days !== undefined
    ? parseDays(opts.days)
    : root !== null ? (await openWorkspace(g.cwd)).config.disclosureWorkingDays : DEFAULT_DISCLOSURE_DAYS;

  const cal = await loadCalendar(root, { cwd: g.cwd });
  const r = addWorkingDays(from, days, cal);
  if (!r.ok) throw unknownYearError(r.unknownYear, cal, root, { cwd: g.cwd });

  if (opts.json) {
    json({ from, days, due: r.due });
    return 0;
  }
  const year = from.slice(0, 4);
  out(`检查结束于 ${from}（${weekdayName(from)}），${days} 个工作日后的公示截止日期是 ${c.bold(c.em(r.due))}（${weekdayName(r.due)}）`);
  const special = specialDaysBetween(from, r.due, cal);
  const holidays = special.filter((s) => s.kind === 'holiday').map((s) => s.date);
  const workdays = special.filter((s) => s.kind === 'workday').map((s) => s.date);
  if (holidays.length) out(`  跳过节假日 ${runs(holidays, year)}（共 ${holidays.length} 天）`);
  if (workdays.length) out(`  调休上班 ${workdays.map((d) => `${md(d, year)}（${weekdayName(d)}）`).join('、')}，计为工作日`);
  out(c.dim(`  从检查结束的次日起算，结束当天不计；按国务院节假日安排（含调休）。`));
  out(c.dim(`  节假日安排来源：${sourcesBetween(from, r.due, cal).join('；')}`));
  if (root === null && opts.days === undefined) out(c.dim(`  不在工作区中，按 ${DEFAULT_DISCLOSURE_DAYS} 个工作日计算；可用 --days 指定。`));
  return 0;
}
