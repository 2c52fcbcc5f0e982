// 双随机抽取: the pools, the sample sizes, the entities drawn and the teams, as pure functions of the lists,
// the parameters and the seed. The same inputs give the same result on any machine (docs/draw-algorithm.md).
import { createHash } from 'node:crypto';
import { DrawStream } from './rng.js';
import { allocateLargestRemainder, partialShuffle, sampleSize } from './sample.js';
import { compareCodePoints } from './snapshot.js';
import { ineligibility, isExpert, TeamPicker, type TeamMember, type TeamRule } from './teams.js';
import type { Entity, InspectionItem, Inspector } from './types.js';
import { fieldValue, scopeLabel } from './where.js';
import { staffJointVisit, type JointContext } from './joint-teams.js';

/**
 * Fields a directed draw (定向抽查) may narrow the pool by, and strata may be formed on: the four below, or any
 * other column of the registry by its name as the file has it (see where.ts).
 */
export type ScopeField = string;
export const SCOPE_LABEL: Record<string, string> = { region: '区域', category: '行业类别', section: '监管责任股室', risk: '信用风险分类' };
export const SCOPE_FIELDS: Record<string, ScopeField> = {
  区域: 'region', 所在乡镇: 'region', 乡镇: 'region', region: 'region',
  行业类别: 'category', 行业: 'category', category: 'category',
  监管责任股室: 'section', 责任股室: 'section', 股室: 'section', section: 'section',
  信用风险分类: 'risk', 风险分类: 'risk', 信用风险: 'risk', risk: 'risk',
};

/** --where 区域=城关镇: values of one field are alternatives; different fields must all hold. */
export interface Condition {
  field: ScopeField;
  values: string[];
}

export interface DrawParams {
  /** item ids in canonical (code point) order */
  items: string[];
  round: number;
  /** draw date (certificates must be valid on it) */
  date: string;
  /** --ratio: replaces the items' 抽查比例 */
  ratio: number | null;
  /** --count: a fixed number per item instead of a ratio */
  count: number | null;
  where: Condition[];
  /** --strata: proportional strata on this field */
  strata: ScopeField | null;
  /** ssj.json riskRatios: a stratum per 信用风险分类 with its own ratio (only when neither ratio nor count is given) */
  riskRatios: Record<string, number> | null;
  teamSize: number;
  experts: number;
  teamRules: Record<string, TeamRule>;
}

/** An entity of an item's scope that cannot be drawn. */
export interface Exclusion {
  item: string;
  code: string;
  name: string;
  /** gone: 注销/吊销/迁出… in the registry; repeat: already drawn for this item this year (防止执法扰民) */
  kind: 'gone' | 'repeat';
  reason: string;
}

/** 回避: an inspector who must not inspect an entity. */
export interface ConflictPair {
  certNo: string;
  code: string;
}

export interface DrawInputs {
  /** the registry (any order; put in canonical order here) */
  entities: readonly Entity[];
  items: readonly InspectionItem[];
  inspectors: readonly Inspector[];
  conflicts: readonly ConflictPair[];
  /** entities already drawn this year, per item (kind 'repeat') */
  repeat: readonly Exclusion[];
  /** true when entities come from a stored snapshot, which is in canonical order by construction */
  entitiesInOrder?: boolean;
  /** 部门联合抽查 (ssj-draw/2-joint): the departments of the items; teams are then formed by staffJointVisit */
  joint?: JointContext;
}

export interface Stratum {
  /** '' for an unstratified item, else e.g. 信用风险分类=A */
  label: string;
  ratio: number | null;
  population: number;
  available: number;
  sample: number;
  /** the random stream's label */
  stream: string;
  candidates: Entity[];
}

export interface ItemPool {
  item: InspectionItem;
  /** the ratio applied (null with --count or differentiated ratios) */
  ratio: number | null;
  /** active entities in scope, before the repeat exclusion: what the ratio is of */
  population: number;
  available: number;
  sample: number;
  strata: Stratum[];
}

/** 检查对象 drawn: visited once, by one team, for all its items (合并检查). */
export interface Visit {
  code: string;
  name: string;
  items: string[];
  /** which stream drew it, at which position (0-based), per item */
  picks: { item: string; stratum: string; position: number }[];
  team: TeamMember[];
}

export interface DrawPlan {
  pools: ItemPool[];
  exclusions: Exclusion[];
  poolHash: string;
  /** distinct entities that could be drawn */
  poolSize: number;
  /** reasons the draw cannot be made as asked (all of them) */
  problems: string[];
  warnings: string[];
}

/** The entity fields a draw reads (the registry's other columns, e.g. phone numbers, are not needed to draw). */
export const DRAW_ENTITY_FIELDS = ['code', 'name', 'section', 'category', 'region', 'risk', 'status', 'statusText'] as const;

export const entityStream = (item: string, stratum: string) => `entities\n${item}\n${stratum}`;

