// ssj draw announce --item ID … [--round N] [--where 字段=值 …] [--strata 字段] [--count N | --ratio R]
//   --source "描述" --source-date YYYY-MM-DD [--operator 姓名] [--json]
// 事先公告 (RFC 3797): fixes everything about a coming draw but the public random value — the lists' snapshots,
// the pool (hash, size, per item and stratum), the sample sizes, the team rules, the algorithm, and the named
// public source and the date it is published — appends an announcement record to the ledger and writes a notice
// for publication (exports/, A4). The draw is then `ssj draw --announced ID --public VALUE`.
import { join } from 'node:path';
import { SsjError, usageError } from '../core/errors.js';
import { isValidYmd } from '../core/dates.js';
import { standingDraws } from '../core/ledger.js';
import { RECORD_FORMAT, sealRecord, type AnnouncementRecord, type LedgerRecord } from '../core/record.js';
import { poolOf } from '../core/replay.js';
import { digitsFor, log2Binomial } from '../core/seed.js';
import { foldAscii } from '../core/text.js';
import { refusePrivateText } from '../core/privacy.js';
import type { InspectionItem } from '../core/types.js';
import { currentUser, nowStamp, today } from '../io/clock.js';
import { readAll } from '../io/draws.js';
import { appendRecord } from '../io/ledger-commit.js';
import { withLock } from '../io/lock.js';
import { FOLDERS, openWorkspace } from '../io/workspace.js';
import { VERSION } from '../version.js';
import { c, err, json, out } from '../ui/output.js';
import { hashLines } from '../ui/hash-lines.js';
import { hanging } from '../ui/terminal.js';
import { checkWhereSyntax, inputsOf, loadDrawLists, parseInt0, parseRatio, parseWhere, scopeField } from './draw.js';
import type { AnnounceOptions } from './options/announce.js';
import type { GlobalOptions } from './main.js';
import { saving } from './interrupt.js';
import { planTask } from './draw/plan.js';

export type { AnnounceOptions } from './options/announce.js';

const normId = (s: string) => foldAscii(s).trim().toUpperCase();

