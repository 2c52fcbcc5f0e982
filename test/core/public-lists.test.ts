// chooseList: which of several list files given for verification checks a draw (ssj verify outside a workspace and
// the browser verifier choose the same way).
import { describe, expect, it } from 'vitest';
import { chooseList } from '../../src/core/public-lists.js';

const file = (name: string, snapshot: string | null) => ({ name, snapshot });

describe('chooseList', () => {
  it('takes the file of the draw\'s own snapshot wherever it was given', () => {
    const given = [file('六月.xlsx', 'aaa'), file('十二月.xlsx', 'bbb')];
    expect(chooseList(given, 'bbb').name).toBe('十二月.xlsx');
    expect(chooseList(given, 'aaa').name).toBe('六月.xlsx');
  });

  it('else the first file that does not say its snapshot (its content decides), else the first given', () => {
    expect(chooseList([file('六月.xlsx', 'aaa'), file('原件.xlsx', null), file('另一份.csv', null)], 'ccc').name).toBe('原件.xlsx');
    expect(chooseList([file('六月.xlsx', 'aaa'), file('十二月.xlsx', 'bbb')], 'ccc').name).toBe('六月.xlsx');
  });
});
