// The body of each step's screen (pool, witnesses' digits, seed, an entity, a team, the saved record) as lines.
import type { Visit } from '../../core/draw.js';
import { SOURCE_LABEL } from '../../core/seed.js';
import { needText, type PoolInfo, type SavedInfo, type SeedInfo } from '../draw-view.js';
import { bigGroups, bigSeed, bigText, bigWidth, fours, groupLines } from './font.js';
import type { Geo } from './geometry.js';
import { cut, indentAll, plainCut, st, wrap, type Seg } from './text.js';

export type Screen = (
  | { step: 'pool'; title: string; info: PoolInfo; warnings: string[]; page: number }
  | { step: 'entropy'; title: string; witnesses: string[]; values: string[]; typed: string; notice: string; digits?: number }
  | { step: 'seed'; title: string; info: SeedInfo; warnings: string[]; page: number }
  /** shown: how many entities are revealed; first: the first entity of the page on screen */
  | { step: 'reveal'; title: string; visits: readonly Visit[]; itemNames: Map<string, string>; shown: number; first: number }
  | { step: 'teams'; title: string; visits: readonly Visit[]; first: number }
  | { step: 'saved'; title: string; info: SavedInfo; page: number }
) & {
  /** the record, already saved: said on the line under the header (seed, reveal and teams screens) */
  saved?: SavedInfo;
};

function warningBlocks(warnings: string[], g: Geo): string[][] {
  return warnings.map((w) => wrap([{ t: '! ', s: st.warn }, { t: w, s: st.warn }], g.text, 2));
}

export function layoutPool(s: Extract<Screen, { step: 'pool' }>, g: Geo, level: number): string[][] {
  const { info } = s;
  const T = g.text;
  const blocks: string[][] = [];
  blocks.push([...wrap([{ t: info.org, s: st.label }], T), ...wrap([{ t: info.taskName, s: st.strong }], T)]);
  if (info.redraw) {
    blocks.push(wrap([{ t: `再次抽取（替代 ${info.redraw.of.join('、')}），原因：${info.redraw.reason}`, s: st.warn }], T, 2));
  }
  for (const p of info.plan.pools) {
    const excluded = info.plan.exclusions.filter((x) => x.item === p.item.id);
    const gone = excluded.filter((x) => x.kind === 'gone').length;
    const repeat = excluded.filter((x) => x.kind === 'repeat').length;
    const how = p.ratio !== null ? `按 ${+(p.ratio * 100).toFixed(4)}% 抽取` : p.strata.length > 1 ? '分层抽取' : '按指定数量抽取';
    const b = [
      ...wrap([{ t: `${p.item.id} `, s: st.label }, { t: p.item.name, s: st.strong }], T, 2),
      ...indentAll(wrap([
        { t: '在业 ' }, { t: String(p.population), s: st.strong }, { t: ' 个，可抽 ' }, { t: String(p.available), s: st.strong },
        { t: ` 个，${how} ` }, { t: String(p.sample), s: st.value }, { t: ' 个' },
      ], T - 2, 2), 2),
    ];
    const notes = [repeat ? `本年度已抽中 ${repeat} 个不再抽取` : '', gone ? `另有 ${gone} 个已注销/吊销/迁出` : ''].filter(Boolean);
    if (notes.length) b.push(...indentAll(wrap([{ t: notes.join('；'), s: st.note }], T - 2, 2), 2));
    if (p.strata.length > 1) {
      for (const x of p.strata) {
        b.push(...indentAll(wrap([{ t: `${x.label}：在业 ${x.population}，可抽 ${x.available}，抽取 ${x.sample}${x.ratio !== null ? `（${+(x.ratio * 100).toFixed(4)}%）` : ''}`, s: st.note }], T - 4, 2), 4));
      }
    }
    blocks.push(b);
  }
  const hash = info.plan.poolHash;
  const bigHash = level >= 1 ? bigGroups(fours(hash), T - 2) : null;
  blocks.push([
    ...wrap([{ t: '检查对象池：', s: st.label }, { t: String(info.plan.poolSize), s: st.value }, { t: ' 个（可被抽中的不同检查对象）' }], T, 2),
    ...wrap([{ t: '池哈希（SHA-256，每 4 个字符一组）：', s: st.label }], T),
    ...(bigHash ? [...indentAll(bigHash, 2), ''] : []),
    ...indentAll(groupLines(hash, T - 2), 2),
  ]);
  blocks.push(wrap([
    { t: '每组执法人员 ' }, { t: String(info.teamSize), s: st.strong }, { t: ' 名' },
    ...(info.experts ? [{ t: '、专家 ' }, { t: String(info.experts), s: st.strong }, { t: ' 名' }] : []),
    { t: '；符合条件的执法人员 ' }, { t: String(info.inspectorsEligible), s: st.strong }, { t: ' 名' },
  ], T, 2));
  if (info.announcement) {
    blocks.push(wrap([{ t: `按公告 ${info.announcement.id} 抽取，随机种子取自：`, s: st.label }, { t: `${info.announcement.source}（${info.announcement.sourceDate}）`, s: st.strong }], T, 2));
  } else if (info.neededBits !== undefined) {
    blocks.push(wrap([{ t: '随机种子：', s: st.label }, { t: needText(info.neededBits), s: st.note }], T, 2));
  }
  blocks.push(...warningBlocks(s.warnings, g));
  return blocks;
}

