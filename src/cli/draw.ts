// ssj draw --item ID … [--round N] [--ratio R | --count N] [--seed TEXT] [--witness 姓名 …] [--entropy 数字 …]
//   [--public 值] [--operator 姓名] [--place 地点] [--where 字段=值 …] [--strata 字段] [--team-size N] [--experts N]
//   [--redraw --reason 原因] [--present] [--yes] [--json]
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SsjError, usageError } from '../core/errors.js';
import {
  assignTeams, DRAW_ENTITY_FIELDS, drawEntities, eligibleFor, planDraw,
  type Condition, type ConflictPair, type DrawInputs, type DrawParams, type ScopeField,
} from '../core/draw.js';
import { KNOWN_ORDER, resolveScopeField } from '../core/where.js';
import { repeatExclusions, standingDraws } from '../core/ledger.js';
import { recordedVisits, RECORD_FORMAT, sealRecordBytes, type DrawRecord, type LedgerRecord, type RecordedVisit } from '../core/record.js';
import { tasksOf } from '../core/tasks.js';
import { departmentsOf, itemDepartment, rosterFor } from '../core/departments.js';
import { JOINT_ALGORITHM, jointContext, visitDepartments } from '../core/joint-teams.js';
import { decideMerges, type MergeNote } from '../core/visits.js';
import { conflictsTouching, poolOf } from '../core/replay.js';
import { ALGORITHM } from '../core/rng.js';
import { cleanEntropy, digitsFor, entropyAdvice, log2Binomial, seedBits, seedFromComponents, type SeedComponent } from '../core/seed.js';
import { announcementDiffs, findAnnouncement } from '../core/announce.js';
import { foldAscii } from '../core/text.js';
import { isSuspended } from '../core/normalize.js';
import type { Conflict, Entity, InspectionItem, Inspector, ListKind } from '../core/types.js';
import { currentUser, nowStamp, today } from '../io/clock.js';
import { appendRecord, readAll } from '../io/draws.js';
import { withLock } from '../io/lock.js';
import { loadCurrent, loadCurrentTable } from '../io/store.js';
import { entitiesByCode } from '../core/entity-table.js';
import { openWorkspace, type Workspace } from '../io/workspace.js';
import { VERSION } from '../version.js';
import { PlainDrawView, type DrawView, type SavedInfo } from '../ui/draw-view.js';
import { c, err, jsonLong } from '../ui/output.js';
import { writeFileAtomic } from '../io/atomic.js';
import { Interrupted, isInterrupt, setInterruptMessage } from './interrupt.js';
import { askConfirm, askEnter, askList, askSelect, askText, interactive } from '../ui/prompts.js';
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
  /** --announced ID: draw as announced (ssj draw announce) */
  announced?: string;
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
  // the registry as columns (core/entity-columns.ts): a million rows without a million objects
  const entities = await loadCurrentTable(ws.root, DRAW_ENTITY_FIELDS);
  if (!entities) throw new SsjError('NO_DATA', '还没有导入检查对象名录库', { hint: '请先运行 ssj import entities 文件.xlsx' });
  const inspectors = await need('inspectors', '执法检查人员名录');
  const conflicts = await loadCurrent(ws.root, 'conflicts');
  return { items, entities, inspectors, conflicts };
}

