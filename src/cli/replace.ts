// ssj draw replace RECORD (--entity CODE | --inspector CERTNO [--entity CODE]) --reason 原因 [--operator 姓名] [--json]
// 补抽: the next candidate by the same algorithm and seed, recorded as an amendment linked to the draw.
import { join } from 'node:path';
import { amendmentTargetProblem, applyAmendment, type AmendmentRequest, type Visit } from '../core/draw.js';
import { SsjError, usageError } from '../core/errors.js';
import { repeatExclusions } from '../core/ledger.js';
import { recordedVisits, RECORD_FORMAT, sealRecord, type AmendmentRecord, type DrawRecord } from '../core/record.js';
import { conflictsTouching, rebuild } from '../core/replay.js';
import { ALGORITHM } from '../core/rng.js';
import { JOINT_ALGORITHM } from '../core/joint-teams.js';
import { foldAscii } from '../core/text.js';
import { inspectorReasonProblem, refusePrivateText } from '../core/privacy.js';
import type { Conflict } from '../core/types.js';
import { currentUser, nowStamp, today } from '../io/clock.js';
import { readAll } from '../io/draws.js';
import { appendRecord } from '../io/ledger-commit.js';
import { withLock } from '../io/lock.js';
import { loadCurrent } from '../io/store.js';
import { openWorkspace } from '../io/workspace.js';
import { VERSION } from '../version.js';
import { c, err, jsonLong, out } from '../ui/output.js';
import { hashLines } from '../ui/hash-lines.js';
import { hanging, terminalWidth } from '../ui/terminal.js';
import { visitsTable, wrapIndented } from '../ui/draw-view.js';
import { askSelect, askText, interactive } from '../ui/prompts.js';
import type { ReplaceOptions } from './options/replace.js';
import type { GlobalOptions } from './main.js';
import { mergedJson, mergeLines, openMerges } from './merges.js';
import { drawWithAmendments, listsOf } from './records.js';
import { saving } from './interrupt.js';

export type { ReplaceOptions } from './options/replace.js';

const norm = (s: string) => foldAscii(s).trim().toUpperCase();

/**
 * Before the clerk is asked for a reason: the record exists, and the entity or inspector to replace is in it now
 * (after its amendments). The same faults are found again under the lock, where the amendment is made.
 */
async function notInDraw(root: string, recordArg: string, opts: ReplaceOptions): Promise<void> {
  const visits = await currentVisits(root, recordArg);
  const req = requestOf(opts, '');
  const problem = amendmentTargetProblem(visits, req);
  if (problem) throw new SsjError('CANNOT_DRAW', `无法补抽：\n  ${problem}`, { hint: targetHint(visits, req) });
}

/** The hint when the entity or inspector named is not in the draw: what the draw holds now, to copy the code from. */
function targetHint(visits: readonly Pick<Visit, 'code' | 'name' | 'team'>[], req: AmendmentRequest): string {
  const MAX = 20;
  const more = visits.length > MAX ? `……共 ${visits.length} 个（ssj visits 查看全部）` : '';
  const shown = visits.slice(0, MAX);
  if (req.type === 'entity') return `请检查记录编号和代码。这次抽取现在的检查对象：${shown.map((v) => `${v.code}（${v.name}）`).join('、')}${more}`;
  return `请检查记录编号和执法证号。这次抽取现在的检查组：${shown.map((v) => `${v.code}：${v.team.map((m) => `${m.name}（${m.certNo}）`).join('、')}`).join('；')}${more}`;
}

/** The replacement asked for by the flags. */
const requestOf = (opts: ReplaceOptions, reason: string): AmendmentRequest => (opts.inspector
  ? { type: 'inspector', certNo: norm(opts.inspector), code: opts.entity ? norm(opts.entity) : null, reason }
  : { type: 'entity', code: norm(opts.entity!), reason });

const CANNOT_HINT = '请检查记录编号和代码，或补充执法人员名录';

/** The draw's entities now (after its amendments), to choose from or to name in a hint. */
async function currentVisits(root: string, recordArg: string): Promise<readonly Pick<Visit, 'code' | 'name' | 'team'>[]> {
  const { entries, records } = await readAll(root);
  const { draw, amendments } = drawWithAmendments(entries, records, recordArg);
  return (amendments.at(-1) ?? draw).entities;
}

