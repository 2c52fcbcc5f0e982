// 统一社会信用代码 (unified social credit code), GB 32100-2015.
// 18 characters from 0-9 A-H J-N P-R T-U W-Y (no I, O, Z, S, V); the 18th is a check character
// over the first 17: check = 31 - (Σ value × weight mod 31), with 31 written as 0.

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const VALID_CHARS = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if one is outside the charset. */
export function creditCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[c === 31 ? 0 : c]!;
}

/** Why a (normalised, upper-case) code is not a valid credit code, in Chinese; null when valid. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return `长度应为 18 位，实际为 ${code.length} 位`;
  if (VALID_CHARS.test(code)) {
    const expected = creditCheckChar(code.slice(0, 17));
    return expected === code[17] ? null : `校验位错误：按前 17 位计算应为「${expected}」，实际为「${code[17]}」`;
  }
  const bad = [...code].filter((ch) => !CREDIT_CODE_CHARSET.includes(ch));
  if (bad.length > 0) {
    return `含有不允许的字符「${[...new Set(bad)].join('')}」（只能是数字和除 I、O、Z、S、V 以外的大写字母）`;
  }
  const expected = creditCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return `校验位错误：按前 17 位计算应为「${expected}」，实际为「${code[17]}」`;
  return null;
}

/** Completes 17 characters into a valid code (for fixtures and tests). */
export function withCheckChar(first17: string): string {
  const c = creditCheckChar(first17);
  if (c === null) throw new Error(`not a credit code prefix: ${first17}`);
  return first17 + c;
}
