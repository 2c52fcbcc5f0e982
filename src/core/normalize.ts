// Turning a raw cell into a field value: one normaliser per field type (see schema.ts).
import { cellText, numberText, type RawCell } from './cells.js';
import { creditCodeProblem } from './credit-code.js';
import { dateCellToIso, excelSerialToIso, NEVER_ENDS, OPEN_ENDED, parseDateRangeEnd, parseDateText } from './dates.js';
import type { FieldType } from './schema.js';
import { CLEANING_CHARS, cleanText, foldAscii, noSpaces } from './text.js';

export type Normalised =
  | { ok: true; value: string | number | null; warning?: string; extra?: Record<string, string | number | null> }
  | { ok: false; error: string };

export interface NormaliseContext {
  /** the workbook uses the 1904 date system */
  date1904?: boolean;
}

const ASCII = /^[\x00-\x7f]*$/;
/**
 * Codes read from a workbook are slices of the decoded XML, which is stored two bytes a character when
 * it contains Chinese. A fresh one-byte copy of an ASCII code halves its memory and sorts much faster.
 */
function compact(s: string): string {
  return s.length > 0 && ASCII.test(s) ? Buffer.from(s, 'latin1').toString('latin1') : s;
}

const ok = (value: string | number | null, warning?: string): Normalised => (warning ? { ok: true, value, warning } : { ok: true, value });
const fail = (error: string): Normalised => ({ ok: false, error });

// Excel's scientific display, typed or pasted back as text: 1.30807E+10
const SCIENTIFIC = /^[+-]?\d+(\.\d+)?E\+\d+$/i; // Excel always writes the + (a credit code may contain E followed by digits)
const LOST_DIGITS = '数字已被 Excel 变成科学计数法，原来的位数已经丢失；请在原文件中把该列设为“文本”格式后重新录入';
const TOO_MANY_DIGITS = 'Excel 把它存成了数字，超过 15 位有效数字的部分已经丢失；请在原文件中把该列设为“文本”格式后重新录入';

/** An identifier Excel stored as a number, back to its digit string; an error when digits were lost. */
function integerDigits(n: number): Normalised {
  if (!Number.isInteger(n)) return fail(`应为整数编号，实际为小数 ${numberText(n)}`);
  if (Math.abs(n) >= 1e15) return fail(TOO_MANY_DIGITS);
  return ok(numberText(n));
}

const NOT_APPLICABLE = /^(不适用|无|\/|-+|—+|－+|不抽查|不涉及|N\/?A)$/i;

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
function smallNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 1 && s in CN_DIGITS) return CN_DIGITS[s]!;
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
  return null;
}
const PERIODS_PER_YEAR: Record<string, number> = { 年: 1, 年度: 1, 半年: 2, 季度: 4, 季: 4, 月: 12 };

/** 抽查频次 → rounds per year. */
export function parseRounds(text: string): number | null | undefined {
  const s = noSpaces(foldAscii(text)).replace(/[（(][^)）]*[)）]/g, '');
  if (s === '' || NOT_APPLICABLE.test(s)) return null;
  const num = '(\\d+|[一二两三四五六七八九十]+)';
  const per = '(年度|年|半年|季度|季|月)';
  const patterns: [RegExp, number, number][] = [
    [new RegExp(`^${num}$`), 1, -1], // 2
    [new RegExp(`^${num}次?/${per}$`), 1, 2], // 2次/年
    [new RegExp(`^${num}次每${per}$`), 1, 2], // 2次每年
    [new RegExp(`^每${per}(?:不少于|至少)?${num}次(?:以上)?$`), 2, 1], // 每年2次, 每年不少于2次
    [new RegExp(`^[1一]${per}${num}次$`), 2, 1], // 一年两次, 1年1次
    [new RegExp(`^${per}均?${num}次$`), 2, 1], // 年2次, 年度2次
    [new RegExp(`^全年(?:不少于|至少)?${num}次(?:以上)?$`), 1, -1], // 全年2次
  ];
  for (const [re, ni, pi] of patterns) {
    const m = re.exec(s);
    if (!m) continue;
    const n = smallNumber(m[ni]!);
    const per = pi < 0 ? 1 : PERIODS_PER_YEAR[m[pi]!];
    if (n === null || per === undefined || n < 1) return undefined;
    return n * per;
  }
  return undefined;
}

