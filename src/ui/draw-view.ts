// What a draw shows, step by step. The normal view prints to the terminal; the projected view (--present,
// ui/present/) shows one step at a time, full screen. The draw command calls the steps in this order.
import { hashLines } from './hash-lines.js';
import type { DrawPlan, Visit } from '../core/draw.js';
import type { SeedComponent } from '../core/seed.js';
import { digitsFor, SOURCE_LABEL } from '../core/seed.js';
import { c, err, out } from './output.js';
import { renderTable } from './table.js';
import { terminalWidth, wrapText } from './terminal.js';
import { stringWidth } from './width.js';

/** A line wrapped to the terminal, continuation lines indented like the first (plus two). */
export function wrapIndented(line: string): string {
  const indent = /^ */.exec(line)![0].length;
  const [first = '', ...rest] = wrapText(line, terminalWidth() - 2);
  return [first, ...rest.map((l) => ' '.repeat(indent + 2) + l)].join('\n');
}

export interface PoolInfo {
  org: string;
  taskName: string;
  round: number;
  redraw: { of: string[]; reason: string } | null;
  plan: DrawPlan;
  /** item id → name */
  itemNames: Map<string, string>;
  teamSize: number;
  experts: number;
  inspectorsEligible: number;
  /** bits needed to reach every possible result (Σ log2 C(available, sample)) */
  neededBits?: number;
  /** a draw made as announced (ssj draw --announced) */
  announcement?: { id: string; source: string; sourceDate: string } | null;
}

export interface SeedInfo {
  components: SeedComponent[];
  seed: string;
  bits: number;
  neededBits: number;
  /** the record, already written and chained when the seed is shown */
  saved?: SavedInfo;
}

export interface SavedInfo {
  id: string;
  file: string;
  hash: string;
}

export interface DrawView {
  /** the pool before the seed is known */
  pool(info: PoolInfo): Promise<void>;
  /** the pool has been seen and accepted (the projected view waits for Enter); before any seed is taken */
  ready?(): Promise<void>;
  /** entropy for each witness without a value yet (the view asks; scripts give --entropy); `digits`: the digits suggested in all */
  entropy?(witnesses: string[], digits: number): Promise<string[]>;
  /** the seed: from here on the record is saved (info.saved) */
  seed(info: SeedInfo): Promise<void>;
  warn(messages: string[]): void;
  /** the result of the saved record */
  result(visits: readonly Visit[], itemNames: Map<string, string>, saved?: SavedInfo): Promise<void>;
  saved(info: SavedInfo): Promise<void>;
  close(): void;
}

export function renderSeed(info: SeedInfo): string[] {
  const lines = info.components.map((p) => `  ${SOURCE_LABEL[p.source]} ${p.name}：${c.bold(p.value)}`);
  return [...lines, `  随机种子：${c.bold(info.seed)}（${strengthText(info.bits, info.neededBits)}）`];
}

/** The entropy estimate stated neutrally, in 比特 (bits) only. */
export function strengthText(bits: number, neededBits: number): string {
  return `熵估计约 ${Math.floor(bits)} 比特；覆盖全部可能结果需 ${Math.ceil(neededBits)} 比特`;
}

/** Before the seed: how much the witnesses should type, in 个数字 (digits). */
export function needText(neededBits: number): string {
  return `覆盖全部可能结果需约 ${Math.ceil(neededBits)} 比特，约合 ${digitsFor(neededBits)} 个数字（每个数字约 3.32 比特）`;
}

export function poolLines(info: PoolInfo): string[] {
  const lines: string[] = [];
  for (const p of info.plan.pools) {
    const excluded = info.plan.exclusions.filter((x) => x.item === p.item.id);
    const gone = excluded.filter((x) => x.kind === 'gone').length;
    const repeat = excluded.filter((x) => x.kind === 'repeat').length;
    const how = p.ratio !== null ? `按 ${+(p.ratio * 100).toFixed(4)}% 抽取` : p.strata.length > 1 ? '分层抽取' : '按指定数量抽取';
    lines.push(`  ${p.item.id} ${p.item.name}：在业 ${p.population} 个${repeat ? `（本年度已抽中 ${repeat} 个不再抽取）` : ''}${gone ? `，另有 ${gone} 个已注销/吊销/迁出` : ''}；可抽 ${p.available} 个，${how} ${c.bold(String(p.sample))} 个`);
    if (p.strata.length > 1) {
      for (const s of p.strata) lines.push(c.dim(`      ${s.label}：在业 ${s.population}，可抽 ${s.available}，抽取 ${s.sample}${s.ratio !== null ? `（${+(s.ratio * 100).toFixed(4)}%）` : ''}`));
    }
  }
  return lines;
}