const SURROGATE = /[\uD800-\uDFFF]/;
const isSorted = (xs: readonly Entity[]) => {
  // UTF-16 order is code point order unless a code holds a surrogate pair (never in real registries).
  for (let i = 1; i < xs.length; i++) if (!(xs[i - 1]!.code < xs[i]!.code)) return false;
  for (let i = 0; i < xs.length; i++) if (SURROGATE.test(xs[i]!.code)) return xs.every((e, k) => k === 0 || compareCodePoints(xs[k - 1]!.code, e.code) < 0);
  return true;
};

/** The registry in canonical order (ascending code by code point), so row order in the input never matters. */
export function canonicalEntities(entities: readonly Entity[]): readonly Entity[] {
  return isSorted(entities) ? entities : [...entities].sort((a, b) => compareCodePoints(a.code, b.code));
}

function inScope(e: Entity, where: readonly Condition[]): boolean {
  for (let i = 0; i < where.length; i++) if (!where[i]!.values.includes(fieldValue(e, where[i]!.field))) return false;
  return true;
}

/** Whether an entity is in an item's drawable scope (its 检查对象, the --where conditions, active): where a repeat exclusion is recorded. */
export function inItemScope(e: Entity, target: string, where: readonly Condition[]): boolean {
  return e.category === target && e.status === 'active' && (where.length === 0 || inScope(e, where));
}

/** Pools, exclusions and sample sizes: everything decided before the seed is known. */
export function planDraw(inputs: DrawInputs, params: DrawParams): DrawPlan {
  const problems: string[] = [];
  const warnings: string[] = [];
  const exclusions: Exclusion[] = [];
  const entities = inputs.entitiesInOrder ? inputs.entities : canonicalEntities(inputs.entities);
  const byId = new Map(inputs.items.map((it) => [it.id, it]));
  const repeatByItem = new Map<string, Map<string, Exclusion>>();
  for (const x of inputs.repeat) {
    if (!repeatByItem.has(x.item)) repeatByItem.set(x.item, new Map());
    repeatByItem.get(x.item)!.set(x.code, x);
  }
  const pools: ItemPool[] = [];
  for (const id of params.items) {
    const item = byId.get(id);
    if (!item) {
      problems.push(`事项清单中没有编号为 ${id} 的事项`);
      continue;
    }
    const repeat = repeatByItem.get(id) ?? new Map<string, Exclusion>();
    // Strata: differentiated ratios by 信用风险分类, or proportional strata on a field, or none.
    const useRisk = params.riskRatios !== null && params.ratio === null && params.count === null;
    const field: ScopeField | null = useRisk ? 'risk' : params.strata;
    // One pass over the registry: scope, gone, repeat, and the group (stratum) of each candidate.
    const groups = new Map<string, { population: number; candidates: Entity[] }>();
    let group = { population: 0, candidates: [] as Entity[] };
    if (!field) groups.set('', group);
    let population = 0;
    const target = item.target;
    const where = params.where;
    for (let i = 0; i < entities.length; i++) {
      const e = entities[i]!;
      if (e.category !== target || (where.length && !inScope(e, where))) continue;
      if (e.status !== 'active') {
        exclusions.push({ code: e.code, item: id, kind: 'gone', name: e.name, reason: `经营状态为“${e.statusText || '已退出'}”，不再抽取` });
        continue;
      }
      population++;
      if (field) {
        const key = fieldValue(e, field);
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { population: 0, candidates: [] }));
        group = g;
      }
      group.population++;
      if (repeat.size) {
        const r = repeat.get(e.code);
        if (r) {
          exclusions.push({ code: r.code, item: r.item, kind: r.kind, name: r.name || e.name, reason: r.reason });
          continue;
        }
      }
      group.candidates.push(e);
    }
    const whereText = params.where.map((c) => `${scopeLabel(c.field)}=${c.values.join('或')}`).join('，');
    if (population === 0) {
      problems.push(`事项 ${id}「${item.name}」：检查对象名录库中没有行业类别为“${item.target}”${whereText ? `且${whereText}` : ''}的在业检查对象`);
      continue;
    }
    const keys = [...groups.keys()].sort(compareCodePoints);
    const label = (k: string) => (field ? `${scopeLabel(field)}=${k}` : '');
    const itemRatio = params.ratio ?? item.ratio;
    let samples: number[];
    let ratios: (number | null)[];
    if (useRisk) {
      if (itemRatio === null) {
        problems.push(`事项 ${id}「${item.name}」的抽查比例为“${item.ratioText || '不适用'}”，不进行随机抽查`);
        continue;
      }
      ratios = keys.map((k) => params.riskRatios![k] ?? itemRatio);
      samples = keys.map((k, i) => sampleSize(ratios[i]!, groups.get(k)!.population));
    } else {
      let total: number;
      if (params.count !== null) total = params.count;
      else if (itemRatio === null) {
        problems.push(`事项 ${id}「${item.name}」的抽查比例为“${item.ratioText || '不适用'}”，不进行随机抽查（如确需抽取，请用 --count 或 --ratio 指定）`);
        continue;
      } else total = sampleSize(itemRatio, population);
      samples = allocateLargestRemainder(total, keys.map((k) => groups.get(k)!.population));
      ratios = keys.map(() => (params.count !== null ? null : itemRatio));
    }
    const strata: Stratum[] = keys.map((k, i) => {
      const { population: n, candidates } = groups.get(k)!;
      return { label: label(k), ratio: ratios[i]!, population: n, available: candidates.length, sample: samples[i]!, stream: entityStream(id, label(k)), candidates };
    });
    for (const s of strata) {
      if (s.sample > s.available) {
        const excluded = s.population - s.available;
        problems.push(
          `事项 ${id}「${item.name}」${s.label ? `（${s.label}）` : ''}需要抽取 ${s.sample} 个检查对象，但可抽的只有 ${s.available} 个` +
            `（范围内在业 ${s.population} 个${excluded ? `，其中 ${excluded} 个本年度已抽中` : ''}）`,
        );
      }
    }
    const sample = strata.reduce((a, s) => a + s.sample, 0);
    const ratioUsed = useRisk || params.count !== null ? null : itemRatio;
    if (params.count !== null && params.count < sampleSize(item.ratio ?? 0, population) && item.ratio !== null) {
      warnings.push(`事项 ${id}：--count ${params.count} 少于该事项抽查比例 ${item.ratioText} 对应的 ${sampleSize(item.ratio, population)} 个`);
    }
    pools.push({ item, ratio: ratioUsed, population, available: strata.reduce((a, s) => a + s.available, 0), sample, strata });
  }
  const { hash, size } = hashPool(pools);
  return { pools, exclusions, poolHash: hash, poolSize: size, problems, warnings };
}

