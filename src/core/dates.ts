// Dates as plain ISO strings (YYYY-MM-DD): never local-time Date objects in the domain.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1]!;
}

export const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

/** Days since 1970-01-01 for an ISO date (proleptic Gregorian), and back. */
export function toDayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}
export function fromDayNumber(n: number): string {
  const dt = new Date(n * 86_400_000);
  return ymd(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

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
    return fromDayNumber(toDayNumber('1904-01-01') + day);
  }
  if (day < 1 || day > 2958465) return null;
  if (day === 60) return null; // 1900-02-29 does not exist
  return fromDayNumber(toDayNumber('1899-12-31') + (day < 60 ? day : day - 1));
}

/** A JS Date read from a spreadsheet (exceljs builds them in UTC) to an ISO date. */
export function dateCellToIso(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  // Round to the nearest minute first: Excel times like 23:59:59.999 come back a hair early.
  const t = new Date(Math.round(d.getTime() / 60_000) * 60_000);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Text such as 2027-06-30, 2027/6/30, 2027.06.30, 2027年6月30日 or 20270630 to ISO; null if not a date. */
export function parseDateText(s: string): string | null {
  const t = s.trim();
  const m = DATE_TEXT.exec(t) ?? COMPACT.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(y, mo, d) ? ymd(y, mo, d) : null;
}

/** A validity period such as 2021.01.01-2027.12.31 or 2021年1月1日至2027年12月31日: its end date. */
export function parseDateRangeEnd(s: string): string | null | undefined {
  const parts = s.split(/\s*(?:至|到|~|～|—|–|－|-{1,2}(?=\s*\d{4}))\s*/);
  if (parts.length !== 2) return undefined; // not a range
  const end = parts[1]!;
  return parseDateText(end);
}