export function teamText(v: Visit): string {
  return v.team.map((m) => `${m.name}（${m.certNo}${m.role === '专家' ? '，专家' : ''}）`).join('、');
}

type ShownVisit = Pick<Visit, 'name' | 'code' | 'items' | 'team'>;

/**
 * The entities drawn and their teams, as the terminal shows them after a draw or a replacement: one row each when
 * the whole table fits `width`; otherwise two lines each — the name, code and items, then the team under them,
 * wrapped — so that no name, code or inspector is cut in front of the witnesses (the one-row table shortened them
 * with "…" at 80 columns, leaving two entities with the same first words, or a team's second member, unreadable).
 */
export function visitsTable(visits: readonly ShownVisit[], width: number): string {
  const teams = visits.map((v) => teamText(v as Visit));
  const rows = visits.map((v, i) => [i + 1, v.name, v.code, v.items.join('、')]);
  const oneRow = renderTable(['序号', '检查对象名称', '代码', '事项', '检查组（执法证号）'], rows.map((r, i) => [...r, teams[i]!]), { right: [0], maxWidth: 1000 });
  if (Math.max(...oneRow.split('\n').map((l) => stringWidth(l))) <= width) return oneRow;
  const lines = renderTable(['序号', '检查对象名称', '代码', '事项'], rows, { right: [0], maxWidth: 1000, fit: width, shrink: [1, 3], minWidth: 16 }).split('\n');
  const indent = ' '.repeat(6); // under the name
  const out = [lines[0]!, lines[1]!];
  lines.slice(2).forEach((l, i) => {
    out.push(l);
    for (const t of wrapText(`检查组：${teams[i]}`, Math.max(20, width - indent.length))) out.push(indent + t);
  });
  return out.join('\n');
}

/** The normal terminal output (stderr for progress, stdout for the result table). */
export class PlainDrawView implements DrawView {
  async pool(info: PoolInfo) {
    err(c.bold(`${info.org} ${info.taskName}`));
    if (info.redraw) err(c.warn(`  再次抽取（替代 ${info.redraw.of.join('、')}），原因：${info.redraw.reason}`));
    for (const l of poolLines(info)) err(wrapIndented(l));
    err(`  检查对象池：${info.plan.poolSize} 个，哈希`);
    err(`  ${c.dim(info.plan.poolHash)}`);
    err(`  每组执法人员 ${info.teamSize} 名${info.experts ? `、专家 ${info.experts} 名` : ''}，符合条件的执法人员 ${info.inspectorsEligible} 名`);
    if (info.announcement) err(`  按公告 ${info.announcement.id} 抽取：公开随机数来源“${info.announcement.source}”（${info.announcement.sourceDate}）`);
    else if (info.neededBits !== undefined) err(c.dim(`  随机种子：${needText(info.neededBits)}`));
  }
  async seed(info: SeedInfo) {
    err(c.bold('随机种子'));
    for (const l of renderSeed(info)) err(l);
    if (info.saved) err(`抽取记录 ${c.bold(info.saved.id)} 已保存并记入台账（哈希 ${info.saved.hash.slice(0, 16)}…）`);
  }
  warn(messages: string[]) {
    for (const m of messages) err(wrapIndented(`${c.warn('!')} ${m}`));
  }
  async result(visits: readonly Visit[]) {
    out(visitsTable(visits, terminalWidth()));
  }
  async saved(info: SavedInfo) {
    out();
    out(`抽取记录 ${c.bold(info.id)} 已保存：${info.file}`);
    out(`记录哈希：${info.hash}`);
    // read aloud in groups of four, two lines so that it fits 80 columns
    for (const l of hashLines(info.hash)) out(c.bold(l));
    out(c.dim(`任何人可复核：ssj verify ${info.id}`));
  }
  close() {}
}
