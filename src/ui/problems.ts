// Problems as the clerk reads them: 名录库.xlsx › 建筑施工企业 › 第 12 行 C 列  统一社会信用代码「…」校验位错误
import type { Problem } from '../core/types.js';
import { c } from './output.js';
import { hanging, ttyWidth } from './terminal.js';

/** The width of the terminal problems are shown on (stderr's, else stdout's), or 0 when neither is one. */
const onTerminal = (): number => ttyWidth(process.stderr) || ttyWidth(process.stdout);

export function where(p: Problem): string {
  const parts = [p.file];
  if (p.sheet) parts.push(p.sheet);
  if (p.row !== null) parts.push(`第 ${p.row} 行${p.column ? ` ${p.column} 列` : ''}`);
  else if (p.column) parts.push(`${p.column} 列`);
  return parts.join(' › ');
}

export function describe(p: Problem): string {
  const what = p.field ? `${p.field}${p.value ? `「${p.value}」` : ''}` : '';
  const msg = what && !p.message.startsWith(p.field ?? '\0') ? `${what}：${p.message}` : p.message;
  return `${where(p)}  ${msg}`;
}

/**
 * Problem lines, at most `limit` of them, with a count of the rest. On a terminal each is wrapped to its width with
 * a hanging indent (the terminal would otherwise break a date or a name at its edge); piped or redirected, a problem
 * stays one line (width 0), for grep and logs.
 */
export function problemLines(list: Problem[], colour: (s: string) => string, limit = 200, width = onTerminal(), more = 0): string[] {
  const lines = list.slice(0, limit).map((p) => hanging(`  ${colour('•')} `, describe(p), width));
  // (`more`: found beyond the ones kept, list-builder.ts MAX_KEPT; --json lists the kept ones)
  if (list.length > limit || more > 0) lines.push(c.dim(`  ……还有 ${list.length - Math.min(limit, list.length) + more} 处未显示${more > 0 ? `（加 --json 可得到前 ${list.length} 处）` : '（加 --json 可得到完整清单）'}`));
  return lines;
}
