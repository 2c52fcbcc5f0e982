// ssj draw, step 2 (under the lock): what is drawn and by whom — the lists, the announcement, the items, the round,
// the re-draw, the operator, witnesses and place — from the flags, or asked at the terminal.
import { SsjError, usageError } from '../../core/errors.js';
import type { DrawParams } from '../../core/draw.js';
import { standingDraws } from '../../core/ledger.js';
import type { AnnouncementRecord, DrawRecord, LedgerRecord } from '../../core/record.js';
import { findAnnouncement } from '../../core/announce.js';
import { refusePrivateText } from '../../core/privacy.js';
import { foldAscii } from '../../core/text.js';
import type { InspectionItem } from '../../core/types.js';
import type { LedgerEntry } from '../../core/ledger.js';
import { currentUser, today } from '../../io/clock.js';
import { readAll } from '../../io/draws.js';
import type { Workspace } from '../../io/workspace.js';
import { askList, askSelect, askText, interactive } from '../../ui/prompts.js';
import type { DrawOptions } from '../options/draw.js';
import { ask } from './ask.js';
import { readDrawDefaults } from './defaults.js';
import { parseInt0, parseWhere, scopeField, type DrawFlags } from './flags.js';
import { loadDrawLists, type DrawLists } from './lists.js';

const normId = (s: string) => foldAscii(s).trim().toUpperCase();

/** Everything the draw is made of, but the seed (the sample-size and team parameters as DrawParams has them). */
export interface ResolvedDraw extends Pick<DrawParams, 'ratio' | 'count' | 'where' | 'strata' | 'riskRatios' | 'teamSize' | 'experts'> {
  lists: DrawLists;
  /** the ledger as it is now */
  entries: LedgerEntry[];
  past: LedgerRecord[];
  announcement: AnnouncementRecord | null;
  /** every item of the list, and the ones drawn for (their ids sorted) */
  allItems: InspectionItem[];
  items: InspectionItem[];
  ids: string[];
  round: number;
  redraw: { of: string[]; reason: string } | null;
  operator: string;
  witnesses: string[];
  place: string;
  /** asking at the terminal (not --json) */
  asking: boolean;
}

export async function resolveDraw(ws: Workspace, opts: DrawOptions, flags: DrawFlags): Promise<ResolvedDraw> {
  let { ratio, count, teamSize, experts, riskRatios } = flags;
  const lists = await loadDrawLists(ws);
  // --where / --strata may name any column of the registry (kept in its snapshot)
  const extras = lists.entities.records.extras;
  let where = parseWhere(opts.where ?? [], extras);
  let strata = opts.strata !== undefined ? scopeField(opts.strata, '--strata', extras) : null;
  const allItems = lists.items.records as InspectionItem[];
  const { entries, records } = await readAll(ws.root);
  const past = entries.map((e) => records.get(e.id)).filter((r): r is LedgerRecord => Boolean(r));
  const remembered = await readDrawDefaults(ws.root);

  // 事先公告的抽取: everything but the public value comes from the announcement.
  const announcement = flags.announced !== null ? findAnnouncement(past, flags.announced) : null;
  if (announcement) {
    // the announced parameters; the workspace's settings (riskRatios, teamRules, excludeRepeat) are as they are
    // now, and any difference from the announcement is refused later (planDrawTask)
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
  else if (interactive() && !opts.item?.length) {
    // answered at the prompt: a typo or a round already drawn is said there and asked again (not a usage error
    // naming --round, which the clerk never typed)
    const drawnIn = (n: number) => ids.map((id) => standing.get(id)?.get(n)).find((r): r is DrawRecord => Boolean(r));
    const answer = await ask(() => askText({
      flag: '--round',
      message: '第几次抽取',
      default: String(nextRound),
      validate: (s) => {
        const n = Number(foldAscii(s).trim());
        if (!Number.isInteger(n) || n < 1) return `请只输入数字，如 ${nextRound}（本年度第几次抽取）`;
        const done = opts.redraw ? undefined : drawnIn(n);
        if (done) return `第 ${n} 次已经抽取过（${done.id}，${done.date}），下一次是第 ${nextRound} 次`;
        return true;
      },
    }));
    round = parseInt0(answer, '--round', 1, nextRound);
  }
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
  // (may be left empty, as --place may be left out in a script: the form's 抽取地点 is then filled in by hand)
  const place = opts.place !== undefined ? opts.place.trim() : asking ? await ask(() => askText({
    flag: '--place', message: remembered.place ? '抽取地点' : '抽取地点（可以不填，直接回车）', validate: () => true,
    ...(remembered.place ? { default: remembered.place } : {}),
  })) : '';

  // (before the seed: a draw refused here has drawn nothing)
  refusePrivateText([
    { label: '--operator 操作人员', text: operator }, { label: '--place 抽取地点', text: place }, { label: '--reason 再次抽取的原因', text: redraw?.reason },
    { label: '--public-name 公开随机数的来源', text: opts.publicName }, ...witnesses.map((w) => ({ label: '--witness 见证人', text: w })),
    ...(where ?? []).flatMap((c) => c.values.map((v) => ({ label: `--where ${c.field}`, text: v }))),
  ], '抽取记录');
  return {
    lists, entries, past, announcement, ratio, count, where, strata, riskRatios, teamSize, experts,
    allItems, items, ids, round, redraw, operator, witnesses, place, asking,
  };
}