/** 抽查比例 → fraction; null for 不适用. */
export function parseRatio(raw: RawCell): number | null | undefined {
  if (typeof raw === 'number') {
    if (raw > 0 && raw <= 1) return raw;
    if (raw > 1 && raw <= 100) return roundRatio(raw / 100);
    return undefined;
  }
  const s = noSpaces(foldAscii(cellText(raw)));
  if (s === '' || NOT_APPLICABLE.test(s)) return null;
  const pct = /^(?:不低于|不少于|至少|≥)?(\d+(?:\.\d+)?)%(?:以上)?$/.exec(s) ?? /^(?:不低于|不少于|至少)?百分之(\d+(?:\.\d+)?)(?:以上)?$/.exec(s);
  if (pct) {
    const p = Number(pct[1]);
    return p > 0 && p <= 100 ? roundRatio(p / 100) : undefined;
  }
  if (/^0?\.\d+$/.test(s)) {
    const r = Number(s);
    return r > 0 && r <= 1 ? r : undefined;
  }
  return undefined;
}
const roundRatio = (r: number) => Number(r.toPrecision(12));

const ACTIVE_WORDS = ['存续', '在业', '在营', '开业', '在册', '正常', '有效'];
/** Gone for good (the documents: 迁出、吊销、注销, and 撤销): never drawn. */
const GONE_WORDS = ['注销', '吊销', '撤销', '迁出'];
/**
 * Still registered but not trading: drawable by default, since the standard results include “已关闭停业或正在
 * 组织清算” and “未发现开展本次抽查涉及的经营活动” — findings about exactly these (ssj.json suspendedDrawable).
 */
export const SUSPENDED_WORDS = ['停业', '歇业', '清算'];

/** Whether a 经营状态 names a suspended (停业/歇业/清算) entity that is not gone for good. */
export function isSuspended(text: string): boolean {
  const s = noSpaces(text);
  return SUSPENDED_WORDS.some((w) => s.includes(w)) && !GONE_WORDS.some((w) => s.includes(w));
}

/** 经营状态 → active / gone. An empty status counts as active. */
export function classifyStatus(text: string, suspendedDrawable = true): 'active' | 'gone' | undefined {
  const s = noSpaces(text);
  if (s === '') return 'active';
  // 吊销，未注销 and 存续（在营、开业、在册）: any word of leaving wins.
  if (GONE_WORDS.some((w) => s.includes(w))) return 'gone';
  if (SUSPENDED_WORDS.some((w) => s.includes(w))) return suspendedDrawable ? 'active' : 'gone';
  if (ACTIVE_WORDS.some((w) => s.includes(w))) return 'active';
  return undefined;
}

/** Excel's error values: a broken formula, never data. */
const EXCEL_ERRORS = new Set(['#N/A', '#REF!', '#VALUE!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA']);

// C0 controls except tab, line feed and carriage return; DEL; C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const CONTROL_NAMES: Record<number, string> = { 0: 'NUL 空字符', 7: 'BEL 响铃', 8: 'BS 退格', 0x1b: 'ESC 转义', 0x7f: 'DEL 删除' };

/** A cell's text with control characters shown as ⟨U+001B⟩, safe to print on a terminal or in a message. */
export function visibleControls(s: string): string {
  return CONTROL.test(s) ? s.replace(CONTROL_ALL, (ch) => `⟨U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`) : s;
}

/**
 * The fault of a cell holding a control character (NUL, BEL, ESC …; tab and line breaks are allowed): they come
 * from copying out of other systems, are invisible in Excel, and would reach terminals and exported files.
 */
