// 抽查比例 written as numbers in an items list: a cell formatted as a percentage holds 0.05 for 5%, but some sheets
// write 5 for 5% (a header 抽查比例（%）, or a row's 5). In such a sheet a number up to 1 is ambiguous (1: 1% or 100%?
// 0.5: 0.5% or 50%?) and never guessed: it is an error naming the cell, also in the rows read before the sheet
// showed its numbers are percentages (those are withdrawn at the sheet's end).
import { numberText } from './cells.js';

function ambiguousRatio(raw: number, why: string): string {
  const pct = +(raw * 100).toPrecision(12);
  return `这一列的数字是百分数（${why}），这一格的 ${numberText(raw)} 是 ${numberText(raw)}% 还是 ${pct}%，无法判断；请在原文件中写成文字“${numberText(raw)}%”或“${pct}%”`;
}

export class RatioPoints<R> {
  /** why the sheet's ratios written as numbers are percentages; null until the header or a row shows it */
  private why: string | null = null;
  /** rows kept with a ratio that is a number up to 1 while `why` was still null */
  private readonly fractions: { row: number; raw: number; record: R; values: string[] }[] = [];

  /** The header's label of the ratio column (抽查比例（%） says the numbers are percentages). */
  header(row: number, label: string): void {
    if (/[%％]/.test(label)) this.why = `第 ${row} 行的表头写有 %`;
  }

  /**
   * A ratio cell holding a number: the message when it is ambiguous, true for a fraction kept for now (pass the
   * record to kept()), false otherwise.
   */
  number(row: number, raw: number): string | boolean {
    if (raw > 1 && raw <= 100) {
      this.why ??= `第 ${row} 行的 ${numberText(raw)} 表示 ${numberText(raw)}%`;
      return false;
    }
    if (raw > 0 && raw <= 1) return this.why ? ambiguousRatio(raw, this.why) : true;
    return false;
  }

  /** A record kept with a fraction (number() said true). */
  kept(row: number, raw: number, record: R, values: string[]): void {
    this.fractions.push({ row, raw, record, values });
  }

  /** The sheet is done: the kept fractions the sheet turned out to make ambiguous, each with its message. */
  end(): { row: number; raw: number; record: R; values: string[]; message: string }[] {
    const out = this.why ? this.fractions.map((x) => ({ ...x, message: ambiguousRatio(x.raw, this.why!) })) : [];
    this.fractions.length = 0;
    return out;
  }
}
