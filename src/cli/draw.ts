// ssj draw --item ID … [--round N] [--ratio R | --count N] [--seed TEXT] [--witness 姓名 …] [--entropy 数字 …]
//   [--public 值] [--operator 姓名] [--place 地点] [--where 字段=值 …] [--strata 字段] [--team-size N] [--experts N]
//   [--redraw --reason 原因] [--present] [--yes] [--json]
import { join } from 'node:path';
import { SsjError, usageError } from '../core/errors.js';
import {
  assignTeams, DRAW_ENTITY_FIELDS, drawEntities, eligibleFor, planDraw,
  type Condition, type ConflictPair, type DrawInputs, type DrawParams, type ScopeField,
} from '../core/draw.js';
import { extraFieldsOf, KNOWN_ORDER, resolveScopeField } from '../core/where.js';
import { repeatExclusions, standingDraws } from '../core/ledger.js';
import { recordedVisits, RECORD_FORMAT, sealRecord, type DrawRecord, type LedgerRecord, type RecordedVisit } from '../core/record.js';
import { tasksOf } from '../core/tasks.js';
import { departmentsOf, itemDepartment, rosterFor } from '../core/departments.js';
import { JOINT_ALGORITHM, jointContext, visitDepartments } from '../core/joint-teams.js';
import { decideMerges, type MergeNote } from '../core/visits.js';
import { conflictsTouching, poolOf } from '../core/replay.js';
import { ALGORITHM } from '../core/rng.js';
import { cleanEntropy, log2Binomial, seedBits, seedFromComponents, type SeedComponent } from '../core/seed.js';
import { foldAscii } from '../core/text.js';
import { isSuspended } from '../core/normalize.js';
import type { Conflict, Entity, InspectionItem, Inspector, ListKind } from '../core/types.js';
import { currentUser, nowStamp, today } from '../io/clock.js';
import { appendRecord, readAll } from '../io/draws.js';
import { withLock } from '../io/lock.js';
import { loadCurrent } from '../io/store.js';
import { openWorkspace, type Workspace } from '../io/workspace.js';
import { VERSION } from '../version.js';
import { PlainDrawView, type DrawView } from '../ui/draw-view.js';
import { jsonLong } from '../ui/output.js';
import { askConfirm, askList, askSelect, askText, interactive } from '../ui/prompts.js';
import type { GlobalOptions } from './main.js';

export interface DrawOptions {
  item?: string[];
  round?: string;
  ratio?: string;
  count?: string;
  seed?: string;
  witness?: string[];
  entropy?: string[];
  public?: string;
  publicName?: string;
  operator?: string;
  place?: string;
  where?: string[];
  strata?: string;
  teamSize?: string;
  experts?: string;
  redraw?: boolean;
  reason?: string;
  present?: boolean;
  yes?: boolean;
  json?: boolean;
}

export function parseRatio(v: string, flag = '--ratio'): number {
  const t = foldAscii(v).trim();
  const m = /^(\d+(?:\.\d+)?)\s*%$/.exec(t);
  const r = m ? Number(m[1]) / 100 : Number(t);
  if (!Number.isFinite(r) || r <= 0 || r > 1) throw usageError(`${flag} 应为 0 到 1 之间的小数或百分数（如 0.05 或 5%），现在是「${v}」`);
  return r;
}

export function parseInt0(v: string | undefined, flag: string, min: number, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(foldAscii(v).trim());
  if (!Number.isInteger(n) || n < min) throw usageError(`${flag} 应为不小于 ${min} 的整数，现在是「${v}」`);
  return n;
}

/** A --where / --strata field: one of the four known fields, or (given the registry's columns) any of its columns. */
export function scopeField(name: string, flag: string, extras: readonly string[] = []): ScopeField {
  return resolveScopeField(name, flag, extras);
}

