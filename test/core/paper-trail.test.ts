// The pure parts of the paper trail: plan differences, done vs filed, what a task lacks, gone entities, the
// registry reminder, and the roll-up's per-item totals.
import { describe, expect, it } from 'vitest';
import { compareWithFiled, diffPlans, changeText } from '../../src/core/filed-plan.js';
import { goneFound, registryReminder, taskLacks, type EvidenceRecord } from '../../src/core/evidence.js';
import type { PlanJson } from '../../src/core/plan.js';
import { itemsAcross, type Unit } from '../../src/core/rollup.js';
import type { ResultsVersion, ResultEntry } from '../../src/core/results.js';
import type { Task } from '../../src/core/tasks.js';

const row = (item: string, over: Partial<PlanJson> = {}): PlanJson => ({
  item, name: `事项${item}`, pool: 40, ratio: 0.05, perRound: 2, rounds: 2, months: [5, 9], reason: null, target: '建筑业企业', section: '建管股',
  subject: '某局', task: `${item}任务`, type: '不定向', gone: 0, total: 4, ratioText: '5%', roundsText: '2次/年', strata: null, warnings: [], ...over,
});

describe('diffPlans', () => {
  it('lists changed fields, added and removed items; nothing for equal plans', () => {
    const a = [row('A'), row('B')];
    expect(diffPlans(a, a)).toEqual([]);
    const b = [row('A', { rounds: 3, months: [4, 7, 10], total: 6 }), row('C')];
    const d = diffPlans(a, b);
    expect(d.map((x) => [x.item, x.change, x.field])).toEqual([['A', 'changed', 'rounds'], ['A', 'changed', 'months'], ['A', 'changed', 'total'], ['C', 'added', null], ['B', 'removed', null]]);
    expect(changeText(d[1]!)).toBe('A 计划开展时间：5月、9月 → 4月、7月、10月');
  });
});

describe('compareWithFiled', () => {
  it('says when fewer rounds or visits were done than filed', () => {
    expect(compareWithFiled(row('A'), 1, { roundsDone: 2, visits: 4, notDrawn: false })!.differences).toEqual([]);
    expect(compareWithFiled(row('A'), 1, { roundsDone: 1, visits: 2, notDrawn: false })!.differences).toEqual(['备案计划 2 次，已抽查 1 次']);
    expect(compareWithFiled(row('A'), 1, { roundsDone: 2, visits: 3, notDrawn: false })!.differences).toEqual(['备案计划全年抽查 4 户次，实际 3 户次']);
    expect(compareWithFiled(undefined, 1, { roundsDone: 2, visits: 3, notDrawn: false })).toBeNull();
  });
});

const entry = (code: string, result: string, disposal = '无需后续处置'): ResultEntry => ({
  code, name: `对象${code}`, items: ['A'], checkDate: '2026-05-18', method: '实地检查', result, problem: '', disposal, deadline: '', remark: '',
});
const results = (task: string, entries: ResultEntry[]): ResultsVersion => ({
  format: 'ssj-results/1', task, recordHash: 'x', version: 1, importedAt: '', operator: '', source: { file: '', sha256: '' }, entries,
});
const task = (id: string, replacedBy: string[] = []) => ({ id, replacedBy }) as unknown as Task;
const ev = (t: string, kind: EvidenceRecord['kind'], entity: string | null = null): EvidenceRecord => ({
  format: 'ssj-evidence/1', id: `${t}-E1`, task: t, kind, entity, entityName: null, note: '', at: '', operator: '', files: [],
});

describe('taskLacks', () => {
  it('wants the signed form, a photo or video, and 整改材料 for each entity ordered to correct', () => {
    const r = results('T', [entry('1', '发现问题已责令改正'), entry('2', '未发现问题', '责令改正'), entry('3', '未发现问题')]);
    expect(taskLacks(task('T'), r, []).map((l) => [l.kind, l.entity])).toEqual([['签字记录表', null], ['照片或视频', null], ['整改材料', '1'], ['整改材料', '2']]);
    const some = [ev('T', '签字记录表'), ev('T', '视频'), ev('T', '整改材料', '1'), ev('U', '整改材料', '2')];
    expect(taskLacks(task('T'), r, some).map((l) => [l.kind, l.entity])).toEqual([['整改材料', '2']]);
  });
});

