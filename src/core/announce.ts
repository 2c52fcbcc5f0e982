// 事先公告的抽取 (RFC 3797): an announcement record fixes the lists, the pool, the parameters and a named future
// public random value before that value exists; the draw made with it must match it exactly. Pure functions:
// finding an announcement, what differs between an announcement and a draw, and verify's check of a draw.
import { SsjError } from './errors.js';
import type { AnnouncementRecord, DrawRecord, LedgerRecord } from './record.js';
import { canonicalJson, recordHash } from './record.js';
import { SCOPE_LABEL } from './draw.js';
import { SCHEMAS } from './schema.js';

/** The announcement with this id (case-insensitive), or a clear error. */
export function findAnnouncement(records: readonly LedgerRecord[], id: string): AnnouncementRecord {
  const want = id.trim().toUpperCase();
  const r = records.find((x) => x.id.toUpperCase() === want);
  if (!r) {
    const known = records.filter((x) => x.kind === 'announcement').map((x) => x.id);
    throw new SsjError('FILE_NOT_FOUND', `抽取台账中没有公告「${id}」`, { hint: known.length ? `现有公告：${known.join('、')}` : '还没有公告：请先运行 ssj draw announce' });
  }
  if (r.kind !== 'announcement') throw new SsjError('USAGE', `记录 ${r.id} 不是抽取公告`, { hint: '--announced 后面应是 ssj draw announce 给出的公告编号，如 2026-A001' });
  return r;
}

/** What a draw (or the draw about to be made) fixes that its announcement also fixed. */
export interface AnnouncedFacts {
  task: DrawRecord['task'];
  inputs: DrawRecord['inputs'];
  pool: DrawRecord['pool'];
  algorithm: string;
}

/** Every difference between an announcement and a draw's facts, in words (none: the draw is as announced). */
export function announcementDiffs(a: AnnouncementRecord, d: AnnouncedFacts): string[] {
  const out: string[] = [];
  const same = (x: unknown, y: unknown) => canonicalJson(x ?? null) === canonicalJson(y ?? null);
  const short = (h: string | null) => (h ? `${h.slice(0, 12)}…` : '无');
  for (const k of ['entities', 'inspectors', 'items', 'conflicts'] as const satisfies readonly (keyof DrawRecord['inputs'])[]) {
    const x = a.inputs[k];
    const y = d.inputs[k];
    if (x.snapshot !== y.snapshot) out.push(`${SCHEMAS[k].label}已变：公告时为快照 ${short(x.snapshot)}（${x.size} 条），现在为 ${short(y.snapshot)}（${y.size} 条）`);
  }
  if (a.algorithm !== d.algorithm) out.push(`抽取算法已变：公告时为 ${a.algorithm}，现在为 ${d.algorithm}`);
  const t = a.task;
  const u = d.task;
  // an announcement made before ssj recorded the items' departments there (as the draw does once another
  // department's list was imported with --dept) is compared without them: the item list's snapshot, compared above,
  // fixes each item's department (a joint draw differs in its algorithm, said above)
  const drawnItems = t.items.some((i) => i.dept !== undefined) ? u.items : u.items.map(({ dept: _dept, ...item }) => item);
  if (!same(t.items.map((i) => i.id), u.items.map((i) => i.id))) out.push(`抽查事项不同：公告为 ${t.items.map((i) => i.id).join('、')}，现在为 ${u.items.map((i) => i.id).join('、')}`);
  else if (!same(t.items, drawnItems)) out.push('抽查事项的检查对象或抽查比例已变（事项清单与公告时不同）');
  if (t.round !== u.round) out.push(`抽取次数不同：公告为第 ${t.round} 次，现在为第 ${u.round} 次`);
  if (t.ratio !== u.ratio) out.push(`抽查比例不同：公告为 ${t.ratio ?? '按事项清单'}，现在为 ${u.ratio ?? '按事项清单'}`);
  if (t.count !== u.count) out.push(`抽取数量不同：公告为 ${t.count ?? '按比例'}，现在为 ${u.count ?? '按比例'}`);
  if (!same(t.where, u.where)) out.push(`定向范围不同：公告为 ${whereText(t.where)}，现在为 ${whereText(u.where)}`);
  if (t.strata !== u.strata) out.push(`分层字段不同：公告为 ${t.strata ? SCOPE_LABEL[t.strata] : '不分层'}，现在为 ${u.strata ? SCOPE_LABEL[u.strata] : '不分层'}`);
  if (!same(t.riskRatios, u.riskRatios)) out.push('按信用风险分类的差异化比例（ssj.json 的 riskRatios）与公告时不同');
  if (t.teamSize !== u.teamSize) out.push(`每组执法人员人数不同：公告为 ${t.teamSize}，现在为 ${u.teamSize}`);
  if (t.experts !== u.experts) out.push(`每组专家人数不同：公告为 ${t.experts}，现在为 ${u.experts}`);
  if (!same(t.teamRules, u.teamRules)) out.push('人员匹配规则（ssj.json 的 teamRules）与公告时不同');
  if (t.excludeRepeat !== u.excludeRepeat) out.push(`是否排除本年度已抽中的检查对象（ssj.json 的 excludeRepeat）不同：公告为 ${t.excludeRepeat ? '排除' : '不排除'}，现在为 ${u.excludeRepeat ? '排除' : '不排除'}`);
  if ((t.suspendedDrawable ?? true) !== (u.suspendedDrawable ?? true)) out.push(`停业、歇业、清算的检查对象是否抽取（名录导入时 ssj.json 的 suspendedDrawable）不同：公告为${t.suspendedDrawable === false ? '不抽取' : '抽取'}，现在为${u.suspendedDrawable === false ? '不抽取' : '抽取'}`);
  if (a.pool.hash !== d.pool.hash) out.push(`检查对象池不同：公告时池哈希为 ${short(a.pool.hash)}（${a.pool.size} 个），现在为 ${short(d.pool.hash)}（${d.pool.size} 个）（名录或本年度已抽中的检查对象有变化）`);
  else if (!same(a.pool, d.pool)) out.push('各事项的总数、可抽数或抽取数与公告不同');
  return out;
}