/** Checks the form of each --where (before anything is loaded); field names are resolved by parseWhere. */
export function checkWhereSyntax(list: readonly string[]): void {
  for (const w of list) {
    const m = /^([^=＝]+)[=＝](.*)$/.exec(w);
    if (!m || m[2]!.trim() === '') throw usageError(`--where 应写成 字段=值（如 --where 区域=城关镇），现在是「${w}」`);
  }
}

export function parseWhere(list: readonly string[], extras: readonly string[] = []): Condition[] {
  const byField = new Map<ScopeField, string[]>();
  for (const w of list) {
    const m = /^([^=＝]+)[=＝](.*)$/.exec(w);
    if (!m || m[2]!.trim() === '') throw usageError(`--where 应写成 字段=值（如 --where 区域=城关镇），现在是「${w}」`);
    const f = scopeField(m[1]!, '--where', extras);
    const v = m[2]!.trim();
    if (!byField.has(f)) byField.set(f, []);
    if (!byField.get(f)!.includes(v)) byField.get(f)!.push(v);
  }
  // the four known fields in ssj-draw/1's order, then registry columns by name (code-point order)
  const others = [...byField.keys()].filter((f) => !KNOWN_ORDER.includes(f)).sort();
  return [...KNOWN_ORDER, ...others].filter((f) => byField.has(f)).map((f) => ({ field: f, values: [...byField.get(f)!].sort() }));
}

const normId = (s: string) => foldAscii(s).trim().toUpperCase();

/** The lists a draw needs, from the workspace's current snapshots. */
export async function loadDrawLists(ws: Workspace) {
  const need = async (kind: ListKind, label: string, only?: readonly string[]) => {
    const cur = await loadCurrent(ws.root, kind, only);
    if (!cur) throw new SsjError('NO_DATA', `还没有导入${label}`, { hint: `请先运行 ssj import ${kind} 文件.xlsx` });
    return cur;
  };
  const items = await need('items', '随机抽查事项清单');
  const entities = await need('entities', '检查对象名录库', DRAW_ENTITY_FIELDS);
  const inspectors = await need('inspectors', '执法检查人员名录');
  const conflicts = await loadCurrent(ws.root, 'conflicts');
  return { items, entities, inspectors, conflicts };
}

