// 双随机抽取: the pools, the sample sizes, the entities drawn and the teams, as pure functions of the lists,
// the parameters and the seed. The same inputs give the same result on any machine (docs/draw-algorithm.md).
import { createHash } from 'node:crypto';
import { DrawStream } from './rng.js';
import { allocateLargestRemainder, partialShuffle, sampleSize } from './sample.js';
import { compareCodePoints } from './snapshot.js';
import type { TeamMember, TeamRule } from './teams.js';
import type { Entity, InspectionItem, Inspector } from './types.js';
import { fieldValue, scopeLabel } from './where.js';
import type { JointContext } from './joint-teams.js';
import { asTable, type EntityTable } from './entity-table.js';
import { assignTeams } from './team-assign.js';

// Teams (team-assign.ts) and amendments (amend.ts) live beside this file; their API is re-exported here.
export { assignTeams, canonicalInspectors, conflictMap, eligibleFor } from './team-assign.js';
export { amendmentTargetProblem, applyAmendment, type AmendmentChange, type AmendmentRequest, type DrawState, type PassedPosition } from './amend.js';
export { canonicalEntities, tableOf, type EntityTable } from './entity-table.js';

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
  /** the registry: records in any order (put in canonical order here), or a table in canonical order */
  entities: readonly Entity[] | EntityTable;
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
  /** the rows of DrawPlan.table that may be drawn, in canonical order */
  candidates: ArrayLike<number>;
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
  picks: { item: string; position: number; stratum: string }[];
  team: TeamMember[];
}

