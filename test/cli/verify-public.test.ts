// What a draw needs from its workspace's settings and registry reaches the published files, so that ssj verify
// from published files alone re-runs it: 停业/歇业/清算 not drawable (ssj.json suspendedDrawable false, recorded as
// task.suspendedDrawable), through the real binary.
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

  it('a record altered to drop the setting fails published verification (the rule is what the public re-run reads)', async () => {
    // the same published files with the record's field removed (its hash no longer matches, and the pool differs)
    const jsonl = w.path('bad.records.jsonl');
    const r = record('2026-001');
    delete r.task.suspendedDrawable;
    writeFileSync(jsonl, JSON.stringify(r) + '\n');
    const v = await run(['verify', jsonl, '--entities', w.path('e.csv'), '--inspectors', w.path('i.xlsx'), '--json'], w.dir);
    expect(v.code).toBe(1);
    expect(v.json.records[0].checked.pool.status).toBe('fail');
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
