// 检查组: who may inspect a visit (certificates, the items' team rules, 回避) and the seeded, workload-balanced choice of its team.
import { DrawStream } from './rng.js';
import { compareCodePoints } from './snapshot.js';
import { ineligibility, isExpert, TeamPicker, type TeamMember } from './teams.js';
import type { Inspector } from './types.js';
import { staffJointVisit } from './joint-teams.js';
import type { ConflictPair, DrawInputs, DrawParams, Visit } from './draw.js';

/**
 * The people who may be drawn for a visit with these items (回避 aside, which depends on the entity: see
 * assignTeams), and why the others may not: certificate, and the items' teamRules.
 */
export function eligibleFor(
  itemIds: readonly string[],
  inputs: Pick<DrawInputs, 'inspectors' | 'items'>,
  params: Pick<DrawParams, 'date' | 'teamRules'>,
  experts: boolean,
): { eligible: Inspector[]; excluded: { person: Inspector; reason: string }[] } {
  const items = itemIds.map((id) => inputs.items.find((it) => it.id === id)!).filter(Boolean);
  const eligible: Inspector[] = [];
  const excluded: { person: Inspector; reason: string }[] = [];
  for (const p of inputs.inspectors) {
    if (isExpert(p) !== experts) continue;
    const why = ineligibility(p, items, params.teamRules, params.date);
    if (why) excluded.push({ person: p, reason: why });
    else eligible.push(p);
  }
  return { eligible, excluded };
}

export function conflictMap(pairs: readonly ConflictPair[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>();
  for (const c of pairs) {
    if (!m.has(c.code)) m.set(c.code, new Set());
    m.get(c.code)!.add(c.certNo);
  }
  return m;
}

/** Inspectors in canonical order (ascending 执法证号 by code point). */
export function canonicalInspectors(people: readonly Inspector[]): Inspector[] {
  return [...people].sort((a, b) => compareCodePoints(a.certNo, b.certNo));
}

/**
 * Assign a team to every visit without one, in visit order: teamSize inspectors from stream `labels.team`,
 * then `experts` experts from stream `labels.experts`. Workload counts start from the teams already assigned.
 * Returns the problems (visits that cannot be staffed), all of them.
 */
export function assignTeams(
  visits: Visit[],
  inputs: Pick<DrawInputs, 'inspectors' | 'conflicts' | 'items' | 'joint'>,
  params: Pick<DrawParams, 'date' | 'teamRules' | 'teamSize' | 'experts'>,
  seed: string,
  labels: { team: string; experts: string } = { team: 'teams', experts: 'experts' },
): string[] {
  const people = canonicalInspectors(inputs.inspectors);
  const index = new Map(people.map((p, i) => [p.certNo, i]));
  const sorted = { ...inputs, inspectors: people };
  const conflicts = conflictMap(inputs.conflicts);
  const pickers = { inspectors: new TeamPicker(new DrawStream(seed, labels.team), people.length), experts: new TeamPicker(new DrawStream(seed, labels.experts), people.length) };
  for (const v of visits) {
    for (const m of v.team) {
      const i = index.get(m.certNo);
      if (i !== undefined) (m.role === '专家' ? pickers.experts : pickers.inspectors).add(i);
    }
  }
  const problems: string[] = [];
  // Eligibility without 回避 depends only on the visit's items: computed once per combination.
  const cache = new Map<string, { base: ReturnType<typeof eligibleFor>; idx: Int32Array }>();
  const staff = (v: Visit, expert: boolean, want: number) => {
    let have = 0;
    for (const m of v.team) if ((m.role === '专家') === expert) have++;
    if (have >= want) return;
    const key = `${expert}\u0000${v.items.join('\u0000')}`;
    let hit = cache.get(key);
    if (!hit) {
      const base = eligibleFor(v.items, sorted, params, expert);
      hit = { base, idx: Int32Array.from(base.eligible, (p) => index.get(p.certNo)!) };
      cache.set(key, hit);
    }
    const blocked = conflicts.get(v.code);
    const eligible = blocked ? hit.idx.filter((i) => !blocked.has(people[i]!.certNo)) : hit.idx;
    const taken = v.team.map((m) => index.get(m.certNo)).filter((i): i is number => i !== undefined);
    let free = eligible.length;
    for (const i of taken) if (eligible.includes(i)) free--;
    if (free < want - have) {
      const excluded = [...hit.base.excluded, ...hit.base.eligible.filter((p) => blocked?.has(p.certNo)).map((person) => ({ person, reason: '与该检查对象有回避关系' }))];
      problems.push(shortage(v, want, have + free, excluded, expert ? '专家' : '执法人员'));
      return;
    }
    const lead = expert || v.team.some((m) => m.role === '组长');
    const added = (expert ? pickers.experts : pickers.inspectors).pick(eligible, want - have, taken).map((i, k): TeamMember => {
      const p = people[i]!;
      return { certNo: p.certNo, name: p.name, role: expert ? '专家' : lead || k > 0 ? '组员' : '组长' };
    });
    v.team = v.team.length === 0 ? added : v.team.concat(added); // (a list of its exact length: see addPick in draw.ts)
  };
  for (const v of visits) {
    if (inputs.joint) {
      // 部门联合抽查: a member of each department of the visit's items, balanced (joint-teams.ts)
      const p = staffJointVisit(v, people, inputs.joint, params.teamRules, params.date, conflicts.get(v.code), pickers.inspectors, params.teamSize, inputs.items, index);
      if (p) problems.push(p);
    } else staff(v, false, params.teamSize);
    staff(v, true, params.experts);
    sortTeam(v.team);
  }
  return problems;
}

/** 组长 first, then 组员, then 专家; order of picking within a role kept (the sort is stable). */
const RANK = { 组长: 0, 组员: 1, 专家: 2 } as const;
function sortTeam(team: TeamMember[]) {
  for (let i = 1; i < team.length; i++) {
    if (RANK[team[i - 1]!.role] > RANK[team[i]!.role]) {
      team.sort((a, b) => RANK[a.role] - RANK[b.role]);
      return;
    }
  }
}

function shortage(v: Visit, need: number, have: number, excluded: { person: Inspector; reason: string }[], what: string): string {
  const byReason = new Map<string, string[]>();
  for (const x of excluded) {
    if (!byReason.has(x.reason)) byReason.set(x.reason, []);
    byReason.get(x.reason)!.push(`${x.person.name}（${x.person.certNo}）`);
  }
  const lines = [...byReason].map(([reason, names]) => `    ${reason}：${names.slice(0, 12).join('、')}${names.length > 12 ? ` 等 ${names.length} 人` : ''}`);
  return `检查对象「${v.name}」（${v.code}）需要 ${need} 名${what}，符合条件的只有 ${have} 名${lines.length ? `；不符合条件的：\n${lines.join('\n')}` : ''}`;
}

