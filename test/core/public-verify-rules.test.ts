// A draw re-run from the published registry alone (core/public-lists.ts, core/public-verify.ts; the browser verifier
// runs the same code), in memory: the registry as its snapshot holds it, a draw record sealed as ssj draw seals it,
// the registry published as a table and read back, and the verdict.
import { describe, expect, it } from 'vitest';
import { assignTeams, drawEntities, planDraw, type DrawInputs, type DrawParams } from '../../src/core/draw.js';
import { classifyStatus } from '../../src/core/normalize.js';
import { extrasUsedBy, parsePublicList, publicListTable } from '../../src/core/public-lists.js';
import { publicRecord, type PublicDraw } from '../../src/core/public-record.js';
import { verifyPublicDraw } from '../../src/core/public-verify.js';
import { RECORD_FORMAT, recordedVisits, sealRecord, type DrawRecord } from '../../src/core/record.js';
import { poolOf } from '../../src/core/replay.js';
import { ALGORITHM } from '../../src/core/rng.js';
import { recordedSuspendedRule, suspendedCounts, suspendedRuleCheck, withSuspendedRule } from '../../src/core/status-rule.js';
import type { Entity, InspectionItem, Inspector } from '../../src/core/types.js';
import { extraFieldsOf } from '../../src/core/where.js';

const STATUS = ['存续', '停业', '在业', '歇业', '存续（清算中）', '注销', '开业', '停业（已吊销）'];
/** The registry as import leaves it in a snapshot: status decided by the rule in force then. */
const registry = (suspendedDrawable: boolean): Entity[] => Array.from({ length: 40 }, (_, i) => {
  const statusText = STATUS[i % STATUS.length]!;
  const code = `E${String(i).padStart(4, '0')}`;
  return {
    code, creditCode: code, projectCode: '', name: `对象${i}`, legalRep: '', contact: '', phone: '', section: '建筑业股', category: '建筑施工企业',
    region: ['城关镇', '南街'][i % 2]!, address: '', risk: 'ABCD'[i % 4]!, status: classifyStatus(statusText, suspendedDrawable) ?? 'active', statusText,
  };
});
const items: InspectionItem[] = [{ id: 'A', name: '事项A', basis: '', target: '建筑施工企业', content: '', method: '', ratio: 0.05, ratioText: '5%', rounds: 2, roundsText: '2次/年', subject: '', section: '' }];
const inspectors: Inspector[] = Array.from({ length: 6 }, (_, i) => ({
  certNo: `P${i}`, name: `人员${i}`, gender: '', unit: '', area: '', issuer: '', category: '', phone: '', expertise: '', section: '', certExpiry: '', kind: '执法人员', note: '',
}));
const SNAP = 'e'.repeat(64);

/** A draw record as ssj draw seals it, from the snapshot's entities. */
function drawRecord(entities: readonly Entity[], over: Partial<DrawParams> = {}): DrawRecord {
  const params: DrawParams = { items: ['A'], round: 1, date: '2026-06-10', ratio: null, count: 3, where: [], strata: null, riskRatios: null, teamSize: 2, experts: 0, teamRules: {}, ...over };
  const inputs: DrawInputs = { entities, items, inspectors, conflicts: [], repeat: [] };
  const plan = planDraw(inputs, params);
  expect(plan.problems).toEqual([]);
  const seed = '3817/992011';
  const visits = drawEntities(plan, seed);
  expect(assignTeams(visits, inputs, params, seed)).toEqual([]);
  const body: Omit<DrawRecord, 'hash'> = {
    format: RECORD_FORMAT, kind: 'draw', id: '2026-001', seq: 1, time: '2026-06-10T10:00:00+08:00', date: params.date, org: '示例县', year: 2026,
    operator: '张三', tool: { name: 'ssj', version: '0.0.0' }, algorithm: ALGORITHM, prev: null, witnesses: ['王纪检'], place: '会议室',
    task: {
      name: '事项A 2026年第1次抽查', type: params.where.length ? '定向' : '不定向', items: items.map((it) => ({ id: it.id, name: it.name, target: it.target, ratio: it.ratio, ratioText: it.ratioText })),
      round: 1, ratio: params.ratio, count: params.count, where: params.where, strata: params.strata, riskRatios: null, teamSize: 2, experts: 0, teamRules: {}, excludeRepeat: true,
      ...recordedSuspendedRule(entities),
    },
    redraw: null,
    inputs: { entities: { snapshot: SNAP, size: entities.length }, inspectors: { snapshot: 'f'.repeat(64), size: inspectors.length }, items: { snapshot: 'a'.repeat(64), size: 1 }, conflicts: { snapshot: null, size: 0 } },
    pool: poolOf(plan), exclusions: plan.exclusions, conflicts: [],
    seed: { components: [{ source: 'given', name: '', value: seed }], text: seed, bits: 0, neededBits: 0 }, warnings: [], entities: recordedVisits(visits),
  };
  return sealRecord<DrawRecord>(body).record;
}

