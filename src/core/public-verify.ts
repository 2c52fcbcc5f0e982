// 复核 from published files alone: the public records of a draw export, the public registry and roster, and (for the
// discipline team) the 回避 list. Runs the same draw code as ssj draw (planDraw, drawEntities, assignTeams,
// applyAmendment, rebuild) — in Node for ssj verify, in the browser for the verifier page — and says, per draw and
// amendment, what was checked, what passed and exactly what differs.
import { drawAgainstAnnouncement } from './announce.js';
import { applyAmendment, assignTeams, drawEntities, planDraw, type ConflictPair, type DrawInputs, type DrawState } from './draw.js';
import { conflictCount, isRedacted, restoreRecords, type PublicAmendment, type PublicDraw, type PublicRecord } from './public-record.js';
import { canonicalJson, recordHash, type AnnouncementRecord, type RecordedVisit } from './record.js';
import { itemsOf, paramsOf, poolOf, rebuild } from './replay.js';
import { seedFromComponents } from './seed.js';
import { withSuspendedRule } from './status-rule.js';
import type { Entity, Inspector } from './types.js';
import { extraFieldsOf, KNOWN_ORDER } from './where.js';

/** pass: checked and right; fail: checked and wrong; skipped: could not be checked with the files given (and why). */
export type CheckStatus = 'pass' | 'fail' | 'skipped';

export interface Check {
  status: CheckStatus;
  /** what was compared, or why it was not */
  detail: string;
}

/**
 * A record of a published draw export: a draw or an amendment in its public form, or the announcement of an
 * announced draw (事先公告; it holds no 回避 pair, so it is published as it is).
 */
export type PublishedRecord = PublicRecord | AnnouncementRecord;

export interface RecordVerdict {
  /** the record: 2026-001, 2026-001-R1 */
  id: string;
  kind: 'draw' | 'amendment';
  seq: number;
  hash: string;
  prev: string | null;
  /** its own hash, over the full record */
  hashCheck: Check;
}

export interface DrawVerdict {
  /** 2026-001 + 2026-001-R1 … */
  id: string;
  ok: boolean;
  problems: string[];
  notes: string[];
  /** what was checked, each with its outcome */
  checked: {
    recordHash: Check;
    seed: Check;
    pool: Check;
    entities: Check;
    teams: Check;
    amendments: Check;
    /** an announced draw (ssj draw --announced) against its announcement record; absent for other draws */
    announcement?: Check;
  };
  records: RecordVerdict[];
  seed: string;
  poolHash: string;
  snapshots: { entities: string; inspectors: string; conflicts: string | null };
  /** 回避 pairs the records stand for (not published) */
  conflicts: number;
}

export interface PublicLists {
  entities: readonly Entity[];
  inspectors: readonly Inspector[];
  /** the 回避 list (every pair), when supplied */
  conflicts: readonly ConflictPair[] | null;
  /** more 回避 lists (the list at other times of the year): a redacted record is restored with the one its hash says */
  moreConflicts?: readonly (readonly ConflictPair[])[];
  /** the snapshots the files name (their titles), when they do */
  entitiesSnapshot?: string | null;
  inspectorsSnapshot?: string | null;
}

const pass = (detail: string): Check => ({ status: 'pass', detail });
const fail = (detail: string): Check => ({ status: 'fail', detail });
const skipped = (detail: string): Check => ({ status: 'skipped', detail });

/** Entity part of a visit (who, for which items, from which stream position): what the public lists decide. */
const entityKey = (v: RecordedVisit) => canonicalJson([v.code, v.name, v.items, v.picks.map((p) => [p.item, p.stratum, p.position])]);

function compareEntities(recorded: readonly RecordedVisit[], actual: readonly RecordedVisit[], where: string): string[] {
  const out: string[] = [];
  if (recorded.length !== actual.length) out.push(`${where}：记录中有 ${recorded.length} 个检查对象，重新计算得到 ${actual.length} 个`);
  for (let i = 0; i < Math.max(recorded.length, actual.length) && out.length < 20; i++) {
    const a = recorded[i];
    const b = actual[i];
    if (a && b && entityKey(a) === entityKey(b)) continue;
    // the same entity drawn, its name differing: the list given says another name than the one the draw used
    if (a && b && a.code === b.code && a.name !== b.name && entityKey({ ...a, name: b.name }) === entityKey(b)) {
      out.push(`${where} 第 ${i + 1} 个（${a.code}）：记录中的名称是「${a.name}」，所给检查对象名录中是「${b.name}」：名录不是抽取时所用的，或这一行被改过`);
      continue;
    }
    const line = (v: RecordedVisit | undefined) => (v ? `${v.name}（${v.code}）事项 ${v.items.join('、')}` : '（无）');
    out.push(`${where} 第 ${i + 1} 个：记录为 ${line(a)}；重新计算为 ${line(b)}`);
  }
  return out;
}

