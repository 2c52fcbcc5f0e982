// Number formats: which custom formats are "affix" formats (literal text around one run of digits), and the text
// they show for a number (RawRow.shown); the style lookup that finds them once per style.
import { describe, expect, it } from 'vitest';
import { affixFormat, affixText, makeStyleLookup } from '../../src/io/xlsx-parts.js';

/** The text `code` shows for `n`, or undefined when it is no affix format or shows none for n. */
const shows = (code: string, n: number) => {
  const a = affixFormat(code);
  return a && affixText(a, n);
};

describe('affix number formats', () => {
  it.each([
    ['"闽"00000000000', 12345678, '闽00012345678'], // a 执法证号 typed as digits
    ['"ZJ-"000', 7, 'ZJ-007'], // an item id
    ['0"次"', 2, '2次'], // a count
    ['\\闽0000', 12, '闽0012'], // an escaped literal
    ['"0"0000000000', 5977571749, '05977571749'], // a phone with its leading 0
    ['闽0', 5, '闽5'], // non-ASCII characters show as written without quotes
    ['(000)', 7, '(007)'], // characters Excel shows unquoted: $ - + / ( ) : space
    ['$0', 7, '$7'],
    ['0" "\\-" 号"', 7, '7 - 号'],
    ['"A-"#', 12, 'A-12'],
    ['"A-"#', 0, 'A-'], // a lone # shows nothing for 0
    ['"A-"##0', 0, 'A-0'],
    ['"闽"000;-"闽"000', 5, '闽005'], // only the first section: the second is for negative numbers
    ['"闽"000;@', 5, '闽005'],
    ['"闽"000;-0;"无"', 5, '闽005'],
    ['"0"0000000000', 123456789012345, '0123456789012345'], // 15 digits: all Excel keeps
  ])('%s shows %d as %s', (code, n, text) => {
    expect(shows(code, n)).toBe(text);
  });

  it.each([
    ['@'], // text
    ['0'], ['#'], ['00000000000'], ['#0'], // no literal: the number (or the zero padding read as now)
    ['General'], ['"闽"General'],
    ['0.00'], ['"闽"0.0'], ['#,##0'], ['"闽"#,##0'], ['0%'], ['0.00E+00'], // decimals, thousands, percent, exponent
    ['[Red]"闽"0'], ['[Blue]0"次"'], ['[>100]"大"0;"小"0'], ['"闽"0;[<0]"负"0'], ['[$-804]"闽"0'], ['[DBNum1]0"次"'], // brackets
    ['0_ '], ['"闽"0_)'], ['*-"闽"0'], ['"闽"0*-'], // padding and fill
    ['yyyy"年"m"月"d"日"'], ['0"年"m"月"'], ['"第"0"号"0'], ['0"次"0'], // dates, two runs of digits
    ['"闽"0@'], ['"a";0'], ['"闽'], ['0\\'], ['0a'], ['0"次"?'], ['0#'], // text placeholder, no digits first, broken
  ])('%s is not an affix format', (code) => {
    expect(affixFormat(code)).toBeUndefined();
  });

  it('shows text only for whole non-negative numbers of at most 15 digits, and for 0 unless a third section shows zero', () => {
    const a = affixFormat('"闽"0000')!;
    expect([affixText(a, 1.5), affixText(a, -3), affixText(a, 1e15), affixText(a, 999999999999999)]).toEqual([undefined, undefined, undefined, '闽999999999999999']);
    expect(affixText(a, 0)).toBe('闽0000');
    expect(affixText(affixFormat('"闽"0000;-0;"无"')!, 0)).toBeUndefined();
    expect(affixText(affixFormat('"闽"0000;-0;"无"')!, 1)).toBe('闽0001');
  });

  it('the style lookup finds an affix once per style; dates and zero padding stay as they were', () => {
    const codes = new Map([[176, '"闽"00000000000'], [177, '00000000000'], [178, 'yyyy"年"m"月"d"日"'], [179, '#,##0'], [180, '0"次"']]);
    const style = makeStyleLookup({ xfNumFmt: [0, 176, 177, 178, 179, 14, 180], codes });
    expect(style(1)).toEqual({ date: false, zeroPad: 0, affix: { prefix: '闽', suffix: '', digits: 11, zero: true } });
    expect(style(1)).toBe(style(1));
    expect(style(2)).toEqual({ date: false, zeroPad: 11 });
    expect(style(3)).toEqual({ date: true, zeroPad: 0 });
    expect(style(4)).toEqual({ date: false, zeroPad: 0 });
    expect(style(5)).toEqual({ date: true, zeroPad: 0 });
    expect(style(6)).toEqual({ date: false, zeroPad: 0, affix: { prefix: '', suffix: '次', digits: 1, zero: true } });
    expect(style(99)).toEqual({ date: false, zeroPad: 0 });
  });
});