export function controlCharProblem(raw: RawCell | undefined): string | null {
  if (typeof raw !== 'string' || !CONTROL.test(raw)) return null;
  const code = raw.match(CONTROL)![0].charCodeAt(0);
  const name = CONTROL_NAMES[code] ?? (code >= 0x80 ? 'C1 控制字符' : '控制字符');
  return `含有看不见的控制字符（U+${code.toString(16).toUpperCase().padStart(4, '0')} ${name}），通常是从其他系统复制时带入的；请在原文件中删除这个字符（可以重新输入这一格）后再导入`;
}

const VALID_CREDIT = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;
const PLAIN_PHONE = /^[0-9-]{1,20}$/;

/**
 * The common cases of normaliseValue without its result object (a million-row registry has fifteen million
 * cells): the value normaliseValue gives when it accepts the cell with no warning, or undefined when the cell
 * needs the full check (a fault, a warning, or a type or value this does not handle). Never a different value.
 */
export function normaliseFast(type: FieldType, raw: RawCell): string | undefined {
  if (raw === null) {
    // cellText(null) is '': every one of these accepts it as ''
    return type === 'text' || type === 'code' || type === 'creditCode' || type === 'digits' || type === 'phone' || type === 'status' || type === 'risk' || type === 'date' ? '' : undefined;
  }
  if (typeof raw === 'number') {
    // numbers: 序号 as text, phones stored as numbers (11 digits from 1: no leading 0 to have lost)
    if (!Number.isSafeInteger(raw)) return undefined;
    if (type === 'text') return String(raw);
    if (type === 'phone' && raw >= 1e10 && raw < 2e10) return String(raw);
    return undefined;
  }
  if (typeof raw !== 'string') return undefined;
  switch (type) {
    case 'text':
      // one search for anything the checks below or cleanText would act on; most cells have none
      return TEXT_WORK.test(raw) ? textFast(raw) : raw;
    case 'creditCode':
      // already normalised (no spaces, full-width or lower-case letters) and valid (so no control character or #)
      return VALID_CREDIT.test(raw) && creditCodeProblem(raw) === null ? compact(raw) : undefined;
    case 'phone':
      return PLAIN_PHONE.test(raw) ? raw : undefined;
    case 'status':
    case 'risk': {
      // a column of a few values repeated a million times: each distinct one worked out once
      const cache = type === 'status' ? STATUS_FAST : RISK_FAST;
      const known = cache.get(raw);
      if (known !== undefined) return known === NOT_FAST ? undefined : known;
      const v = type === 'status' ? statusFast(raw) : riskFast(raw);
      if (cache.size < FAST_CACHE_MAX) cache.set(raw, v ?? NOT_FAST);
      return v;
    }
    default:
      return undefined;
  }
}

/** Anything in a text cell that makes normaliseFast look closer: a control character, a # (every Excel error value has one), or what cleanText changes. */
// (one expression: it is tested on every text cell of a million-row import)
const TEXT_WORK = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F#${CLEANING_CHARS}]|^ | $|  `);
const NOT_FAST = '\u0000not fast';
const FAST_CACHE_MAX = 4096;
const STATUS_FAST = new Map<string, string>();
const RISK_FAST = new Map<string, string>();

function textFast(raw: string): string | undefined {
  return CONTROL.test(raw) || raw.includes('#') ? undefined : cleanText(raw);
}

function statusFast(raw: string): string | undefined {
  if (CONTROL.test(raw) || raw.includes('#')) return undefined;
  const s = cleanText(raw);
  return classifyStatus(s) === undefined ? undefined : s;
}

function riskFast(raw: string): string | undefined {
  if (CONTROL.test(raw) || raw.includes('#')) return undefined;
  const s = noSpaces(foldAscii(raw)).toUpperCase();
  if (s === '') return '';
  const m = /^([ABCD])(类|级|类企业)?$/.exec(s);
  return m ? m[1]! : undefined;
}