const visitsOf = (state: DrawState): RecordedVisit[] =>
  state.visits.map((v) => ({ code: v.code, items: [...v.items], name: v.name, picks: v.picks.map((p) => ({ item: p.item, position: p.position, stratum: p.stratum })), team: [] }));

/**
 * The entity draw and the entity amendments re-run without the 回避 pairs: pools, sample sizes and every entity drawn
 * depend only on the registry, the parameters and the seed; the teams are not compared (they depend on 回避).
 */
function replayEntities(r: PublicDraw, amendments: readonly PublicAmendment[], lists: PublicLists): { pool: string[]; entities: string[]; amendments: string[]; poolHash: string } {
  const id = r.id;
  const inputs: DrawInputs = {
    entities: lists.entities, inspectors: lists.inspectors, items: itemsOf(r as never), conflicts: [],
    repeat: r.exclusions.filter((x) => x.kind === 'repeat'),
  };
  const params = paramsOf(r as never);
  // a registry column of its own the draw narrowed or stratified by must be in the list (ssj export entities publishes it)
  const have = extraFieldsOf(lists.entities);
  const missing = [...new Set([...r.task.where.map((c) => c.field), ...(r.task.strata ? [r.task.strata] : [])])].filter((f) => !KNOWN_ORDER.includes(f) && !have.includes(f));
  if (missing.length) {
    return {
      pool: [`${id}：所给检查对象名录中没有${missing.map((f) => `“${f}”`).join('、')}列（本次抽取的定向条件或分层用到它），无法重新确定检查对象池：请使用 ssj export entities --snapshot ${id} 导出的名录`],
      entities: [`${id}：检查对象池无法确定，因此无法复核抽取结果`], amendments: [], poolHash: '',
    };
  }
  const plan = planDraw(inputs, params);
  const pool: string[] = [];
  if (plan.problems.length) return { pool: plan.problems.map((p) => `${id}：按记录的参数重新抽取时出错：${p}`), entities: [], amendments: [], poolHash: plan.poolHash };
  // a list whose title names the draw's own snapshot, yet another pool: the file was changed after ssj wrote it
  const titled = lists.entitiesSnapshot === r.inputs.entities.snapshot;
  if (plan.poolHash !== r.pool.hash) {
    pool.push(`${id}：检查对象池的哈希不符：记录为 ${r.pool.hash}，用所给名录算得 ${plan.poolHash}（${titled ? '所给名录的标题写明是抽取所用的名录快照，内容却与抽取时的不同：名录文件被改动过（增删了对象，或改了经营状态、行业类别等抽取要读的列）' : '所给名录与抽取时的不同'}）`);
    // the entities drawn are in the pool: one missing from the list given is named
    const codes = new Set(lists.entities.map((e) => e.code));
    const gone = r.entities.filter((v) => !codes.has(v.code));
    if (gone.length) pool.push(`${id}：抽中的 ${gone.slice(0, 5).map((v) => `${v.name}（${v.code}）`).join('、')}${gone.length > 5 ? ` 等 ${gone.length} 个` : ''}不在所给检查对象名录中`);
  }
  const p = poolOf(plan);
  if (canonicalJson(p.items) !== canonicalJson(r.pool.items) || p.size !== r.pool.size) {
    const d = (xs: typeof p.items) => xs.map((i) => `${i.id} 总数 ${i.population} 可抽 ${i.available} 抽取 ${i.sample}`).join('；');
    pool.push(`${id}：各事项的总数、可抽数或抽取数与记录不符：记录为 ${d(r.pool.items)}；重新计算为 ${d(p.items)}`);
  }
  const gone = (xs: typeof r.exclusions) => xs.filter((x) => x.kind === 'gone').map((x) => canonicalJson([x.item, x.code, x.name, x.reason]));
  const [goneNow, goneThen] = [gone(plan.exclusions), gone(r.exclusions)];
  if (canonicalJson(goneNow) !== canonicalJson(goneThen)) {
    // which ones: those the record names and the list does not exclude (so), and the other way round
    const named = (a: readonly string[], b: readonly string[]) => {
      const xs = a.filter((x) => !b.includes(x)).map((x) => JSON.parse(x) as string[]);
      return xs.slice(0, 5).map(([item, code, name, reason]) => `${name}（${code}，${item}：${reason}）`).join('、') + (xs.length > 5 ? ` 等 ${xs.length} 个` : '');
    };
    const then = named(goneThen, goneNow);
    const now = named(goneNow, goneThen);
    pool.push(`${id}：因注销、吊销、迁出等未参加抽取的检查对象与记录不符${then ? `；记录中写明不参加、按所给名录却参加（或理由不同）的：${then}` : ''}${now ? `；按所给名录不参加、记录中却没有写的：${now}` : ''}`);
  }
  if (plan.poolHash !== r.pool.hash) {
    const use = titled ? '请使用原样公开的名录文件（不要用改动过的）' : `请使用抽取时的名录（快照 ${r.inputs.entities.snapshot}）`;
    return { pool, entities: [`${id}：检查对象池不同，因此无法复核抽取结果：${use}`], amendments: [], poolHash: plan.poolHash };
  }
  const state: DrawState = { visits: drawEntities(plan, r.seed.text), retired: [] };
  const entities = compareEntities(r.entities, visitsOf(state), `${id} 抽取结果`);
  assignTeams(state.visits, inputs, params, r.seed.text); // teams without 回避: only so that amendments run as recorded
  const am: string[] = [];
  for (const a of amendments) {
    if (a.request.type === 'entity') {
      const { change, passedOver } = applyAmendment(plan, state, inputs, params, r.seed.text, a.number, a.request, a.passedOver ?? []);
      if (canonicalJson(passedOver) !== canonicalJson(a.passedOver ?? [])) am.push(`${a.id}：补抽时因本年度其他批次已抽中而跳过的检查对象与记录不符`);
      if (canonicalJson([change.removed, change.added]) !== canonicalJson([a.change.removed, a.change.added])) {
        am.push(`${a.id}：补抽的检查对象与记录不符：记录为 ${canonicalJson(a.change.added)}；重新计算为 ${canonicalJson(change.added)}`);
      }
    }
    am.push(...compareEntities(a.entities, visitsOf(state), `${a.id} 补抽后的结果`));
  }
  return { pool, entities, amendments: am, poolHash: plan.poolHash };
}

