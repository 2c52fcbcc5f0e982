import { describe, expect, it } from 'vitest';
import type { RawCell } from '../../src/core/cells.js';
import { withCheckChar } from '../../src/core/credit-code.js';
import { classifyStatus, normaliseFast, normaliseValue, parseRatio, parseRounds } from '../../src/core/normalize.js';
import { cleanText, NEEDS_CLEANING, normaliseHeader } from '../../src/core/text.js';

const value = (t: Parameters<typeof normaliseValue>[0], raw: Parameters<typeof normaliseValue>[1], ctx = {}) => {
  const n = normaliseValue(t, raw, ctx);
  return n.ok ? n.value : { error: n.error };
};

describe('text folding', () => {
  it('NEEDS_CLEANING (one character class, for speed) finds exactly what it says: any whitespace but the plain space, full-width forms, invisible marks, a space at an end or two together', () => {
    const invisible = /[\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
    const wanted = (ch: string) => /[^\S ]/.test(ch) || /[\uFF01-\uFF5E]/.test(ch) || invisible.test(ch);
    const wrong: string[] = [];
    for (let c = 0; c <= 0x2ffff; c++) {
      const ch = String.fromCodePoint(c);
      if (NEEDS_CLEANING.test(`甲${ch}乙`) !== wanted(ch)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
    for (const [s, needs] of [[' 甲', true], ['甲 ', true], ['甲  乙', true], ['甲 乙', false], ['ABC Co Ltd', false], ['', false]] as const) expect(NEEDS_CLEANING.test(s), s).toBe(needs);
  });


  it('trims, folds full-width letters, digits and spaces, collapses whitespace', () => {
    expect(cleanText('  示例县　恒达建筑 ')).toBe('示例县 恒达建筑');
    expect(cleanText('ＡＢＣ１２３')).toBe('ABC123');
    expect(cleanText('名称\u200B\n第二行')).toBe('名称 第二行');
    // full-width brackets in official names are kept
    expect(cleanText('示例县（闽西）公司')).toBe('示例县（闽西）公司');
  });
  it('folds a single en, em or narrow space the same as a run of them (the fast path used to keep it)', () => {
    // names copied from a government web page (&ensp; &emsp;) or a Word document
    for (const sp of ['\u2002', '\u2003', '\u202F', '\u2028', '\u3000', '\u00A0', '\t', '\n']) {
      expect(cleanText(`张${sp}三`)).toBe('张 三');
      expect(cleanText(`张${sp}三`)).toBe(cleanText(`张${sp}三Ａ`).slice(0, 3));
      expect(normaliseFast('text', `张${sp}三`)).toBe('张 三');
    }
    expect(cleanText('张 三')).toBe('张 三');
  });
  it('drops direction marks and embeddings copied from web pages, contacts and PDFs', () => {
    const code = withCheckChar('91350100MA2YQ8K1R');
    expect(cleanText('\u202A13800000001\u202C')).toBe('13800000001');
    expect(cleanText('示例县\u200E恒达建筑\u200F有限公司\u2069')).toBe('示例县恒达建筑有限公司');
    expect(value('creditCode', `\u2066${code}\u2069`)).toBe(code);
    expect(value('creditCode', `${code.slice(0, 6)}\u200E${code.slice(6)}`)).toBe(code);
    expect(value('phone', '\u202A138 0000 0001\u202C')).toBe('138 0000 0001');
    expect(normaliseFast('text', '恒达\u200E建筑')).toBe('恒达建筑');
  });
  it('normalises headers: line breaks, required marks and notes', () => {
    expect(normaliseHeader('统一社会\n信用代码')).toBe('统一社会信用代码');
    expect(normaliseHeader('*企业名称（必填）')).toBe('企业名称');
    expect(normaliseHeader('联系电话：')).toBe('联系电话');
  });
});

describe('dates typed as numbers (General cells)', () => {
  it('reads 20270630 as that date and a whole serial of 1990–2100 as its date', () => {
    expect(value('date', 20270630)).toBe('2027-06-30');
    expect(value('date', 46568)).toBe('2027-06-30');
    expect(value('date', 45106, { date1904: true })).toBe('2027-06-30');
  });
  it('refuses a decimal or a small number instead of reading it as a serial of 1900–1905', () => {
    expect(value('date', 2026.03)).toEqual({ error: expect.stringMatching(/^无法识别的日期「2026.03」：单元格是数字，按 Excel 的日期序号是 1905-07-18/) });
    expect(value('date', 2027)).toEqual({ error: expect.stringMatching(/1905-07-19/) });
    expect(value('date', 46568.5)).toEqual({ error: expect.stringMatching(/^无法识别的日期「46568.5」/) });
    expect(value('date', 20270231)).toEqual({ error: expect.stringMatching(/^无法识别的日期「20270231」：单元格是数字；/) });
  });
});

describe('identifiers Excel stored as numbers', () => {
  it('gives back the exact digit string', () => {
    expect(value('digits', 35110000100)).toBe('35110000100');
    expect(value('phone', 18040028277)).toBe('18040028277');
  });
  it('refuses digits Excel already destroyed', () => {
    expect(value('digits', '1.30807E+10')).toEqual({ error: expect.stringMatching(/科学计数法/) });
    expect(value('digits', 913508812345678900)).toEqual({ error: expect.stringMatching(/15 位有效数字/) });
    expect(value('creditCode', 913508810349368786)).toEqual({ error: expect.stringMatching(/15 位有效数字/) });
    expect(value('phone', '1.38E+10')).toEqual({ error: expect.stringMatching(/科学计数法/) });
  });
  it('does not mistake a credit code with E and digits for scientific notation', () => {
    expect(value('creditCode', '913508819146271E30')).toBe('913508819146271E30');
  });
  it('warns when a landline lost its leading zero', () => {
    const n = normaliseValue('phone', 5977515018);
    expect(n).toMatchObject({ ok: true, value: '5977515018', warning: expect.stringMatching(/开头的 0/) });
  });
  it('upper-cases and folds credit codes', () => {
    expect(value('creditCode', ' ９１３５０８８１r１７１３６ga０k ')).toBe('91350881R17136GA0K');
    expect(value('creditCode', '91350100m000100y43')).toBe('91350100M000100Y43');
    expect(value('creditCode', '9135 0100 M000 100Y 43')).toBe('91350100M000100Y43');
  });
});

describe('dates', () => {
  it('reads serials, Date cells and text to ISO', () => {
    expect(value('date', 46568)).toBe('2027-06-30');
    expect(value('date', 45106, { date1904: true })).toBe('2027-06-30');
    expect(value('date', new Date(Date.UTC(2027, 5, 30)))).toBe('2027-06-30');
    // a date-time cell at the end of the day is that day (Excel shows 2027/6/30 23:59), not the next
    expect(value('date', new Date(Date.UTC(2027, 5, 30, 23, 59, 59)))).toBe('2027-06-30');
    expect(value('date', new Date(Date.UTC(2027, 5, 30, 23, 59, 30)))).toBe('2027-06-30');
    // a midnight that floating point brings back a hair early is still the next day
    expect(value('date', new Date(Date.UTC(2027, 5, 30, 23, 59, 59, 999)))).toBe('2027-07-01');
    for (const t of ['2027-06-30', '2027/6/30', '2027.06.30', '2027年6月30日', '20270630', '２０２７－６－３０', '2027-06-30 00:00:00', '2027/6/30 14:05', '2027-06-30 08:00:00.000', '2027年06月30号', '2027.06.30.', '2027-06-30T00:00:00']) {
      expect(value('date', t)).toBe('2027-06-30');
    }
  });
  it('takes the end of a validity range, and 长期 as open-ended', () => {
    expect(value('date', '2021.01.01-2027.12.31')).toBe('2027-12-31');
    expect(value('date', '2021年1月1日至2027年12月31日')).toBe('2027-12-31');
    expect(value('date', '长期')).toBe('9999-12-31');
    expect(value('date', '2021年1月1日至长期')).toBe('9999-12-31');
    expect(value('date', '2021.01.01-长期有效')).toBe('9999-12-31');
  });
  it('rejects impossible dates', () => {
    expect(value('date', '2027-02-30')).toEqual({ error: expect.stringMatching(/无法识别的日期/) });
    expect(value('date', '明年')).toEqual({ error: expect.stringMatching(/无法识别的日期「明年」/) });
    expect(value('date', '2027-06-30 25:00')).toEqual({ error: expect.stringMatching(/无法识别的日期/) });
    // Excel's serial number of a date, kept as text: said so, with the date it stands for (not guessed into the record)
    expect(value('date', '46143')).toEqual({ error: '无法识别的日期「46143」：像是 Excel 的日期序号（2026-05-01）存成了文字；请在原文件中把这一格写成 2026-05-01，或把这一列设为日期格式后重新输入' });
    expect(value('date', '12345')).toEqual({ error: '无法识别的日期「12345」，请写成 2027-06-30 这样的格式' });
  });
});

describe('抽查比例 and 抽查频次', () => {
  it('reads ratios as fractions', () => {
    expect(parseRatio('5%')).toBe(0.05);
    expect(parseRatio('５％')).toBe(0.05);
    expect(parseRatio(0.1)).toBe(0.1);
    expect(parseRatio(20)).toBe(0.2);
    expect(parseRatio('不低于3%')).toBe(0.03);
    expect(parseRatio('不适用')).toBeNull();
    expect(parseRatio('—')).toBeNull();
    expect(parseRatio('很多')).toBeUndefined();
    expect(parseRatio('120%')).toBeUndefined();
  });
  it('reads rounds per year', () => {
    expect(parseRounds('2次/年')).toBe(2);
    expect(parseRounds('每年2次')).toBe(2);
    expect(parseRounds('每年两次')).toBe(2);
    expect(parseRounds('一年两次')).toBe(2);
    expect(parseRounds('1次/半年')).toBe(2);
    expect(parseRounds('每季度1次')).toBe(4);
    expect(parseRounds('每年不少于2次')).toBe(2);
    expect(parseRounds('—')).toBeNull();
    expect(parseRounds('经常')).toBeUndefined();
  });
  it('reads the wordings of published item lists: 5%以上, 不低于百分之5, 全年2次, 2次/年度, 1年1次', () => {
    expect(parseRatio('5%以上')).toBe(0.05);
    expect(parseRatio('不低于百分之5')).toBe(0.05);
    expect(parseRatio('百分之10以上')).toBe(0.1);
    expect(parseRounds('全年2次')).toBe(2);
    expect(parseRounds('全年不少于1次')).toBe(1);
    expect(parseRounds('2次/年度')).toBe(2);
    expect(parseRounds('年度2次')).toBe(2);
    expect(parseRounds('每年度1次')).toBe(1);
    expect(parseRounds('1年1次')).toBe(1);
    // still refused: ranges and counts without a period
    expect(parseRatio('5%~10%')).toBeUndefined();
    expect(parseRounds('每年1-2次')).toBeUndefined();
    expect(parseRounds('2年1次')).toBeUndefined();
    expect(parseRounds('2次')).toBeUndefined();
  });
});

describe('经营状态', () => {
  it('classifies the spellings real files use', () => {
    for (const s of ['存续', '在业', '在营', '开业', '在册', '存续（在营、开业、在册）', '']) expect(classifyStatus(s)).toBe('active');
    for (const s of ['注销', '吊销', '撤销', '迁出', '吊销，未注销', '停业（已吊销）']) expect(classifyStatus(s)).toBe('gone');
    // 停业/歇业/清算 stay drawable (the standard results have findings about them) unless ssj.json says otherwise
    for (const s of ['停业', '歇业', '清算', '正在组织清算']) {
      expect(classifyStatus(s)).toBe('active');
      expect(classifyStatus(s, false)).toBe('gone');
    }
    expect(classifyStatus('待定')).toBeUndefined();
  });
});

describe('normaliseFast (the common cases without a result object)', () => {
  it('gives exactly what normaliseValue accepts without a warning, or undefined', () => {
    const code = withCheckChar('91350100M000100Y4');
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const types = ['text', 'code', 'creditCode', 'digits', 'phone', 'date', 'ratio', 'rounds', 'status', 'risk', 'kind'] as const;
    const raws: RawCell[] = [
      null, '', ' ', '  张三 ', '示例县第1号建筑工程有限公司', 'ＡＢＣ１２３', 'a\u3000b', 'x\u200By', 'tab\there', 'line\nbreak',
      '#N/A', ' #REF! ', '#名称', 'A#1', 'bell\u0007', 'esc\u001b[31m', 'del\u007f',
      code, wrong, code.toLowerCase(), code.slice(0, 17), ` ${code}`, code.replace('0', '０'),
      '1.30807E+10', '13900001234', '0597-1234567', '139 0000 1234', '１３９００００１２３４', '+86 139',
      'x\u0085y', '\u00a0存续', '存续#', '存\u0007续', 'Ｂ类', 'B\u0000', '#B',
      '存续', '在业', '注销', '吊销，未注销', '停业', '正常营业中', '迁出', '  存续 ', '不知道',
      'A', 'a类', 'B级', 'C类企业', 'D', 'E', 'Ａ类', ' ', '高',
      '2027-06-30', '长期', '5%', '不适用', '2次/年', '专家', '是',
      0, 1, 7, -3, 13900001234, 10000000000, 19999999999, 20000000000, 5971234567, 1.5, 1e15, 2 ** 53, Number.NaN,
      true, false, new Date(Date.UTC(2026, 5, 30)),
    ];
    let fast = 0;
    for (const type of types) {
      for (const raw of raws) {
        const f = normaliseFast(type, raw);
        expect(normaliseFast(type, raw), `${type} ${String(raw)} again (status and risk values are remembered)`).toBe(f);
        const full = normaliseValue(type, raw);
        if (f === undefined) continue;
        fast++;
        expect(full, `${type} ${String(raw)}`).toEqual({ ok: true, value: f });
      }
    }
    // the fast path does take the cells of a registry: names, codes, phones, states, risks, 序号
    expect(normaliseFast('text', '示例县第1号建筑工程有限公司')).toBe('示例县第1号建筑工程有限公司');
    expect(normaliseFast('creditCode', code)).toBe(code);
    expect(normaliseFast('creditCode', wrong)).toBeUndefined();
    expect(normaliseFast('phone', 13900001234)).toBe('13900001234');
    expect(normaliseFast('text', 7)).toBe('7');
    expect(normaliseFast('status', '存续')).toBe('存续');
    expect(normaliseFast('risk', 'B类')).toBe('B');
    expect(fast).toBeGreaterThan(60);
  });
});

describe('a leading apostrophe (the text marker systems write into the cell: \'0123)', () => {
  it('is not kept in a code, 执法证号, phone or date: taken off, with a warning', () => {
    expect(normaliseValue('digits', "'35088110001")).toEqual({ ok: true, value: '35088110001', warning: expect.stringContaining('开头的撇号') });
    expect(normaliseValue('digits', '’035088110002')).toMatchObject({ ok: true, value: '035088110002' });
    expect(normaliseValue('phone', "'13800000001")).toMatchObject({ ok: true, value: '13800000001' });
    expect(normaliseValue('code', "'zj-001")).toMatchObject({ ok: true, value: 'ZJ-001' });
    expect(normaliseValue('creditCode', "'91350880000000001L")).toMatchObject({ ok: true, value: '91350880000000001L' });
    expect(normaliseValue('date', "'2027-01-01")).toMatchObject({ ok: true, value: '2027-01-01', warning: expect.stringContaining('开头的撇号') });
    // a lone apostrophe is an empty cell (a required field then says so)
    expect(normaliseValue('digits', "'")).toMatchObject({ ok: true, value: '' });
    // the cell's own faults are still reported
    expect(normaliseValue('digits', "'1.30807E+10")).toMatchObject({ ok: false });
  });

  it('is kept in free text (a name may start with one)', () => {
    expect(normaliseValue('text', "'甲'公司")).toEqual({ ok: true, value: "'甲'公司" });
  });
});