export function layoutSaved(s: Extract<Screen, { step: 'saved' }>, g: Geo, level: number): string[][] {
  const T = g.text;
  const { info } = s;
  const blocks: string[][] = [];
  const idBig = level >= 1 ? bigText(info.id) : null;
  blocks.push([
    ...wrap([{ t: '抽取记录已保存，编号：', s: st.ok }, { t: info.id, s: st.value }], T),
    ...(idBig && bigWidth(info.id) <= T - 2 ? ['', ...indentAll(idBig.map(st.bigValue), 2)] : []),
  ]);
  const hashBig = level >= 2 ? bigGroups(fours(info.hash), T - 2) : null;
  blocks.push([
    ...wrap([{ t: '记录哈希（SHA-256）：', s: st.label }], T),
    ...indentAll(wrap([{ t: info.hash, s: st.strong }], T - 2), 2),
    ...wrap([{ t: '每 4 个字符一组（请抄录）：', s: st.label }], T),
    ...(hashBig ? [...indentAll(hashBig, 2), ''] : []),
    ...indentAll(groupLines(info.hash, T - 2, st.value), 2),
  ]);
  blocks.push([...wrap([{ t: '保存在：', s: st.label }], T), ...indentAll(wrap([{ t: info.file, s: st.strong }], T - 2), 2)]);
  blocks.push(wrap([{ t: '任何人可复核：', s: st.label }, { t: `ssj verify ${info.id}`, s: st.strong }], T, 2));
  return blocks;
}

export function layoutSeed(s: Extract<Screen, { step: 'seed' }>, g: Geo, level: number): string[][] {
  const T = g.text;
  const { info } = s;
  const blocks: string[][] = [];
  const parts = info.components.map((p) => {
    const who = p.name === SOURCE_LABEL[p.source] ? p.name : `${SOURCE_LABEL[p.source]} ${p.name}`;
    return wrap([{ t: `${who}：`, s: st.label }, { t: p.value, s: st.value }], T - 2, 4);
  });
  blocks.push([...wrap([{ t: '随机种子由以下部分组成（按输入顺序，以 / 连接）：', s: st.strong }], T), ...indentAll(parts.flat(), 2)]);
  const seedBig = level >= 1 ? bigSeed(info.seed, T - 2) : null;
  blocks.push([
    ...wrap([{ t: '随机种子：', s: st.label }], T),
    ...(seedBig ? [...indentAll(seedBig, 2), ''] : []),
    ...indentAll(wrap([{ t: info.seed, s: st.value }], T - 2), 2),
  ]);
  blocks.push(wrap([
    { t: '熵估计约 ' }, { t: String(Math.floor(info.bits)), s: st.strong }, { t: ' 比特；覆盖全部可能结果需 ' },
    { t: String(Math.ceil(info.neededBits)), s: st.strong }, { t: ' 比特' },
  ], T, 2));
  blocks.push(...warningBlocks(s.warnings, g));
  return blocks;
}