/** The registry as ssj export entities publishes it, read back as ssj verify and the verifier page read it. */
function published(entities: readonly Entity[], extras?: readonly string[]): Entity[] {
  const t = publicListTable('entities', entities, { org: '示例县', snapshot: SNAP, internal: false, ...(extras ? { extras } : {}) });
  const parsed = parsePublicList('entities', [[t.title], t.columns, ...t.rows.map((r) => r.map((c) => (c === null ? '' : c)))] as never)!;
  expect(parsed.problems).toEqual([]);
  return parsed.records;
}

const verify = (r: DrawRecord, entities: readonly Entity[]) => verifyPublicDraw(publicRecord(r) as PublicDraw, [], { entities, inspectors, conflicts: null });

describe('停业/歇业/清算 and suspendedDrawable', () => {
  it('a draw whose snapshot has them as gone records suspendedDrawable false, and re-runs from the published registry', () => {
    const snap = registry(false);
    expect(suspendedCounts(snap)).toEqual({ active: 0, gone: 15 });
    const r = drawRecord(snap);
    expect(r.task.suspendedDrawable).toBe(false);
    expect(r.exclusions.filter((x) => x.kind === 'gone').map((x) => x.reason)).toContain('经营状态为“歇业”，不再抽取');
    const v = verify(r, published(snap));
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.checked.pool.status).toBe('pass');
    expect(v.checked.teams.status).toBe('pass');
    expect(v.checked.recordHash.status).toBe('pass');
  });

  it('the default records nothing (old records keep their layout and hash) and re-runs as before', () => {
    const snap = registry(true);
    expect(suspendedCounts(snap)).toEqual({ active: 15, gone: 0 }); // (停业（已吊销） is gone under either rule: not counted)
    const r = drawRecord(snap);
    expect('suspendedDrawable' in r.task).toBe(false);
    expect(verify(r, published(snap)).ok).toBe(true);
  });

  it('a record made before the field existed (no rule stated, snapshot with them as gone) re-runs by the other rule, and says so', () => {
    const snap = registry(false);
    const { hash: _h, ...body } = drawRecord(snap);
    const { suspendedDrawable: _s, ...task } = body.task;
    const old = sealRecord<DrawRecord>({ ...body, task }).record; // as an older version sealed it
    const v = verify(old, published(snap));
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.checked.pool.status).toBe('pass');
    expect(v.checked.teams.status).toBe('pass');
    expect(v.notes[0]).toBe('2026-001：记录中没有写明停业、歇业、清算的检查对象是否抽取（旧版本的记录）；按“不抽取”（导入名录时 ssj.json 的 suspendedDrawable 为 false）重新确定检查对象池，与记录一致');
    // a record under the default finds its pool at once: no note
    expect(verify(drawRecord(registry(true)), published(registry(true))).notes.some((n) => n.includes('旧版本'))).toBe(false);
  });

  it('the rule is the record’s: a record that states false is never re-run as drawable (nor the reverse tried)', () => {
    // the published registry of a default draw, with its record claiming false: the hash check fails, and the pool too
    const snap = registry(true);
    const r = drawRecord(snap);
    const v = verify({ ...r, task: { ...r.task, suspendedDrawable: false } }, published(snap));
    expect(v.ok).toBe(false);
    expect(v.checked.pool.status).toBe('fail');
    expect(v.notes.some((n) => n.includes('旧版本'))).toBe(false);
  });

  it('withSuspendedRule reclassifies only the 停业/歇业/清算 rows; suspendedRuleCheck compares a record with its snapshot', () => {
    const snap = registry(true);
    const as = withSuspendedRule(snap, false);
    expect(as).toEqual(registry(false));
    expect(withSuspendedRule(snap, true)).toBe(snap);
    expect(suspendedRuleCheck('2026-001', false, registry(false))).toEqual({ problems: [], notes: [] });
    expect(suspendedRuleCheck('2026-001', undefined, registry(true))).toEqual({ problems: [], notes: [] });
    expect(suspendedRuleCheck('2026-001', false, registry(true)).problems[0]).toContain('15 个这样的检查对象列为可抽取');
    const old = suspendedRuleCheck('2026-001', undefined, registry(false));
    expect(old.problems).toEqual([]);
    expect(old.notes[0]).toContain('只用公开名录复核时');
  });
});

