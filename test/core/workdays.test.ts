// Working days in memory: calendar arithmetic, weekends, holidays, 调休, unknown years, the shipped 2026 schedule.
import { describe, expect, it } from 'vitest';
import { SHIPPED_SOURCE, SHIPPED_YEARS } from '../../src/data/holidays-cn.js';
import { addDays, dayNumber, fromDayNumber, isIsoDate, isLeapYear, weekday, weekdayName } from '../../src/core/dates.js';
import {
  addWorkingDays, calendarFrom, coveredYears, isWorkingDay, specialDaysBetween, workingDaysBetween,
} from '../../src/core/workdays.js';

const range = (a: string, b: string) => {
  const out: string[] = [];
  for (let d = dayNumber(a); d <= dayNumber(b); d++) out.push(fromDayNumber(d));
  return out;
};

// The official 2026 schedule (国务院办公厅关于2026年部分节假日安排的通知), written out by hand.
const Y2026 = {
  holidays: [
    ...range('2026-01-01', '2026-01-03'), // 元旦
    ...range('2026-02-15', '2026-02-23'), // 春节
    ...range('2026-04-04', '2026-04-06'), // 清明节
    ...range('2026-05-01', '2026-05-05'), // 劳动节
    ...range('2026-06-19', '2026-06-21'), // 端午节
    ...range('2026-09-25', '2026-09-27'), // 中秋节
    ...range('2026-10-01', '2026-10-07'), // 国庆节
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
const cal = calendarFrom({ 2026: Y2026 }, 'test');

describe('dates', () => {
  it('accepts real YYYY-MM-DD calendar dates only', () => {
    expect(isIsoDate('2026-09-25')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '1900-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00',
      '2026-9-25', '2026/09/25', '20260925', ' 2026-09-25', '2026-09-25T00:00', '', 'abc']) {
      expect(isIsoDate(bad), bad).toBe(false);
    }
    expect(() => dayNumber('2026-02-30')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-30', 1, cal)).toThrow(RangeError);
  });

  it('leap years', () => {
    expect([1900, 2000, 2024, 2026, 2028, 2100].map(isLeapYear)).toEqual([false, true, true, false, true, false]);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(dayNumber('2025-01-01') - dayNumber('2024-01-01')).toBe(366);
  });

  it('day numbers agree with the proleptic Gregorian calendar and round-trip', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2026-09-25')).toBe(20721);
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    // Date.UTC only as an independent oracle here.
    for (let n = dayNumber('1899-12-25'); n <= dayNumber('2101-01-05'); n += 17) {
      const iso = fromDayNumber(n);
      expect(dayNumber(iso)).toBe(n);
      expect(n).toBe(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000);
    }
  });

  it('weekdays', () => {
    expect(weekday('2026-09-25')).toBe(5);
    expect(weekdayName('2026-09-25')).toBe('星期五');
    expect(weekdayName('2026-10-10')).toBe('星期六');
    expect(weekdayName('2026-10-11')).toBe('星期日');
    expect(weekday('1970-01-01')).toBe(4);
    expect(weekday('1969-12-29')).toBe(1);
  });
});

describe('isWorkingDay', () => {
  it('weekends, holidays and 调休 Saturdays and Sundays', () => {
    expect(isWorkingDay('2026-11-20', cal)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-21', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-22', cal)).toBe(false); // Sunday
    expect(isWorkingDay('2026-10-01', cal)).toBe(false); // 国庆, Thursday
    expect(isWorkingDay('2026-10-05', cal)).toBe(false); // 国庆, Monday
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // 调休 Saturday
    expect(isWorkingDay('2026-09-20', cal)).toBe(true); // 调休 Sunday
    expect(isWorkingDay('2026-01-04', cal)).toBe(true); // 调休 Sunday after 元旦
  });

  it('a year without a schedule is unknown, never Monday–Friday', () => {
    expect(isWorkingDay('2027-01-05', cal)).toBe('unknown');
    expect(isWorkingDay('2025-12-31', cal)).toBe('unknown');
    expect(coveredYears(cal)).toEqual([2026]);
  });
});

