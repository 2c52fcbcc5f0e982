// What the clerk reads on an 80-column terminal: --help aligned by display width, "did you mean".
import stringWidth from 'string-width';
import { afterAll, describe, expect, it } from 'vitest';
import { suggest } from '../../src/ui/suggest.js';
import { wrapText } from '../../src/ui/terminal.js';
import { Workdir } from '../helpers/workdir.js';

const w = new Workdir('ssj-terminal');
afterAll(() => w.remove());

const widths = (text: string) => text.split('\n').map((l) => stringWidth(l));

describe('--help', () => {
  it('fits 80 columns and starts every description in the same column (a Chinese character is two columns)', async () => {
    for (const args of [[], ['draw'], ['form'], ['export'], ['results'], ['import', 'entities']]) {
      const r = await w.run([...args, '--help']);
      expect(r.code).toBe(0);
      expect(Math.max(...widths(r.stdout)), args.join(' ')).toBeLessThanOrEqual(80);
      // the command / option lines: two spaces, a term, at least two spaces, a description
      const items = r.stdout.split('\n').filter((l) => /^ {2}\S/.test(l));
      const starts = new Set(items.map((l) => {
        const m = /^( {2}\S.*?\S? {2,})\S/.exec(l);
        return m ? stringWidth(m[1]!) : -1;
      }).filter((n) => n > 0));
      expect(starts.size, `${args.join(' ')}: ${[...starts].join(',')}`).toBe(1);
    }
  });
});

describe('did you mean', () => {
  it('suggests the command for a typo and the list name for a Chinese name', async () => {
    const cases: [string[], string][] = [
      [['drw'], 'draw'],
      [['exprot', 'draws'], 'export'],
      [['import', '检查对象', 'x.xlsx'], 'entities'],
      [['import', '执法人员', 'x.xlsx'], 'inspectors'],
      [['list', '事项'], 'items'],
      [['list', '回避'], 'conflicts'],
      [['list', 'entites'], 'entities'],
      [['export', '计划'], 'plan'],
    ];
    for (const [args, want] of cases) {
      const r = await w.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(`是不是要用 ${want}？`);
    }
  });

  it('suggests nothing for something unlike any name', () => {
    expect(suggest('zzzzzz', ['draw', 'import'])).toBeUndefined();
    expect(suggest('天气', ['inspectors', 'entities', 'items', 'conflicts'], 'list')).toBeUndefined();
  });
});

describe('wrapText', () => {
  it('wraps Chinese between characters within the width, never starting a line with closing punctuation', () => {
    const text = '年度抽查情况报告：各事项是否达标、重复抽中、人员工作量、注销吊销迁出、补抽和台账复核（按年度）。';
    for (const width of [10, 17, 24, 31]) {
      const lines = wrapText(text, width);
      expect(lines.join('')).toBe(text);
      for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(width);
      for (const l of lines.slice(1)) expect(l).not.toMatch(/^[，。、：）]/);
    }
    expect(wrapText('export items plan draws results', 12)).toEqual(['export items', 'plan draws', 'results']);
  });
});
