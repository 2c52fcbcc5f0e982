// 随机选派执法检查人员: each visit gets teamSize distinct inspectors who fit its items, hold a certificate valid
// on the draw date and have no declared conflict (回避) with the entity; the least-used eligible inspector is
// always chosen (ties broken by the seeded stream), so workloads within a draw differ by at most one where
// eligibility allows. Experts (专家) are drawn the same way from the experts, and never count towards teamSize.
import type { DrawStream } from './rng.js';
import type { InspectionItem, Inspector } from './types.js';

/** 检查组成员 */
export interface TeamMember {
  certNo: string;
  name: string;
  /** 组长 (first inspector), 组员, 专家 */
  role: '组长' | '组员' | '专家';
}

/** What an item needs of its inspectors (ssj.json "teamRules"); nothing named: every certified inspector fits. */
export interface TeamRule {
  /** 执法类别 the inspector must have (contained in the roster's 执法类别) */
  category?: string;
  /** 业务专长 the inspector must have (contained in the roster's 业务专长) */
  expertise?: string;
}

export const isExpert = (p: Inspector) => p.kind === '专家';

/** Why an inspector cannot inspect a visit, or null when they can. */
export function ineligibility(p: Inspector, items: readonly InspectionItem[], rules: Record<string, TeamRule>, date: string): string | null {
  if (p.certExpiry !== '' && p.certExpiry < date) return `执法证已过期（有效期至 ${p.certExpiry}）`;
  for (const it of items) {
    const rule = rules[it.id];
    if (!rule) continue;
    const ok = (rule.category !== undefined && rule.category !== '' && p.category.includes(rule.category)) ||
      (rule.expertise !== undefined && rule.expertise !== '' && p.expertise.includes(rule.expertise));
    if (!ok) return `执法类别/业务专长不符合事项 ${it.id} 的要求（需要：${[rule.category, rule.expertise].filter(Boolean).join(' 或 ')}）`;
  }
  return null;
}

/**
 * Workload counts of one draw, and the picking rule. People are held by their index in one canonical list, so
 * that a pick among 500 inspectors is a scan of integers. When visit after visit picks from the same list (no 回避
 * and the same items: the same array), a LeastUsed index over it gives the scan's answer in O(log n) instead
 * (test/core/teams.test.ts compares the two on random draws).
 */
export class TeamPicker {
  private readonly counts: Int32Array;
  private readonly ties: Int32Array;
  /** people already in the team being picked (set during pick only) */
  private readonly skip: Uint8Array;
  /** bumped by every change of counts; an index is good while it has followed them all */
  private version = 0;
  private index: LeastUsed | null = null;
  private last: ArrayLike<number> | null = null;

  constructor(private readonly stream: DrawStream, size: number) {
    this.counts = new Int32Array(size);
    this.ties = new Int32Array(Math.max(1, size));
    this.skip = new Uint8Array(Math.max(1, size));
  }

  add(i: number) {
    this.counts[i]!++;
    this.version++;
  }

  /** Pick `n` distinct people of `eligible` (indexes in canonical order), each the least used so far, ties by the stream. */
  pick(eligible: ArrayLike<number>, n: number, taken: readonly number[] = []): number[] {
    // an index over a list met twice in a row (then kept up to date by the picks made through it)
    let index = this.index !== null && this.index.eligible === eligible ? this.index : null;
    if (index === null && eligible === this.last && eligible.length >= 32) index = this.index = new LeastUsed(eligible, this.counts.length);
    this.last = eligible;
    const chosen: number[] = [];
    const counts = this.counts;
    const skip = this.skip;
    for (const t of taken) skip[t] = 1;
    for (let s = 0; s < n; s++) {
      let p = -1;
      let min = 0;
      if (index !== null) {
        if (index.synced !== this.version) index.sync(counts, this.version);
        p = index.pick(skip, chosen, taken, this.stream);
        min = index.level;
      }
      if (p < 0) {
        // the scan: the least count among the people not yet in the team, and who has it, in canonical order
        const ties = this.ties;
        min = 0x7fffffff;
        let nt = 0;
        for (let k = 0; k < eligible.length; k++) {
          const q = eligible[k]!;
          if (skip[q] === 1) continue;
          const c = counts[q]!;
          if (c < min) {
            min = c;
            nt = 0;
            ties[nt++] = q;
          } else if (c === min) ties[nt++] = q;
        }
        if (nt === 0) break;
        p = ties[this.stream.below(nt)]!;
      }
      chosen.push(p);
      skip[p] = 1;
      counts[p] = min + 1;
      this.version++;
      if (index !== null) index.moved(p, counts, this.version);
    }
    for (const t of taken) skip[t] = 0;
    for (const p of chosen) skip[p] = 0;
    return chosen;
  }
}

