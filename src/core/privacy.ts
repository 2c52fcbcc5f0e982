// Private data typed into free text: a public file (一公开) must never hold a phone number or an ID number, also
// not inside a 备注 or 问题描述 someone filled in. Public exports are checked cell by cell before they are written.
import { creditCodeProblem } from './credit-code.js';
import type { Cell, DisclosureTable } from './disclosure.js';
import { SsjError } from './errors.js';
import { foldAscii } from './text.js';

export type PrivateKind = '手机号码' | '固定电话' | '身份证号码' | '回避关系' | '联系人';

export interface PrivateHit {
  /** 1-based data row of the table (its 序号 when it has one) */
  row: number;
  /** the column's header */
  column: string;
  kind: PrivateKind;
  /** what was found, masked for messages (138****5678) */
  masked: string;
}

/**
 * Columns whose content is a code or a number by construction, never free text: a credit code, a seed or a hash
 * has long digit runs that are not phone or ID numbers, and the 执法证号 beside inspectors' names are public.
 */
const NOT_FREE_TEXT = /^(序号|统一社会信用代码|项目编号|事项编号|抽查任务编号|随机种子|记录哈希|名录库快照|抽取日期|检查完成日期|整改期限|检查人员（姓名、执法证号）|执法证号)$/;

/** Words that state a 回避 (recusal) or the relation behind one. */
const RECUSAL_WORDS = /回避|亲属|近亲|配偶|利害/;

