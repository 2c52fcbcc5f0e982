// Cells merged down over several data rows of a list sheet (a 监管责任股室 or 行业类别 written once for a group):
// the value is in the merge's top cell only, and every row of the merge gets it. Applied as the rows stream (never
// expanded row by row): time linear in rows × fields.
import { isEmptyCell, type MergeRange, type RawCell } from './cells.js';

/** A merge that gives its value to the data rows below its top: down over rows under the header, in a field's column. */
export function fillsDown(m: MergeRange, headerRow: number, columns: readonly number[]): boolean {
  return m.bottom > m.top && m.top > headerRow && columns.includes(m.left);
}

export class DownMerges {
  /** merges down over data rows in field columns, by top row; `next` is the first not yet reached */
  private readonly merges: MergeRange[];
  private next = 0;
  /** per column, the merge covering the rows being read and its top cell's value */
  private readonly active = new Map<number, { merge: MergeRange; value: RawCell }>();
  /** the top rows of the merges, with the columns whose values they give */
  private readonly topRows = new Map<number, number[]>();
  private readonly tops = new Map<string, RawCell>();

  /** `columns`: the sheet column of each field (-1 when absent), as the header gives them */
  constructor(all: readonly MergeRange[], headerRow: number, private readonly columns: readonly number[]) {
    this.merges = all.filter((m) => fillsDown(m, headerRow, columns)).sort((a, b) => a.top - b.top);
    for (const m of this.merges) {
      const cols = this.topRows.get(m.top);
      if (cols) cols.push(m.left);
      else this.topRows.set(m.top, [m.left]);
    }
  }

  /** Fill the empty field values of data row `row` (`vals`, by field) that a merge from above covers. */
  apply(row: number, vals: RawCell[]): void {
    if (this.merges.length === 0) return;
    const columns = this.columns;
    const tops = this.topRows.get(row);
    if (tops) {
      for (const col of tops) {
        const fi = columns.indexOf(col);
        this.tops.set(`${row}:${col}`, fi >= 0 ? (vals[fi] ?? null) : null);
      }
    }
    // merges whose top is above this row start covering it (a later one in the same column replaces an earlier)
    while (this.next < this.merges.length && this.merges[this.next]!.top < row) {
      const m = this.merges[this.next++]!;
      const key = `${m.top}:${m.left}`;
      const value = this.tops.get(key) ?? null;
      this.tops.delete(key);
      if (m.bottom >= row) this.active.set(m.left, { merge: m, value });
    }
    for (const [col, { merge, value }] of this.active) {
      if (merge.bottom < row) {
        this.active.delete(col);
        continue;
      }
      const fi = columns.indexOf(col);
      if (fi >= 0 && isEmptyCell(vals[fi])) vals[fi] = value;
    }
  }
}
