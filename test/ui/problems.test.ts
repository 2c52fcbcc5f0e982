import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/core/types.js';
import { problemLines } from '../../src/ui/problems.js';
import { width } from '../../src/ui/text.js';

const problem = (row: number): Problem => ({
  file: '2026-001 检查结果填报表.xlsx', sheet: '检查结果', row, column: 'F', field: '检查日期', value: '2026-12-08',
  message: '晚于今天（2026-12-06），检查还没有发生',
});
const plain = (s: string) => s;

describe('problemLines', () => {
  it('keeps a problem on one line when not shown on a terminal (width 0)', () => {
    const [line] = problemLines([problem(6)], plain, 200, 0);
    expect(line).toBe('  • 2026-001 检查结果填报表.xlsx › 检查结果 › 第 6 行 F 列  检查日期「2026-12-08」：晚于今天（2026-12-06），检查还没有发生');
  });

  it('on an 80-column terminal wraps with a hanging indent, never breaking a date, every line within 80 columns', () => {
    const [block] = problemLines([problem(6)], plain, 200, 80);
    const lines = block!.split('\n');
    expect(lines.length).toBe(2);
    expect(lines[0]!.startsWith('  • 2026-001 检查结果填报表.xlsx › 检查结果 › 第 6 行 F 列')).toBe(true);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(80);
    expect(lines[1]!.startsWith('    ')).toBe(true);
    expect(block!.replace(/\n {4}/g, '')).toContain('「2026-12-08」');
    expect(lines.join('').replace(/\s+/g, '')).toBe('•2026-001检查结果填报表.xlsx›检查结果›第6行F列检查日期「2026-12-08」：晚于今天（2026-12-06），检查还没有发生');
  });

  it('counts the problems beyond the limit', () => {
    const lines = problemLines([problem(6), problem(7), problem(8)], plain, 2, 0);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('还有 1 处未显示');
  });
});