/** The announcement record an announced draw names, when the published records hold it (else null). */
export function announcementOf(d: PublicDraw, records: readonly PublishedRecord[]): AnnouncementRecord | null {
  const id = d.announcement?.id;
  return (id && records.find((x): x is AnnouncementRecord => x.kind === 'announcement' && x.id === id)) || null;
}

/**
 * An announced draw against its announcement, as ssj verify checks it in a workspace (drawAgainstAnnouncement):
 * the announcement unaltered and the one the draw names, made before the public value's date, earlier in the chain;
 * the draw made on or after that date with the announced lists, pool, parameters and source. Null for a draw that
 * was not announced; skipped when the announcement record is not among the files given (`missing` says where it was looked for).
 */
export function announcementCheck(d: PublicDraw, a: AnnouncementRecord | null, missing?: string): { check: Check; problems: string[] } | null {
  const ref = d.announcement;
  if (!ref) return null;
  if (!a) return { check: skipped(missing ?? `所给文件中没有公告记录 ${ref.id}，无法核对这次抽取与公告是否一致`), problems: [] };
  const problems = drawAgainstAnnouncement(d, a);
  if (problems.length) return { check: fail(problems.join('；')), problems };
  return {
    check: pass(`按公告 ${a.id} 抽取：公告（${a.date}）早于公开随机数“${a.source.name}”的公布（${a.source.date}），抽取（${d.date}）在公布之后；名录、检查对象池、抽取参数和随机种子与公告一致`),
    problems: [],
  };
}

/**
 * Verify one draw and its amendments from public records and public lists; an announced draw also against its
 * announcement record (`announcement`: the record, or null when the files given do not hold it; `missing` says so).
 */
