// Progress of a long read on stderr, only when stderr is a terminal: rows read, rate, time so far, and
// the time left when the number of rows can be estimated (CSV: file size over the bytes per line of its
// first 256 KB; an .xlsx sheet: how much of its XML has been inflated, against the size the zip's central
// directory declares for it, and the rows and time that took).
import { basename } from 'node:path';

/** files smaller than this read in about a second: no progress line */
export const PROGRESS_MIN_BYTES = 2 * 1024 * 1024;

export interface RowProgress {
  onRow: (sheet: string | null, row: number) => void;
  /** a sheet's rows start; `fraction` tells how far through the sheet the reading is (0–1), when known */
  onSheet: (sheet: string | null, fraction: (() => number) | undefined) => void;
  done: () => void;
}

/** below this much of a sheet read, its time left is not yet estimated (too early to be steady) */
const MIN_FRACTION = 0.01;

export function rowProgress(file: string, bytes: number, estimatedRows?: number, stream: NodeJS.WriteStream = process.stderr): RowProgress | undefined {
  if (!stream.isTTY || bytes < PROGRESS_MIN_BYTES) return undefined;
  const start = Date.now();
  let rows = 0;
  let last = 0;
  let shown = false;
  const name = basename(file);
  // the sheet being read (.xlsx): when it started, the rows before it, how far through it the reading is
  let sheetStart = start;
  let rowsBefore = 0;
  let fraction: (() => number) | undefined;
  const draw = (sheet: string | null) => {
    const now = Date.now();
    const secs = (now - start) / 1000;
    const rate = secs > 0 ? Math.round(rows / secs) : 0;
    const where = sheet === null ? '' : `工作表「${sheet}」，`;
    let total = estimatedRows;
    let secsLeft = total && rate > 0 && total > rows ? (total - rows) / rate : undefined;
    if (fraction) {
      const f = fraction();
      if (f >= MIN_FRACTION && f < 1) {
        total = rowsBefore + Math.round((rows - rowsBefore) / f);
        secsLeft = ((now - sheetStart) / 1000) * ((1 - f) / f);
      } else {
        total = undefined;
        secsLeft = undefined;
      }
    }
    const left = secsLeft !== undefined ? `，预计还需 ${Math.max(1, Math.round(secsLeft))} 秒` : '';
    const of = total ? ` / 约 ${total.toLocaleString('en-US')}` : '';
    const text = `正在读取「${name}」：${where}已读 ${rows.toLocaleString('en-US')}${of} 行，每秒 ${rate.toLocaleString('en-US')} 行，已用 ${Math.round(secs)} 秒${left}`;
    stream.write(`\r\x1b[K${text}`);
    shown = true;
  };
  return {
    onRow(sheet) {
      rows++;
      if ((rows & 1023) !== 0) return;
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      draw(sheet);
    },
    onSheet(_sheet, f) {
      sheetStart = Date.now();
      rowsBefore = rows;
      fraction = f;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

/** Rows of a text (CSV) file estimated from the line ends in its first 256 KB; undefined for other files. */
export async function estimateTextRows(file: string, bytes: number): Promise<number | undefined> {
  if (!/\.(csv|txt)$/i.test(file)) return undefined;
  const { open } = await import('node:fs/promises');
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(bytes, 256 * 1024));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    let lines = 0;
    for (let i = 0; i < bytesRead; i++) if (buf[i] === 0x0a) lines++;
    return lines > 0 ? Math.round((bytes / bytesRead) * lines) : undefined;
  } finally {
    await fh.close();
  }
}