// A digit before or after would make it part of a longer number (a hash, a seed, a serial).
// (separators: a space, a dash — also an en or em dash, as word processors make of one — or a dot)
const MOBILE = /(?<![\dA-Za-z])(?:(?:\+|00)?86[-\s]?)?(1[3-9]\d)[-\s.–—]?(\d{4})[-\s.–—]?(\d{4})(?![\dA-Za-z])/g;
const LANDLINE = /(?<![\dA-Za-z])(?:[(（](0\d{2,3})[)）][-–—\s]?|(0\d{2,3})[-－–—\s]?)(\d{7,8})(?:(?:转|-|ext\.?)\d{1,5})?(?![\dA-Za-z])/g;
// (written whole, or as 6, 8 and 4 digits apart: 350102 19870315 4417)
const ID18 = /(?<![\dA-Za-z])([1-9]\d{5})[-\s]?((?:18|19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[-\s]?(\d{3}[\dXx])(?![\dA-Za-z])/g;
/** a word saying that the number after it is an ID number (within a few characters) */
const ID_WORD = /(?:身份证|证件号|身份号)[^\d]{0,8}$/;
// 15-digit IDs (issued before 1999) look like old 15-digit business registration numbers: only with a word saying so.
const ID15 = /(?:身份证|证件号|身份号)[^\d]{0,8}([1-9]\d{5})(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{3})(?!\d)/g;

const MAYBE = /\d{7}|\d{3}[-\s.–—]\d{4}/;

/**
 * Full-width forms (０-９, Ｘ, －, （）, the ideographic space) as their ASCII twins (text.ts foldAscii): a number typed
 * with a Chinese input method in full-width mode, or pasted from a Word or WPS document, is found too. Only a text with
 * a full-width digit, dash or space is folded: other full-width marks, as ，, need no change (a results export has
 * 400,000 cells).
 */
const WIDE = /[\uFF10-\uFF19\uFF0D\u3000]/;
const narrow = (text: string): string => (WIDE.test(text) ? foldAscii(text) : text);

const mask = (s: string, keepStart: number, keepEnd: number) =>
  s.length <= keepStart + keepEnd ? s : `${s.slice(0, keepStart)}${'*'.repeat(s.length - keepStart - keepEnd)}${s.slice(s.length - keepEnd)}`;

/** No private number (one list for every text without any). */
const NONE: readonly { kind: PrivateKind; masked: string }[] = Object.freeze([]);

/** A digit, ASCII or full-width: every number looked for has some. */
const ANY_DIGIT = /[0-9\uFF10-\uFF19]/;

/** The private numbers in one piece of text. */
export function privateNumbers(typed: string): readonly { kind: PrivateKind; masked: string }[] {
  // (one quick test first: nearly every name has no digit at all — an import looks at a million of them)
  if (!ANY_DIGIT.test(typed)) return NONE;
  const text = narrow(typed);
  // every number looked for has seven digits in a row, or three, a space or dash, then four (a mobile written
  // 138-1234-5678): a text without either (a date, a count, a name) holds none (a results export has 400,000 cells)
  if (!MAYBE.test(text)) return NONE;
  const out: { kind: PrivateKind; masked: string }[] = [];
  const taken: [number, number][] = [];
  const overlaps = (a: number, b: number) => taken.some(([x, y]) => a < y && x < b);
  for (const m of text.matchAll(ID18)) {
    const s = m[0].replace(/[-\s]/g, '');
    // an all-digit credit code has the same shape: a valid one is not an ID number, unless a word says it is
    if (s.length === m[0].length && creditCodeProblem(s.toUpperCase()) === null && !ID_WORD.test(text.slice(Math.max(0, m.index! - 12), m.index))) continue;
    taken.push([m.index!, m.index! + s.length]);
    out.push({ kind: '身份证号码', masked: mask(s, 6, 4) });
  }
  for (const m of text.matchAll(ID15)) {
    const digits = m.slice(1, 6).join('');
    const at = m.index! + m[0].length - digits.length;
    if (overlaps(at, at + digits.length)) continue;
    taken.push([at, at + digits.length]);
    out.push({ kind: '身份证号码', masked: mask(digits, 6, 3) });
  }
  for (const m of text.matchAll(MOBILE)) {
    if (overlaps(m.index!, m.index! + m[0].length)) continue;
    taken.push([m.index!, m.index! + m[0].length]);
    out.push({ kind: '手机号码', masked: `${m[1]}****${m[3]}` });
  }
  for (const m of text.matchAll(LANDLINE)) {
    if (overlaps(m.index!, m.index! + m[0].length)) continue;
    const area = m[1] ?? m[2] ?? '';
    out.push({ kind: '固定电话', masked: `${area}-${mask(m[3]!, 0, 2)}` });
  }
  return out;
}

/** The row a hit is named by: the table's 序号 when it has one, else its 1-based place among the rows. */
const rowNumber = (table: Pick<DisclosureTable, 'columns'>, row: readonly Cell[], i: number): number =>
  typeof row[0] === 'number' && table.columns[0] === '序号' ? row[0] : i + 1;

/** Every phone or ID number in the free-text cells of a table that is to be published. */
export function findPrivateData(table: Pick<DisclosureTable, 'columns' | 'rows'>): PrivateHit[] {
  const hits: PrivateHit[] = [];
  const check = table.columns.map((c) => !NOT_FREE_TEXT.test(c));
  const rows = table.rows;
  // a cell the same as the one above it (a task's name down its rows) is not searched again: its numbers, if any,
  // are named again for this row
  const lastText: (string | undefined)[] = [];
  const lastFound: ReturnType<typeof privateNumbers>[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row: Cell[] = rows[i]!;
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (!check[j] || typeof v !== 'string' || v.length < 7) continue;
      let found = lastFound[j];
      if (lastText[j] !== v || found === undefined) {
        found = privateNumbers(v);
        lastText[j] = v;
        lastFound[j] = found;
      }
      for (let k = 0; k < found.length; k++) hits.push({ row: rowNumber(table, row, i), column: table.columns[j] ?? '', ...found[k]! });
    }
  }
  return hits;
}

/** A contact person named in free text (企业联系人：陈会计, 联络人王某): the words and what follows them. */
const CONTACT_NAMED = /(联系人|联络人)\s*[:：]?\s*[^\s，,。；;、）)]/;

/**
 * A 回避 or a contact person stated in the text of a remark someone typed (执法人员张三与该企业有利害关系，已回避;
 * 企业联系人：陈会计): what the phone and ID number search cannot see. Shown cut short in messages.
 */
export function privateWords(text: string): { kind: PrivateKind; masked: string }[] {
  const out: { kind: PrivateKind; masked: string }[] = [];
  const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
  if (RECUSAL_WORDS.test(text)) out.push({ kind: '回避关系', masked: shown });
  if (CONTACT_NAMED.test(text)) out.push({ kind: '联系人', masked: shown });
  return out;
}

/** The hits of privateWords in the given columns (free text a clerk typed: a results export's 备注). */
export function findPrivateWords(table: Pick<DisclosureTable, 'columns' | 'rows'>, columns: readonly string[]): PrivateHit[] {
  const hits: PrivateHit[] = [];
  const at = columns.map((c) => table.columns.indexOf(c)).filter((i) => i >= 0);
  if (at.length === 0) return hits;
  table.rows.forEach((row, i) => {
    for (const j of at) {
      const v = row[j];
      if (typeof v !== 'string' || v === '') continue;
      for (const h of privateWords(v)) hits.push({ row: rowNumber(table, row, i), column: table.columns[j]!, ...h });
    }
  });
  return hits;
}

