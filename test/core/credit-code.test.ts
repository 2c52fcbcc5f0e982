import { describe, expect, it } from 'vitest';
import { creditCheckChar, creditCodeProblem, withCheckChar } from '../../src/core/credit-code.js';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts the example from the fixtures README', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
  });
  it('computes the check character over the first 17', () => {
    expect(creditCheckChar('91350100M000100Y4')).toBe('3');
    // a check value of 31 is written as 0
    const codes = ['9135088184F194239', '913508818678A3142', '9135088172179W9L2'];
    for (const c17 of codes) expect(creditCodeProblem(withCheckChar(c17))).toBeNull();
  });
  it('names the wrong check character and the right one', () => {
    expect(creditCodeProblem('913508814T952GX270')).toBe('校验位错误：按前 17 位计算应为「7」，实际为「0」');
  });
  it('rejects wrong length and characters outside the set (I, O, Z, S, V)', () => {
    expect(creditCodeProblem('9135088184F19423')).toBe('长度应为 18 位，实际为 16 位');
    expect(creditCodeProblem('91350881O4F194239F')).toMatch(/不允许的字符「O」/);
    expect(creditCodeProblem('9135088184F19423SZ')).toMatch(/不允许的字符「SZ」/);
  });
});
