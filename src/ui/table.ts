// Plain text tables aligned for Chinese text (CJK characters take two columns).
import { stringWidth } from './width.js';
import { terminalWidth } from './terminal.js';
import { cut } from './text.js';

export interface TableOptions {
  /** right-align these column indexes (numbers) */
  right?: number[];
  /** cut cells wider than this many columns */
  maxWidth?: number;
  /**
   * Fit the table to this many columns (true: the terminal's width, see ui/terminal.ts): the widest
   * text columns are shortened with "…" down to `minWidth`, then the `drop` columns are left out in
   * that order (a narrower layout), then the text columns are shortened further. Full text stays in
   * --json and in files.
   */
  fit?: boolean | number;
  /** columns that may be shortened when fitting (default: every column not right-aligned) */
  shrink?: number[];
  /** columns shortened only after the `drop` columns are gone (e.g. a draw's inspection team) */
  shrinkLast?: number[];
  /** columns that may be left out when fitting, first to go first */
  drop?: number[];
  /** the narrowest a shortened column becomes before columns are dropped (default 12) */
  minWidth?: number;
}

const GAP = 2;

export function renderTable(header: string[], rows: (string | number)[][], opts: TableOptions = {}): string {
  const max = opts.maxWidth ?? 40;
  let cols = header.map((_, i) => i);
  let cells = [header, ...rows.map((r) => r.map((v) => cut(String(v ?? ''), max)))];
  const right = new Set(opts.right ?? []);
  let widths = header.map((_, i) => Math.max(...cells.map((r) => stringWidth(r[i] ?? ''))));

  if (opts.fit) {
    const target = typeof opts.fit === 'number' ? opts.fit : terminalWidth();
    const total = () => cols.reduce((s, i) => s + widths[i]!, 0) + GAP * (cols.length - 1);
    const shrinkable = (opts.shrink ?? header.map((_, i) => i).filter((i) => !right.has(i)));
    // first down to minWidth (never narrower than the column's header), then down to 6
    const shrinkTo = (min: number, keepHeader: boolean, last = false) => {
      const floor = (i: number) => (keepHeader ? Math.max(min, stringWidth(header[i]!)) : min);
      const which = last ? [...shrinkable, ...(opts.shrinkLast ?? [])] : shrinkable;
      while (total() > target) {
        const cand = which.filter((i) => cols.includes(i) && widths[i]! > floor(i));
        if (cand.length === 0) return;
        const widest = cand.reduce((a, b) => (widths[b]! > widths[a]! ? b : a));
        widths[widest] = widths[widest]! - 1;
      }
    };
    shrinkTo(opts.minWidth ?? 12, true);
    for (const d of opts.drop ?? []) {
      if (total() <= target) break;
      cols = cols.filter((i) => i !== d);
    }
    shrinkTo(opts.minWidth ?? 12, true, true);
    shrinkTo(6, false, true);
    // room left after dropping columns goes back to the shortened ones, most shortened first
    const natural = header.map((_, i) => Math.max(...cells.map((r) => stringWidth(r[i] ?? ''))));
    for (;;) {
      if (total() >= target) break;
      const cand = shrinkable.filter((i) => cols.includes(i) && widths[i]! < natural[i]!);
      if (cand.length === 0) break;
      const most = cand.reduce((a, b) => (natural[b]! - widths[b]! > natural[a]! - widths[a]! ? b : a));
      widths[most] = widths[most]! + 1;
    }
    cells = cells.map((r, k) => r.map((v, i) => (k === 0 ? cut(v, Math.max(widths[i]!, 2)) : cut(v, widths[i]!))));
    widths = widths.map((w, i) => Math.min(w, Math.max(...cells.map((r) => stringWidth(r[i] ?? '')))));
  }

  const line = (r: string[]) =>
    cols
      .map((i) => {
        const v = r[i] ?? '';
        const padding = ' '.repeat(Math.max(0, widths[i]! - stringWidth(v)));
        return right.has(i) ? padding + v : v + padding;
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  const sep = cols.map((i) => '─'.repeat(widths[i]!)).join(' '.repeat(GAP));
  return [line(cells[0]!), sep, ...cells.slice(1).map(line)].join('\n');
}