export function verifyPublicDraw(r: PublicDraw, amendments: readonly PublicAmendment[], given: PublicLists, announcement: AnnouncementRecord | null = null, missing?: string): DrawVerdict {
  // 停业/歇业/清算 as gone when the record says the draw's registry had them so (a published registry has the 经营状态
  // text, not the status; without the field the list is read as given: public lists by the default rule, snapshots as kept)
  let lists: PublicLists = r.task.suspendedDrawable === false ? { ...given, entities: withSuspendedRule(given.entities, false) } : given;
  const problems: string[] = [];
  const notes: string[] = [];
  const all: PublicRecord[] = [r, ...amendments];
  const redacted = all.some(isRedacted);
  const count = all.reduce((s, x) => s + conflictCount(x), 0);
  const restored = restoreRecords(r, amendments, lists.conflicts, lists.moreConflicts);
  const fullRecords = [restored.draw, ...restored.amendments];
  // each record's own hash, over the full record
  const records: RecordVerdict[] = all.map((x, i) => {
    const full = fullRecords[i];
    let hashCheck: Check;
    if (!full) hashCheck = skipped('记录中有回避关系（不公开），核对记录哈希需要回避清单');
    else {
      const h = recordHash(full);
      if (h === x.hash) hashCheck = pass(isRedacted(x) ? '用所给回避清单补全后，记录哈希一致' : '记录哈希一致');
      else hashCheck = fail(isRedacted(x) ? `用所给回避清单补全后算得 ${h}，与记录的 ${x.hash} 不同（回避清单不是抽取时的，或记录被改动过）` : `记录内容被改动过：按内容算得 ${h}，记录中写的是 ${x.hash}`);
    }
    return { id: x.id, kind: x.kind, seq: x.seq, hash: x.hash, prev: x.prev, hashCheck };
  });
  for (const v of records) if (v.hashCheck.status === 'fail') problems.push(`${v.id}：${v.hashCheck.detail}`);
  for (const a of amendments) {
    if (a.of.id !== r.id) problems.push(`${a.id}：记录的原抽取为 ${a.of.id}，不是 ${r.id}`);
    else if (a.of.hash !== r.hash) problems.push(`${a.id}：记录的原抽取哈希与 ${r.id} 的哈希不符`);
  }
  const hashes = records.map((x) => x.hashCheck.status);
  const recordHashCheck: Check = hashes.includes('fail') ? fail(records.filter((x) => x.hashCheck.status === 'fail').map((x) => `${x.id}：${x.hashCheck.detail}`).join('；'))
    : hashes.includes('skipped') ? skipped(`${records.filter((x) => x.hashCheck.status === 'skipped').map((x) => x.id).join('、')} 含 ${count} 对回避关系（不公开）：核对记录哈希需要回避清单（--conflicts）`)
      : pass(`${records.length} 条记录的哈希均一致`);

  let seed: Check = pass(`随机种子“${r.seed.text}”`);
  if (r.seed.components.some((c) => c.source !== 'given')) {
    const s = seedFromComponents(r.seed.components);
    seed = s === r.seed.text ? pass(`随机种子“${r.seed.text}”由记录中的 ${r.seed.components.length} 个组成部分得出`) : fail(`随机种子“${r.seed.text}”不是由记录中的各组成部分得出的（应为“${s}”）`);
  }
  if (seed.status === 'fail') problems.push(`${r.id}：${seed.detail}`);

  // Full replay (teams included) when every record is known in full and its hash checks; else the entity draw alone.
  const full = restored.draw && restored.amendments.every(Boolean) && records.every((x) => x.hashCheck.status === 'pass');
  let pool: Check, entities: Check, teams: Check, amend: Check;
  let ent = replayEntities(r, amendments, lists);
  // A record made before task.suspendedDrawable existed does not say the rule. When its pool is not found with them
  // drawable (the default), the other rule is tried: the pool hash the record states decides, and the note says so.
  if (r.task.suspendedDrawable === undefined && ent.pool.length) {
    const other = withSuspendedRule(given.entities, false);
    const again = other === given.entities ? null : replayEntities(r, amendments, { ...given, entities: other });
    if (again && again.pool.length === 0) {
      lists = { ...given, entities: other };
      ent = again;
      notes.push(`${r.id}：记录中没有写明停业、歇业、清算的检查对象是否抽取（旧版本的记录）；按“不抽取”（导入名录时 ssj.json 的 suspendedDrawable 为 false）重新确定检查对象池，与记录一致`);
    }
  }
  pool = ent.pool.length ? fail(ent.pool.join('；')) : pass(`检查对象池哈希一致（${r.pool.size} 个可抽对象），各事项总数、可抽数、抽取数一致`);
  entities = ent.entities.length ? fail(ent.entities.join('；')) : pass(`重新抽取的 ${r.entities.length} 个检查对象与记录一致`);
  amend = amendments.length === 0 ? pass('没有补抽') : ent.amendments.length ? fail(ent.amendments.join('；')) : pass(`${amendments.length} 次补抽的检查对象与记录一致`);
  problems.push(...ent.pool, ...ent.entities, ...ent.amendments);
  if (full && ent.pool.length === 0) {
    const diffs = rebuild(restored.draw!, restored.amendments as never, { entities: lists.entities, inspectors: lists.inspectors }).diffs;
    const teamDiffs = diffs.filter((d) => !problems.includes(d));
    teams = teamDiffs.length ? fail(teamDiffs.join('；')) : pass(`检查组（${redacted ? '含回避关系，' : ''}按执法人员名录和种子）重新分配，与记录一致${amendments.length ? '，补抽后的检查组也一致' : ''}`);
    problems.push(...teamDiffs.filter((d) => !problems.includes(d)));
  } else if (!restored.draw || !restored.amendments.every(Boolean)) {
    teams = skipped(`检查组取决于回避关系（${count} 对，不公开）：需要回避清单（--conflicts）才能复核`);
  } else {
    teams = skipped(ent.pool.length ? '检查对象池不同，未复核检查组' : '记录哈希不一致，所补全的回避关系不可信，未复核检查组');
  }
  const snapshots = { entities: r.inputs.entities.snapshot, inspectors: r.inputs.inspectors.snapshot, conflicts: r.inputs.conflicts.snapshot };
  if (lists.entitiesSnapshot && lists.entitiesSnapshot !== snapshots.entities) notes.push(`所给检查对象名录是快照 ${lists.entitiesSnapshot}，抽取用的是 ${snapshots.entities}（按检查对象池核对）`);
  if (lists.inspectorsSnapshot && lists.inspectorsSnapshot !== snapshots.inspectors) notes.push(`所给执法人员名录是快照 ${lists.inspectorsSnapshot}，抽取用的是 ${snapshots.inspectors}：检查组要用那次抽取所用的名录复核，即「执法检查人员名录（快照 ${snapshots.inspectors.slice(0, 12)}）.xlsx」（年终材料中有；在工作区中 ssj export inspectors --snapshot ${r.id}）`);
  notes.push(`种子“${r.seed.text}”，重新抽取 ${r.entities.length} 个检查对象${amendments.length ? `，补抽 ${amendments.length} 次` : ''}`);
  const checked: DrawVerdict['checked'] = { recordHash: recordHashCheck, seed, pool, entities, teams, amendments: amend };
  const announced = announcementCheck(r, announcement, missing);
  if (announced) {
    checked.announcement = announced.check;
    problems.push(...announced.problems);
  }
  const ok = problems.length === 0 && Object.values(checked).every((c) => c.status !== 'fail');
  return {
    id: [r.id, ...amendments.map((a) => a.id)].join(' + '), ok, problems, notes, checked, records,
    seed: r.seed.text, poolHash: r.pool.hash, snapshots, conflicts: count,
  };
}

