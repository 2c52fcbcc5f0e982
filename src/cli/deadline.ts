// The disclosure deadline of a task whose checks ended on a date: that date + the workspace's working days.
import { addDays } from '../core/dates.js';
import { addWorkingDays, workingDaysBetween, type HolidayCalendar } from '../core/workdays.js';
import { HOLIDAYS_FILE, loadCalendar } from '../io/holidays.js';
import type { Workspace } from '../io/workspace.js';

export interface Deadline {
  days: number;
  /** null when the holiday schedule of a year on the way is unknown */
  due: string | null;
  /** why due is null, in Chinese */
  unknown: string | null;
}

const calendars = new Map<string, Promise<HolidayCalendar>>();
export function calendarOf(ws: Workspace): Promise<HolidayCalendar> {
  let p = calendars.get(ws.root);
  if (!p) calendars.set(ws.root, (p = loadCalendar(ws.root)));
  return p;
}

export const unknownYearText = (year: number) =>
  `还没有 ${year} 年的节假日安排，无法计算公示期限（国务院公布后，请把 ${year} 年的放假和调休日期写进工作区的 ${HOLIDAYS_FILE}，见 docs/deadlines.md）`;

export async function deadlineOf(ws: Workspace, ended: string): Promise<Deadline> {
  const days = ws.config.disclosureWorkingDays;
  const r = addWorkingDays(ended, days, await calendarOf(ws));
  return r.ok ? { days, due: r.due, unknown: null } : { days, due: null, unknown: unknownYearText(r.unknownYear) };
}

/**
 * Whether a publication on `published` met the deadline of checks ended on `ended`. With the deadline unknown (a
 * year's holidays missing) it is still on time when within the same number of calendar days: N working days are
 * never fewer calendar days. null when that cannot be told.
 */
export function publishedOnTime(d: Deadline, ended: string, published: string): boolean | null {
  if (d.due) return published <= d.due;
  return published <= addDays(ended, d.days) ? true : null;
}

/** Working days from today to the due date (see workingDaysBetween), or null when unknown. */
export async function workingDaysLeft(ws: Workspace, today: string, due: string): Promise<number | null> {
  const r = workingDaysBetween(today, due, await calendarOf(ws));
  return r.ok ? r.days : null;
}