/** One entity's block: 序号 and name, then code, then items. */
export function entityBlock(v: Visit, i: number, itemNames: Map<string, string>, g: Geo, state: 'hidden' | 'shown' | 'current', numWidth: number): string[] {
  const T = g.text;
  const num = String(i + 1).padStart(numWidth);
  const ind = numWidth + 2;
  if (state === 'hidden') return [st.hidden(cut(`${num}  （待揭晓）`, T))];
  const nameStyle = state === 'current' ? st.value : st.strong;
  const numStyle = state === 'current' ? st.current : st.label;
  const items = v.items.map((it) => `${it} ${itemNames.get(it) ?? ''}`.trim()).join('、');
  return [
    ...wrap([{ t: num, s: numStyle }, { t: '  ' }, { t: v.name, s: nameStyle }], T, ind),
    ...indentAll(wrap([{ t: '代码 ', s: st.label }, { t: v.code, s: st.strong }], T - ind, 5), ind),
    ...indentAll(wrap([{ t: '事项 ', s: st.label }, { t: items, s: st.note }], T - ind, 5), ind),
  ];
}

export function teamBlock(v: Visit, i: number, g: Geo, numWidth: number): string[] {
  const T = g.text;
  const ind = numWidth + 2;
  const members = v.team.flatMap((m, j): Seg[] => [
    ...(j ? [{ t: '、' }] : []), { t: `${m.role} `, s: st.label }, { t: m.name, s: st.value }, { t: `（${m.certNo}）`, s: st.note },
  ]);
  return [
    ...wrap([{ t: String(i + 1).padStart(numWidth), s: st.label }, { t: '  ' }, { t: v.name, s: st.strong }], T, ind),
    ...indentAll(wrap(members, T - ind), ind),
  ];
}

/** Entropy: the prompt, the typed digits in block glyphs (the latest lines if they do not all fit), the witnesses. */
export function layoutEntropy(s: Extract<Screen, { step: 'entropy' }>, g: Geo): string[] {
  const T = g.text;
  const cur = s.values.length;
  const who = s.witnesses[cur] ?? '';
  const top = [
    ...wrap([{ t: '请见证人 ', s: st.strong }, { t: who, s: st.value }, { t: ' 输入一串数字', s: st.strong }], T),
    ...wrap([{ t: `（掷骰子、摇号机的结果等，${s.digits ? `见证人合计建议至少 ${s.digits} 个数字` : '建议至少 6 个数字'}；只接受数字）`, s: st.note }], T),
    ...(cur === s.witnesses.length - 1 ? wrap([{ t: '最后一名见证人按 Enter 后随机种子即确定：抽取结果立即计算并保存，不能撤回', s: st.warn }], T) : []),
    '',
  ];
  const list: string[] = ['', ...wrap([{ t: '见证人：', s: st.label }], T)];
  s.witnesses.forEach((w, i) => {
    const line: Seg[] = i < cur ? [{ t: '✔ ', s: st.ok }, { t: w, s: st.strong }, { t: '  ' }, { t: s.values[i]!, s: st.note }]
      : i === cur ? [{ t: '> ', s: st.value }, { t: w, s: st.value }, { t: '  正在输入', s: st.note }]
      : [{ t: '  ' }, { t: w, s: st.note }];
    list.push(plainCut(line, T));
  });
  const status = [
    '',
    ...wrap([{ t: '已输入 ' }, { t: String(s.typed.length), s: st.strong }, { t: ' 个数字' }, ...(s.notice ? [{ t: `    ${s.notice}`, s: st.warn }] : [])], T),
  ];
  const room = g.body - top.length - status.length - list.length;
  const typedGroups = s.typed ? fours(s.typed) : [];
  // the cursor: an underline glyph after the last digit
  const withCursor = [...typedGroups];
  if (withCursor.length === 0 || withCursor.at(-1)!.length === 4) withCursor.push('_');
  else withCursor[withCursor.length - 1] += '_';
  let digits = bigGroups(withCursor, T - 2, st.bigValue);
  if (digits && digits.length > room) {
    // keep the last lines of glyphs that fit (3 rows and a blank each)
    const keep = Math.floor(room / 4);
    const kept = keep > 0 ? digits.slice(digits.length - (keep * 4 - 1)) : [];
    digits = kept.length ? [st.note(`（前面还有数字，共 ${s.typed.length} 个）`), ...kept] : null;
  }
  if (!digits || digits.length > room) {
    digits = groupLines(s.typed + '_', T - 2, st.value);
    if (digits.length > room) digits = digits.slice(digits.length - Math.max(1, room));
  }
  return [...top, ...indentAll(digits, 2), ...status, ...list];
}
