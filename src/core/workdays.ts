// Working days under the State Council holiday schedule (国务院办公厅关于部分节假日安排的通知), with 调休:
// weekend days made working days. Pure: no file access, no clock, no local-time Date objects. Dates are
// plain `YYYY-MM-DD` strings, turned into integer day numbers (core/dates.ts) for stepping and comparing.
//
// A date whose calendar year has no schedule in the calendar is 'unknown', never guessed as Monday–Friday:
// the schedule for a year is only published late in the year before.
import { dayNumber, fromDayNumber, isWeekend, yearOf } from './dates.js';

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

/** The calendar years with a schedule, ascending. */
export function coveredYears(cal: HolidayCalendar): number[] {
  return [...cal.years.keys()].sort((a, b) => a - b);
}

/** The schedule for the year of `iso`, or undefined when that year is unknown. */
export const scheduleFor = (iso: string, cal: HolidayCalendar): YearSchedule | undefined => cal.years.get(yearOf(iso));

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
