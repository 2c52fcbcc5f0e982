// 补抽: replacing a drawn entity or a team member after the draw, as a function of the draw's plan, its state and the seed.
import { DrawStream } from './rng.js';
import { partialShuffle } from './sample.js';
import type { TeamMember } from './teams.js';
import { assignTeams } from './team-assign.js';
import type { DrawInputs, DrawParams, DrawPlan, Exclusion, Visit } from './draw.js';

/** 补抽: a change made after the draw, recorded as an amendment; the original record is never changed. */
export type AmendmentRequest =
  | { type: 'entity'; code: string; reason: string }
  | { type: 'inspector'; certNo: string; code: string | null; reason: string };

export interface AmendmentChange {
  /** the entity replaced (entity amendments) */
  removed: { code: string; name: string; items: string[] } | null;
  /** entities that came in, with the item and stream position that brought them */
  added: { code: string; name: string; item: string; stratum: string; position: number }[];
  /** team changes: who left which visit, who joined */
  teamChanges: { code: string; out: TeamMember; in: TeamMember | null }[];
}

/** The visits of a draw after its amendments, and the visits replaced so far (their stream positions stay used). */
export interface DrawState {
  visits: Visit[];
  retired: Visit[];
  /** code of each replaced visit → the number of the amendment that replaced it */
  retiredBy?: Map<string, number>;
}

/** A stream position an amendment passed over (recorded in the amendment's passedOver, docs §7). */
export interface PassedPosition {
  item: string;
  stratum: string;
  /** 0-based position in the stream */
  position: number;
  code: string;
  name: string;
  /** repeat: drawn for the item in another round this year; replaced: removed from this draw by an amendment */
  kind: 'repeat' | 'replaced';
  reason: string;
}

/**
 * Why a replacement cannot be asked for at all, or null: the entity is not among the visits (or was replaced already),
 * or the inspector is on none of their teams (on none of the entity's, when one is named).
 */
export function amendmentTargetProblem(visits: readonly Pick<Visit, 'code' | 'team'>[], req: AmendmentRequest): string | null {
  if (req.type === 'entity') return visits.some((v) => v.code === req.code) ? null : `检查对象 ${req.code} 不在这次抽取的结果中（或已被补抽替换）`;
  return visits.some((v) => v.team.some((m) => m.certNo === req.certNo) && (req.code === null || v.code === req.code))
    ? null
    : `执法证号为 ${req.certNo} 的人员不在这次抽取${req.code ? `中检查对象 ${req.code} 的检查组` : '的任何检查组'}中`;
}

/**
 * Apply one amendment (number `seq` of the draw) to the state, in place. An entity is replaced, for each of its
 * items, by the next candidate of the same stream (the pick after all earlier ones, replaced ones included); an
 * inspector leaves the affected teams and each gets the least-used eligible inspector instead. People are picked
 * from the streams "amend\n<seq>\nteams" and "amend\n<seq>\nexperts". Every stream position passed over on
 * the way (an entity replaced by this or an earlier amendment, or drawn for the item in another round) is
 * returned in passedOver, in the order met.
 */
