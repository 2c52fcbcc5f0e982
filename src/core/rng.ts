// The draw's random numbers: seedrandom's ARC4 generator (RC4-drop[256]), keyed per stream from the seed,
// with unbiased integers by rejection. Specified in docs/draw-algorithm.md; never Math.random.
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';

/** Version of the algorithm written into every record; a change to anything in docs/draw-algorithm.md bumps it. */
export const ALGORITHM = 'ssj-draw/1';

/** The stream key: lowercase hex SHA-256 of "ssj-draw/1\n" + seed + "\n" + label (UTF-8). */
export function streamKey(seed: string, label: string): string {
  return createHash('sha256').update(`${ALGORITHM}\n${seed}\n${label}`, 'utf8').digest('hex');
}

/** One independent stream of random numbers, e.g. the entity draw of one item. */
export class DrawStream {
  readonly label: string;
  private readonly rng: seedrandom.PRNG;
  /** uint32 values taken so far (for the record and tests) */
  used = 0;

  constructor(seed: string, label: string) {
    this.label = label;
    // The key is 64 ASCII characters, so seedrandom's key schedule uses its bytes as they are (docs).
    this.rng = seedrandom(streamKey(seed, label));
  }

  /** The next 4 generator bytes as an unsigned 32-bit integer, first byte most significant. */
  uint32(): number {
    this.used++;
    return this.rng.int32() >>> 0;
  }

  /** An integer in [0, n), every value equally likely: values at or above the largest multiple of n below 2^32 are rejected. */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`below(${n})`);
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const x = this.uint32();
      if (x < limit) return x % n;
    }
  }
}
