import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/ui/terminal.js';
import { width } from '../../src/ui/text.js';

describe('wrapText', () => {
  it('keeps Chinese text within the width, broken between characters', () => {
    const lines = wrapText('示例县市场监督管理局“双随机、一公开”检查结果填报表', 20);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(20);
    expect(lines.join('')).toBe('示例县市场监督管理局“双随机、一公开”检查结果填报表');
  });
});

describe('hanging and heading', () => {
  it('hanging indents the later lines as deep as the lead, coloured or not, every line within the width', async () => {
    const { hanging } = await import('../../src/ui/terminal.js');
    const text = 'ZJ-001：抽查比例 3.0%，低于最低抽查比例 5%（在业检查对象 112 个，已抽取 3 个），按清单执行；依据待补充（事项清单“备注”列）';
    const plainLines = hanging('  • ', text, 40).split('\n');
    const coloured = hanging('  \x1b[31m•\x1b[39m ', text, 40).split('\n');
    expect(plainLines.length).toBeGreaterThan(2);
    for (const l of plainLines) expect(width(l)).toBeLessThanOrEqual(40);
    for (const l of plainLines.slice(1)) expect(l.startsWith('    ') && !l.startsWith('     ')).toBe(true);
    expect(coloured.slice(1)).toEqual(plainLines.slice(1));
    expect(plainLines.join('').replace(/\s/g, '')).toBe(('•' + text).replace(/\s/g, ''));
    // width 0 (not a terminal): one line, as given
    expect(hanging('  • ', text, 0)).toBe(`  • ${text}`);
  });

  it('heading keeps the title whole in its style and the detail in the other', async () => {
    const { heading } = await import('../../src/ui/terminal.js');
    const h = heading('重复抽中的检查对象', '（本年度被抽中 2 次及以上：0 个；合并检查 0 户次，其中跨任务 0 户次）', (s) => `<${s}>`, (s) => `[${s}]`, 40).split('\n');
    expect(h[0]!.startsWith('<重复抽中的检查对象>[（')).toBe(true);
    expect(h.slice(1).every((l) => l.startsWith('[') && l.endsWith(']'))).toBe(true);
    for (const l of h) expect(width(l.replace(/[<>[\]]/g, ''))).toBeLessThanOrEqual(40);
  });
});