/** SHA-256 over "item\tstratum\tcode\n" for every candidate, items and strata in order, candidates in canonical order. */
function hashPool(pools: readonly ItemPool[]): { hash: string; size: number } {
  const h = createHash('sha256');
  const seen = new Set<string>();
  const buf = Buffer.allocUnsafe(1 << 20);
  for (const p of pools) {
    for (const s of p.strata) {
      const prefix = Buffer.from(`${p.item.id}\t${s.label}\t`, 'utf8');
      let at = 0;
      for (const e of s.candidates) {
        if (at + prefix.length + 4 * e.code.length + 1 > buf.length) {
          h.update(buf.subarray(0, at));
          at = 0;
        }
        at += prefix.copy(buf, at);
        at += buf.write(e.code, at, 'utf8');
        buf[at++] = 10;
        if (pools.length > 1) seen.add(e.code);
      }
      h.update(buf.subarray(0, at));
    }
  }
  const size = pools.length > 1 ? seen.size : pools.reduce((a, p) => a + p.available, 0);
  return { hash: h.digest('hex'), size };
}

/** Draw the entities: per item (in order), per stratum (in order), a partial shuffle of its candidates. */
export function drawEntities(plan: DrawPlan, seed: string): Visit[] {
  const visits = new Map<string, Visit>();
  for (const p of plan.pools) {
    for (const s of p.strata) {
      const picks = partialShuffle(new DrawStream(seed, s.stream), s.candidates, s.sample);
      picks.forEach((e, position) => addPick(visits, e, p.item.id, s.label, position));
    }
  }
  return [...visits.values()];
}

function addPick(visits: Map<string, Visit>, e: Entity, item: string, stratum: string, position: number): Visit {
  let v = visits.get(e.code);
  if (!v) {
    v = { code: e.code, name: e.name, items: [], picks: [], team: [] };
    visits.set(e.code, v);
  }
  if (!v.items.includes(item)) v.items.push(item);
  v.picks.push({ item, stratum, position });
  return v;
}

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
    for (const i of (expert ? pickers.experts : pickers.inspectors).pick(eligible, want - have, taken)) {
      const p = people[i]!;
      const role = expert ? '专家' : v.team.some((m) => m.role === '组长') ? '组员' : '组长';
      v.team.push({ certNo: p.certNo, name: p.name, role });
    }
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

/** The whole draw: plan, entities, teams. Problems are returned, not thrown, so that all of them can be shown. */
export function runDraw(inputs: DrawInputs, params: DrawParams, seed: string): { plan: DrawPlan; visits: Visit[]; problems: string[] } {
  const plan = planDraw(inputs, params);
  if (plan.problems.length) return { plan, visits: [], problems: plan.problems };
  const visits = drawEntities(plan, seed);
  const problems = assignTeams(visits, inputs, params, seed);
  return { plan, visits, problems };
}

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
  if (req.type === 'entity') {
    const idx = visits.findIndex((v) => v.code === req.code);
    if (idx < 0) return { change, passedOver, problems: [`检查对象 ${req.code} 不在这次抽取的结果中（或已被补抽替换）`] };
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
      let next: Entity | undefined;
      while (taken < stratum.candidates.length) {
        const e = partialShuffle(new DrawStream(seed, stratum.stream), stratum.candidates, taken + 1)[taken]!;
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
  if (affected.length === 0) {
    return { change, passedOver, problems: [`执法证号为 ${req.certNo} 的人员不在这次抽取${req.code ? `中检查对象 ${req.code} 的检查组` : '的任何检查组'}中`] };
  }
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
