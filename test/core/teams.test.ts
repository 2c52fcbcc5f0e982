// TeamPicker's index over a list picked from again and again (LeastUsed) gives exactly the scan's picks: the same
// people in the same order, the stream used the same way, whatever the lists, teams and counts.
import { describe, expect, it } from 'vitest';
import { DrawStream } from '../../src/core/rng.js';
import { TeamPicker } from '../../src/core/teams.js';
import { rng } from '../helpers/rng.js';

/** The picking rule as a plain scan (what TeamPicker did before it had an index). */
class ScanPicker {
  readonly counts: Int32Array;
  constructor(private readonly stream: DrawStream, size: number) {
    this.counts = new Int32Array(size);
  }
  add(i: number) {
    this.counts[i]!++;
  }
  pick(eligible: ArrayLike<number>, n: number, taken: readonly number[] = []): number[] {
    const chosen: number[] = [];
    const skip = new Set(taken);
    for (let s = 0; s < n; s++) {
      let min = Infinity;
      let ties: number[] = [];
      for (let k = 0; k < eligible.length; k++) {
        const p = eligible[k]!;
        if (skip.has(p)) continue;
        if (this.counts[p]! < min) {
          min = this.counts[p]!;
          ties = [p];
        } else if (this.counts[p] === min) ties.push(p);
      }
      if (ties.length === 0) break;
      const p = ties[this.stream.below(ties.length)]!;
      chosen.push(p);
      skip.add(p);
      this.counts[p] = min + 1;
    }
    return chosen;
  }
}

describe('TeamPicker', () => {
  it('picks as the scan does, with lists shared visit after visit, filtered lists, teams already there and counts added', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const r = rng(seed);
      const people = 33 + r.int(300);
      const all = Int32Array.from({ length: people }, (_, i) => i);
      // a few shared lists (as team-assign caches them per combination of items), some of them in pieces
      const lists = [all, Int32Array.from({ length: Math.max(32, people >> 1) }, (_, i) => (i * 2) % people)].map((l) => Int32Array.from(new Set(l)).sort());
      const a = new TeamPicker(new DrawStream('种子', `teams-${seed}`), people);
      const b = new ScanPicker(new DrawStream('种子', `teams-${seed}`), people);
      for (let i = r.int(20); i > 0; i--) {
        const p = r.int(people);
        a.add(p);
        b.add(p);
      }
      let list = lists[0]!;
      for (let visit = 0; visit < 400; visit++) {
        const x = r.next();
        if (x < 0.05) list = r.pick(lists);
        // 回避: a filtered copy for this visit only
        const eligible = x > 0.95 ? list.filter(() => r.next() < 0.9) : list;
        const taken = r.next() < 0.1 ? [r.int(people), r.int(people)] : [];
        const n = 1 + r.int(3);
        if (r.next() < 0.02) {
          const p = r.int(people);
          a.add(p);
          b.add(p);
        }
        expect(a.pick(eligible, n, taken), `seed ${seed}, visit ${visit}`).toEqual(b.pick(eligible, n, taken));
      }
    }
  });
});
