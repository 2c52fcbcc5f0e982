// core/public-verify.ts in memory: an announced draw against the announcement record published with it, the chain
// of an export that holds an announcement, and the CSV pairing with one in the records.
import { describe, expect, it } from 'vitest';
import type { PublicDraw } from '../../src/core/public-record.js';
import { announcementCheck, announcementOf, checkPublicChain, exportPairProblems, type PublishedRecord } from '../../src/core/public-verify.js';
import { sealRecord, type AnnouncementRecord, type DrawRecord } from '../../src/core/record.js';
import { withoutBom } from '../../src/core/text.js';

const SOURCE = '中国福利彩票 3D 2026-03-16 开奖号码';
const task = { name: 'T', type: '不定向', items: [{ id: 'ZJ-001', name: 'I', target: '建筑', ratio: 0.05, ratioText: '5%' }], round: 1, ratio: null, count: null, where: [], strata: null, riskRatios: null, teamSize: 2, experts: 0, teamRules: {}, excludeRepeat: true };
const inputs = { entities: { snapshot: 'e'.repeat(64), size: 300 }, inspectors: { snapshot: 'i'.repeat(64), size: 30 }, items: { snapshot: 't'.repeat(64), size: 5 }, conflicts: { snapshot: null, size: 0 } };
const pool = { hash: 'p'.repeat(64), size: 112, items: [{ id: 'ZJ-001', population: 118, available: 112, sample: 6, strata: [] }] };

function announcement(over: Partial<AnnouncementRecord> = {}): AnnouncementRecord {
  const body = {
    format: 'ssj-draw-record/1', kind: 'announcement', id: '2026-A001', seq: 2, time: '2026-03-10T09:00:00+08:00', date: '2026-03-10', org: 'O', year: '2026',
    operator: '张三', tool: { name: 'ssj', version: '0' }, algorithm: 'ssj-draw/1', task, inputs, pool, exclusions: [],
    source: { name: SOURCE, date: '2026-03-16' }, prev: 'a'.repeat(64), ...over,
  };
  delete (body as { hash?: string }).hash;
  return sealRecord(body as never).record as AnnouncementRecord;
}

function draw(a: AnnouncementRecord, over: Record<string, unknown> = {}): PublicDraw {
  const body = {
    format: 'ssj-draw-record/1', kind: 'draw', id: '2026-002', seq: 3, time: '2026-03-16T09:00:00+08:00', date: '2026-03-16', org: 'O', year: '2026',
    algorithm: 'ssj-draw/1', task, inputs, pool, exclusions: [], entities: [], conflicts: [], prev: a.hash,
    seed: { text: '385/4417', components: [{ source: 'public', name: SOURCE, value: '385' }, { source: 'witness', name: '王', value: '4417' }] },
    announcement: { id: a.id, hash: a.hash, date: a.date, source: a.source.name, sourceDate: a.source.date }, ...over,
  };
  return sealRecord(body as never).record as unknown as PublicDraw;
}

describe('announcementCheck: an announced draw against the announcement published with it', () => {
  it('passes a draw made as announced, after the public value', () => {
    const a = announcement();
    const d = draw(a);
    expect(announcementOf(d, [a, d])).toBe(a);
    const c = announcementCheck(d, a)!;
    expect(c.check.status).toBe('pass');
    expect(c.problems).toEqual([]);
  });

  it('fails a draw dated before the announced source date', () => {
    const a = announcement();
    const c = announcementCheck(draw(a, { date: '2026-03-15' }), a)!;
    expect(c.check.status).toBe('fail');
    expect(c.problems.join('\n')).toContain('抽取日期 2026-03-15 早于公告的公开随机数公布日期 2026-03-16');
  });

  it('fails an announcement that is not the one the draw names, or that came after the draw in the chain', () => {
    const a = announcement();
    const d = draw(a);
    const other = announcement({ source: { name: SOURCE, date: '2026-03-17' } });
    expect(announcementCheck(d, other)!.problems.join('\n')).toContain('记录的公告哈希与台账中公告 2026-A001 的哈希不符');
    const late = announcement({ seq: 4 });
    expect(announcementCheck(draw(late), late)!.problems.join('\n')).toContain('排在这次抽取之后');
  });

  it('skips (says so) when the announcement is not among the files; null for a draw not announced', () => {
    const a = announcement();
    const d = draw(a);
    expect(announcementOf(d, [d])).toBeNull();
    const c = announcementCheck(d, null)!;
    expect(c.check.status).toBe('skipped');
    expect(c.check.detail).toContain('没有公告记录 2026-A001');
    expect(announcementCheck(d, null, '别处说明')!.check.detail).toBe('别处说明');
    const plain = { ...d, announcement: undefined } as unknown as PublicDraw;
    expect(announcementCheck(plain, a)).toBeNull();
  });
});

describe('an export with an announcement record', () => {
  it('the chain runs through the announcement: no gap; a gap elsewhere is named by its numbers', () => {
    const a = announcement();
    const d = draw(a);
    const first = { ...draw(a, { id: '2026-001', seq: 1, prev: null }), announcement: undefined } as unknown as PublishedRecord;
    const whole = checkPublicChain([first, { ...a, prev: first.hash }, { ...d, prev: a.hash }] as PublishedRecord[]);
    expect(whole.notes).toEqual(['导出中的记录：序号 1–3，共 3 条']);
    const gap = checkPublicChain([first, d]);
    expect(gap.notes[0]).toMatch(/^序号 2 的记录不在本导出中（.*公告.*），链条在此无法逐条核对$/);
    const wide = checkPublicChain([first, { ...d, seq: 5 }]);
    expect(wide.notes[0]).toMatch(/^序号 2–4 的记录不在本导出中/);
  });

  it('the CSV pairing leaves the announcement out (it is no task\'s record)', () => {
    const a = announcement();
    const d = draw(a);
    expect(exportPairProblems(new Map([['2026-002', d.hash]]), [a, d], 'x.csv')).toEqual([]);
  });
});

describe('withoutBom', () => {
  it('drops a leading byte order mark only', () => {
    expect(withoutBom('\uFEFF{"a":1}')).toBe('{"a":1}');
    expect(withoutBom('{"a":"\uFEFF"}')).toBe('{"a":"\uFEFF"}');
    expect(withoutBom('')).toBe('');
  });
});