const seqRange = (a: number, b: number) => (a === b ? `序号 ${a}` : `序号 ${a}–${b}`);
/**
 * What the ledger holds that a draw export leaves out: an export carries the standing draws with their amendments
 * and the announcements they were drawn by (and nothing else).
 */
const GAP_KINDS = '如被再次抽取替换的抽取及其补抽、导出中没有按其抽取的公告、检查结果版本、公示登记等';

/** The ledger chain as far as an export shows it: records in sequence, each naming the previous one's hash. */
export function checkPublicChain(records: readonly PublishedRecord[]): { ok: boolean; problems: string[]; notes: string[] } {
  const sorted = [...records].sort((a, b) => a.seq - b.seq);
  const problems: string[] = [];
  const notes: string[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i]!;
    if (seen.has(x.seq)) problems.push(`序号 ${x.seq} 出现了不止一次（${x.id}）`);
    seen.add(x.seq);
    const before = sorted[i - 1];
    if (before && before.seq === x.seq - 1 && x.prev !== before.hash) problems.push(`${x.id}（序号 ${x.seq}）记下的上一条哈希与 ${before.id} 的哈希不符：链条断开`);
    if (before && before.seq < x.seq - 1) notes.push(`${seqRange(before.seq + 1, x.seq - 1)} 的记录不在本导出中（${GAP_KINDS}），链条在此无法逐条核对`);
    if (!before && x.seq === 1 && x.prev !== null) problems.push(`${x.id} 是台账第 1 条，却记有上一条哈希`);
  }
  if (sorted.length) {
    const [a, b] = [sorted[0]!.seq, sorted.at(-1)!.seq];
    notes.push(`导出中的记录：序号 ${a === b ? a : `${a}–${b}`}，共 ${sorted.length} 条`);
  }
  return { ok: problems.length === 0, problems, notes };
}

