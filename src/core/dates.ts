// Dates as plain ISO strings (YYYY-MM-DD): the one calendar arithmetic (leap years, day numbers, weekdays).
// Also reading dates written in spreadsheets and text. Never local-time Date objects in the domain.

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
  return ymd(y, m, d);
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

/** The year of a real YYYY-MM-DD date; throws RangeError for anything else. */
export const yearOf = (iso: string): number => check(iso)[0];

/** A calendar date from numbers (years 1900–9999, as spreadsheets and the clock give them). */
export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/**
 * An Excel serial day number to an ISO date. 1900 system: serial 1 is 1900-01-01 and Excel counts a
 * fictitious 1900-02-29 (serial 60), so serials from 61 on are one day ahead. 1904 system: serial 0 is 1904-01-01.
 * Returns null for serials outside Excel's range (1 … 2958465) or with a non-zero time of day below a day.
 */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial + 1e-9);
  if (date1904) {
    if (day < 0 || day > 2957003) return null;
    return fromDayNumber(dayNumber('1904-01-01') + day);
  }
  if (day < 1 || day > 2958465) return null;
  if (day === 60) return null; // 1900-02-29 does not exist
  return fromDayNumber(dayNumber('1899-12-31') + (day < 60 ? day : day - 1));
}

/** A JS Date read from a spreadsheet (exceljs builds them in UTC) to an ISO date. */
export function dateCellToIso(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  // Round to the nearest second first: a midnight that floating point brings back as 23:59:59.999 is the next day.
  // (Not to the minute: a date-time of 23:59:59 — an end-of-day validity as systems export it — is still that day,
  // as Excel shows it.)
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

// (a time of day after it, as systems export a date-time column — 2026-05-01 00:00:00 or 2026-05-01T00:00:00 — is let
// through: the day is the date; the day may end in 日, 号 as in speech, or a full stop: 2026.05.01.)
const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号.]?(?:(?:\s+|T)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Text such as 2027-06-30, 2027/6/30, 2027.06.30, 2027年6月30日（号）, 20270630 or 2027-06-30 00:00:00 to ISO; null if not a date. */
export function parseDateText(s: string): string | null {
  const t = s.trim();
  const m = DATE_TEXT.exec(t) ?? COMPACT.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(y, mo, d) ? ymd(y, mo, d) : null;
}

/** The date a validity that never ends (长期, 长期有效 …) is read as. */
export const NEVER_ENDS = '9999-12-31';

/** A validity that never ends (长期, 长期有效 …): read as NEVER_ENDS. */
export const OPEN_ENDED = /^(长期|长期有效|永久|无限期)$/;

/** A validity period such as 2021.01.01-2027.12.31, 2021年1月1日至2027年12月31日 or 2021年1月1日至长期: its end date. */
export function parseDateRangeEnd(s: string): string | null | undefined {
  const parts = s.split(/\s*(?:至|到|~|～|—|–|－|-{1,2}(?=\s*(?:\d{4}|长期|永久|无限期)))\s*/);
  if (parts.length !== 2) return undefined; // not a range
  const end = parts[1]!;
  return OPEN_ENDED.test(end.trim()) ? NEVER_ENDS : parseDateText(end);
}
