// Phone and ID numbers in free text, as clerks type them into 备注; and what must not be taken for one.
import { describe, expect, it } from 'vitest';
import { SsjError } from '../../src/core/errors.js';
import { findPrivateData, privateNumbers, privateWords, refusePrivateData, refusePrivateText } from '../../src/core/privacy.js';

const kinds = (s: string) => privateNumbers(s).map((h) => h.kind);

describe('privateNumbers', () => {
  it.each([
    ['负责人电话13859012345', '手机号码', '138****2345'],
    ['联系 138-5901-2345', '手机号码', '138****2345'],
    ['联系 138 5901 2345 王', '手机号码', '138****2345'],
    ['+86 13859012345', '手机号码', '138****2345'],
    ['现场联系：0591-87654321', '固定电话', '0591-******21'],
    ['座机05918765432', '固定电话', '0591-*****32'],
    ['电话（0597）2345678', '固定电话', '0597-*****78'],
    ['法人身份证350102198703154417', '身份证号码', '350102********4417'],
    ['身份证号：35010219870315441x', '身份证号码', '350102********441x'],
    ['身份证号码 350102870315441', '身份证号码', '350102******441'],
    // typed in full-width mode (a Chinese input method's 全角), or pasted from a Word or WPS document
    ['负责人电话１３８５９０１２３４５', '手机号码', '138****2345'],
    ['联系 １３８－５９０１－２３４５', '手机号码', '138****2345'],
    ['联系 138　5901　2345', '手机号码', '138****2345'],
    ['座机０５９１－８７６５４３２１', '固定电话', '0591-******21'],
    ['法人身份证３５０１０２１９８７０３１５４４１Ｘ', '身份证号码', '350102********441X'],
    ['手机：138.5901.2345', '手机号码', '138****2345'],
    ['联系 008613859012345', '手机号码', '138****2345'],
    ['联系 138–5901–2345', '手机号码', '138****2345'], // en dashes, as a word processor makes of -
    ['电话（0597）-2345678', '固定电话', '0597-*****78'],
    ['座机 0597—2345678', '固定电话', '0597-*****78'],
    ['身份证号 350102 19870315 4417', '身份证号码', '350102********4417'],
    ['身份证号 350102-19870315-4417', '身份证号码', '350102********4417'],
    // an ID number that is also a valid all-digit credit code: an ID number when a word says so
    ['身份证号码350102198503150006', '身份证号码', '350102********0006'],
  ])('%s → %s', (text, kind, masked) => {
    expect(privateNumbers(text)).toEqual([{ kind, masked }]);
  });

  it.each([
    ['检查日期 2026-12-01，整改期限 2026年12月31日'],
    ['抽查任务 2026-001，记录 2026-004-R1'],
    ['统一社会信用代码 913508816145607318'], // all digits and a valid credit code: not an ID number
    ['统一社会信用代码 350102198503150006'], // the same digits as the ID number above, without a word saying ID
    ['91350100MA32XK2Q45'],
    ['罚款 20000 元，没收违法所得 135000 元'],
    ['注册号 350100100012345'], // an old 15-digit registration number, no word saying ID
    ['执法证号 35088110049'],
    ['种子 5f2c9e1a0b7d13859012345aa'], // digits inside a longer token
    ['记录哈希 0591876543219abc'],
    ['施工现场临边防护不到位，已责令改正'],
    ['整改期限２０２６年１２月３１日，罚款２００００元'], // full-width dates and sums are not numbers to hide either
    ['统一社会信用代码９１３５０８８１６１４５６０７３１８'],
  ])('%s → nothing', (text) => {
    expect(kinds(text)).toEqual([]);
  });

  it('finds several in one text, each once', () => {
    expect(kinds('王经理 13859012345，座机 0591-87654321，身份证 350102198703154417')).toEqual(['身份证号码', '手机号码', '固定电话']);
  });
});

