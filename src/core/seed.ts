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
 * An estimate of the entropy of one part, in bits, character by character (docs/draw-algorithm.md §1): an ASCII
 * digit log2 10 ≈ 3.32, an ASCII letter log2 52 ≈ 5.70, any other printable ASCII character log2 32 = 5 (the 32
 * punctuation characters), any other character (e.g. a Chinese character) 6.5; spaces count nothing. A part typed
 * by a person is rarely as random as this: it is an upper bound, used only to warn.
 */
export function charBits(ch: string): number {
  if (/^[0-9]$/.test(ch)) return Math.log2(10);
  if (/^[A-Za-z]$/.test(ch)) return Math.log2(52);
  if (/^\s$/u.test(ch)) return 0;
  if (/^[\x21-\x7e]$/.test(ch)) return 5;
  return 6.5;
}

export function entropyBits(value: string): number {
  let bits = 0;
  for (const ch of value.trim()) bits += charBits(ch);
  return bits;
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

/** Decimal digits needed to reach `bits` (each digit ≈ 3.32 bits), rounded up. */
export function digitsFor(bits: number): number {
  return bits <= 0 ? 0 : Math.ceil(bits / Math.log2(10) - 1e-9);
}

/**
 * The entropy warning, in words (shown before the draw): the estimate and the need in 比特 (bits), what to do in
 * 个数字 (digits). Null when the seed is enough.
 */
export function entropyAdvice(bits: number, neededBits: number, announced = false): string | null {
  if (bits >= neededBits) return null;
  const more = digitsFor(neededBits - bits);
  const head = `随机种子的熵估计约 ${Math.floor(bits)} 比特，少于覆盖全部可能结果所需的 ${Math.ceil(neededBits)} 比特（RFC 3797 的经验规则）。`;
  // an announced draw already uses a public random number: the advice is the witnesses' digits added to it, or a
  // longer number next time (not "use an announced number", which it does)
  return announced
    ? head + `建议见证人在公开随机数之外再输入至少 ${more} 个数字（--entropy，与公开随机数一起组成种子），或以后公告时选用位数更多的公开随机数。`
    : head + `建议见证人再多输入至少 ${more} 个数字（合计至少 ${digitsFor(neededBits)} 个数字），或改用事先公告的公开随机数（ssj draw announce）。`;
}