/**
 * Neither --entity nor --inspector: at a terminal, the clerk chooses from the draw's entities or team members (as
 * ssj draw asks for what its flags would give); in a script, a usage error naming what the draw holds now.
 */
async function chooseTarget(root: string, recordArg: string, opts: ReplaceOptions): Promise<ReplaceOptions> {
  const visits = await currentVisits(root, recordArg);
  if (!interactive()) {
    const now = targetHint(visits, { type: 'entity', code: '', reason: '' }).replace(/^请检查记录编号和代码。/, '');
    throw usageError('请用 --entity 给出被替换的检查对象，或用 --inspector 给出被替换的检查人员', `如 ssj draw replace ${recordArg} --entity 代码 --reason 注销；在终端中运行时 ssj 会让您选择。${now}`);
  }
  const kind = await askSelect({
    flag: '--entity 或 --inspector', message: '补抽什么',
    choices: [
      { value: 'entity', name: '替换检查对象（如已注销、吊销、迁出）' },
      { value: 'inspector', name: '替换检查组中的执法人员（如调离、病假）' },
    ],
  });
  if (kind === 'entity') {
    const code = await askSelect({ flag: '--entity', message: '要替换的检查对象', choices: visits.map((v) => ({ value: v.code, name: `${v.name}（${v.code}）` })) });
    return { ...opts, entity: code };
  }
  const pick = await askSelect({
    flag: '--inspector', message: '要替换的执法人员',
    choices: visits.flatMap((v) => v.team.map((m) => ({ value: `${m.certNo}|${v.code}`, name: `${m.name}（${m.certNo}，${m.role}）— ${v.name}` }))),
  });
  const [certNo, code] = pick.split('|') as [string, string];
  return { ...opts, inspector: certNo, entity: code };
}