describe('--where / --strata on a registry column of its own (投诉举报次数 …)', () => {
  /** the snapshot's rows with the registry's other columns, as import keeps them (the field names as the file has them) */
  const snap = registry(true).map((e, i) => ({ ...e, 投诉举报次数: String(i % 4), 重点监管对象: i % 3 ? '否' : '是', 负责人手机: `1380000${String(i).padStart(4, '0')}` }) as Entity);
  const where = { where: [{ field: '投诉举报次数', values: ['3'] }], count: 2 };
  const strata = { strata: '重点监管对象', count: 4 };

  it('the public list of the snapshot carries the columns its draws used (only those, never private-looking ones), and the draws re-run from it', () => {
    const a = drawRecord(snap, where);
    const b = drawRecord(snap, strata);
    expect(a.pool.items[0]!.population).toBeLessThan(b.pool.items[0]!.population);
    expect(b.pool.items[0]!.strata.map((s) => s.label)).toEqual(['重点监管对象=否', '重点监管对象=是']);
    const phone = drawRecord(snap, { where: [{ field: '负责人手机', values: ['13800000003'] }], count: 1 });
    expect(extraFieldsOf(snap)).toEqual(['投诉举报次数', '重点监管对象', '负责人手机']);
    expect(extrasUsedBy([a], SNAP, extraFieldsOf(snap))).toEqual(['投诉举报次数']);
    expect(extrasUsedBy([a, b, phone], SNAP, extraFieldsOf(snap))).toEqual(['投诉举报次数', '重点监管对象']);
    expect(extrasUsedBy([a, b], 'x'.repeat(64), extraFieldsOf(snap))).toEqual([]); // draws of another snapshot
    const t = publicListTable('entities', snap, { org: '示例县', snapshot: SNAP, internal: false, extras: ['投诉举报次数', '重点监管对象', '负责人手机'] });
    expect(t.columns.slice(-3)).toEqual(['信用风险分类', '投诉举报次数', '重点监管对象']); // 负责人手机: never published
    const list = published(snap, extrasUsedBy([a, b], SNAP, extraFieldsOf(snap)));
    expect(extraFieldsOf(list)).toEqual(['投诉举报次数', '重点监管对象']);
    for (const r of [a, b]) {
      const v = verify(r, list);
      expect(v.problems, r.task.name).toEqual([]);
      expect(v.ok).toBe(true);
    }
  });

  it('a list without the column says which column is missing instead of a different pool', () => {
    const v = verify(drawRecord(snap, where), published(snap));
    expect(v.ok).toBe(false);
    expect(v.checked.pool.status).toBe('fail');
    expect(v.checked.pool.detail).toContain('所给检查对象名录中没有“投诉举报次数”列');
  });
});