export interface DrawPlan {
  /** the registry the candidates are rows of */
  table: EntityTable;
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

function inScope(e: Entity, where: readonly Condition[]): boolean {
  for (let i = 0; i < where.length; i++) if (!where[i]!.values.includes(fieldValue(e, where[i]!.field))) return false;
  return true;
}

/** Whether an entity is in an item's drawable scope (its 检查对象, the --where conditions, active): where a repeat exclusion is recorded. */
export function inItemScope(e: Entity, target: string, where: readonly Condition[]): boolean {
  return e.category === target && e.status === 'active' && (where.length === 0 || inScope(e, where));
}

/** inItemScope for row i of a table. */
export function inItemScopeAt(table: EntityTable, i: number, target: string, where: readonly Condition[]): boolean {
  return table.value(i, 'category') === target && table.value(i, 'status') === 'active' && where.every((c) => c.values.includes(table.value(i, c.field)));
}

/** Per value id of a column: 1 where the value passes the test. */
function idMask(values: readonly string[], test: (v: string) => boolean): Uint8Array {
  return Uint8Array.from(values, (v) => (test(v) ? 1 : 0));
}

/** Pools, exclusions and sample sizes: everything decided before the seed is known. */
export function planDraw(inputs: DrawInputs, params: DrawParams): DrawPlan {
  const problems: string[] = [];
  const warnings: string[] = [];
  const exclusions: Exclusion[] = [];
  const table = asTable(inputs.entities, inputs.entitiesInOrder);
  const n = table.length;
  const byId = new Map(inputs.items.map((it) => [it.id, it]));
  const repeatByItem = new Map<string, Map<string, Exclusion>>();
  for (const x of inputs.repeat) {
    if (!repeatByItem.has(x.item)) repeatByItem.set(x.item, new Map());
    repeatByItem.get(x.item)!.set(x.code, x);
  }
  // The columns every item reads, as value ids: a row is compared by number, its strings are read only when recorded.
  const category = table.coded('category');
  const status = table.coded('status');
  const active = idMask(status.values, (v) => v === 'active');
  const statusText = table.coded('statusText');
  const goneReason: (string | undefined)[] = [];
  const where = params.where.map((c) => {
    const col = table.coded(c.field);
    return { ids: col.ids, ok: idMask(col.values, (v) => c.values.includes(v)) };
  });
  const pools: ItemPool[] = [];
  for (const id of params.items) {
    const item = byId.get(id);
    if (!item) {
      problems.push(`事项清单中没有编号为 ${id} 的事项`);
      continue;
    }
    // entities drawn for this item earlier this year, by row (codes not in the registry cannot be met)
    const repeat = new Map<number, Exclusion>();
    for (const x of repeatByItem.get(id)?.values() ?? []) {
      let row = table.find(x.code);
      if (row < 0) continue;
      while (row > 0 && table.code(row - 1) === x.code) row--; // (a code twice: every row with it, as matching by code did)
      for (; row < n && table.code(row) === x.code; row++) repeat.set(row, x);
    }
    // Strata: differentiated ratios by 信用风险分类, or proportional strata on a field, or none.
    const useRisk = params.riskRatios !== null && params.ratio === null && params.count === null;
    const field: ScopeField | null = useRisk ? 'risk' : params.strata;
    // One pass over the registry: scope, gone, repeat, and the group (stratum) of each candidate.
    // candidates: rows in `rows`, their group's number in `groupOf`, put in one array per group after the pass
    const groups = new Map<string, { population: number; count: number; index: number }>();
    let group = { population: 0, count: 0, index: 0 };
    if (!field) groups.set('', group);
    const strataCol = field ? table.coded(field) : null;
    const groupOfId: ({ population: number; count: number; index: number } | undefined)[] = [];
    const rowsIn = new Int32Array(n);
    const groupOf = field ? new Int32Array(n) : null;
    let found = 0;
    let population = 0;
    const target = item.target;
    const inTarget = idMask(category.values, (v) => v === target);
    const catIds = category.ids;
    const statusIds = status.ids;
    const nw = where.length;
    rows: for (let i = 0; i < n; i++) {
      if (inTarget[catIds[i]!] === 0) continue;
      for (let w = 0; w < nw; w++) if (where[w]!.ok[where[w]!.ids[i]!] === 0) continue rows;
      if (active[statusIds[i]!] === 0) {
        const sid = statusText.ids[i]!; // (one reason string per 经营状态, not one per row)
        const reason = (goneReason[sid] ??= `经营状态为“${statusText.values[sid] || '已退出'}”，不再抽取`);
        exclusions.push({ code: table.code(i), item: id, kind: 'gone', name: table.name(i), reason });
        continue;
      }
      population++;
      if (strataCol) {
        const vid = strataCol.ids[i]!;
        let g = groupOfId[vid];
        if (!g) {
          const key = strataCol.values[vid]!;
          g = groups.get(key);
          if (!g) groups.set(key, (g = { population: 0, count: 0, index: groups.size }));
          groupOfId[vid] = g;
        }
        group = g;
      }
      group.population++;
      if (repeat.size) {
        const r = repeat.get(i);
        if (r) {
          exclusions.push({ code: r.code, item: r.item, kind: r.kind, name: r.name || table.name(i), reason: r.reason });
          continue;
        }
      }
      group.count++;
      if (groupOf) groupOf[found] = group.index;
      rowsIn[found++] = i;
    }
    const candidatesOf = new Map<string, Int32Array>();
    if (groupOf) {
      const byIndex = [...groups.values()].map((g) => new Int32Array(g.count));
      const at = new Int32Array(byIndex.length);
      for (let k = 0; k < found; k++) {
        const gi = groupOf[k]!;
        byIndex[gi]![at[gi]!++] = rowsIn[k]!;
      }
      for (const [key, g] of groups) candidatesOf.set(key, byIndex[g.index]!);
    } else candidatesOf.set('', rowsIn.slice(0, found));
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
      const { population: n } = groups.get(k)!;
      const candidates = candidatesOf.get(k)!;
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
  const { hash, size } = hashPool(table, pools);
  return { table, pools, exclusions, poolHash: hash, poolSize: size, problems, warnings };
}

/** SHA-256 over "item\tstratum\tcode\n" for every candidate, items and strata in order, candidates in canonical order. */
function hashPool(table: EntityTable, pools: readonly ItemPool[]): { hash: string; size: number } {
  const h = createHash('sha256');
  const seen = new Set<string>();
  const buf = Buffer.allocUnsafe(1 << 20);
  const maxCode = table.maxCodeBytes;
  for (const p of pools) {
    for (const s of p.strata) {
      const prefix = Buffer.from(`${p.item.id}\t${s.label}\t`, 'utf8');
      let at = 0;
      const rows = s.candidates;
      for (let k = 0; k < rows.length; k++) {
        const i = rows[k]!;
        if (at + prefix.length + maxCode + 1 > buf.length) {
          h.update(buf.subarray(0, at));
          at = 0;
        }
        at += prefix.copy(buf, at);
        at += table.writeCode(i, buf, at);
        buf[at++] = 10;
        if (pools.length > 1) seen.add(table.code(i));
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
      picks.forEach((row, position) => addPick(visits, plan.table, row, p.item.id, s.label, position));
    }
  }
  return [...visits.values()];
}

function addPick(visits: Map<string, Visit>, table: EntityTable, row: number, item: string, stratum: string, position: number): Visit {
  const code = table.code(row);
  let v = visits.get(code);
  if (!v) {
    // keys in the record's (sorted) order, and lists of their exact length: the record's entities are these objects
    // (core/record.ts sortKeysDeep takes them as they are), and 50,000 of them stay in memory until it is written
    v = { code, items: [item], name: table.name(row), picks: [{ item, position, stratum }], team: [] };
    visits.set(code, v);
    return v;
  }
  if (!v.items.includes(item)) v.items.push(item);
  v.picks.push({ item, position, stratum });
  return v;
}

/** The whole draw: plan, entities, teams. Problems are returned, not thrown, so that all of them can be shown. */
export function runDraw(inputs: DrawInputs, params: DrawParams, seed: string): { plan: DrawPlan; visits: Visit[]; problems: string[] } {
  const plan = planDraw(inputs, params);
  if (plan.problems.length) return { plan, visits: [], problems: plan.problems };
  const visits = drawEntities(plan, seed);
  const problems = assignTeams(visits, inputs, params, seed);
  return { plan, visits, problems };
}