export function applyAmendment(
  plan: DrawPlan,
  state: DrawState,
  inputs: DrawInputs,
  params: DrawParams,
  seed: string,
  seq: number,
  req: AmendmentRequest,
  /** entities drawn for the item in the year's other rounds (防止执法扰民): passed over, like replaced ones */
  others: readonly Pick<Exclusion, 'item' | 'code' | 'reason'>[] = [],
): { change: AmendmentChange; problems: string[]; passedOver: PassedPosition[] } {
  const change: AmendmentChange = { removed: null, added: [], teamChanges: [] };
  const passedOver: PassedPosition[] = [];
  const labels = { team: `amend\n${seq}\nteams`, experts: `amend\n${seq}\nexperts` };
  const { visits } = state;
  const target = amendmentTargetProblem(visits, req);
  if (target) return { change, passedOver, problems: [target] };
  if (req.type === 'entity') {
    const idx = visits.findIndex((v) => v.code === req.code);
    const [gone] = visits.splice(idx, 1) as [Visit];
    state.retired.push(gone);
    (state.retiredBy ??= new Map()).set(gone.code, seq);
    change.removed = { code: gone.code, name: gone.name, items: [...gone.items] };
    const problems: string[] = [];
    for (const pick of gone.picks) {
      const stratum = plan.pools.find((p) => p.item.id === pick.item)?.strata.find((s) => s.label === pick.stratum);
      if (!stratum) {
        problems.push(`找不到事项 ${pick.item} 的抽取范围`);
        continue;
      }
      // The next pick of the stream; an entity replaced earlier (e.g. found 注销 for another item) is passed over.
      const retired = new Map(state.retired.map((v) => [v.code, state.retiredBy?.get(v.code) ?? null]));
      const other = new Map(others.filter((x) => x.item === pick.item).map((x) => [x.code, x]));
      let taken = picksSoFar(state, pick.item, pick.stratum);
      let next: { code: string; name: string } | undefined;
      while (taken < stratum.candidates.length) {
        const row = partialShuffle(new DrawStream(seed, stratum.stream), stratum.candidates, taken + 1)[taken]!;
        const e = { code: plan.table.code(row), name: plan.table.name(row) };
        const drawnElsewhere = other.get(e.code);
        const at = { item: pick.item, stratum: pick.stratum, position: taken, code: e.code, name: e.name };
        if (drawnElsewhere) passedOver.push({ ...at, kind: 'repeat', reason: drawnElsewhere.reason });
        else if (retired.has(e.code)) {
          const n = retired.get(e.code);
          passedOver.push({ ...at, kind: 'replaced', reason: n === seq ? '本次补抽替换的检查对象' : n !== null && n !== undefined ? `已在第 ${n} 次补抽中被替换` : '已被此前的补抽替换' });
        } else {
          next = e;
          break;
        }
        taken++;
      }
      if (!next) {
        problems.push(`事项 ${pick.item}${stratum.label ? `（${stratum.label}）` : ''}已没有可补抽的检查对象`);
        continue;
      }
      let v = visits.find((x) => x.code === next.code);
      if (!v) {
        v = { code: next.code, name: next.name, items: [], picks: [], team: [] };
        visits.push(v);
      }
      if (!v.items.includes(pick.item)) v.items.push(pick.item);
      v.picks.push({ item: pick.item, stratum: pick.stratum, position: taken });
      change.added.push({ code: next.code, name: next.name, item: pick.item, stratum: pick.stratum, position: taken });
    }
    problems.push(...assignTeams(visits, inputs, params, seed, labels));
    return { change, problems, passedOver };
  }
  const affected = visits.filter((v) => v.team.some((m) => m.certNo === req.certNo) && (req.code === null || v.code === req.code));
  const before = new Map<string, Set<string>>();
  for (const v of affected) {
    const i = v.team.findIndex((m) => m.certNo === req.certNo);
    const [out] = v.team.splice(i, 1) as [TeamMember];
    change.teamChanges.push({ code: v.code, out, in: null });
    if (out.role === '组长') {
      const next = v.team.find((m) => m.role === '组员');
      if (next) next.role = '组长';
    }
    before.set(v.code, new Set(v.team.map((m) => m.certNo)));
  }
  // The person may not be drawn again for the teams they left.
  const people = { ...inputs, conflicts: [...inputs.conflicts, ...affected.map((v) => ({ certNo: req.certNo, code: v.code }))] };
  const problems = assignTeams(visits, people, params, seed, labels);
  for (const tc of change.teamChanges) {
    const v = affected.find((a) => a.code === tc.code)!;
    tc.in = v.team.find((m) => !before.get(v.code)!.has(m.certNo)) ?? null;
  }
  return { change, problems, passedOver };
}

/** Picks a stream has given so far: current visits and replaced ones. */
function picksSoFar(state: DrawState, item: string, stratum: string): number {
  let max = -1;
  for (const v of [...state.visits, ...state.retired]) {
    for (const p of v.picks) if (p.item === item && p.stratum === stratum && p.position > max) max = p.position;
  }
  return max + 1;
}