export async function replace(recordArg: string, given: ReplaceOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  const opts = !given.entity && !given.inspector ? await chooseTarget(ws.root, recordArg, given) : given;
  if (!opts.reason?.trim()) await notInDraw(ws.root, recordArg, opts); // (said before the reason is asked for, not after)
  // (an inspector's reason must not state a 回避: said at the prompt, and asked again)
  const reason = opts.reason?.trim() || (await askText({
    flag: '--reason',
    message: opts.inspector ? '补抽原因（如 人员调整、病假、调离）' : '补抽原因（如 注销、迁出、吊销）',
    validate: (s) => (s === '' ? '不能为空' : (opts.inspector ? inspectorReasonProblem(s) : null) ?? true),
  }));
  const recusal = opts.inspector ? inspectorReasonProblem(reason) : null;
  if (recusal) {
    throw new SsjError('PRIVATE_DATA', recusal, { hint: '回避关系请登记在回避关系清单中（ssj import conflicts）：它不公开，只记入内部记录，以后的抽取也会自动回避。没有保存任何东西' });
  }
  refusePrivateText([{ label: '--reason 补抽原因', text: reason }, { label: '--operator 操作人员', text: opts.operator }], '补抽记录');
  const req = requestOf(opts, reason);

  return withLock(ws.root, async () => {
    const { entries, records } = await readAll(ws.root);
    const { draw, all, amendments: earlier } = drawWithAmendments(entries, records, recordArg);
    const supersededBy = all.filter((r): r is DrawRecord => r.kind === 'draw' && r.seq > draw.seq && (r.redraw?.of.includes(draw.id) ?? false));
    if (supersededBy.length) {
      const by = supersededBy.at(-1)!;
      throw new SsjError('CANNOT_DRAW', `抽取 ${draw.id} 已被再次抽取 ${supersededBy.map((r) => r.id).join('、')} 取代（原因：${by.redraw!.reason}），不能再对它补抽`, {
        hint: `请对取代它的抽取补抽：ssj draw replace ${by.id} …`,
      });
    }
    const lists = await listsOf(ws.root, draw);
    const { diffs, plan, state, inputs, params } = rebuild(draw, earlier, lists);
    if (diffs.length) {
      throw new SsjError('VERIFY_FAILED', `记录 ${draw.id} 复核不通过，不能在其上补抽：\n  ${diffs.slice(0, 10).join('\n  ')}`, { hint: '请运行 ssj verify 查看详情' });
    }
    // 回避 declared since the draw count for the people drawn now.
    const current = await loadCurrent(ws.root, 'conflicts');
    const pairs = ((current?.records ?? []) as Conflict[]).map((p) => ({ certNo: p.certNo, code: p.code }));
    const number = earlier.length + 1;
    // 防止执法扰民: the next candidate must not be one drawn for the same item in another round this year.
    const others = draw.task.excludeRepeat ? repeatExclusions(all, draw.task.items.map((i) => i.id), draw.task.round) : [];
    const target = amendmentTargetProblem(state.visits, req);
    if (target) throw new SsjError('CANNOT_DRAW', `无法补抽：\n  ${target}`, { hint: targetHint(state.visits, req) });
    const { change, problems, passedOver } = applyAmendment(plan, state, { ...inputs, conflicts: [...inputs.conflicts, ...pairs] }, params, draw.seed.text, number, req, others);
    if (problems.length) throw new SsjError('CANNOT_DRAW', `无法补抽：\n  ${problems.join('\n  ')}`, { hint: CANNOT_HINT });
    const touched = [...change.added.map((a) => a.code), ...change.teamChanges.map((t) => t.code)];
    const date = today();
    // 合并检查: an entity brought in that another open task of the year holds (not the draw amended), as a draw notes it
    const visits = recordedVisits(state.visits);
    const addedCodes = new Set(change.added.map((a) => a.code));
    const merge = await openMerges(ws.root, all, [draw.id], visits.filter((v) => addedCodes.has(v.code)), {
      items: inputs.items, date, teamRules: params.teamRules, teamSize: params.teamSize,
      inspectors: lists.inspectors, conflicts: [...inputs.conflicts, ...pairs], org: ws.config.org,
    });
    const body: Omit<AmendmentRecord, 'hash'> = {
      format: RECORD_FORMAT, kind: 'amendment', id: `${draw.id}-R${number}`, seq: entries.length + 1, time: nowStamp(), date,
      org: ws.config.org, year: ws.config.year, operator: opts.operator?.trim() || currentUser(),
      tool: { name: 'ssj', version: VERSION }, algorithm: draw.algorithm === JOINT_ALGORITHM ? JOINT_ALGORITHM : ALGORITHM,
      of: { id: draw.id, hash: draw.hash }, number, request: req, change,
      conflicts: conflictsTouching(pairs, touched).filter((p) => !inputs.conflicts.some((q) => q.certNo === p.certNo && q.code === p.code)),
      passedOver,
      entities: visits,
      prev: entries.at(-1)?.hash ?? null,
      ...(merge.length ? { merge } : {}),
    };
    const { record, text } = sealRecord<AmendmentRecord>(body);
    const save = saving(`补抽记录 ${record.id}`, `ssj form ${draw.id}`);
    await appendRecord(ws.root, record, 'amendment', record.time, text);
    save.saved();
    const file = join(ws.root, 'draws', `${record.id}.json`);
    if (opts.json) {
      jsonLong({ ok: true, id: record.id, record: file, hash: record.hash, of: draw.id, change, entities: record.entities.map((v) => ({ code: v.code, name: v.name, items: v.items, team: v.team })), merged: mergedJson(merge) });
      return 0;
    }
    out(c.bold(`补抽 ${record.id}（原抽取 ${draw.id}），原因：${reason}`));
    if (change.removed) out(hanging('  ', `替换检查对象：${change.removed.name}（${change.removed.code}）`));
    for (const x of passedOver) out(c.dim(hanging('  ', `跳过：第 ${x.position + 1} 个 ${x.name}（${x.code}），${x.reason}`)));
    for (const a of change.added) out(hanging('  ', `补抽得到：${c.bold(a.name)}（${a.code}），事项 ${a.item}，按同一种子顺延第 ${a.position + 1} 个`));
    for (const t of change.teamChanges) out(hanging('  ', `${t.code}：${t.out.name}（${t.out.certNo}）换为 ${t.in ? `${c.bold(t.in.name)}（${t.in.certNo}）` : '（无）'}`));
    out();
    out(visitsTable(record.entities, terminalWidth()));
    out();
    for (const m of mergeLines(merge)) err(wrapIndented(`${c.warn('!')} ${m}`));
    if (merge.length) out();
    out(`补抽记录已保存：${file}`);
    out(`记录哈希：${record.hash}`);
    for (const l of hashLines(record.hash)) out(c.bold(l));
    return 0;
  });
}