export async function announce(opts: AnnounceOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  if (!opts.item?.length) throw usageError('缺少 --item（抽查事项编号）', 'ssj list items 查看事项编号');
  const source = opts.source?.trim() ?? '';
  if (!source) throw usageError('缺少 --source：公开随机数的来源，如 --source "中国福利彩票 3D 2026-03-16 开奖号码"');
  refusePrivateText([{ label: '--source 公开随机数的来源', text: source }, { label: '--operator 操作人员', text: opts.operator }, ...(opts.where ?? []).map((w) => ({ label: '--where 定向抽取', text: w }))], '抽取公告');
  const sourceDate = foldAscii(opts.sourceDate ?? '').trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(sourceDate);
  if (!m || !isValidYmd(+m[1]!, +m[2]!, +m[3]!)) throw usageError(`--source-date 应为 YYYY-MM-DD 格式的日期（公开随机数公布的日期），现在是「${opts.sourceDate ?? ''}」`);
  const date = today();
  if (sourceDate <= date) {
    throw usageError(`公开随机数的公布日期 ${sourceDate} 不在今天（${date}）之后：事先公告必须在随机数产生之前发布`, '请选一个以后才公布的公开随机数（如下一期开奖号码）');
  }
  if (opts.ratio !== undefined && opts.count !== undefined) throw usageError('--ratio 和 --count 只能用一个');
  const ratio = opts.ratio !== undefined ? parseRatio(opts.ratio) : null;
  const count = opts.count !== undefined ? parseInt0(opts.count, '--count', 1, 0) : null;
  const teamSize = parseInt0(opts.teamSize, '--team-size', 2, ws.config.teamSize);
  const experts = parseInt0(opts.experts, '--experts', 0, 0);
  checkWhereSyntax(opts.where ?? []);
  const riskRatios = ws.config.riskRatios && ratio === null && count === null ? ws.config.riskRatios : null;
  if (opts.strata !== undefined && riskRatios) throw usageError('ssj.json 设置了按信用风险分类的差异化比例（riskRatios），不能再用 --strata');

  return withLock(ws.root, async () => {
    const lists = await loadDrawLists(ws);
    // --where / --strata may name any column of the registry (kept in its snapshot), as in ssj draw
    const extras = lists.entities.records.extras;
    const where = parseWhere(opts.where ?? [], extras);
    const strata = opts.strata !== undefined ? scopeField(opts.strata, '--strata', extras) : null;
    const allItems = lists.items.records as InspectionItem[];
    const { entries, records } = await readAll(ws.root);
    const past = entries.map((e) => records.get(e.id)).filter((r): r is LedgerRecord => Boolean(r));
    let ids = opts.item!.flatMap((s) => s.split(/[,，、]/)).map(normId).filter(Boolean);
    ids = [...new Set(ids.map((id) => allItems.find((it) => it.id === id || it.name === id)?.id ?? id))].sort();
    const unknown = ids.filter((id) => !allItems.some((it) => it.id === id));
    if (unknown.length) throw usageError(`事项清单中没有：${unknown.join('、')}`, `现有事项：${allItems.map((it) => it.id).join('、')}（ssj list items 查看）`);
    const items = ids.map((id) => allItems.find((it) => it.id === id)!);
    const standing = standingDraws(past);
    const nextRound = Math.max(...ids.map((id) => Math.max(0, ...(standing.get(id)?.keys() ?? [])) + 1));
    const round = opts.round !== undefined ? parseInt0(opts.round, '--round', 1, 1) : nextRound;
    // the plan and the task as ssj draw makes them (draw/plan.ts): the draw made by this announcement records the same
    const { plan, task, algorithm } = planTask(ws, { lists, past, allItems, items, ids, round, ratio, count, where, strata, riskRatios, teamSize, experts }, date, '公告');
    const n = entries.filter((e) => e.kind === 'announcement').length + 1;
    const id = `${ws.config.year}-A${String(n).padStart(3, '0')}`;
    const body: Omit<AnnouncementRecord, 'hash'> = {
      format: RECORD_FORMAT, kind: 'announcement', id, seq: entries.length + 1, time: nowStamp(), date, org: ws.config.org, year: ws.config.year,
      operator: opts.operator?.trim() || currentUser(), tool: { name: 'ssj', version: VERSION }, algorithm,
      task, inputs: inputsOf(lists), pool: poolOf(plan), exclusions: plan.exclusions,
      source: { name: source, date: sourceDate },
      prev: entries.at(-1)?.hash ?? null,
    };
    const { record, text } = sealRecord<AnnouncementRecord>(body);
    const save = saving(`抽取公告 ${record.id}`, `ssj verify`);
    await appendRecord(ws.root, record, 'announcement', record.time, text);
    save.saved();
    const file = join(ws.root, 'draws', `${id}.json`);
    const neededBits = plan.pools.flatMap((p) => p.strata).reduce((a, s) => a + log2Binomial(s.available, s.sample), 0);
    let notice: string | null = null;
    try {
      notice = join(ws.root, FOLDERS.exports, `抽取公告 ${id}.xlsx`);
      const { writeNotice } = await import('../io/notice.js');
      await writeNotice(notice, record, plan.pools.map((p) => ({ id: p.item.id, name: p.item.name, population: p.population, available: p.available, sample: p.sample })), neededBits);
    } catch (e) {
      // the announcement stands (it is in the ledger); the notice can be written again with the same facts
      err(`${c.warn('!')} 公告已记入台账，但公告文件没有写成：${(e as Error).message}`);
      notice = null;
    }
    if (opts.json) {
      json({
        ok: true, id, record: file, hash: record.hash, poolHash: plan.poolHash, poolSize: plan.poolSize,
        sampleSize: plan.pools.reduce((a, p) => a + p.sample, 0), source, sourceDate, notice,
      });
      return 0;
    }
    out(c.bold(`抽取公告 ${id} 已记入台账`));
    out(`  ${task.name}`);
    for (const p of plan.pools) out(`  ${p.item.id} ${p.item.name}：可抽 ${p.available} 个，抽取 ${c.bold(String(p.sample))} 个`);
    out(hanging('  ', `检查对象池：${plan.poolSize} 个，哈希 ${plan.poolHash}`)); // (the hash goes whole to the next line on 80 columns)
    out(`  公开随机数：${source}（${sourceDate} 公布）`);
    out(c.dim(`  覆盖全部可能结果需约 ${Math.ceil(neededBits)} 比特，约合 ${digitsFor(neededBits)} 个数字`));
    out(`记录哈希：${record.hash}`);
    for (const l of hashLines(record.hash)) out(c.bold(l));
    if (notice) out(`公告文件（请在 ${sourceDate} 之前公开）：${notice}`);
    out(c.dim(`${sourceDate} 公布后抽取：ssj draw --announced ${id} --public 公布的号码`));
    return 0;
  });
}
