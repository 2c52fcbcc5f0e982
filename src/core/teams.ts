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

/** Workload counts of one draw, and the picking rule. */
export class TeamPicker {
  readonly counts = new Map<string, number>();

  constructor(private readonly stream: DrawStream) {}

  /** Pick `n` distinct people of `eligible` (canonical order), each the least used so far, ties by the stream. */
  pick(eligible: readonly Inspector[], n: number, taken: ReadonlySet<string> = new Set()): Inspector[] {
    const chosen: Inspector[] = [];
    const used = new Set(taken);
    for (let s = 0; s < n; s++) {
      let min = Infinity;
      let ties: Inspector[] = [];
      for (const p of eligible) {
        if (used.has(p.certNo)) continue;
        const c = this.counts.get(p.certNo) ?? 0;
        if (c < min) {
          min = c;
          ties = [p];
        } else if (c === min) ties.push(p);
      }
      if (ties.length === 0) break;
      const p = ties[this.stream.below(ties.length)]!;
      chosen.push(p);
      used.add(p.certNo);
      this.counts.set(p.certNo, min + 1);
    }
    return chosen;
  }

  release(certNo: string) {
    const c = this.counts.get(certNo) ?? 0;
    if (c > 0) this.counts.set(certNo, c - 1);
  }
}