export async function draw(opts: DrawOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  const announced = opts.announced !== undefined ? opts.announced.trim() : null;
  if (announced !== null) checkAnnouncedFlags(opts);
  // Flags are checked before anything is asked or loaded.
  if (opts.ratio !== undefined && opts.count !== undefined) throw usageError('--ratio 和 --count 只能用一个');
  let ratio = opts.ratio !== undefined ? parseRatio(opts.ratio) : null;
  let count = opts.count !== undefined ? parseInt0(opts.count, '--count', 1, 0) : null;
  let teamSize = parseInt0(opts.teamSize, '--team-size', 2, ws.config.teamSize);
  let experts = parseInt0(opts.experts, '--experts', 0, 0);
  checkWhereSyntax(opts.where ?? []);
  if (opts.strata !== undefined && opts.strata.trim() === '') throw usageError('--strata 后面应写字段名，如 --strata 区域');
  const strataGiven = opts.strata !== undefined;
  // resolved once the registry is loaded (any of its columns may be named)
  let where: Condition[] = [];
  let strata: ScopeField | null = null;
  let riskRatios = ws.config.riskRatios && ratio === null && count === null ? ws.config.riskRatios : null;
  if (strataGiven && riskRatios) throw usageError('ssj.json 设置了按信用风险分类的差异化比例（riskRatios），不能再用 --strata', '如需按其他字段分层，请用 --ratio 或 --count 指定统一的比例或数量');
  if (opts.redraw && !opts.reason?.trim()) throw usageError('再次抽取（--redraw）必须用 --reason 说明原因');
  if (opts.seed !== undefined && (opts.entropy?.length || opts.public !== undefined)) throw usageError('--seed 不能与 --entropy、--public 同时使用');
  if (opts.seed !== undefined && opts.seed.trim() === '') throw usageError('--seed 不能为空');
  if (!interactive() && announced === null) {
    if (!opts.witness?.length) throw usageError('缺少 --witness（监督人员 / 见证人姓名）', '在脚本中运行时请用 --witness 给出（可重复）；在终端中运行时 ssj 会询问');
    if (opts.seed === undefined && !opts.entropy?.length) {
      throw usageError('缺少 --entropy（每位见证人输入的一串数字）或 --seed（随机种子）', '在脚本中请用 --entropy 按见证人顺序给出各自的数字，或用 --seed 给出公开的种子');
    }
    if (!opts.item?.length) throw usageError('缺少 --item（抽查事项编号）', '在脚本中运行时请用 --item 给出；ssj list items 查看事项编号');
  }
  const present = Boolean(opts.present);
  if (present && opts.json) throw usageError('--present 与 --json 不能同时使用');
  if (present && !interactive()) throw usageError('--present（投屏模式）需要在终端中运行');
  // Until the seed is fixed, Ctrl-C leaves nothing.
  setInterruptMessage('已中断，没有抽取');

  return withLock(ws.root, async () => {
    const lists = await loadDrawLists(ws);
    // --where / --strata may name any column of the registry (kept in its snapshot)
    const extras = lists.entities.records.extras;
    where = parseWhere(opts.where ?? [], extras);
    strata = opts.strata !== undefined ? scopeField(opts.strata, '--strata', extras) : null;
    const allItems = lists.items.records as InspectionItem[];
    const { entries, records } = await readAll(ws.root);
    const past = entries.map((e) => records.get(e.id)).filter((r): r is LedgerRecord => Boolean(r));
    const remembered = await readDrawDefaults(ws.root);

    // 事先公告的抽取: everything but the public value comes from the announcement.
    const announcement = announced !== null ? findAnnouncement(past, announced) : null;
    if (announcement) {
      // the announced parameters; the workspace's settings (riskRatios, teamRules, excludeRepeat) are as they are
      // now, and any difference from the announcement is refused below
      const t = announcement.task;
      ({ ratio, count, where, strata, teamSize, experts } = t);
      riskRatios = ws.config.riskRatios && ratio === null && count === null ? ws.config.riskRatios : null;
      const day = today();
      if (day < announcement.source.date) {
        throw new SsjError('TOO_EARLY', `公告 ${announcement.id} 的公开随机数来源“${announcement.source.name}”在 ${announcement.source.date} 才公布，今天是 ${day}，不能抽取`, {
          hint: `请在 ${announcement.source.date} 公开随机数公布之后，用公布的值抽取：ssj draw --announced ${announcement.id} --public 值`,
        });
      }
    }

    // 抽查事项
    let ids = announcement ? announcement.task.items.map((it) => it.id) : (opts.item ?? []).flatMap((s) => s.split(/[,，、]/)).map(normId).filter(Boolean);
    if (ids.length === 0) {
      const drawable = allItems.filter((it) => it.ratio !== null);
      ids = [await ask(() => askSelect({ flag: '--item', message: '抽查事项', choices: drawable.map((it) => ({ value: it.id, name: `${it.id} ${it.name}（${it.target}，${it.ratioText}）` })) }))];
    }
    ids = [...new Set(ids.map((id) => allItems.find((it) => it.id === id || it.name === id)?.id ?? id))].sort();
    const unknown = ids.filter((id) => !allItems.some((it) => it.id === id));
    if (unknown.length) {
      if (announcement) throw new SsjError('ANNOUNCEMENT_MISMATCH', `按公告 ${announcement.id} 不能抽取：事项清单中已没有 ${unknown.join('、')}`, { hint: '事项清单与公告时不同：请导入公告时的事项清单，或重新公告' });
      throw usageError(`事项清单中没有：${unknown.join('、')}`, `现有事项：${allItems.map((it) => it.id).join('、')}（ssj list items 查看）`);
    }
    const items = ids.map((id) => allItems.find((it) => it.id === id)!);

    // 第几次抽取
    const standing = standingDraws(past);
    const nextRound = Math.max(...ids.map((id) => Math.max(0, ...(standing.get(id)?.keys() ?? [])) + 1));
    let round: number;
    if (announcement) round = announcement.task.round;
    else if (opts.round !== undefined) round = parseInt0(opts.round, '--round', 1, 1);
    else if (interactive() && !opts.item?.length) round = parseInt0(await ask(() => askText({ flag: '--round', message: '第几次抽取', default: String(nextRound) })), '--round', 1, nextRound);
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

    // 人员、地点 (the last draw's answers are offered as defaults)
    const asking = interactive() && !opts.json;
    const operator = opts.operator?.trim() || (asking ? await ask(() => askText({ flag: '--operator', message: '操作人员姓名', default: remembered.operator || currentUser() })) : currentUser());
    let witnesses = (opts.witness ?? []).map((w) => w.trim()).filter(Boolean);
    if (witnesses.length === 0 && announcement === null) witnesses = await ask(() => askList({ flag: '--witness', message: '监督人员 / 见证人姓名' }));
    const place = opts.place !== undefined ? opts.place.trim() : asking ? await ask(() => askText({ flag: '--place', message: '抽取地点', ...(remembered.place ? { default: remembered.place } : {}) })) : '';

    const date = today();
    const params: DrawParams = {
      items: ids, round, date, ratio, count, where, strata, riskRatios, teamSize, experts,
      teamRules: Object.fromEntries(Object.entries(ws.config.teamRules).filter(([k]) => ids.includes(k))),
    };
    const conflictPairs: ConflictPair[] = ((lists.conflicts?.records ?? []) as Conflict[]).map((c) => ({ certNo: c.certNo, code: c.code }));
    const excludeRepeat = ws.config.excludeRepeat;
    // 部门联合抽查: items of several departments make a joint draw (ssj-draw/2-joint); other departments' roster
    // rows take part only in draws of their department's items (core/departments.ts)
    const roster = lists.inspectors.records as Inspector[];
    const departments = departmentsOf(items, ws.config.org);
    const joint = departments.length > 1;
    const namesDepts = joint || roster.some((p) => p.dept) || items.some((it) => it.dept);
    const inputs: DrawInputs = {
      entities: lists.entities.records,
      items: allItems,
      inspectors: rosterFor(roster, departments) as Inspector[],
      ...(joint ? { joint: jointContext(items, ws.config.org) } : {}),
      conflicts: conflictPairs,
      repeat: excludeRepeat ? repeatExclusions(past, ids, round) : [],
      entitiesInOrder: true,
    };
    const plan = planDraw(inputs, params);
    if (plan.problems.length) {
      throw new SsjError('CANNOT_DRAW', `无法按要求抽取：\n  ${plan.problems.join('\n  ')}`, { hint: '请检查事项的检查对象与名录库的行业类别是否一致，或调整 --where、--ratio、--count' });
    }
    const task: DrawRecord['task'] = {
      name: `${items.map((it) => it.name).join('、')}${items.length > 1 ? '（合并检查）' : ''} ${ws.config.year}年第${round}次抽查`,
      type: where.length ? '定向' : '不定向',
      items: items.map((it) => ({ id: it.id, name: it.name, target: it.target, ratio: it.ratio, ratioText: it.ratioText, ...(namesDepts ? { dept: itemDepartment(it, ws.config.org) } : {}) })),
      round, ratio, count, where, strata, riskRatios, teamSize, experts, teamRules: params.teamRules, excludeRepeat,
      ...(joint ? { departments: visitDepartments(items.map((it) => it.id), jointContext(items, ws.config.org)) } : {}),
    };
    const algorithm = joint ? JOINT_ALGORITHM : ALGORITHM;
    const drawInputs = inputsOf(lists);
    if (announcement) {
      const diffs = announcementDiffs(announcement, { task, inputs: drawInputs, pool: poolOf(plan), algorithm });
      if (diffs.length) {
        throw new SsjError('ANNOUNCEMENT_MISMATCH', `与公告 ${announcement.id} 不一致，不能按公告抽取：\n  ${diffs.join('\n  ')}`, {
          hint: '按公告抽取必须用公告时的名录和设置。请恢复公告时的名录（ssj import），或发布新的公告（ssj draw announce）',
        });
      }
    }
    const itemNames = new Map(items.map((it) => [it.id, it.name]));
    const neededBits = plan.pools.flatMap((p) => p.strata).reduce((a, s) => a + log2Binomial(s.available, s.sample), 0);
    const shown: DrawView = present ? new (await import('../ui/present.js')).PresentDrawView() : opts.json ? silentView() : new PlainDrawView();
    const warnings: string[] = [];
    // Warnings also go into the record and the --json output.
    const view: DrawView = {
      pool: (i) => shown.pool(i),
      ...(shown.ready ? { ready: () => shown.ready!() } : {}),
      ...(shown.entropy ? { entropy: (w: string[], need: number) => shown.entropy!(w, need) } : {}),
      seed: (i) => shown.seed(i),
      warn: (m) => {
        warnings.push(...m);
        shown.warn(m);
      },
      result: (v, n, s) => shown.result(v, n, s),
      saved: (i) => shown.saved(i),
      close: () => shown.close(),
    };
    try {
      const inspectorsEligible = eligibleFor(ids, inputs, params, false).eligible.length;
      await view.pool({ org: ws.config.org, taskName: task.name, round, redraw, plan, itemNames, teamSize, experts, inspectorsEligible, neededBits, announcement: announcement ? { id: announcement.id, source: announcement.source.name, sourceDate: announcement.source.date } : null });
      if (plan.warnings.length) view.warn(plan.warnings);
      const minRatioWarnings = items
        .filter(() => ratio !== null && ratio < ws.config.minRatio)
        .map((it) => `事项 ${it.id}：--ratio ${ratio} 低于最低抽查比例 ${ws.config.minRatio}（ssj.json 中的 minRatio）`);
      if (minRatioWarnings.length) view.warn(minRatioWarnings);
      if (asking && !opts.yes && !present) {
        if (!(await ask(() => askConfirm({ flag: '--yes', message: '以上抽取范围是否正确？确认后输入随机种子' })))) throw new Interrupted('已取消，没有抽取');
      }
      if (view.ready) await view.ready();

      // 随机种子
      const components: SeedComponent[] = [];
      for (;;) {
        components.length = 0;
        if (announcement) {
          components.push({ source: 'public', name: announcement.source.name, value: opts.public!.trim().normalize('NFC') });
          if (opts.entropy?.length) addWitnessDigits(components, witnesses, opts.entropy);
        } else if (opts.seed !== undefined) components.push({ source: 'given', name: '--seed', value: opts.seed.trim().normalize('NFC') });
        else {
          let entropy = (opts.entropy ?? []).map((e) => e.trim());
          const typed = entropy.length === 0;
          if (typed) {
            if (!interactive()) throw usageError('缺少 --entropy（每位见证人输入的一串数字）或 --seed（随机种子）', '在脚本中请用 --entropy 按见证人顺序给出各自的数字，或用 --seed 给出公开的种子');
            entropy = view.entropy ? await view.entropy(witnesses, digitsFor(neededBits)) : await ask(() => askEntropy(witnesses, digitsFor(neededBits)));
          }
          addWitnessDigits(components, witnesses, entropy);
          if (opts.public !== undefined && opts.public.trim() !== '') components.push({ source: 'public', name: opts.publicName?.trim() || '公开随机数', value: opts.public.trim().normalize('NFC') });
          // Typed at a prompt and too short: say so and offer to type again, before anything is drawn.
          const advice = entropyAdvice(seedBits(components), neededBits);
          if (typed && advice && !view.entropy && !present) {
            err(`${c.warn('!')} ${advice}`);
            if (!(await ask(() => askConfirm({ flag: '--entropy', message: '仍用这些数字抽取吗？（选“否”重新输入）', default: true })))) continue;
          }
        }
        break;
      }
      const seed = seedFromComponents(components);
      const bits = seedBits(components);
      const advice = entropyAdvice(bits, neededBits);
      if (advice) view.warn([advice]);

      // 抽取, and the record written and chained before anything drawn is shown.
      const visits = drawEntities(plan, seed);
      const teamProblems = assignTeams(visits, inputs, params, seed);
      if (teamProblems.length) {
        throw new SsjError('CANNOT_DRAW', `无法为抽中的检查对象配齐检查组：\n  ${teamProblems.join('\n  ')}`, { hint: '请补充执法人员名录（ssj import inspectors），检查证件有效期和回避关系，或调整 --team-size / --experts' });
      }
      // 合并检查: entities another standing task of the year drew and has no result for yet (see core/visits.ts);
      // decided before the record is sealed, shown only after it is saved
      const merge = await mergesFor(ws.root, past, redraw?.of ?? [], recordedVisits(visits), {
        items, date, teamRules: params.teamRules, teamSize, inspectors: roster, conflicts: conflictPairs, org: ws.config.org,
      });
      // (only when the registry has such a status at all)
      const anySuspended = lists.entities.records.coded('statusText').values.some((s) => isSuspended(s));
      const byCode = anySuspended ? entitiesByCode(lists.entities.records, visits.map((v) => v.code), ['code', 'name', 'statusText']) : new Map<string, Entity>();
      const suspended = visits.map((v) => byCode.get(v.code)).filter((e): e is Entity => Boolean(e) && isSuspended(e!.statusText));

      const seq = entries.length + 1;
      const drawsSoFar = entries.filter((e) => e.kind === 'draw' || e.kind === 'redraw').length;
      const id = `${ws.config.year}-${String(drawsSoFar + 1).padStart(3, '0')}`;
      const body: Omit<DrawRecord, 'hash'> = {
        format: RECORD_FORMAT, kind: 'draw', id, seq, time: nowStamp(), date, org: ws.config.org, year: ws.config.year,
        operator, witnesses, place, tool: { name: 'ssj', version: VERSION }, algorithm,
        task,
        redraw,
        inputs: drawInputs,
        pool: poolOf(plan),
        exclusions: plan.exclusions,
        conflicts: conflictsTouching(conflictPairs, visits.map((v) => v.code)),
        seed: { components, text: seed, bits: round6(bits), neededBits: round6(neededBits) },
        // the entropy estimate is in seed.bits / seed.neededBits; the paper form states it without alarm
        warnings: warnings.filter((w) => w !== advice),
        entities: recordedVisits(visits),
        prev: entries.at(-1)?.hash ?? null,
        ...(announcement ? { announcement: { id: announcement.id, hash: announcement.hash, date: announcement.date, source: announcement.source.name, sourceDate: announcement.source.date } } : {}),
        merge,
      };
      const { record, bytes: text } = sealRecordBytes<DrawRecord>(body);
      await appendRecord(ws.root, record, redraw ? 'redraw' : 'draw', record.time, text);
      const file = join(ws.root, 'draws', `${id}.json`);
      const saved: SavedInfo = { id, file, hash: record.hash };
      // From here on the draw has happened: Ctrl-C, a crash or a closed window leave the record standing.
      setInterruptMessage(`已中断；抽取记录 ${id} 已保存（哈希 ${record.hash.slice(0, 16)}…），抽取已经生效，可用 ssj form ${id} 查看`);
      await saveDrawDefaults(ws.root, { operator, place }).catch(() => {});

      await view.seed({ components, seed, bits, neededBits, saved });
      // In the room (prompted, not --present): the seed and the saved record first, the result on Enter.
      if (asking && !opts.yes && !present) await ask(() => askEnter('抽取记录已保存。按回车键显示抽取结果'));
      await view.result(visits, itemNames, saved);
      // 停业、歇业、清算: drawn like the others, marked (the results include “已关闭停业或正在组织清算”)
      if (suspended.length) {
        shown.warn([`抽中的检查对象中有 ${suspended.length} 个经营状态为停业、歇业或清算：${suspended.map((e) => `${e.name}（${e.code}，${e.statusText}）`).join('、')}。检查时如属实，检查结果填“已关闭停业或正在组织清算”`]);
      }
      await view.saved(saved);
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
          ...(announcement ? { announcement: announcement.id } : {}),
        });
      }
      return 0;
    } finally {
      view.close();
    }
  });
}

