// "Did you mean": the closest command or list name to what was typed, Chinese names included
// (ssj import 检查对象 → entities, ssj drw → draw).

/** Chinese names a clerk may type for the lists (whole words, then parts of words). */
const LIST_WORDS: [RegExp, string][] = [
  [/回避/, 'conflicts'],
  [/事项/, 'items'],
  [/(执法|检查)?人员|执法证/, 'inspectors'],
  [/检查对象|名录库|对象|企业|单位|主体/, 'entities'],
];

/** Chinese names for the exported lists of ssj export. */
const EXPORT_WORDS: [RegExp, string][] = [
  [/计划/, 'plan'],
  [/抽取|抽查结果名单|抽中/, 'draws'],
  [/检查结果|结果/, 'results'],
  [/事项/, 'items'],
];

/** Chinese names for the commands. */
const COMMAND_WORDS: [RegExp, string][] = [
  [/^(初始化|创建|新建)/, 'init'],
  [/^导入/, 'import'],
  [/^(查看|列出|名录)/, 'list'],
  [/^补抽/, 'draw replace'],
  [/^(抽取|抽查|随机)/, 'draw'],
  [/^(复核|验证|核验)/, 'verify'],
  [/记录表|^表格/, 'form'],
  [/^(检查)?结果/, 'results'],
  [/^(导出|公开|公示)/, 'export'],
  [/^(进度|状态)/, 'status'],
  [/^(期限|截止)/, 'due'],
  [/^(计划|年度计划)/, 'plan'],
  [/^(报告|年度报告)/, 'report'],
  [/^(演示|示例)/, 'demo'],
  [/^帮助/, 'help'],
];

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

function closest(typed: string, candidates: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dist = distance(t, c.toLowerCase());
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  const allowed = Math.max(1, Math.floor(t.length / 3));
  if (best !== undefined && bestD <= allowed) return best;
  return candidates.find((c) => c.toLowerCase().startsWith(t) && t.length >= 2);
}

function fromWords(typed: string, words: [RegExp, string][], candidates: readonly string[]): string | undefined {
  for (const [re, name] of words) if (re.test(typed) && candidates.includes(name)) return name;
  return undefined;
}

export type SuggestFor = 'list' | 'export' | 'command';

/** The candidate meant by `typed`, or undefined. */
export function suggest(typed: string, candidates: readonly string[], what: SuggestFor = 'command'): string | undefined {
  if (!typed) return undefined;
  const words = what === 'list' ? LIST_WORDS : what === 'export' ? EXPORT_WORDS : COMMAND_WORDS;
  if (/[^\x00-\x7f]/.test(typed)) {
    const hit = fromWords(typed, words, candidates) ?? (what === 'command' ? undefined : fromWords(typed, LIST_WORDS, candidates));
    if (hit) return hit;
  }
  return closest(typed, candidates);
}

export const LIST_KINDS = ['inspectors', 'entities', 'items', 'conflicts'] as const;

/** "（是不是要用 entities？）", or '' when nothing is close. */
export function didYouMean(typed: string, candidates: readonly string[], what: SuggestFor = 'command'): string {
  const s = suggest(typed, candidates, what);
  return s ? `（是不是要用 ${s}？）` : '';
}