describe('addWorkingDays', () => {
  it('the example: checks ended 2026-09-25, 20 working days → 2026-10-29', () => {
    // 09-25 Fri (中秋, and the end of the checks: not counted)
    // 09-26 Sat, 09-27 Sun: 中秋 holiday            —
    // 09-28 Mon, 09-29 Tue, 09-30 Wed               1, 2, 3
    // 10-01 … 10-07: 国庆 holiday                   —
    // 10-08 Thu, 10-09 Fri                          4, 5
    // 10-10 Sat: 调休 working day                    6
    // 10-11 Sun                                     —
    // 10-12 … 10-16 Mon–Fri                         7 … 11
    // 10-19 … 10-23 Mon–Fri                         12 … 16
    // 10-26 Mon, 27 Tue, 28 Wed, 29 Thu             17, 18, 19, 20  → due 2026-10-29 (Thursday)
    expect(addWorkingDays('2026-09-25', 20, cal)).toEqual({ ok: true, due: '2026-10-29' });
    expect(addWorkingDays('2026-09-25', 10, cal)).toEqual({ ok: true, due: '2026-10-15' });
    // Without the 10-10 调休 Saturday the due date would be a day later.
    const withoutOct10 = calendarFrom({ 2026: { holidays: Y2026.holidays, workdays: Y2026.workdays.filter((d) => d !== '2026-10-10') } }, 't');
    expect(addWorkingDays('2026-09-25', 20, withoutOct10)).toEqual({ ok: true, due: '2026-10-30' });
  });

  it('Spring Festival 2026: 02-14 Saturday worked, 02-15 … 02-23 off', () => {
    // from 02-12 Thu: 02-13 Fri 1, 02-14 Sat (调休) 2, 02-15 … 02-23 off, 02-24 Tue 3, 02-25 4, 02-26 5
    expect(addWorkingDays('2026-02-12', 5, cal)).toEqual({ ok: true, due: '2026-02-26' });
    // from 02-13: 02-14 1, 02-24 2, 02-25 3, 02-26 4, 02-27 Fri 5, 02-28 Sat (调休) 6
    expect(addWorkingDays('2026-02-13', 6, cal)).toEqual({ ok: true, due: '2026-02-28' });
  });

  it('plain weekends', () => {
    expect(addWorkingDays('2026-11-20', 1, cal)).toEqual({ ok: true, due: '2026-11-23' }); // Fri → Mon
    expect(addWorkingDays('2026-11-21', 1, cal)).toEqual({ ok: true, due: '2026-11-23' }); // Sat → Mon
    expect(addWorkingDays('2026-11-16', 10, cal)).toEqual({ ok: true, due: '2026-11-30' });
  });

  it('n = 0 gives the day itself; negative or fractional n is a programming error', () => {
    expect(addWorkingDays('2026-10-03', 0, cal)).toEqual({ ok: true, due: '2026-10-03' });
    expect(addWorkingDays('2031-05-05', 0, cal)).toEqual({ ok: true, due: '2031-05-05' });
    expect(() => addWorkingDays('2026-10-03', -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-10-03', 1.5, cal)).toThrow(RangeError);
  });

  it('crossing into a year without a schedule is unknown, naming the year', () => {
    // from 12-20 Sun: 12-21 … 12-25 (5), 12-28 … 12-31 (9): the 10th would fall in 2027
    expect(addWorkingDays('2026-12-20', 9, cal)).toEqual({ ok: true, due: '2026-12-31' });
    expect(addWorkingDays('2026-12-20', 10, cal)).toEqual({ ok: false, unknownYear: 2027 });
    expect(addWorkingDays('2026-12-20', 20, cal)).toEqual({ ok: false, unknownYear: 2027 });
    expect(addWorkingDays('2028-03-01', 1, cal)).toEqual({ ok: false, unknownYear: 2028 });
    // with a 2027 schedule: 2027-01-01 Fri off, 01-02/03 weekend, 01-04 Mon is the 10th
    const two = calendarFrom({ 2026: Y2026, 2027: { holidays: ['2027-01-01'], workdays: [] } }, 't');
    expect(addWorkingDays('2026-12-20', 10, two)).toEqual({ ok: true, due: '2027-01-04' });
    expect(coveredYears(two)).toEqual([2026, 2027]);
  });

  it('leap day counts as a working day', () => {
    const y2024 = calendarFrom({ 2024: { holidays: [], workdays: [] } }, 't');
    expect(addWorkingDays('2024-02-28', 1, y2024)).toEqual({ ok: true, due: '2024-02-29' }); // Thursday
    expect(addWorkingDays('2024-02-28', 2, y2024)).toEqual({ ok: true, due: '2024-03-01' });
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after a up to and including b', () => {
    expect(workingDaysBetween('2026-09-25', '2026-10-29', cal)).toEqual({ ok: true, days: 20 });
    expect(workingDaysBetween('2026-10-29', '2026-09-25', cal)).toEqual({ ok: true, days: -20 });
    expect(workingDaysBetween('2026-10-29', '2026-10-29', cal)).toEqual({ ok: true, days: 0 });
    expect(workingDaysBetween('2026-10-28', '2026-10-29', cal)).toEqual({ ok: true, days: 1 });
    expect(workingDaysBetween('2026-10-01', '2026-10-07', cal)).toEqual({ ok: true, days: 0 });
    expect(workingDaysBetween('2026-10-30', '2026-10-31', cal)).toEqual({ ok: true, days: 0 }); // Sat after a Fri
    expect(workingDaysBetween('2026-02-13', '2026-02-27', cal)).toEqual({ ok: true, days: 5 }); // 02-14, 24, 25, 26, 27
  });

  it('agrees with addWorkingDays', () => {
    for (const from of ['2026-01-01', '2026-02-10', '2026-04-30', '2026-09-18', '2026-10-09']) {
      for (const n of [1, 5, 10, 20]) {
        const r = addWorkingDays(from, n, cal);
        if (!r.ok) throw new Error('unexpected');
        expect(workingDaysBetween(from, r.due, cal)).toEqual({ ok: true, days: n });
        expect(isWorkingDay(r.due, cal)).toBe(true);
      }
    }
  });

  it('a range reaching an uncovered year is unknown', () => {
    expect(workingDaysBetween('2026-12-30', '2027-01-04', cal)).toEqual({ ok: false, unknownYear: 2027 });
    expect(workingDaysBetween('2027-01-04', '2026-12-30', cal)).toEqual({ ok: false, unknownYear: 2027 });
    expect(workingDaysBetween('2025-12-30', '2026-01-05', cal)).toEqual({ ok: false, unknownYear: 2025 });
  });
});

describe('specialDaysBetween', () => {
  it('lists holidays and 调休 days after a up to and including b', () => {
    const s = specialDaysBetween('2026-09-25', '2026-10-29', cal);
    expect(s.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual([
      '2026-09-26', '2026-09-27', ...range('2026-10-01', '2026-10-07'),
    ]);
    expect(s.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2026-10-10']);
  });
});

describe('the shipped schedule', () => {
  it('is the pinned chinese-days version and has the official 2026 schedule', () => {
    expect(SHIPPED_SOURCE).toBe('chinese-days@1.5.7');
    expect([...SHIPPED_YEARS['2026']!.holidays]).toEqual(Y2026.holidays);
    expect([...SHIPPED_YEARS['2026']!.workdays]).toEqual(Y2026.workdays);
    expect(Object.keys(SHIPPED_YEARS).at(-1)).toBe('2026');
  });

  it('every year: dates in that year, 调休 only on weekends, no day both', () => {
    for (const [y, v] of Object.entries(SHIPPED_YEARS)) {
      for (const d of [...v.holidays, ...v.workdays]) {
        expect(isIsoDate(d)).toBe(true);
        expect(d.slice(0, 4)).toBe(y);
      }
      for (const d of v.workdays) {
        expect(weekday(d)).toBeGreaterThanOrEqual(6);
        expect(v.holidays).not.toContain(d);
      }
    }
  });
});