/**
 * Refuse to write a public file holding private numbers: every one named by row and column (masked). `wordColumns`:
 * columns of free text whose 回避 and contact persons are refused too (privateWords).
 */
export function refusePrivateData(table: Pick<DisclosureTable, 'columns' | 'rows'>, what: string, fix: string, wordColumns: readonly string[] = []): void {
  const words = wordColumns.length ? findPrivateWords(table, wordColumns) : [];
  const hits = [...findPrivateData(table), ...words];
  if (hits.length === 0) return;
  // the same number in the same column (an item's name down every row of its task) is one line, with its rows
  const groups = new Map<string, { hit: PrivateHit; rows: number[] }>();
  for (const h of hits) {
    const key = `${h.column}\u0000${h.kind}\u0000${h.masked}`;
    const g = groups.get(key);
    if (g) g.rows.push(h.row);
    else groups.set(key, { hit: h, rows: [h.row] });
  }
  const rowsText = (rows: number[]) => (rows.length <= 5 ? rows.join('、') : `${rows.slice(0, 5).join('、')}……共 ${rows.length} 行`);
  const all = [...groups.values()];
  const shown = all.slice(0, 20).map(({ hit: h, rows }) => `序号 ${rowsText(rows)}「${h.column}」：像是${h.kind}（${h.masked}）`);
  if (all.length > shown.length) shown.push(`……另有 ${all.length - shown.length} 处`);
  const kinds = words.length ? '电话号码、身份证号码、回避关系或联系人' : '电话号码或身份证号码';
  throw new SsjError('PRIVATE_DATA', `公开的${what}中有 ${hits.length} 处像是${kinds}，没有导出：\n  ${shown.join('\n  ')}`, {
    hint: `公开文件不能含有电话号码、身份证号码${words.length ? '，也不能写出回避关系和联系人' : ''}。${fix}；或用 --internal 导出内部版本（不得公开）`,
  });
}

/**
 * The problem with a 补抽 reason for replacing an inspector, or null. The reason is published with the record beside
 * the person replaced (and the entity, with --entity): one that states a 回避 publishes a 回避 relation, which never
 * is public (the 回避 list is: ssj import conflicts, kept in the internal records).
 */
export function inspectorReasonProblem(reason: string): string | null {
  return RECUSAL_WORDS.test(reason)
    ? `补抽原因「${reason}」会随抽取结果公开：它与被替换的执法人员写在一起，等于公开了一对回避关系（回避关系不公开）。请写“人员调整”这类不涉及回避的原因`
    : null;
}

/**
 * Refuse text typed for a record that is published and can never be changed (a draw's operator, witnesses and place,
 * a reason, a public value's source): a phone or ID number in it, or a 回避 or contact person stated in it
 * (privateWords; not for a field with `words: false`), is named with where it was typed, before anything is drawn or
 * saved. Each field: what the clerk typed it as (a flag, or the question asked) and the text.
 */
export function refusePrivateText(fields: readonly { label: string; text: string | null | undefined; words?: boolean }[], what: string, hint?: string): void {
  let wordHits = 0;
  const hits = fields.flatMap((f) => {
    if (!f.text) return [];
    const words = f.words === false ? [] : privateWords(f.text);
    wordHits += words.length;
    return [...privateNumbers(f.text), ...words].map((h) => `${f.label}：像是${h.kind}（${h.masked}）`);
  });
  if (hits.length === 0) return;
  const kinds = wordHits ? '电话号码、身份证号码，也不能写出回避关系和联系人' : '电话号码、身份证号码';
  throw new SsjError('PRIVATE_DATA', `${what}要公开，其中不能有${kinds}：\n  ${hits.join('\n  ')}`, {
    hint: hint ?? '请去掉这些内容后重新运行（记录保存之后就不能再改）；没有保存任何东西',
  });
}

/**
 * Refuse a stratified draw or announcement (--strata) whose strata are named by a registry value holding a phone or
 * ID number: each stratum's label (区域=城关镇) is written into the record, which is published whole and never changed.
 */
export function refusePrivateStrata(pools: readonly { strata: readonly { label: string }[] }[], what: string): void {
  const labels = [...new Set(pools.flatMap((p) => p.strata.map((s) => s.label)).filter(Boolean))];
  refusePrivateText(labels.map((l) => {
    const at = l.indexOf('=');
    return { label: `分层「${at < 0 ? l : l.slice(0, at)}」的值`, text: at < 0 ? l : l.slice(at + 1) };
  }), what, '分层的每个值都写进记录并公开：请在检查对象名录库中去掉号码后重新导入（ssj import entities），或按别的列分层；没有保存任何东西');
}
