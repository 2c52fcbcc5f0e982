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
 * that a pick among 500 inspectors is a scan of integers (50,000 visits × 2 picks stay fast).
 */
export class TeamPicker {
  private readonly counts: Int32Array;
  private readonly ties: Int32Array;
  /** people already in the team being picked (set during pick only) */
  private readonly skip: Uint8Array;

  constructor(private readonly stream: DrawStream, size: number) {
    this.counts = new Int32Array(size);
    this.ties = new Int32Array(Math.max(1, size));
    this.skip = new Uint8Array(Math.max(1, size));
  }

  add(i: number) {
    this.counts[i]!++;
  }

  /** Pick `n` distinct people of `eligible` (indexes in canonical order), each the least used so far, ties by the stream. */
  pick(eligible: ArrayLike<number>, n: number, taken: readonly number[] = []): number[] {
    const chosen: number[] = [];
    const counts = this.counts;
    const ties = this.ties;
    const skip = this.skip;
    for (const t of taken) skip[t] = 1;
    for (let s = 0; s < n; s++) {
      let min = 0x7fffffff;
      let nt = 0;
      for (let k = 0; k < eligible.length; k++) {
        const p = eligible[k]!;
        if (skip[p] === 1) continue;
        const c = counts[p]!;
        if (c < min) {
          min = c;
          nt = 0;
          ties[nt++] = p;
        } else if (c === min) ties[nt++] = p;
      }
      if (nt === 0) break;
      const p = ties[this.stream.below(nt)]!;
      chosen.push(p);
      skip[p] = 1;
      counts[p] = min + 1;
    }
    for (const t of taken) skip[t] = 0;
    for (const p of chosen) skip[p] = 0;
    return chosen;
  }
}
