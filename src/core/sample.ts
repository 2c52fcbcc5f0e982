// Sample sizes and the selection itself: ceil(ratio × population), largest-remainder allocation over strata,
// and a partial Fisher–Yates shuffle (prefix-stable: drawing k+1 gives the first k plus one).
import type { DrawStream } from './rng.js';

/** A ratio as an exact count of millionths (0.05 → 50000): ratios are compared and multiplied exactly. */
export function ratioMillionths(ratio: number): number {
  return Math.round(ratio * 1_000_000);
}

/** ceil(ratio × population), at least 1 when the population is not empty (5% of 41 is 3, 5% of 40 is 2). */
export function sampleSize(ratio: number, population: number): number {
  if (population <= 0) return 0;
  const m = ratioMillionths(ratio);
  return Math.max(1, Math.floor((m * population + 999_999) / 1_000_000));
}

/**
 * Share `total` among strata in proportion to their sizes, by the largest-remainder (Hamilton) method:
 * each stratum gets floor(total × size / sum); the seats left go one each to the largest remainders,
 * ties to the stratum that comes first in the given order. Exact integer arithmetic.
 */
export function allocateLargestRemainder(total: number, sizes: readonly number[]): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum === 0) return sizes.map(() => 0);
  const base = sizes.map((s) => Math.floor((total * s) / sum));
  const rem = sizes.map((s) => (total * s) % sum);
  let left = total - base.reduce((a, b) => a + b, 0);
  const order = sizes.map((_s, i) => i).sort((a, b) => rem[b]! - rem[a]! || a - b);
  for (const i of order) {
    if (left <= 0) break;
    base[i]!++;
    left--;
  }
  return base;
}

/**
 * The first k elements of a seeded Fisher–Yates shuffle of `candidates` (which must be in canonical order):
 * for i = 0 … k-1, j = i + below(n - i), swap positions i and j, and a[i] is the i-th pick.
 * Returns the picks in draw order. The array is not modified.
 */
export function partialShuffle<T>(stream: DrawStream, candidates: ArrayLike<T>, k: number): T[] {
  const n = candidates.length;
  if (k > n) throw new RangeError(`cannot pick ${k} of ${n}`);
  // Only touched positions are stored, so drawing 50,000 of 1,000,000 does not copy the million.
  const moved = new Map<number, T>();
  const at = (i: number) => (moved.has(i) ? moved.get(i)! : candidates[i]!);
  const picks: T[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + stream.below(n - i);
    const pick = at(j);
    moved.set(j, at(i));
    moved.set(i, pick);
    picks.push(pick);
  }
  return picks;
}
