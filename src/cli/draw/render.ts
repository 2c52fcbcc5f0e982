// ssj draw, the screen: the view (plain, --present or silent for --json) that records every warning, the pool shown
// before the seed, and the result shown after the record is saved (or printed as --json).
import { mergedJson, mergeLines } from '../merges.js';
import { eligibleFor } from '../../core/draw.js';
import { isSuspended } from '../../core/normalize.js';
import type { Workspace } from '../../io/workspace.js';
import { PlainDrawView, type DrawView } from '../../ui/draw-view.js';
import { longJsonBytes } from '../../core/long-json.js';
import { jsonEntitiesFromRecord } from '../../core/draw-json.js';
import { askConfirm, askEnter } from '../../ui/prompts.js';
import { Interrupted } from '../interrupt.js';
import type { DrawOptions } from '../options/draw.js';
import { ask } from './ask.js';
import type { CommittedDraw } from './commit.js';
import type { PlannedDraw } from './plan.js';
import type { ResolvedDraw } from './resolve.js';
import type { ChosenSeed } from './seed.js';

export interface DrawScreen {
  /** what is on screen (the notices after the record is saved go here, not into the record) */
  shown: DrawView;
  /** shown, with every warning also kept for the record and the --json output */
  view: DrawView;
  warnings: string[];
}

export async function openScreen(opts: DrawOptions, present: boolean): Promise<DrawScreen> {
  const shown: DrawView = present ? new (await import('../../ui/present/view.js')).PresentDrawView() : opts.json ? silentView() : new PlainDrawView();
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
  return { shown, view, warnings };
}

/** Before the seed: the pool and sample sizes, the warnings, and (asked at the terminal) the go-ahead. */
export async function showPool(ws: Workspace, opts: DrawOptions, r: ResolvedDraw, p: PlannedDraw, view: DrawView, itemNames: Map<string, string>, neededBits: number, present: boolean): Promise<void> {
  const { ids, round, redraw, teamSize, experts, announcement, ratio } = r;
  const { plan, task } = p;
  const inspectorsEligible = eligibleFor(ids, p.inputs, p.params, false).eligible.length;
  await view.pool({ org: ws.config.org, taskName: task.name, round, redraw, plan, itemNames, teamSize, experts, inspectorsEligible, neededBits, announcement: announcement ? { id: announcement.id, source: announcement.source.name, sourceDate: announcement.source.date } : null });
  if (plan.warnings.length) view.warn(plan.warnings);
  const minRatioWarnings = r.items
    .filter(() => ratio !== null && ratio < ws.config.minRatio)
    .map((it) => `事项 ${it.id}：--ratio ${ratio} 低于最低抽查比例 ${ws.config.minRatio}（ssj.json 中的 minRatio）`);
  if (minRatioWarnings.length) view.warn(minRatioWarnings);
  if (r.asking && !opts.yes && !present) {
    if (!(await ask(() => askConfirm({ flag: '--yes', message: '以上抽取范围是否正确？确认后输入随机种子' })))) throw new Interrupted('已取消，没有抽取');
  }
  if (view.ready) await view.ready();
}

/** After the record is saved: the seed, the drawn entities and teams, the notices, or the --json output. */
export async function showResult(
  opts: DrawOptions, r: ResolvedDraw, p: PlannedDraw, s: ChosenSeed, d: CommittedDraw, screen: DrawScreen, itemNames: Map<string, string>, neededBits: number, present: boolean,
): Promise<void> {
  const { view, shown, warnings } = screen;
  const { saved, visits, merge, suspended, byCode } = d;
  await view.seed({ components: s.components, seed: s.seed, bits: s.bits, neededBits, saved });
  // In the room (prompted, not --present): the seed and the saved record first, the result on Enter.
  if (r.asking && !opts.yes && !present) await ask(() => askEnter('抽取记录已保存。按回车键显示抽取结果'));
  await view.result(visits, itemNames, saved);
  // 停业、歇业、清算: drawn like the others, marked (the results include “已关闭停业或正在组织清算”)
  if (suspended.length) {
    shown.warn([`抽中的检查对象中有 ${suspended.length} 个经营状态为停业、歇业或清算：${suspended.map((e) => `${e.name}（${e.code}，${e.statusText}）`).join('、')}。检查时如属实，检查结果填“已关闭停业或正在组织清算”`]);
  }
  await view.saved(saved);
  if (merge.length && !opts.json) shown.warn(mergeLines(merge));
  if (opts.json) {
    // (prepared while the record was written, unless a warning came since)
    const bytes = d.prepared && d.prepared.warnings === warnings.join('\n') ? d.prepared.bytes : drawJsonBytes(r, p, s, d, warnings).bytes;
    process.stdout.write(bytes);
  }
}

/**
 * The --json output of a saved draw, as bytes (prepared by commitDraw's `meanwhile` while the record is written);
 * the entities cut from the sealed record's bytes when given (core/draw-json.ts), else stringified.
 */
export function drawJsonBytes(r: ResolvedDraw, p: PlannedDraw, s: ChosenSeed, d: Omit<CommittedDraw, 'prepared'>, warnings: readonly string[], recordBytes?: Buffer): NonNullable<CommittedDraw['prepared']> {
  const { saved, visits, merge, byCode } = d;
  const statusText = (code: string) => {
    const st = byCode.get(code)?.statusText ?? '';
    return isSuspended(st) ? st : null;
  };
  const fromRecord = recordBytes ? jsonEntitiesFromRecord(recordBytes, visits.map((v) => v.code), (i) => statusText(visits[i]!.code)) : null;
  const bytes = longJsonBytes({
    ok: true, id: saved.id, record: saved.file, hash: saved.hash, seed: s.seed, poolHash: p.plan.poolHash, poolSize: p.plan.poolSize,
    sampleSize: visits.length, round: r.round, redraw: r.redraw, warnings,
    merged: mergedJson(merge),
    entities: fromRecord ? [] : visits.map((v) => ({
      code: v.code, name: v.name, items: v.items, team: v.team.map((m) => ({ certNo: m.certNo, name: m.name, role: m.role })),
      ...(statusText(v.code) !== null ? { statusText: statusText(v.code)! } : {}),
    })),
    ...(r.announcement ? { announcement: r.announcement.id } : {}),
  }, fromRecord ? new Map([['entities', fromRecord]]) : undefined);
  return { bytes, warnings: warnings.join('\n') };
}

function silentView(): DrawView {
  return { pool: async () => {}, seed: async () => {}, warn: () => {}, result: async () => {}, saved: async () => {}, close: () => {} };
}
