// What a draw needs from its workspace's settings and registry reaches the published files, so that ssj verify
// from published files alone re-runs it: 停业/歇业/清算 not drawable (ssj.json suspendedDrawable false, recorded as
// task.suspendedDrawable), and the registry's own columns a draw narrowed or stratified by (--where / --strata
// 投诉举报次数), through the real binary.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesWorkspace, SUSPENDED } from '../helpers/rules-workspace.js';
import { Workdir } from '../helpers/workdir.js';

const made: Workdir[] = [];
let w: Workdir;
let ws: string;
const env = { SSJ_TODAY: '2026-06-10' };
const run = (args: string[], cwd = ws) => w.run(args, { cwd, env });
const W = ['--witness', '王纪检', '--witness', '李监督', '--operator', '张三', '--place', '局三楼会议室'];
const record = (id: string) => JSON.parse(readFileSync(join(ws, 'draws', `${id}.json`), 'utf8'));

/** ssj export draws, entities (the snapshot of `draw`) and inspectors into `dir`; the verify arguments. */
async function publish(draw: string, dir: string): Promise<string[]> {
  for (const args of [['export', 'draws', '-o', join(dir, 'draws.xlsx')], ['export', 'entities', '--snapshot', draw, '--format', 'csv', '-o', join(dir, 'e.csv')], ['export', 'inspectors', '-o', join(dir, 'i.xlsx')]]) {
    const r = await run(args);
    expect(r.code, r.stderr).toBe(0);
  }
  return [join(dir, 'draws.xlsx'), '--entities', join(dir, 'e.csv'), '--inspectors', join(dir, 'i.xlsx')];
}

beforeAll(async () => {
  w = new Workdir('ssj-verify-public');
  made.push(w);
  ws = await rulesWorkspace(w, 'ws', false, env);
}, 240_000);
afterAll(() => made.forEach((x) => x.remove()));

describe('suspendedDrawable false: 停业/歇业/清算 not drawn', () => {
  it('is recorded in the draw, and the draw verifies from the published files; changing ssj.json later changes nothing', async () => {
    const d = await run(['draw', '--item', 'ZJ-001', '--count', '2', ...W, '--entropy', '381702', '--entropy', '992011', '--json']);
    expect(d.code, d.stderr).toBe(0);
    const r = record('2026-001');
    expect(r.task.suspendedDrawable).toBe(false);
    const gone = r.exclusions.filter((x: any) => x.kind === 'gone').map((x: any) => x.reason);
    for (const s of new Set(SUSPENDED)) expect(gone).toContain(`经营状态为“${s}”，不再抽取`);
    const args = await publish('2026-001', w.dir);
    const v = await run(['verify', ...args, '--json'], w.dir);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const d1 = v.json.records.find((x: any) => x.id.startsWith('2026-001'));
    expect(d1.ok, JSON.stringify(d1)).toBe(true);
    expect(d1.checked.pool.status).toBe('pass');
    expect(d1.checked.entities.status).toBe('pass');
    // the workspace's verify reads the snapshot, not ssj.json: turning the setting back on changes neither verdict
    const cfg = JSON.parse(readFileSync(join(ws, 'ssj.json'), 'utf8'));
    writeFileSync(join(ws, 'ssj.json'), JSON.stringify({ ...cfg, suspendedDrawable: true }, null, 2));
    try {
      const inWs = await run(['verify', '--json']);
      expect(inWs.code, inWs.stdout + inWs.stderr).toBe(0);
      expect((await run(['verify', ...args, '--json'], w.dir)).code).toBe(0);
    } finally {
      writeFileSync(join(ws, 'ssj.json'), JSON.stringify(cfg, null, 2));
    }
  });

  it('a record altered to drop the setting fails published verification by its hash; its pool is found by the other rule, as an older record’s is, and said so', async () => {
    // the same published files with the record's field removed: its hash no longer matches; the pool, tried by the
    // default rule and then (no rule stated, as in a record made before the field existed) by the other, is found
    const jsonl = w.path('bad.records.jsonl');
    const r = record('2026-001');
    delete r.task.suspendedDrawable;
    writeFileSync(jsonl, JSON.stringify(r) + '\n');
    const v = await run(['verify', jsonl, '--entities', w.path('e.csv'), '--inspectors', w.path('i.xlsx'), '--json'], w.dir);
    expect(v.code).toBe(1);
    expect(v.json.records[0].checked.recordHash.status).toBe('fail');
    expect(v.json.records[0].checked.pool.status).toBe('pass');
    expect(v.json.records[0].notes.join('\n')).toContain('记录中没有写明停业、歇业、清算的检查对象是否抽取（旧版本的记录）；按“不抽取”');
  });

  it('with the default (suspendedDrawable true) the record has no such field and 停业/歇业 are drawn', async () => {
    const w2 = new Workdir('ssj-verify-public-default');
    made.push(w2);
    const ws2 = await rulesWorkspace(w2, 'ws', true, env);
    const d = await w2.run(['draw', '--item', 'ZJ-001', '--count', '2', ...W, '--entropy', '381702', '--entropy', '992011', '--json'], { cwd: ws2, env });
    expect(d.code, d.stderr).toBe(0);
    const r = JSON.parse(readFileSync(join(ws2, 'draws', '2026-001.json'), 'utf8'));
    expect('suspendedDrawable' in r.task).toBe(false);
    expect(r.exclusions.some((x: any) => SUSPENDED.some((s) => x.reason.includes(s)))).toBe(false);
    expect(r.pool.items[0].population).toBe(record('2026-001').pool.items[0].population + SUSPENDED.length);
  }, 240_000);
});