const whereText = (w: DrawRecord['task']['where']) => (w.length ? w.map((c) => `${SCOPE_LABEL[c.field]}=${c.values.join('或')}`).join('，') : '不限');

/**
 * verify's check of an announced draw against the ledger: the announcement exists earlier in the chain, is the one
 * (hash) the draw names and has not been altered; the draw used its lists, parameters, pool, algorithm and source
 * (the source's value first in the seed, named as announced), on or after the source's date.
 */
export function checkAnnouncedDraw(d: DrawRecord, all: readonly LedgerRecord[]): string[] {
  const ref = d.announcement;
  if (!ref) return [];
  const a = all.find((r) => r.id === ref.id);
  if (!a || a.kind !== 'announcement') return [`${d.id}：记录的公告 ${ref.id} 不在抽取台账中`];
  return drawAgainstAnnouncement(d, a);
}

/**
 * An announced draw against its announcement record (found by the caller: in the ledger, or among published
 * files): every difference in words, none when the draw is as announced. Only the facts a draw publishes are read
 * (a public record, its 回避 pairs left out, will do).
 */
export function drawAgainstAnnouncement(d: Omit<DrawRecord, 'conflicts'>, a: AnnouncementRecord): string[] {
  const ref = d.announcement;
  if (!ref) return [];
  const out: string[] = [];
  if (recordHash(a) !== a.hash) out.push(`${d.id}：公告 ${a.id} 的内容被改动过（按内容算出的哈希与文件中写的不同）`);
  if (a.hash !== ref.hash) out.push(`${d.id}：记录的公告哈希与台账中公告 ${a.id} 的哈希不符（公告被替换或改动过）`);
  if (!(a.date < a.source.date)) out.push(`${d.id}：公告 ${a.id} 的日期 ${a.date} 不早于公开随机数的公布日期 ${a.source.date}：不是事先公告`);
  if (!(a.seq < d.seq)) out.push(`${d.id}：公告 ${a.id} 在台账中排在这次抽取之后（序号 ${a.seq}，抽取为 ${d.seq}）：不是事先公告`);
  if (a.source.name !== ref.source || a.source.date !== ref.sourceDate || a.date !== ref.date) out.push(`${d.id}：记录的公开随机数来源与公告 ${a.id} 不同`);
  if (d.date < a.source.date) out.push(`${d.id}：抽取日期 ${d.date} 早于公告的公开随机数公布日期 ${a.source.date}`);
  const first = d.seed.components[0];
  if (!first || first.source !== 'public' || first.name !== a.source.name) out.push(`${d.id}：随机种子的第一部分不是公告指定的公开随机数“${a.source.name}”`);
  if (d.seed.components.slice(1).some((c) => c.source !== 'witness')) out.push(`${d.id}：随机种子中除公开随机数外只能有见证人输入的数字`);
  out.push(...announcementDiffs(a, { task: d.task, inputs: d.inputs, pool: d.pool, algorithm: d.algorithm }).map((x) => `${d.id}：与公告 ${a.id} 不一致：${x}`));
  return out;
}
