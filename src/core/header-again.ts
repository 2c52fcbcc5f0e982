// A list sheet's header found again below it: the same header repeated (pages printed with their titles) is skipped;
// another table's header stacked under the first, whose columns hold other fields (or other text where the first
// has a field), is an error at its row and leaves every row under it unread — read by the first header's columns,
// its 联系人 would be stored as 法定代表人 and its 联系电话 as 联系人, with nothing to show it.
import { cellText, columnLetter, type RawCell, type RawRow } from './cells.js';
import { matchHeader, type HeaderMatch } from './header.js';
import type { ListSchema } from './schema.js';

const NON_ASCII = /[^\x00-\x7f]/;

/** What makes a row unreadable by the header above it: the message at its row, its columns, the reason for the rows under it. */
export interface StackedHeader {
  message: string;
  columns: string;
  unusable: string;
}

/**
 * Whether data row `r` (its field values `vals`) is a header again: false (a data row), true (the same header: skip
 * it), or the fault of another table's header. `keys`: the key fields' indexes the header has columns for; `anchor`:
 * the field every row fills (the name), whose label a repeated header shows.
 */
export function headerAgain(
  schema: ListSchema, header: HeaderMatch, extras: readonly { label: string; col: number }[],
  r: RawRow, vals: readonly RawCell[], keys: readonly number[], anchor: number,
): boolean | StackedHeader {
  // cheap test first (a registry has a million rows): a header has text, not a code, in a key column
  if (schema.kind === 'items' || keys.some((i) => typeof vals[i] === 'string' && NON_ASCII.test(vals[i] as string))) {
    const m = matchHeader(schema, r.row, r.cells, undefined);
    if (m) {
      const moved = headerChanges(schema, header, extras, m, r.cells);
      if (moved.length === 0) return true;
      const where = moved.map((x) => `${columnLetter(x.col)} 列：第 ${header.row} 行是“${x.was}”，这里是“${x.now}”`).join('；');
      return {
        message: `这一行像是另一张表的表头，但各列与第 ${header.row} 行的表头不同（${where}）：ssj 不能按第 ${header.row} 行的表头读取下面的行；请把这张表移到单独的工作表中（或按第 ${header.row} 行的表头排列各列）后再导入`,
        columns: moved.map((x) => columnLetter(x.col)).join('、'),
        unusable: `在第 ${r.row} 行另一张表的表头之下（各列与第 ${header.row} 行的表头不同）`,
      };
    }
  }
  const labels = header.labels;
  if (typeof vals[anchor] !== 'string' || (vals[anchor] as string).trim() !== labels[anchor]) return false;
  let same = 0;
  for (let i = 0; i < vals.length; i++) {
    if (labels[i] && cellText(vals[i] ?? null).trim() === labels[i]) same++;
  }
  return same >= 2;
}

/**
 * The columns where a header found below the header says something else: a field in another column than the
 * header's, or other text in a column the header reads (a field's or a kept extra column's). Empty: the same header.
 */
function headerChanges(
  schema: ListSchema, header: HeaderMatch, extras: readonly { label: string; col: number }[], m: HeaderMatch, cells: readonly RawCell[],
): { col: number; was: string; now: string }[] {
  const fields = schema.fields;
  const read = new Map<number, string>();
  header.columns.forEach((c, i) => { if (c >= 0) read.set(c, header.labels[i] || fields[i]!.label); });
  for (const x of extras) read.set(x.col, x.label);
  const out: { col: number; was: string; now: string }[] = [];
  for (let c = 0; c < cells.length; c++) {
    const now = cellText(cells[c] ?? null).trim();
    if (!now) continue;
    const fi = m.columns.indexOf(c);
    const was = read.get(c);
    if (fi >= 0) {
      // a field where the header has it; a 序号 the header lacks is read by nobody
      if (header.columns[fi] !== c && !(fi === 0 && was === undefined)) out.push({ col: c, was: was ?? '（不读取的列）', now });
    } else if (was !== undefined && (header.columns.includes(c) || now.replace(/\s+/g, '') !== was.replace(/\s+/g, ''))) {
      out.push({ col: c, was, now }); // other text where the header reads a field or a kept column
    }
  }
  return out;
}
