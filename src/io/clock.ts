// The only place that reads the clock. SSJ_TODAY=YYYY-MM-DD fixes "today" (tests, re-running a past day).
import { userInfo } from 'node:os';
import { SsjError } from '../core/errors.js';
import { isValidYmd, ymd } from '../core/dates.js';

export function today(): string {
  const fixed = process.env['SSJ_TODAY'];
  if (fixed) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fixed);
    if (!m || !isValidYmd(+m[1]!, +m[2]!, +m[3]!)) throw new SsjError('USAGE', `环境变量 SSJ_TODAY 应为 YYYY-MM-DD 格式的日期，现在是「${fixed}」`);
    return fixed;
  }
  const d = new Date();
  return ymd(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/** Now as an ISO timestamp with the local offset, e.g. 2026-11-22T14:03:07+08:00. */
export function nowStamp(): string {
  const d = new Date();
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
  const mm = String(Math.abs(off) % 60).padStart(2, '0');
  const p = (n: number) => String(n).padStart(2, '0');
  return `${ymd(d.getFullYear(), d.getMonth() + 1, d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${sign}${hh}:${mm}`;
}

/** Compact stamp for file names: 20261122-140307 */
export function fileStamp(): string {
  return nowStamp().slice(0, 19).replace(/-/g, '').replace('T', '-').replace(/:/g, '');
}

export function currentUser(): string {
  if (process.env['SSJ_USER']) return process.env['SSJ_USER'];
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}