describe('goneFound', () => {
  it('takes 注销/被吊销/被撤销/迁出 from the standing tasks, once per entity', () => {
    const latest = new Map([['T', results('T', [entry('1', '注销'), entry('2', '被撤销'), entry('3', '未发现问题')])], ['U', results('U', [entry('1', '迁出')])], ['R', results('R', [entry('9', '迁出')])]]);
    const got = goneFound([task('T'), task('U'), task('R', ['T'])], (id) => latest.get(id) ?? null);
    expect(got.map((g) => [g.task, g.code, g.result])).toEqual([['T', '1', '注销'], ['T', '2', '被撤销']]);
  });

  it('also takes the entities replaced (补抽) for being gone, after the results and once per entity', () => {
    const amendment = (id: string, code: string, reason: string, type: 'entity' | 'inspector' = 'entity') => ({
      id, date: '2026-09-09', request: type === 'entity' ? { type, code, reason } : { type, certNo: '35088110001', code, reason },
      change: { removed: type === 'entity' ? { code, name: `对象${code}`, items: ['A'] } : null, added: [], teamChanges: [] },
    });
    const t = { id: 'T', replacedBy: [], amendments: [
      amendment('T-R1', '5', '注销'), amendment('T-R2', '6', '经营场所迁往外县'), amendment('T-R3', '7', '吊销，未注销'),
      amendment('T-R4', '8', '调整'), amendment('T-R5', '1', '注销'), amendment('T-R6', '9', '人员调整', 'inspector'),
    ] } as unknown as Task;
    const latest = new Map([['T', results('T', [entry('1', '迁出')])]]);
    const got = goneFound([t], (id) => latest.get(id) ?? null);
    expect(got.map((g) => [g.code, g.result, g.checkDate, g.replacement ?? null])).toEqual([
      ['1', '迁出', '2026-05-18', null], ['5', '注销', '2026-09-09', 'T-R1'], ['6', '迁出', '2026-09-09', 'T-R2'], ['7', '被吊销', '2026-09-09', 'T-R3'],
    ]);
    expect(got[1]!.remark).toBe('补抽 T-R1：注销');
  });
});

describe('registryReminder', () => {
  it('reminds in June and December only, with the snapshot age', () => {
    expect(registryReminder('2026-06-15', '2026-01-05T09:00:00+08:00')).toBe('6 月应修订检查对象名录库（每年 6 月、12 月）：当前检查对象名录库 2026-01-05 导入，已 161 天；修订后用 ssj import entities 导入');
    expect(registryReminder('2026-12-01', null)).toContain('还没有导入检查对象名录库');
    expect(registryReminder('2026-07-01', '2026-01-05')).toBeNull();
  });
});

describe('itemsAcross', () => {
  it('sums each item over the units, rounds capped at what each unit had to do', () => {
    const item = (roundsDone: number, drawn: number, ok: boolean) => ({ item: 'A', name: 'a', roundsDone, roundsRequired: 2, pool: 40, drawn, publishedOnTime: 1, publishedLate: 0, overdue: 0, awaiting: 0, notDrawn: false, ok, gone: 1, evidenceGaps: 0 });
    const unit = (items: Unit['items']): Unit => ({ org: 'x', year: 2026, source: '', kind: 'workspace', ledgerOk: true, problems: [], items, totals: null, workloadStats: null, gone: [], evidenceGaps: [] });
    const [a] = itemsAcross([unit([item(3, 6, true)]), unit([item(1, 2, false)])]);
    expect(a).toMatchObject({ units: 2, unitsOk: 1, roundsDone: 3, roundsRequired: 4, drawn: 8, pool: 80, gone: 2 });
  });
});