/**
 * Every draw of an export with its amendments (and an announced draw with its announcement), verified; and the
 * chain. `announcements`: announcement records published beside the export (a record file's folder), not in it.
 */
export function verifyPublicBundle(
  bundle: readonly PublishedRecord[], lists: PublicLists | ((draw: PublicDraw) => PublicLists), announcements: { records?: readonly AnnouncementRecord[]; missing?: (id: string) => string } = {},
) {
  const draws = bundle.filter((r): r is PublicDraw => r.kind === 'draw');
  // (the lists of each draw: one set for all, or chosen by the draw, as for a year's draws over several snapshots)
  const listsOf = typeof lists === 'function' ? lists : () => lists;
  const verdicts = draws.map((d) => verifyPublicDraw(
    d, bundle.filter((a): a is PublicAmendment => a.kind === 'amendment' && a.of.id === d.id).sort((a, b) => a.number - b.number), listsOf(d),
    announcementOf(d, [...bundle, ...(announcements.records ?? [])]), d.announcement && announcements.missing?.(d.announcement.id),
  ));
  const orphans = bundle.filter((a) => a.kind === 'amendment' && !draws.some((d) => d.id === a.of.id));
  const chain = checkPublicChain(bundle);
  for (const o of orphans) chain.problems.push(`补抽记录 ${o.id} 所属的抽取记录不在导出中`);
  chain.ok = chain.problems.length === 0;
  return { ok: chain.ok && verdicts.every((v) => v.ok), chain, draws: verdicts };
}

/**
 * A CSV draw export and its .records.jsonl are written one after the other: the CSV's 记录哈希 column names, per task,
 * its latest record, which must be the latest record of that draw in the records file (else they are from two exports).
 */
export function exportPairProblems(csvHashes: ReadonlyMap<string, string>, bundle: readonly PublishedRecord[], csvName: string): string[] {
  const latest = new Map<string, string>();
  // (an announcement is not a task's record: the CSV names the draw made with it)
  for (const r of [...bundle].sort((a, b) => a.seq - b.seq)) if (r.kind !== 'announcement') latest.set(r.kind === 'draw' ? r.id : r.of.id, r.hash);
  const out: string[] = [];
  for (const [task, h] of csvHashes) {
    if (!latest.has(task)) out.push(`${csvName} 中的抽查任务 ${task} 在抽取记录文件中没有记录：两个文件不是同一次导出的`);
    else if (latest.get(task) !== h) out.push(`${csvName} 中抽查任务 ${task} 的记录哈希 ${h.slice(0, 12)}… 与抽取记录文件中的 ${latest.get(task)!.slice(0, 12)}… 不同：两个文件不是同一次导出的`);
  }
  for (const task of latest.keys()) if (!csvHashes.has(task)) out.push(`抽取记录文件中的 ${task} 不在 ${csvName} 中：两个文件不是同一次导出的`);
  return out;
}

/** The 记录哈希 of each task in the rows of a draw export table (.csv or its first sheet), or null when the rows are not one. */
export function exportTableHashes(rows: readonly (readonly unknown[])[]): Map<string, string> | null {
  let task = -1;
  let hash = -1;
  const out = new Map<string, string>();
  for (const r of rows) {
    const cells = Array.from(r, (c) => (c === null || c === undefined ? '' : String(c)));
    if (hash < 0) {
      task = cells.indexOf('抽查任务编号');
      hash = task >= 0 ? cells.indexOf('记录哈希') : -1;
      continue;
    }
    if (cells[task]) out.set(cells[task]!, cells[hash] ?? '');
  }
  return hash < 0 ? null : out;
}
