// ssj draw, step 1: the flags, parsed and checked before anything is asked, loaded or locked.
import { SsjError, usageError } from '../../core/errors.js';
import type { Condition, ScopeField } from '../../core/draw.js';
import { KNOWN_ORDER, resolveScopeField } from '../../core/where.js';
import { foldAscii } from '../../core/text.js';
import type { Workspace } from '../../io/workspace.js';
import { interactive } from '../../ui/prompts.js';
import type { DrawOptions } from '../options/draw.js';

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

/** What the flags say about the draw, before the lists are read (an announcement, if any, overrides the numbers). */
export interface DrawFlags {
  /** --announced ID, trimmed; null when the draw is not made as announced */
  announced: string | null;
  ratio: number | null;
  count: number | null;
  teamSize: number;
  experts: number;
  /** ssj.json's per-risk-class ratios, when no --ratio or --count replaces them */
  riskRatios: Record<string, number> | null;
  /** --present: the full-screen view for the room */
  present: boolean;
}

/** Parses and checks the flags; every usage error is raised here, before anything is asked or loaded. */
export function readFlags(opts: DrawOptions, ws: Workspace): DrawFlags {
  const announced = opts.announced !== undefined ? opts.announced.trim() : null;
  if (announced !== null) checkAnnouncedFlags(opts);
  if (opts.ratio !== undefined && opts.count !== undefined) throw usageError('--ratio 和 --count 只能用一个');
  const ratio = opts.ratio !== undefined ? parseRatio(opts.ratio) : null;
  const count = opts.count !== undefined ? parseInt0(opts.count, '--count', 1, 0) : null;
  const teamSize = parseInt0(opts.teamSize, '--team-size', 2, ws.config.teamSize);
  const experts = parseInt0(opts.experts, '--experts', 0, 0);
  checkWhereSyntax(opts.where ?? []);
  if (opts.strata !== undefined && opts.strata.trim() === '') throw usageError('--strata 后面应写字段名，如 --strata 区域');
  const riskRatios = ws.config.riskRatios && ratio === null && count === null ? ws.config.riskRatios : null;
  if (opts.strata !== undefined && riskRatios) throw usageError('ssj.json 设置了按信用风险分类的差异化比例（riskRatios），不能再用 --strata', '如需按其他字段分层，请用 --ratio 或 --count 指定统一的比例或数量');
  if (opts.redraw && !opts.reason?.trim()) throw usageError('再次抽取（--redraw）必须用 --reason 说明原因');
  if (opts.seed !== undefined && (opts.entropy?.length || opts.public !== undefined)) throw usageError('--seed 不能与 --entropy、--public 同时使用');
  if (opts.seed !== undefined && opts.seed.trim() === '') throw usageError('--seed 不能为空');
  if (!interactive() && announced === null) {
    // every answer a script has not given, named at once (not one per run)
    const missing: [string, string][] = [];
    if (!opts.witness?.length) missing.push(['--witness（监督人员 / 见证人姓名）', '用 --witness 给出见证人（可重复）']);
    if (opts.seed === undefined && !opts.entropy?.length) missing.push(['--entropy（每位见证人输入的一串数字）或 --seed（随机种子）', '用 --entropy 按见证人顺序给出各自的数字（或用 --seed 给出公开的种子）']);
    if (!opts.item?.length) missing.push(['--item（抽查事项编号）', '用 --item 给出事项（ssj list items 查看事项编号）']);
    if (missing.length) throw usageError(`缺少 ${missing.map((m) => m[0]).join('；')}`, `在脚本中运行时请${missing.map((m) => m[1]).join('，')}；在终端中运行时 ssj 会询问`);
  }
  const present = Boolean(opts.present);
  if (present && opts.json) throw usageError('--present 与 --json 不能同时使用');
  if (present && !interactive()) {
    // (docs/cli-json.md: an operation that needs a terminal is NOT_INTERACTIVE, exit 1 — not a usage error)
    throw new SsjError('NOT_INTERACTIVE', '--present（投屏模式）需要在终端中运行', {
      hint: '请在终端窗口中直接运行 ssj draw --present（输入和输出都不要重定向）；在脚本中去掉 --present，用选项给出全部信息',
    });
  }
  return { announced, ratio, count, teamSize, experts, riskRatios, present };
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
