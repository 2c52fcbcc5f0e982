// Plain text tables aligned for Chinese text (CJK characters take two columns).
import stringWidth from 'string-width';

export interface TableOptions {
  /** right-align these column indexes (numbers) */
  right?: number[];
  /** cut cells wider than this many columns */
  maxWidth?: number;
}

function cut(s: string, max: number): string {
  if (stringWidth(s) <= max) return s;
  let r = '';
  for (const ch of s) {
    if (stringWidth(r + ch + '…') > max) break;
    r += ch;
  }
  return r + '…';
}

export function renderTable(header: string[], rows: (string | number)[][], opts: TableOptions = {}): string {
  const max = opts.maxWidth ?? 40;
  const cells = [header, ...rows.map((r) => r.map((v) => cut(String(v), max)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => stringWidth(r[i] ?? ''))));
  const right = new Set(opts.right ?? []);
  const line = (r: string[]) =>
    r
      .map((v, i) => {
        const padding = ' '.repeat(Math.max(0, widths[i]! - stringWidth(v)));
        return right.has(i) ? padding + v : v + padding;
      })
      .join('  ')
      .trimEnd();
  const sep = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(cells[0]!), sep, ...cells.slice(1).map(line)].join('\n');
}
