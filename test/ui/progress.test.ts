// The import progress line: rows read, rate, time so far, and the time left — for CSV from the estimated rows,
// for an .xlsx sheet from how much of its XML has been read.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROGRESS_MIN_BYTES, rowProgress } from '../../src/ui/progress.js';

function terminal() {
  const out: string[] = [];
  const stream = { isTTY: true, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream;
  return { out, stream, last: () => out.at(-1)!.replace('\r\x1b[K', '') };
}

afterEach(() => vi.useRealTimers());

describe('rowProgress', () => {
  it('estimates an .xlsx sheet\'s rows and time left from how far through its XML the reading is', () => {
    vi.useFakeTimers({ now: new Date('2026-12-05T10:00:00Z') });
    const t = terminal();
    const p = rowProgress('名录.xlsx', PROGRESS_MIN_BYTES, undefined, t.stream)!;
    let fraction = 0;
    p.onSheet('名录', () => fraction);
    // 10 s to read 102,400 rows, a quarter of the sheet: about 409,600 rows, 30 s left
    for (let i = 1; i <= 102_400; i++) {
      if (i % 1024 === 0) {
        vi.advanceTimersByTime(100);
        fraction = i / 409_600;
      }
      p.onRow('名录', i + 1);
    }
    expect(t.last()).toBe('正在读取「名录.xlsx」：工作表「名录」，已读 102,400 / 约 409,600 行，每秒 10,240 行，已用 10 秒，预计还需 30 秒');
    p.done();
    expect(t.out.at(-1)).toBe('\r\x1b[K');
  });

  it('says nothing of the time left before 1% of the sheet is read, and counts the rows of earlier sheets', () => {
    vi.useFakeTimers({ now: new Date('2026-12-05T10:00:00Z') });
    const t = terminal();
    const p = rowProgress('名录.xlsx', PROGRESS_MIN_BYTES, undefined, t.stream)!;
    p.onSheet('甲', () => 0.005);
    for (let i = 1; i <= 2048; i++) {
      if (i % 1024 === 0) vi.advanceTimersByTime(1000);
      p.onRow('甲', i);
    }
    expect(t.last()).toBe('正在读取「名录.xlsx」：工作表「甲」，已读 2,048 行，每秒 1,024 行，已用 2 秒');
    // the second sheet: 2,048 rows in 2 s are half of it
    p.onSheet('乙', () => 0.5);
    for (let i = 1; i <= 2048; i++) {
      if (i % 1024 === 0) vi.advanceTimersByTime(1000);
      p.onRow('乙', i);
    }
    expect(t.last()).toBe('正在读取「名录.xlsx」：工作表「乙」，已读 4,096 / 约 6,144 行，每秒 1,024 行，已用 4 秒，预计还需 2 秒');
  });

  it('keeps the CSV estimate from the rows guessed at the start', () => {
    vi.useFakeTimers({ now: new Date('2026-12-05T10:00:00Z') });
    const t = terminal();
    const p = rowProgress('名录.csv', PROGRESS_MIN_BYTES, 10_240, t.stream)!;
    p.onSheet(null, undefined);
    for (let i = 1; i <= 2048; i++) {
      if (i % 1024 === 0) vi.advanceTimersByTime(1000);
      p.onRow(null, i);
    }
    expect(t.last()).toBe('正在读取「名录.csv」：已读 2,048 / 约 10,240 行，每秒 1,024 行，已用 2 秒，预计还需 8 秒');
  });

  it('shows nothing when stderr is not a terminal or the file is small', () => {
    const t = terminal();
    expect(rowProgress('名录.xlsx', PROGRESS_MIN_BYTES, undefined, { isTTY: false } as NodeJS.WriteStream)).toBeUndefined();
    expect(rowProgress('名录.xlsx', PROGRESS_MIN_BYTES - 1, undefined, t.stream)).toBeUndefined();
  });
});