/** A prompt's Ctrl-C (before the seed is fixed: nothing is written) as the draw's interrupt. */
async function ask<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isInterrupt(e)) throw new Interrupted();
    throw e;
  }
}

function addWitnessDigits(components: SeedComponent[], witnesses: readonly string[], entropy: readonly string[]) {
  if (entropy.length !== witnesses.length) throw usageError(`有 ${witnesses.length} 位见证人，但 --entropy 给了 ${entropy.length} 个值`, '每位见证人一个值，按 --witness 的顺序');
  entropy.forEach((e, i) => {
    const v = cleanEntropy(e);
    if (v === null) throw usageError(`见证人 ${witnesses[i]} 的随机数「${e}」应只含数字`);
    components.push({ source: 'witness', name: witnesses[i]!, value: v });
  });
}

/** The snapshots a draw (or an announcement) is made from. */
export function inputsOf(lists: Awaited<ReturnType<typeof loadDrawLists>>): DrawRecord['inputs'] {
  return {
    entities: { snapshot: lists.entities.entry.snapshot, size: lists.entities.records.length },
    inspectors: { snapshot: lists.inspectors.entry.snapshot, size: lists.inspectors.records.length },
    items: { snapshot: lists.items.entry.snapshot, size: lists.items.records.length },
    conflicts: { snapshot: lists.conflicts?.entry.snapshot ?? null, size: lists.conflicts?.records.length ?? 0 },
  };
}

