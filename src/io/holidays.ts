// The holiday calendar ssj counts working days with: the schedule shipped with ssj (src/data/holidays-cn.ts,
// generated from a pinned chinese-days version) plus a user-editable holidays file for later years.
// The file is 节假日.json in the workspace root (read when present), or the file named by the environment
// variable SSJ_HOLIDAYS instead; outside a workspace without SSJ_HOLIDAYS only the shipped years are known.
// A year in the file replaces the shipped schedule for that year. Format and rules: docs/deadlines.md.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { SsjError } from '../core/errors.js';
import type { Problem } from '../core/types.js';
import { isIsoDate, weekday, weekdayName } from '../core/dates.js';
import { calendarFrom, coveredYears, type HolidayCalendar, type YearSchedule } from '../core/workdays.js';
import { SHIPPED_SOURCE, SHIPPED_YEARS } from '../data/holidays-cn.js';

/** The holidays file in a workspace root. */
export const HOLIDAYS_FILE = '节假日.json';
/** Environment variable naming a holidays file to use instead of the workspace's. */
export const HOLIDAYS_ENV = 'SSJ_HOLIDAYS';
export { SHIPPED_SOURCE };

/** The schedule shipped with ssj only. */
export function shippedCalendar(): HolidayCalendar {
  return calendarFrom(SHIPPED_YEARS, SHIPPED_SOURCE);
}

const FORMAT = '{"2027": {"holidays": ["2027-01-01", …], "workdays": ["2027-02-07", …]}}';

/**
 * Check the text of a holidays file; every problem at once. Returns the years it defines, each with
 * `source` = the file (and its "source" note when given). Throws INPUT_INVALID naming the file and each entry.
 */
export function parseHolidayFile(text: string, file: string): Map<number, YearSchedule> {
  const name = basename(file);
  const problems: Problem[] = [];
  const problem = (field: string | null, value: unknown, message: string) =>
    problems.push({ file: name, sheet: null, row: null, column: null, field, value: value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value), message });
  const fail = (): never => {
    const lines = problems.map((p) => `  • ${p.field ? `${p.field}${p.value !== null ? `「${p.value}」` : ''}：` : ''}${p.message}`);
    throw new SsjError('INPUT_INVALID', `节假日文件 ${file} 有 ${problems.length} 处错误：\n${lines.join('\n')}`, {
      hint: `请用记事本改正后重试。格式：${FORMAT}（详见 docs/deadlines.md）`,
      problems,
    });
  };

  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    problem(null, undefined, `不是有效的 JSON（${(e as Error).message}），请检查是否漏了逗号、引号或括号`);
    fail();
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problem(null, undefined, `内容应是一个 JSON 对象，键为年份`);
    fail();
  }

  const years = new Map<number, YearSchedule>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const at = `"${key}"`;
    if (!/^\d{4}$/.test(key) || Number(key) < 1000) {
      problem(at, undefined, '不是年份：键应为四位年份，如 "2027"');
      continue;
    }
    const year = Number(key);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problem(at, value, `应是 {"holidays": [...], "workdays": [...]}`);
      continue;
    }
    const v = value as Record<string, unknown>;
    for (const k of Object.keys(v)) {
      if (k !== 'holidays' && k !== 'workdays' && k !== 'source') problem(`${at} › ${k}`, undefined, '不认识的项：只能有 holidays（放假的日子）、workdays（调休上班的日子）和 source（说明来源，可不写）');
    }
    if (v['source'] !== undefined && typeof v['source'] !== 'string') problem(`${at} › source`, v['source'], '应是文字，如 "国务院办公厅关于2027年部分节假日安排的通知"');

    const lists: Record<'holidays' | 'workdays', string[]> = { holidays: [], workdays: [] };
    for (const kind of ['holidays', 'workdays'] as const) {
      const list = v[kind];
      const what = kind === 'holidays' ? '放假的日子' : '调休上班的日子';
      if (list === undefined) {
        problem(at, undefined, `缺少 ${kind}（${what}的列表${kind === 'workdays' ? '；没有调休上班的日子请写 []' : ''}）`);
        continue;
      }
      if (!Array.isArray(list)) {
        problem(`${at} › ${kind}`, list, `应是${what}的列表，如 ["${year}-01-01"]`);
        continue;
      }
      if (kind === 'holidays' && list.length === 0) problem(`${at} › holidays`, undefined, '是空的：每年都有法定节假日，请照国务院的通知写出放假的每一天');
      const seen = new Set<string>();
      list.forEach((d, i) => {
        const entry = `${at} › ${kind} 第 ${i + 1} 项`;
        if (typeof d !== 'string' || !isIsoDate(d)) {
          problem(entry, d, `不是有效的日期：应写成 YYYY-MM-DD 且是日历上有的日子，如 "${year}-10-01"`);
        } else if (d.slice(0, 4) !== key) {
          problem(entry, d, `不在 ${year} 年内：请写在 "${d.slice(0, 4)}" 下`);
        } else if (seen.has(d)) {
          problem(entry, d, '重复了');
        } else {
          seen.add(d);
          if (kind === 'workdays' && weekday(d) < 6) problem(entry, d, `是${weekdayName(d)}：调休上班的日子应是星期六或星期日（平日本来就上班，不用写）`);
          lists[kind].push(d);
        }
      });
    }
    const both = new Set(lists.holidays);
    for (const d of lists.workdays) if (both.has(d)) problem(`${at}`, d, '既在 holidays 中又在 workdays 中');
    const note = typeof v['source'] === 'string' && v['source'].trim() ? `（${v['source'].trim()}）` : '';
    years.set(year, { holidays: new Set(lists.holidays), workdays: new Set(lists.workdays), source: `${file}${note}` });
  }
  if (problems.length) fail();
  return years;
}