describe('findPrivateData and refusePrivateData', () => {
  const table = {
    columns: ['序号', '抽查任务编号', '市场主体名称', '统一社会信用代码', '检查完成日期', '检查结果', '备注', '检查人员（姓名、执法证号）'],
    rows: [
      [1, '2026-001', '福建甲公司', '913508816145607318', '2026-05-18', '未发现问题', '', '张凯（13088110049）'],
      [2, '2026-001', '福建乙公司', '91350881MA32XK2Q45', '2026-05-19', '未发现问题', '负责人 13859012345', '罗冬梅（35088110054）'],
      [3, '2026-001', '福建丙公司', '000508817148163190', '2026-05-20', '发现问题已责令改正', '身份证350102198703154417', ''],
    ],
  };

  it('names the row (序号) and the column; code, date and inspector columns are not free text', () => {
    expect(findPrivateData(table)).toEqual([
      { row: 2, column: '备注', kind: '手机号码', masked: '138****2345' },
      { row: 3, column: '备注', kind: '身份证号码', masked: '350102********4417' },
    ]);
  });

  it('refuses with every finding, masked, and the way out', () => {
    let e: unknown;
    try {
      refusePrivateData(table, '检查结果', '请改正后重新导入');
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(SsjError);
    const err = e as SsjError;
    expect(err.code).toBe('PRIVATE_DATA');
    expect(err.exitCode).toBe(1);
    expect(err.message).toContain('公开的检查结果中有 2 处像是电话号码或身份证号码，没有导出');
    expect(err.message).toContain('序号 2「备注」：像是手机号码（138****2345）');
    expect(err.message).toContain('序号 3「备注」：像是身份证号码（350102********4417）');
    expect(err.message).not.toContain('13859012345');
    expect(err.hint).toContain('--internal');
  });

  it('names the same number in the same column once, with its rows, so that other numbers are not hidden behind it', () => {
    const item = '建筑施工企业检查（咨询电话0597-2345678）';
    const rows = Array.from({ length: 30 }, (_, i) => [i + 1, '2026-001', item, i === 29 ? '负责人13859012345' : '']);
    let e: unknown;
    try {
      refusePrivateData({ columns: ['序号', '抽查任务编号', '抽查事项', '备注'], rows }, '抽取结果', '请改正');
    } catch (x) {
      e = x;
    }
    const message = (e as SsjError).message;
    expect(message).toContain('公开的抽取结果中有 31 处');
    expect(message).toContain('序号 1、2、3、4、5……共 30 行「抽查事项」：像是固定电话（0597-*****78）');
    expect(message).toContain('序号 30「备注」：像是手机号码（138****2345）');
    expect(message.split('\n')).toHaveLength(3);
  });

  it('names a number again in every row whose cell repeats the one above, and each new cell by itself', () => {
    const note = '联系人手机13859012345';
    const rows = [
      [1, '2026-001', note], [2, '2026-001', note], [3, '2026-001', '无'], [4, '2026-001', note],
      [5, '2026-002', '身份证350102199001014417'], [6, '2026-002', '身份证350102199001014417'], [7, '2026-002', note],
    ];
    const found = findPrivateData({ columns: ['序号', '抽查任务编号', '备注'], rows });
    expect(found.map((h) => [h.row, h.column, h.kind])).toEqual([
      [1, '备注', '手机号码'], [2, '备注', '手机号码'], [4, '备注', '手机号码'], [5, '备注', '身份证号码'], [6, '备注', '身份证号码'], [7, '备注', '手机号码'],
    ]);
    // the same as searching each cell on its own
    const each = rows.flatMap((r) => privateNumbers(r[2] as string).map((h) => [r[0], h.masked]));
    expect(found.map((h) => [h.row, h.masked])).toEqual(each);
  });

  it('lets a clean table through', () => {
    expect(() => refusePrivateData({ columns: table.columns, rows: [table.rows[0]!] }, '检查结果', '')).not.toThrow();
  });
});

describe('privateWords: a 回避 or a contact person stated in a remark', () => {
  it('names a 回避 (or the relation behind one) and a contact person with a name after the words; not a remark that names no one', () => {
    expect(privateWords('执法人员张三与该企业有利害关系，已回避').map((h) => h.kind)).toEqual(['回避关系']);
    expect(privateWords('检查人员系负责人配偶').map((h) => h.kind)).toEqual(['回避关系']);
    expect(privateWords('企业联系人：陈会计').map((h) => h.kind)).toEqual(['联系人']);
    expect(privateWords('联络人 王某').map((h) => h.kind)).toEqual(['联系人']);
    expect(privateWords('已电话联系企业联系人')).toEqual([]);
    expect(privateWords('联系人。')).toEqual([]);
    expect(privateWords('责令30日内整改')).toEqual([]);
    // shown cut short
    expect(privateWords('甲'.repeat(30) + '回避')[0]!.masked).toBe('甲'.repeat(24) + '…');
  });
});

describe('refusePrivateText: text typed for a published record', () => {
  const refused = (fields: Parameters<typeof refusePrivateText>[0]) => {
    try {
      refusePrivateText(fields, '抽取记录');
      return null;
    } catch (e) {
      expect(e).toBeInstanceOf(SsjError);
      expect((e as SsjError).code).toBe('PRIVATE_DATA');
      return (e as SsjError).message;
    }
  };

  it('names a 回避 and a contact person stated in any field, with the flag it was typed as', () => {
    const m = refused([
      { label: '--operator 操作人员', text: '张三（与长天超市有利害关系）' }, { label: '--place 抽取地点', text: '局三楼会议室，联系人：陈会计' },
      { label: '--witness 见证人', text: '王纪检' },
    ]);
    expect(m).toContain('不能有电话号码、身份证号码，也不能写出回避关系和联系人');
    expect(m).toContain('--operator 操作人员：像是回避关系（张三（与长天超市有利害关系））');
    expect(m).toContain('--place 抽取地点：像是联系人（局三楼会议室，联系人：陈会计）');
    expect(m).not.toContain('见证人');
  });

  it('lets plain text through; a field marked words: false is searched for numbers only', () => {
    expect(refused([{ label: '--operator 操作人员', text: '张三' }, { label: '--place 抽取地点', text: '局三楼会议室' }])).toBeNull();
    expect(refused([{ label: '--reason 调整原因', text: '执法人员回避，任务顺延', words: false }])).toBeNull();
    const m = refused([{ label: '--reason 调整原因', text: '回避，电话 13859012345', words: false }]);
    expect(m).toContain('像是手机号码');
    expect(m).not.toContain('回避关系和联系人');
  });
});