function checkAnnouncedFlags(opts: DrawOptions) {
  const fixed: [keyof DrawOptions, string][] = [
    ['item', '--item'], ['round', '--round'], ['ratio', '--ratio'], ['count', '--count'], ['where', '--where'], ['strata', '--strata'],
    ['teamSize', '--team-size'], ['experts', '--experts'], ['seed', '--seed'], ['publicName', '--public-name'],
  ];
  const given = fixed.filter(([k]) => opts[k] !== undefined).map(([, f]) => f);
  if (given.length) throw usageError(`按公告抽取（--announced）时不能再给 ${given.join('、')}：事项、次数、比例、范围和人数都以公告为准`);
  if (opts.announced!.trim() === '') throw usageError('--announced 后面需要公告编号，如 --announced 2026-A001');
  if (opts.public === undefined || opts.public.trim() === '') throw usageError('按公告抽取需要 --public 给出公告中指定来源公布的随机数（如开奖号码）');
  if (opts.entropy?.length && !opts.witness?.length) throw usageError('--entropy 需要与 --witness 一起给出（每位见证人一个值）');
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

async function askEntropy(witnesses: string[], digits: number): Promise<string[]> {
  const out: string[] = [];
  const each = Math.max(6, Math.ceil(digits / Math.max(1, witnesses.length)));
  for (const w of witnesses) {
    out.push(await askText({
      flag: '--entropy',
      message: `请见证人 ${w} 输入一串数字（掷骰子或摇号机的结果，建议至少 ${each} 个数字）`,
      validate: (s) => cleanEntropy(s) !== null || '只能输入数字',
    }));
  }
  return out;
}

function silentView(): DrawView {
  return { pool: async () => {}, seed: async () => {}, warn: () => {}, result: async () => {}, saved: async () => {}, close: () => {} };
}

// The operator and place of the workspace's last draw, offered as next time's defaults (a convenience file:
// written only after a draw is saved, never read by anything that checks a draw).
const DEFAULTS_FILE = '.ssj-draw-defaults.json';

async function readDrawDefaults(root: string): Promise<{ operator?: string; place?: string }> {
  try {
    const v = JSON.parse(await readFile(join(root, DEFAULTS_FILE), 'utf8')) as Record<string, unknown>;
    return {
      ...(typeof v['operator'] === 'string' && v['operator'] ? { operator: v['operator'] } : {}),
      ...(typeof v['place'] === 'string' && v['place'] ? { place: v['place'] } : {}),
    };
  } catch {
    return {};
  }
}

async function saveDrawDefaults(root: string, v: { operator: string; place: string }) {
  await writeFileAtomic(join(root, DEFAULTS_FILE), JSON.stringify(v, null, 2) + '\n');
}
