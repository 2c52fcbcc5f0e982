// Working days under the State Council holiday schedule (国务院办公厅关于部分节假日安排的通知), with 调休:
// weekend days made working days. Pure: no file access, no clock, no local-time Date objects. Dates are
// plain `YYYY-MM-DD` strings, turned into integer day numbers (days since 1970-01-01, proleptic Gregorian)
// by civil-from-days arithmetic for stepping and comparing.
//
// A date whose calendar year has no schedule in the calendar is 'unknown', never guessed as Monday–Friday:
// the schedule for a year is only published late in the year before.

/** The schedule of one calendar year. Every date in both sets lies in that year. */
export interface YearSchedule {
  /** 节假日: days off, including the weekend days inside a break (e.g. 2026-10-01 … 2026-10-07). */
  readonly holidays: ReadonlySet<string>;
  /** 调休上班: Saturdays and Sundays made working days (e.g. 2026-10-10). */
  readonly workdays: ReadonlySet<string>;
  /** Where the year's schedule comes from, e.g. 'chinese-days@1.5.7' or the path of a holidays file. */
  readonly source: string;
}

/** Schedules by calendar year. A year that is not in the map is unknown. */
export interface HolidayCalendar {
  readonly years: ReadonlyMap<number, YearSchedule>;
}

/** A year the calendar does not cover: the answer cannot be computed. */
export interface UnknownYear {
  ok: false;
  unknownYear: number;
}

export type DueResult = { ok: true; due: string } | UnknownYear;
export type CountResult = { ok: true; days: number } | UnknownYear;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** True for a real calendar date written exactly `YYYY-MM-DD` (years 1000–9999): 2026-02-30 and 2026-2-3 are false. */
export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function check(iso: string): [number, number, number] {
  if (!isIsoDate(iso)) throw new RangeError(`not a YYYY-MM-DD calendar date: ${JSON.stringify(iso)}`);
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

/** Days since 1970-01-01 (negative before it). Throws RangeError for anything but a real YYYY-MM-DD date. */
export function dayNumber(iso: string): number {
  const [y0, m, d] = check(iso);
  // days_from_civil (H. Hinnant): eras of 400 years, years starting in March.
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The YYYY-MM-DD date of a day number (inverse of dayNumber). */
export function fromDayNumber(n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`not an integer day number: ${n}`);
  // civil_from_days (H. Hinnant)
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The date `n` calendar days after `iso` (before it when n < 0). */
export const addDays = (iso: string, n: number): string => fromDayNumber(dayNumber(iso) + n);

/** ISO weekday: 1 Monday … 6 Saturday, 7 Sunday. */
export function weekday(iso: string): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(iso) + 3) % 7) + 7) % 7) + 1;
}

const WEEKDAY_NAMES = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
/** 星期一 … 星期日 */
export const weekdayName = (iso: string): string => WEEKDAY_NAMES[weekday(iso) - 1]!;

export const isWeekend = (iso: string): boolean => weekday(iso) >= 6;

/** The calendar years with a schedule, ascending. */
export function coveredYears(cal: HolidayCalendar): number[] {
  return [...cal.years.keys()].sort((a, b) => a - b);
}

/** The schedule for the year of `iso`, or undefined when that year is unknown. */
export const scheduleFor = (iso: string, cal: HolidayCalendar): YearSchedule | undefined => cal.years.get(check(iso)[0]);

/**
 * Whether `iso` is a working day: a 调休 working day is; a holiday is not; otherwise Monday–Friday are.
 * 'unknown' when the calendar has no schedule for the date's year.
 */
export function isWorkingDay(iso: string, cal: HolidayCalendar): boolean | 'unknown' {
  const s = scheduleFor(iso, cal);
  if (!s) return 'unknown';
  if (s.workdays.has(iso)) return true;
  if (s.holidays.has(iso)) return false;
  return !isWeekend(iso);
}

/**
 * The day on which `n` working days after `from` are complete (the disclosure due date).
 * Counting starts the day after `from`: `from` itself never counts, whatever day it is; the due date is
 * always a working day. n = 0 gives `from` unchanged (no schedule needed). Every day stepped over must lie
 * in a covered year, else the result names the first uncovered year met.
 * Example: from 2026-09-25, n = 20 → 2026-10-29 (see test/core/workdays.test.ts).
 */
export function addWorkingDays(from: string, n: number, cal: HolidayCalendar): DueResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let day = dayNumber(from);
  let left = n;
  while (left > 0) {
    day++;
    const iso = fromDayNumber(day);
    const w = isWorkingDay(iso, cal);
    if (w === 'unknown') return { ok: false, unknownYear: Number(iso.slice(0, 4)) };
    if (w) left--;
  }
  return { ok: true, due: fromDayNumber(day) };
}

/**
 * Working days after `a` up to and including `b`: 0 when a = b, negative (−(working days after b up to
 * and including a)) when b < a. So with a = today and b = a due date: > 0 working days are left including
 * the due date itself, 0 means due today. Whether a date is past due is `today > due` (string comparison
 * works on YYYY-MM-DD): the count can be 0 on a weekend right after the due date.
 * Every day in the range must lie in a covered year, else the result names the first uncovered year met.
 */
export function workingDaysBetween(a: string, b: string, cal: HolidayCalendar): CountResult {
  const [da, db] = [dayNumber(a), dayNumber(b)];
  const [lo, hi, sign] = da <= db ? [da, db, 1] : [db, da, -1];
  let days = 0;
  for (let d = lo + 1; d <= hi; d++) {
    const iso = fromDayNumber(d);
    const w = isWorkingDay(iso, cal);
    if (w === 'unknown') return { ok: false, unknownYear: Number(iso.slice(0, 4)) };
    if (w) days++;
  }
  return { ok: true, days: days === 0 ? 0 : sign * days };
}

/** A day after `a` up to and including `b` that the schedule makes special: a holiday (节假日) or a 调休 working day. */
export interface SpecialDay {
  date: string;
  kind: 'holiday' | 'workday';
}

/** The holidays and 调休 working days after `a` up to and including `b` (a ≤ b), in date order; uncovered years contribute none. */
export function specialDaysBetween(a: string, b: string, cal: HolidayCalendar): SpecialDay[] {
  const list: SpecialDay[] = [];
  for (let d = dayNumber(a) + 1, hi = dayNumber(b); d <= hi; d++) {
    const iso = fromDayNumber(d);
    const s = cal.years.get(Number(iso.slice(0, 4)));
    if (s?.holidays.has(iso)) list.push({ date: iso, kind: 'holiday' });
    else if (s?.workdays.has(iso)) list.push({ date: iso, kind: 'workday' });
  }
  return list;
}

/** A calendar from plain lists, e.g. { 2026: { holidays: [...], workdays: [...] } } (tests, the shipped data). */
export function calendarFrom(
  years: Record<string | number, { holidays: readonly string[]; workdays: readonly string[] }>,
  source: string,
): HolidayCalendar {
  const map = new Map<number, YearSchedule>();
  for (const [y, v] of Object.entries(years)) {
    map.set(Number(y), { holidays: new Set(v.holidays), workdays: new Set(v.workdays), source });
  }
  return { years: map };
}