/**
 * A date field's number cell without a date format (a date cell is a Date): what Excel shows is the number itself.
 * 20270630 typed into a General cell is that date (no serial is that large). Another whole number is Excel's serial
 * of a date whose format was lost, when that date is one a list can hold (1990–2100). Anything else — 2026.03 or
 * 2027.0630 typed for a month or a date, which Excel keeps as a decimal, or 2027 — is refused with what it would be
 * as a serial: it used to be read as one, and an inspector whose certificate runs to 2026.03 was imported as expired on
 * 1905-07-18.
 */
function numberDate(raw: number, date1904 = false): Normalised {
  if (Number.isInteger(raw) && raw >= 19000101 && raw <= 99991231) {
    const iso = parseDateText(String(raw));
    if (iso) return ok(iso);
  }
  const iso = excelSerialToIso(raw, date1904);
  if (iso && Number.isInteger(raw) && iso >= '1990-01-01' && iso <= '2100-12-31') return ok(iso);
  const shown = numberText(raw);
  return fail(
    `无法识别的日期「${shown}」：单元格是数字${iso ? `，按 Excel 的日期序号是 ${iso}，不像是这里要的日期` : ''}；请在原文件中写成 2027-06-30 这样的日期（年、月、日都写）`,
  );
}

/** A cell whose formula was saved without its result (RawRow.formulas): its value is unknown, not empty. */
export const FORMULA_UNKNOWN = '是公式，但文件中没有保存公式的计算结果（文件可能是其他程序生成、没有在 Excel 或 WPS 中保存过），读不出它的值：请用 Excel 或 WPS 打开这个文件、保存一次后再导入';

/**
 * The fault of a date cell holding Excel's serial number of a date as text (a date column formatted as 文本, or
 * pasted as values): said with the date it stands for, never read as that date (it may be any other number). Null
 * for any other text.
 */
export function serialTextProblem(text: string, date1904 = false): string | null {
  const serial = /^\s*\d{5}\s*$/.test(text) ? excelSerialToIso(Number(text), date1904) : null;
  if (!serial || serial < '1990-01-01' || serial > '2100-12-31') return null;
  return `像是 Excel 的日期序号（${serial}）存成了文字；请在原文件中把这一格写成 ${serial}，或把这一列设为日期格式后重新输入`;
}

/** The message for a cell holding an Excel error value (#N/A, #REF! …), or null. */
export function excelErrorProblem(raw: RawCell): string | null {
  return typeof raw === 'string' && raw.length <= 13 && EXCEL_ERRORS.has(raw.trim().toUpperCase())
    ? `单元格是 Excel 错误值 ${raw.trim()}（通常是公式引用的单元格被删除或找不到），请在原文件中改正`
    : null;
}

