// 随机种子: the seed is made of parts announced in the room (witnesses' digits, a public lottery number) or
// given whole. Every part and the final seed are printed and recorded.

/** One part of the seed. */
export interface SeedComponent {
  /** witness: digits typed by a witness (dice, ball machine); public: a value announced in advance; given: --seed */
  source: 'witness' | 'public' | 'given';
  /** who entered it (witness name) or what it is (e.g. 2026-11-21 福彩3D 开奖号码) */
  name: string;
  value: string;
}

export const SOURCE_LABEL: Record<SeedComponent['source'], string> = { witness: '见证人', public: '公开随机数', given: '指定种子' };

/** The seed text: the parts' values, trimmed and NFC-normalised, joined by "/" in the order entered. */
export function seedFromComponents(components: readonly SeedComponent[]): string {
  return components.map((c) => c.value.trim().normalize('NFC')).join('/');
}

/**
 * A cautious estimate of the entropy of one part, in bits: digits 3.32 each, hexadecimal 4, letters and digits
 * 5.95, anything else 6.5 per character. A part typed by a person is rarely as random as this; it is an upper bound.
 */
export function entropyBits(value: string): number {
  const v = value.trim();
  if (v === '') return 0;
  const len = [...v].length;
  if (/^\d+$/.test(v)) return len * Math.log2(10);
  if (/^[0-9a-fA-F]+$/.test(v)) return len * 4;
  if (/^[0-9A-Za-z]+$/.test(v)) return len * Math.log2(62);
  return len * 6.5;
}

export function seedBits(components: readonly SeedComponent[]): number {
  return components.reduce((s, c) => s + entropyBits(c.value), 0);
}

/** log2 of the binomial coefficient C(n, k): the bits needed to reach every possible sample (RFC 3797 §4). */
export function log2Binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  const m = Math.min(k, n - k);
  let s = 0;
  for (let i = 1; i <= m; i++) s += Math.log2(n - m + i) - Math.log2(i);
  return s;
}

/** A digit string typed by a witness: digits only (spaces and full-width digits folded), at least one. */
export function cleanEntropy(raw: string): string | null {
  const v = raw.normalize('NFKC').replace(/\s+/g, '');
  return /^\d+$/.test(v) ? v : null;
}