export async function draw(opts: DrawOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  // Flags are checked before anything is asked or loaded.
  if (opts.ratio !== undefined && opts.count !== undefined) throw usageError('--ratio 和 --count 只能用一个');
  const ratio = opts.ratio !== undefined ? parseRatio(opts.ratio) : null;
  const count = opts.count !== undefined ? parseInt0(opts.count, '--count', 1, 0) : null;
  const teamSize = parseInt0(opts.teamSize, '--team-size', 2, ws.config.teamSize);
  const experts = parseInt0(opts.experts, '--experts', 0, 0);
  checkWhereSyntax(opts.where ?? []);
  if (opts.strata !== undefined && opts.strata.trim() === '') throw usageError('--strata 后面应写字段名，如 --strata 区域');
  const strataGiven = opts.strata !== undefined;
  const riskRatios = ws.config.riskRatios && ratio === null && count === null ? ws.config.riskRatios : null;
  if (strataGiven && riskRatios) throw usageError('ssj.json 设置了按信用风险分类的差异化比例（riskRatios），不能再用 --strata', '如需按其他字段分层，请用 --ratio 或 --count 指定统一的比例或数量');
  if (opts.redraw && !opts.reason?.trim()) throw usageError('再次抽取（--redraw）必须用 --reason 说明原因');
  if (opts.seed !== undefined && (opts.entropy?.length || opts.public !== undefined)) throw usageError('--seed 不能与 --entropy、--public 同时使用');
  if (opts.seed !== undefined && opts.seed.trim() === '') throw usageError('--seed 不能为空');
  if (!interactive()) {
    if (!opts.witness?.length) throw usageError('缺少 --witness（监督人员 / 见证人姓名）', '在脚本中运行时请用 --witness 给出（可重复）；在终端中运行时 ssj 会询问');
    if (opts.seed === undefined && !opts.entropy?.length) {
      throw usageError('缺少 --entropy（每位见证人输入的一串数字）或 --seed（随机种子）', '在脚本中请用 --entropy 按见证人顺序给出各自的数字，或用 --seed 给出公开的种子');
    }
    if (!opts.item?.length) throw usageError('缺少 --item（抽查事项编号）', '在脚本中运行时请用 --item 给出；ssj list items 查看事项编号');
  }
  const present = Boolean(opts.present);
  if (present && opts.json) throw usageError('--present 与 --json 不能同时使用');
  if (present && !interactive()) throw usageError('--present（投屏模式）需要在终端中运行');

  return withLock(ws.root, async () => {
    const lists = await loadDrawLists(ws);
    // --where / --strata may name any column of the registry (kept in its snapshot)
    const extras = extraFieldsOf(lists.entities.records as Entity[]);
    const where = parseWhere(opts.where ?? [], extras);
    const strata = opts.strata !== undefined ? scopeField(opts.strata, '--strata', extras) : null;
    const allItems = lists.items.records as InspectionItem[];
    const { entries, records } = await readAll(ws.root);
    const past = entries.map((e) => records.get(e.id)).filter((r): r is LedgerRecord => Boolean(r));

    // 抽查事项
    let ids = (opts.item ?? []).flatMap((s) => s.split(/[,，、]/)).map(normId).filter(Boolean);
    if (ids.length === 0) {
      const drawable = allItems.filter((it) => it.ratio !== null);
      ids = [await askSelect({ flag: '--item', message: '抽查事项', choices: drawable.map((it) => ({ value: it.id, name: `${it.id} ${it.name}（${it.target}，${it.ratioText}）` })) })];
    }
    ids = [...new Set(ids.map((id) => allItems.find((it) => it.id === id || it.name === id)?.id ?? id))].sort();
    const unknown = ids.filter((id) => !allItems.some((it) => it.id === id));
    if (unknown.length) {
      throw usageError(`事项清单中没有：${unknown.join('、')}`, `现有事项：${allItems.map((it) => it.id).join('、')}（ssj list items 查看）`);
    }
    const items = ids.map((id) => allItems.find((it) => it.id === id)!);

    // 第几次抽取
    const standing = standingDraws(past);
    const nextRound = Math.max(...ids.map((id) => Math.max(0, ...(standing.get(id)?.keys() ?? [])) + 1));
    let round: number;
    if (opts.round !== undefined) round = parseInt0(opts.round, '--round', 1, 1);
    else if (interactive() && !opts.item?.length) round = parseInt0(await askText({ flag: '--round', message: '第几次抽取', default: String(nextRound) }), '--round', 1, nextRound);
    else round = nextRound;
    const earlier = ids.map((id) => standing.get(id)?.get(round)).filter((r): r is DrawRecord => Boolean(r));
    if (earlier.length && !opts.redraw) {
      const list = [...new Set(earlier.map((r) => `${r.id}（${r.date}）`))].join('、');
      throw new SsjError('ALREADY_DRAWN', `${ids.join('、')} 第 ${round} 次抽取已经做过：${list}`, {
        hint: `同一事项同一次只抽一次。确需重新抽取时加 --redraw --reason 原因；重新抽取会记入台账，并在以后的报表和记录表中注明。要进行下一次抽取请用 --round ${nextRound}`,
      });
    }
    if (opts.redraw && earlier.length === 0) throw usageError(`${ids.join('、')} 第 ${round} 次还没有抽取过，不需要 --redraw`);
    const redraw = opts.redraw ? { of: [...new Set(earlier.map((r) => r.id))], reason: opts.reason!.trim() } : null;

    // 人员
    const operator = opts.operator?.trim() || (interactive() && !opts.json ? await askText({ flag: '--operator', message: '操作人员姓名', default: currentUser() }) : currentUser());
    let witnesses = (opts.witness ?? []).map((w) => w.trim()).filter(Boolean);
    if (witnesses.length === 0) witnesses = await askList({ flag: '--witness', message: '监督人员 / 见证人姓名' });
    const place = opts.place?.trim() ?? '';

    const date = today();
    const params: DrawParams = {
      items: ids, round, date, ratio, count, where, strata, riskRatios, teamSize, experts,
      teamRules: Object.fromEntries(Object.entries(ws.config.teamRules).filter(([k]) => ids.includes(k))),
    };
    const conflictPairs: ConflictPair[] = ((lists.conflicts?.records ?? []) as Conflict[]).map((c) => ({ certNo: c.certNo, code: c.code }));
    // 部门联合抽查: items of several departments make a joint draw (ssj-draw/2-joint); other departments' roster
    // rows take part only in draws of their department's items (core/departments.ts)
    const roster = lists.inspectors.records as Inspector[];
    const departments = departmentsOf(items, ws.config.org);
    const joint = departments.length > 1;
    const namesDepts = joint || roster.some((p) => p.dept) || items.some((it) => it.dept);
    const inputs: DrawInputs = {
      entities: lists.entities.records as Entity[],
      items: allItems,
      inspectors: rosterFor(roster, departments) as Inspector[],
      ...(joint ? { joint: jointContext(items, ws.config.org) } : {}),
      conflicts: conflictPairs,
      repeat: ws.config.excludeRepeat ? repeatExclusions(past, ids, round) : [],
      entitiesInOrder: true,
    };
    const plan = planDraw(inputs, params);
    if (plan.problems.length) {
      throw new SsjError('CANNOT_DRAW', `无法按要求抽取：\n  ${plan.problems.join('\n  ')}`, { hint: '请检查事项的检查对象与名录库的行业类别是否一致，或调整 --where、--ratio、--count' });
    }
    const itemNames = new Map(items.map((it) => [it.id, it.name]));
    const taskName = `${items.map((it) => it.name).join('、')}${items.length > 1 ? '（合并检查）' : ''} ${ws.config.year}年第${round}次抽查`;
    const shown: DrawView = present ? new (await import('../ui/present.js')).PresentDrawView() : opts.json ? silentView() : new PlainDrawView();
    const warnings: string[] = [];
    // Warnings also go into the record and the --json output.
    const view: DrawView = {
      pool: (i) => shown.pool(i),
      ...(shown.entropy ? { entropy: (w: string[]) => shown.entropy!(w) } : {}),
      seed: (i) => shown.seed(i),
      warn: (m) => {
        warnings.push(...m);
        shown.warn(m);
      },
      result: (v, n) => shown.result(v, n),
      saved: (i) => shown.saved(i),
      close: () => shown.close(),
    };
    try {
      const inspectorsEligible = eligibleFor(ids, inputs, params, false).eligible.length;
      await view.pool({ org: ws.config.org, taskName, round, redraw, plan, itemNames, teamSize, experts, inspectorsEligible });
      if (plan.warnings.length) view.warn(plan.warnings);
      const minRatioWarnings = items
        .filter(() => ratio !== null && ratio < ws.config.minRatio)
        .map((it) => `事项 ${it.id}：--ratio ${ratio} 低于最低抽查比例 ${ws.config.minRatio}（ssj.json 中的 minRatio）`);
      if (minRatioWarnings.length) view.warn(minRatioWarnings);
      if (interactive() && !opts.yes && !opts.json && !present) {
        if (!(await askConfirm({ flag: '--yes', message: '以上抽取范围是否正确？确认后输入随机种子' }))) throw new SsjError('USAGE', '已取消，没有抽取');
      }

      // 随机种子
      const components: SeedComponent[] = [];
      if (opts.seed !== undefined) components.push({ source: 'given', name: '--seed', value: opts.seed.trim().normalize('NFC') });
      else {
        let entropy = (opts.entropy ?? []).map((e) => e.trim());
        if (entropy.length === 0) {
          if (!interactive()) throw usageError('缺少 --entropy（每位见证人输入的一串数字）或 --seed（随机种子）', '在脚本中请用 --entropy 按见证人顺序给出各自的数字，或用 --seed 给出公开的种子');
          entropy = view.entropy ? await view.entropy(witnesses) : await askEntropy(witnesses);
        }
        if (entropy.length !== witnesses.length) throw usageError(`有 ${witnesses.length} 位见证人，但 --entropy 给了 ${entropy.length} 个值`, '每位见证人一个值，按 --witness 的顺序');
        entropy.forEach((e, i) => {
          const v = cleanEntropy(e);
          if (v === null) throw usageError(`见证人 ${witnesses[i]} 的随机数「${e}」应只含数字`);
          components.push({ source: 'witness', name: witnesses[i]!, value: v });
        });
        if (opts.public !== undefined && opts.public.trim() !== '') components.push({ source: 'public', name: opts.publicName?.trim() || '公开随机数', value: opts.public.trim().normalize('NFC') });
      }
      const seed = seedFromComponents(components);
      const bits = seedBits(components);
      const neededBits = plan.pools.flatMap((p) => p.strata).reduce((a, s) => a + log2Binomial(s.available, s.sample), 0);
      await view.seed({ components, seed, bits, neededBits });
      if (bits < neededBits) {
        view.warn([`随机种子约 ${Math.floor(bits)} 位，少于覆盖全部可能结果所需的 ${Math.ceil(neededBits)} 位（RFC 3797 的经验规则）：可能的结果没有都被覆盖。建议每位见证人多输入几位数字，或加入事先公布的公开随机数（--public）。`]);
      }

      // 抽取
      const visits = drawEntities(plan, seed);
      const teamProblems = assignTeams(visits, inputs, params, seed);
      if (teamProblems.length) {
        throw new SsjError('CANNOT_DRAW', `无法为抽中的检查对象配齐检查组：\n  ${teamProblems.join('\n  ')}`, { hint: '请补充执法人员名录（ssj import inspectors），检查证件有效期和回避关系，或调整 --team-size / --experts' });
      }
      await view.result(visits, itemNames);
      // 停业、歇业、清算: drawn like the others, marked (the results include “已关闭停业或正在组织清算”)
      const byCode = new Map((lists.entities.records as Entity[]).map((e) => [e.code, e]));
      const suspended = visits.map((v) => byCode.get(v.code)).filter((e): e is Entity => Boolean(e) && isSuspended(e!.statusText));
      if (suspended.length) {
        view.warn([`抽中的检查对象中有 ${suspended.length} 个经营状态为停业、歇业或清算：${suspended.map((e) => `${e.name}（${e.code}，${e.statusText}）`).join('、')}。检查时如属实，检查结果填“已关闭停业或正在组织清算”`]);
      }
      // 合并检查: entities another standing task of the year drew and has no result for yet (see core/visits.ts)
      const merge = await mergesFor(ws.root, past, redraw?.of ?? [], recordedVisits(visits), {
        items, date, teamRules: params.teamRules, teamSize, inspectors: roster, conflicts: conflictPairs, org: ws.config.org,
      });

      const seq = entries.length + 1;
      const drawsSoFar = entries.filter((e) => e.kind !== 'amendment').length;
      const id = `${ws.config.year}-${String(drawsSoFar + 1).padStart(3, '0')}`;
      const body: Omit<DrawRecord, 'hash'> = {
        format: RECORD_FORMAT, kind: 'draw', id, seq, time: nowStamp(), date, org: ws.config.org, year: ws.config.year,
        operator, witnesses, place, tool: { name: 'ssj', version: VERSION }, algorithm: joint ? JOINT_ALGORITHM : ALGORITHM,
        task: {
          name: taskName, type: where.length ? '定向' : '不定向',
          items: items.map((it) => ({ id: it.id, name: it.name, target: it.target, ratio: it.ratio, ratioText: it.ratioText, ...(namesDepts ? { dept: itemDepartment(it, ws.config.org) } : {}) })),
          round, ratio, count, where, strata, riskRatios, teamSize, experts, teamRules: params.teamRules, excludeRepeat: ws.config.excludeRepeat,
          ...(joint ? { departments: visitDepartments(items.map((it) => it.id), jointContext(items, ws.config.org)) } : {}),
        },
        redraw,
        inputs: {
          entities: { snapshot: lists.entities.entry.snapshot, size: lists.entities.records.length },
          inspectors: { snapshot: lists.inspectors.entry.snapshot, size: lists.inspectors.records.length },
          items: { snapshot: lists.items.entry.snapshot, size: lists.items.records.length },
          conflicts: { snapshot: lists.conflicts?.entry.snapshot ?? null, size: lists.conflicts?.records.length ?? 0 },
        },
        pool: poolOf(plan),
        exclusions: plan.exclusions,
        conflicts: conflictsTouching(conflictPairs, visits.map((v) => v.code)),
        seed: { components, text: seed, bits: round6(bits), neededBits: round6(neededBits) },
        warnings,
        entities: recordedVisits(visits),
        prev: entries.at(-1)?.hash ?? null,
        merge,
      };
      const { record, text } = sealRecord<DrawRecord>(body);
      await appendRecord(ws.root, record, redraw ? 'redraw' : 'draw', record.time, text);
      const file = join(ws.root, 'draws', `${id}.json`);
      await view.saved({ id, file, hash: record.hash });
      if (merge.length && !opts.json) shown.warn(mergeLines(merge));
      if (opts.json) {
        jsonLong({
          ok: true, id, record: file, hash: record.hash, seed, poolHash: plan.poolHash, poolSize: plan.poolSize,
          sampleSize: visits.length, round, redraw, warnings,
          merged: merge.map((m) => ({ code: m.code, name: m.name, tasks: m.with.map((w) => w.task), teamFrom: m.teamFrom, team: m.team })),
          entities: visits.map((v) => ({
            code: v.code, name: v.name, items: v.items, team: v.team.map((m) => ({ certNo: m.certNo, name: m.name, role: m.role })),
            ...(isSuspended(byCode.get(v.code)?.statusText ?? '') ? { statusText: byCode.get(v.code)!.statusText } : {}),
          })),
        });
      }
      return 0;
    } finally {
      view.close();
    }
  });
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

async function mergesFor(root: string, past: readonly LedgerRecord[], replacing: readonly string[], drawn: RecordedVisit[], ctx: Parameters<typeof decideMerges>[3]): Promise<MergeNote[]> {
  if (!past.some((r) => r.kind === 'draw')) return [];
  const { readAllLatest } = await import('../io/results.js');
  const latest = new Map([...(await readAllLatest(root))].map(([k, v]) => [k, v.latest]));
  // a re-draw does not merge with the draws it replaces
  return decideMerges(drawn, tasksOf(past).filter((t) => !replacing.includes(t.id)), latest, ctx);
}

/** The draw's merge notice, on screen after the record is saved. */
export function mergeLines(merge: readonly MergeNote[]): string[] {
  return merge.map((m) => `${m.name}（${m.code}）也是 ${m.with.map((w) => `${w.task}（事项 ${w.items.join('、')}）`).join('、')} 的检查对象，尚未录入检查结果：应合并实施检查，` +
    `检查组${m.teamFrom === 'earlier' ? '由先前任务的检查组承担' : '由两个任务的检查组共同组成'}：${m.team.map((x) => `${x.role}${x.name}`).join('、')}（ssj visits 查看）`);
}

async function askEntropy(witnesses: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const w of witnesses) {
    out.push(await askText({
      flag: '--entropy',
      message: `请见证人 ${w} 输入一串数字（如掷骰子或摇号机的结果，建议 6 位以上）`,
      validate: (s) => cleanEntropy(s) !== null || '只能输入数字',
    }));
  }
  return out;
}

function silentView(): DrawView {
  return { pool: async () => {}, seed: async () => {}, warn: () => {}, result: async () => {}, saved: async () => {}, close: () => {} };
}