/** Types whose text cells are codes, numbers or dates: a leading apostrophe there is Excel's text marker, not data. */
const QUOTABLE = new Set<FieldType>(['code', 'creditCode', 'digits', 'phone', 'date']);
/** An apostrophe (ASCII, typographic or full-width) before a code, as systems write '0123 to keep it text. */
const QUOTE_PREFIX = /^\s*['\u2018\u2019\uFF07]\s*/;
export const QUOTE_PREFIX_WARNING = '开头的撇号「\'」是让 Excel 把数字当作文字的标记（有的系统导出时写进了单元格），不是内容的一部分，已去掉';

export function normaliseValue(type: FieldType, raw: RawCell, ctx: NormaliseContext = {}): Normalised {
  if (typeof raw === 'string' && QUOTABLE.has(type) && QUOTE_PREFIX.test(raw)) {
    // '35088110001 would be kept as a 执法证号 with the apostrophe (matching nothing), '2027-01-01 would be no date
    const n = normaliseValue(type, raw.replace(QUOTE_PREFIX, ''), ctx);
    return n.ok ? { ...n, warning: n.warning ? `${QUOTE_PREFIX_WARNING}；${n.warning}` : QUOTE_PREFIX_WARNING } : n;
  }
  const control = controlCharProblem(raw);
  if (control) return fail(control);
  const excelError = excelErrorProblem(raw);
  if (excelError) return fail(excelError);
  switch (type) {
    case 'text':
      if (raw instanceof Date) return ok(dateCellToIso(raw) ?? '');
      return ok(cleanText(cellText(raw)));

    case 'code': {
      if (typeof raw === 'number') return integerDigits(raw);
      return ok(compact(noSpaces(foldAscii(cellText(raw))).toUpperCase()));
    }

    case 'creditCode': {
      if (typeof raw === 'number') return fail(TOO_MANY_DIGITS);
      const s = noSpaces(foldAscii(cellText(raw))).toUpperCase();
      if (s === '') return ok('');
      if (SCIENTIFIC.test(s)) return fail(LOST_DIGITS);
      const p = creditCodeProblem(s);
      return p ? fail(p) : ok(compact(s));
    }

    case 'digits': {
      if (typeof raw === 'number') return integerDigits(raw);
      const s = noSpaces(foldAscii(cellText(raw)));
      if (SCIENTIFIC.test(s)) return fail(LOST_DIGITS);
      return ok(compact(s));
    }

    case 'phone': {
      if (typeof raw === 'number') {
        const r = integerDigits(raw);
        if (r.ok && typeof r.value === 'string' && r.value.length < 11 && !r.value.startsWith('1')) {
          return ok(r.value, 'Excel 把电话号码存成了数字，开头的 0 可能已经丢失（如区号 0597）');
        }
        return r;
      }
      const s = foldAscii(cellText(raw));
      if (SCIENTIFIC.test(noSpaces(s))) return fail(LOST_DIGITS);
      return ok(s);
    }

    case 'date': {
      if (raw === null || (typeof raw === 'string' && raw.trim() === '')) return ok('');
      if (raw instanceof Date) {
        const iso = dateCellToIso(raw);
        return iso ? ok(iso) : fail('不是有效的日期');
      }
      if (typeof raw === 'number') return numberDate(raw, ctx.date1904);
      const s = foldAscii(cellText(raw));
      if (OPEN_ENDED.test(s)) return ok(NEVER_ENDS);
      const end = parseDateRangeEnd(s);
      const iso = end === undefined ? parseDateText(s) : end;
      if (iso) return ok(iso);
      const serial = serialTextProblem(s, ctx.date1904);
      return fail(serial ? `无法识别的日期「${s.trim()}」：${serial}` : `无法识别的日期「${s}」，请写成 2027-06-30 这样的格式`);
    }

    case 'ratio': {
      const r = parseRatio(raw);
      if (r === undefined) return fail(`无法识别的抽查比例「${cellText(raw)}」，请写成 5% 这样的百分数，不抽查的写“不适用”`);
      return ok(r);
    }

    case 'rounds': {
      if (typeof raw === 'number') {
        return Number.isInteger(raw) && raw >= 1 && raw <= 366 ? ok(raw) : fail(`无法识别的抽查频次「${numberText(raw)}」`);
      }
      const r = parseRounds(cellText(raw));
      if (r === undefined) return fail(`无法识别的抽查频次「${cellText(raw)}」，请写成“2次/年”这样的格式`);
      return ok(r);
    }

    case 'status': {
      const s = cleanText(cellText(raw));
      const c = classifyStatus(s);
      if (c === undefined) {
        return fail(`无法识别的经营状态「${s}」：存续、在业、在营、开业、在册、正常、有效视为正常，停业、歇业、清算视为停业（默认可抽取），注销、吊销、撤销、迁出视为已退出`);
      }
      return ok(s);
    }

    case 'risk': {
      const s = noSpaces(foldAscii(cellText(raw))).toUpperCase();
      if (s === '') return ok('');
      const m = /^([ABCD])(类|级|类企业)?$/.exec(s);
      if (m) return ok(m[1]!);
      return ok('', `无法识别的信用风险分类「${s}」，已按未分类处理（应为 A、B、C、D 类）`);
    }

    case 'kind': {
      const s = noSpaces(cleanText(cellText(raw)));
      if (s.includes('专家') || /^(是|Y|YES|√|✓)$/i.test(s)) return ok('专家');
      return ok('执法人员');
    }
  }
}
