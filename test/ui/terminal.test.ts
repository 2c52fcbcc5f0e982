import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/ui/terminal.js';
import { width } from '../../src/ui/text.js';

describe('wrapText', () => {
  it('never starts a line with closing punctuation, also after a date or a code: the word goes to the next line with it', () => {
    const text = '第 6 行 F 列  检查日期「2026-12-08」：晚于今天（2026-12-06），检查还没有发生';
    // (from 16 columns, the narrowest that holds 「2026-12-08」： whole)
    for (let room = 16; room <= 60; room++) {
      const lines = wrapText(text, room);
      for (const l of lines) {
        expect(l).not.toMatch(/^[，。、；：！？）》」』】]/u);
        expect(l).not.toMatch(/[（《「『【]$/u);
      }
      expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
    // where the width breaks right after the date, 」 takes 「2026-12-08 with it
    expect(wrapText('检查日期「2026-12-08」：晚于今天', 20)).toEqual(['检查日期', '「2026-12-08」：晚于', '今天']);
  });

  it('keeps Chinese text within the width, broken between characters', () => {
    const lines = wrapText('示例县市场监督管理局“双随机、一公开”检查结果填报表', 20);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(20);
    expect(lines.join('')).toBe('示例县市场监督管理局“双随机、一公开”检查结果填报表');
  });
});
