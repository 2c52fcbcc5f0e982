// readForReport (the light records of ssj report) against readAll: the same chain problems in the same words for
// sealed, changed, re-laid-out, missing and unreadable record files, and the same records but for `exclusions`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkChain, type LedgerEntry } from '../../src/core/ledger.js';
import { recordHash, sealRecord, type LedgerRecord } from '../../src/core/record.js';
import { readAll, readForReport } from '../../src/io/draws.js';
import { Workdir } from '../helpers/workdir.js';
import { loadTasks } from '../../src/cli/records.js';

const made: Workdir[] = [];
afterAll(() => made.forEach((w) => w.remove()));

const exclusions = Array.from({ length: 30 }, (_, i) => ({ code: `9143${i}`, item: 'SC-001', kind: 'gone', name: `对象"${i}"`, reason: '注销' }));

/** A workspace's draws/ with `n` sealed records (every third an amendment); `edit` may rewrite a record's file text. */
function workspace(n: number, edit: (i: number, text: string, record: LedgerRecord) => string | null = (_i, t) => t, xs: readonly unknown[] = exclusions): string {
  const w = new Workdir('ssj-draws-report');
  made.push(w);
  mkdirSync(w.path('draws'));
  const entries: LedgerEntry[] = [];
  let prev: string | null = null;
  for (let i = 1; i <= n; i++) {
    const id = `2026-00${i}`;
    const body = i % 3 === 0
      ? { kind: 'amendment', id, seq: i, prev, of: { id: '2026-001', hash: 'x' }, number: 1, entities: [{ code: `E${i}`, name: '乙', items: ['SC-001'], picks: [], team: [] }], conflicts: [], passedOver: exclusions.slice(0, 2) }
      : { kind: 'draw', id, seq: i, prev, date: '2026-05-11', place: '局三楼会议室', task: { items: [{ id: 'SC-001' }], round: i }, entities: [{ code: `E${i}`, name: '甲', items: ['SC-001'], picks: [], team: [] }], exclusions: xs, warnings: [] };
    const { record, text } = sealRecord(body as unknown as Omit<LedgerRecord, 'hash'>);
    const file = `draws/${id}.json`;
    const t = edit(i, text, record);
    if (t !== null) writeFileSync(w.path(file), t);
    entries.push({ seq: i, id, kind: record.kind === 'draw' ? 'draw' : 'amendment', file, hash: record.hash, prev, at: '' });
    prev = record.hash;
  }
  writeFileSync(w.path('draws', 'ledger.jsonl'), entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return w.dir;
}

async function both(root: string) {
  const full = await readAll(root);
  const light = await readForReport(root);
  return {
    full, light,
    fullProblems: checkChain(full.entries, full.records, recordHash),
    lightProblems: checkChain(light.entries, light.records, (r) => light.hashes.get(r) ?? recordHash(r)),
  };
}

describe('readForReport', () => {
  it('loadTasks light (ssj status, ssj export results): the tasks readAll gives, but for the draws’ exclusion lists', async () => {
    const root = workspace(7);
    const full = await loadTasks(root);
    const light = await loadTasks(root, { light: true });
    expect(light.entries).toEqual(full.entries);
    expect(full.tasks.length).toBe(5);
    expect(full.tasks.every((t) => t.draw.exclusions.length === 30)).toBe(true);
    expect(light.tasks).toEqual(full.tasks.map((t) => ({ ...t, draw: { ...t.draw, exclusions: [] } })));
    // other layouts (indented, CRLF, a changed record) are parsed whole, as readAll parses them
    const other = workspace(7, (i, t, r) => (i === 2 ? JSON.stringify(r, null, 2) : i === 4 ? t.replace(/\n/g, '\r\n') : i === 5 ? t.replace('"甲"', '"丙"') : t));
    const f2 = await loadTasks(other);
    expect((await loadTasks(other, { light: true })).tasks).toEqual(f2.tasks.map((t) => ({ ...t, draw: { ...t.draw, exclusions: [] } })));
    expect(f2.tasks.find((t) => t.id === '2026-005')!.visits[0]!.name).toBe('丙');
    // a record larger than the 64 KiB read at each end: its middle (the exclusions) is never read
    const many = Array.from({ length: 4000 }, (_, i) => ({ code: `9143${i}`, item: 'SC-001', kind: 'gone', name: `对象,"${i}"\n`, reason: '注销' }));
    const big = workspace(4, (_i, t) => t, many);
    const f3 = await loadTasks(big);
    expect(f3.tasks[0]!.draw.exclusions).toHaveLength(4000);
    expect((await loadTasks(big, { light: true })).tasks).toEqual(f3.tasks.map((t) => ({ ...t, draw: { ...t.draw, exclusions: [] } })));
  });
  it('reads sealed records light: no exclusions, the hash recordHash gives, everything else as readAll reads it', async () => {
    const { full, light, fullProblems, lightProblems } = await both(workspace(6));
    expect(fullProblems).toEqual([]);
    expect(lightProblems).toEqual([]);
    expect(light.entries).toEqual(full.entries);
    expect(light.hashes.size).toBe(6);
    for (const [id, r] of full.records) {
      const l = light.records.get(id)!;
      expect(light.hashes.get(l)).toBe(recordHash(r!));
      if (r!.kind === 'draw') {
        expect(r!.exclusions).toHaveLength(30);
        expect(l).toEqual({ ...r, exclusions: [] });
      } else expect(l).toEqual(r); // an amendment has no exclusions (its passedOver is kept)
    }
  });

  it('reads a changed record in full and reports it exactly as checkChain over readAll does', async () => {
    const root = workspace(6, (i, t, r) => {
      if (i === 2) return t.replace('"place": "', '"place": "X'); // a field the report reads
      if (i === 4) return t.replace('对象\\"7\\"', '对象\\"8\\"'); // an exclusion (never parsed on the light path)
      if (i === 5) return t.replace(`"hash": "${r.hash}"`, `"hash": "${'0'.repeat(64)}"`);
      return t;
    });
    const { full, light, fullProblems, lightProblems } = await both(root);
    expect(fullProblems.length).toBeGreaterThanOrEqual(3);
    expect(lightProblems).toEqual(fullProblems);
    for (const id of ['2026-002', '2026-004', '2026-005']) {
      expect(lightProblems.join()).toContain(id);
      expect(light.records.get(id)).toEqual(full.records.get(id)); // read in full, exclusions and all
      expect(light.hashes.has(light.records.get(id)!)).toBe(false);
    }
    expect(light.hashes.size).toBe(3);
  });

  it('reads a record in another layout in full, and passes it when it is unchanged', async () => {
    const root = workspace(4, (i, t) => (i === 1 ? `${JSON.stringify(JSON.parse(t), null, 2)}\n` : i === 2 ? t.replace(/\n/g, '\r\n') : t));
    const { full, light, fullProblems, lightProblems } = await both(root);
    expect(fullProblems).toEqual([]);
    expect(lightProblems).toEqual([]);
    expect(light.records.get('2026-001')).toEqual(full.records.get('2026-001'));
    expect(light.records.get('2026-002')).toEqual(full.records.get('2026-002'));
    expect(light.hashes.size).toBe(2);
  });

  it('treats a missing file and unreadable JSON as readAll does', async () => {
    const missing = await both(workspace(3, (i, t) => (i === 2 ? null : t)));
    expect(missing.light.records.get('2026-002')).toBeNull();
    expect(missing.lightProblems).toEqual(missing.fullProblems);
    expect(missing.lightProblems.join()).toContain('不见了');

    const root = workspace(3, (i, t) => (i === 2 ? t.slice(0, 200) : t));
    const err = await readAll(root).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    await expect(readForReport(root)).rejects.toThrow((err as Error).message);
  });
});