describe('--where / --strata on a registry column of its own', () => {
  it('the published registry of the snapshot carries the columns its draws used, and the draws verify from the published files', async () => {
    const ids: string[] = [];
    for (const args of [['--item', 'ZJ-003', '--where', '投诉举报次数=3'], ['--item', 'ZJ-002', '--strata', '投诉举报次数', '--count', '4']]) {
      const d = await run(['draw', ...args, ...W, '--entropy', '5150', '--entropy', '6160', '--json']);
      expect(d.code, d.stderr).toBe(0);
      ids.push(d.json.id);
    }
    const [byWhere, byStrata] = ids as [string, string];
    expect(record(byWhere).task.where).toEqual([{ field: '投诉举报次数', values: ['3'] }]);
    expect(record(byStrata).task.strata).toBe('投诉举报次数');
    const dir = w.path('pub2');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const args = await publish(byWhere, dir);
    const header = readFileSync(join(dir, 'e.csv'), 'utf8').split('\r\n')[1]!.split(',');
    expect(header).toContain('投诉举报次数');
    expect(header).not.toContain('重点监管对象'); // kept in the snapshot, but no draw used it
    const v = await run(['verify', ...args, '--json'], w.dir);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    for (const id of ids) {
      const r = v.json.records.find((x: any) => x.id === id);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      expect(r.checked.entities.status).toBe('pass');
    }
    // a registry published without the column (as before, or with the column cut out): verify says what is missing
    const lines = readFileSync(join(dir, 'e.csv'), 'utf8').split('\r\n');
    const at = header.indexOf('投诉举报次数');
    writeFileSync(join(dir, 'e-cut.csv'), lines.map((l, i) => (i === 0 ? l : l.split(',').filter((_c, k) => k !== at).join(','))).join('\r\n'));
    const cut = await run(['verify', args[0]!, '--entities', join(dir, 'e-cut.csv'), '--inspectors', args[4]!, '--json'], w.dir);
    expect(cut.code).toBe(1);
    expect(cut.json.records.find((x: any) => x.id === byWhere).checked.pool.detail).toContain('所给检查对象名录中没有“投诉举报次数”列');
  });
});