/**
 * The people of one eligible list whose count is the least among them (`level`), marked in a Fenwick tree over
 * their positions in the list, so that the r-th of them in list order is found in O(log n).
 */
class LeastUsed {
  level = 0;
  /** the picker's version this index agrees with (-1: none yet) */
  synced = -1;
  private readonly size: number;
  private readonly tree: Int32Array;
  private readonly top: number;
  /** person → position in the list, or -1 */
  private readonly posOf: Int32Array;
  /** 1 at a marked position (its person's count is `level`) */
  private readonly mark: Uint8Array;
  private marked = 0;

  constructor(readonly eligible: ArrayLike<number>, people: number) {
    this.size = eligible.length;
    this.tree = new Int32Array(this.size + 1);
    this.mark = new Uint8Array(this.size);
    this.posOf = new Int32Array(people).fill(-1);
    for (let k = 0; k < this.size; k++) this.posOf[eligible[k]!] = k;
    let top = 1;
    while (top * 2 <= this.size) top *= 2;
    this.top = top;
  }

  /** From the counts: level = the least count in the list, marks = who has it. */
  sync(counts: Int32Array, version: number): void {
    let min = 0x7fffffff;
    for (let k = 0; k < this.size; k++) min = Math.min(min, counts[this.eligible[k]!]!);
    this.level = min;
    this.tree.fill(0);
    this.marked = 0;
    for (let k = 0; k < this.size; k++) {
      const m = counts[this.eligible[k]!] === min ? 1 : 0;
      this.mark[k] = m;
      if (m) {
        this.marked++;
        this.add(k, 1);
      }
    }
    this.synced = version;
  }

  /** Person p's count was just raised (the picker is now at `version`): follow it, or wait to be synced again. */
  moved(p: number, counts: Int32Array, version: number): void {
    if (this.synced !== version - 1) return;
    const k = this.posOf[p]!;
    if (k < 0) {
      this.synced = version; // not in this list
      return;
    }
    if (this.mark[k] !== 1 || counts[p] !== this.level + 1) return; // (picked above the level: rebuilt when next used)
    this.mark[k] = 0;
    this.marked--;
    this.add(k, -1);
    if (this.marked === 0) this.sync(counts, version);
    else this.synced = version;
  }

  /**
   * When someone marked is not skipped, the scan's least count is `level` and its ties are the marked people not
   * skipped, in list order: the pick among them. -1 when the scan must decide.
   */
  pick(skip: Uint8Array, chosen: readonly number[], taken: readonly number[], stream: DrawStream): number {
    const off: number[] = [];
    for (const list of [taken, chosen]) {
      for (const q of list) {
        const k = this.posOf[q]!;
        if (k >= 0 && this.mark[k] === 1 && skip[q] === 1 && !off.includes(k)) off.push(k);
      }
    }
    const nt = this.marked - off.length;
    if (nt <= 0) return -1;
    for (const k of off) this.add(k, -1);
    const p = this.eligible[this.kth(stream.below(nt))]!;
    for (const k of off) this.add(k, 1);
    return p;
  }

  private add(k: number, d: number): void {
    for (let i = k + 1; i <= this.size; i += i & -i) this.tree[i]! += d;
  }

  /** The position (0-based) of the (r+1)-th mark. */
  private kth(r: number): number {
    let pos = 0;
    let rest = r + 1;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.size && this.tree[next]! < rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    return pos;
  }
}