interface Where {
  /** folder SSJ_HOLIDAYS is relative to (default: the process's) */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The holidays file for a workspace root (null outside a workspace), whether or not it exists yet:
 * the file named in SSJ_HOLIDAYS (relative to cwd), else <root>/节假日.json, else null.
 */
export function holidaysFilePath(root: string | null, opts: Where = {}): string | null {
  const fromEnv = (opts.env ?? process.env)[HOLIDAYS_ENV];
  if (fromEnv) return resolve(opts.cwd ?? process.cwd(), fromEnv);
  return root === null ? null : join(root, HOLIDAYS_FILE);
}

/**
 * The calendar for a workspace root (null outside a workspace): the shipped years, replaced year by year
 * by those of the holidays file (holidaysFilePath) when it exists. A file named in SSJ_HOLIDAYS must exist.
 * Throws INPUT_INVALID listing every problem of a malformed file.
 */
export async function loadCalendar(root: string | null, opts: Where = {}): Promise<HolidayCalendar> {
  const file = holidaysFilePath(root, opts);
  const shipped = shippedCalendar();
  if (file === null) return shipped;
  if (!existsSync(file)) {
    if (!(opts.env ?? process.env)[HOLIDAYS_ENV]) return shipped;
    throw new SsjError('FILE_NOT_FOUND', `找不到节假日文件 ${file}（由环境变量 ${HOLIDAYS_ENV} 指定）`, {
      hint: `请检查路径，或去掉环境变量 ${HOLIDAYS_ENV}`,
    });
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new SsjError('FILE_UNREADABLE', `无法读取节假日文件 ${file}（${(e as Error).message}）`, { hint: '请检查文件是否被其他程序占用，或是否有读取权限' });
  }
  const years = new Map(shipped.years);
  for (const [y, s] of parseHolidayFile(text, file)) years.set(y, s);
  return { years };
}

/** Years as short ranges: 2004–2026、2028 */
export function describeYears(years: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    parts.push(i === j ? `${years[i]}` : `${years[i]}–${years[j]}`);
    i = j + 1;
  }
  return parts.join('、') || '无';
}

/** The error for a date whose year has no schedule (code NO_DATA, exit 1): never guessed as Monday–Friday. */
export function unknownYearError(year: number, cal: HolidayCalendar, root: string | null, opts: Where = {}): SsjError {
  const target = holidaysFilePath(root, opts);
  const hint = target
    ? `国务院公布 ${year} 年的节假日安排后，请把它写进节假日文件 ${target}，格式：${FORMAT.replaceAll('2027', String(year))}（详见 docs/deadlines.md）`
    : `请在工作区中运行（或用 -C 指定工作区），把国务院公布的 ${year} 年节假日安排写进工作区的 ${HOLIDAYS_FILE}；也可以用环境变量 ${HOLIDAYS_ENV} 指定节假日文件（格式见 docs/deadlines.md）`;
  return new SsjError('NO_DATA', `没有 ${year} 年的节假日安排，无法计算工作日（现有 ${describeYears(coveredYears(cal))} 年的安排；ssj 自带的来自 ${SHIPPED_SOURCE}）`, { hint });
}
