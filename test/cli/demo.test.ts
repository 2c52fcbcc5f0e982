// ssj demo runs the whole chain on the bundled sample files.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, Workdir } from '../helpers/workdir.js';

const w = new Workdir('ssj-demo-test');
afterAll(() => w.remove());

describe('ssj demo', () => {
  it('creates a workspace and imports the sample lists, the 回避 declarations last', async () => {
    const r = await w.run(['demo', 'd', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, workspace: w.path('d') });
    expect(r.json.steps.map((s: any) => [s.step, s.ok])).toEqual([
      ['init', true], ['import inspectors', true], ['import entities', true], ['import items', true], ['import conflicts', true],
      ['draw', true], ['form', true], ['results sheet', true], ['export draws', true], ['verify', true],
    ]);
    expect(existsSync(w.path('d', 'results', '2026-001 检查结果填报表.xlsx'))).toBe(true);
    expect(existsSync(w.path('d', 'exports', '2026年度抽取结果.xlsx'))).toBe(true);
    // the 抽查工作记录表 of the demo's draw
    expect(r.json.steps.find((s: any) => s.step === 'form').output).toBe(w.path('d', 'forms', '2026-001.xlsx'));
    expect(existsSync(w.path('d', 'forms', '2026-001.xlsx'))).toBe(true);
    // the demo's draw is in the ledger and checks out
    const ledger = readFileSync(w.path('d', 'draws', 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(ledger).toMatchObject([{ seq: 1, id: '2026-001', kind: 'draw' }]);
    const rec = JSON.parse(readFileSync(w.path('d', 'draws', '2026-001.json'), 'utf8'));
    expect(rec).toMatchObject({ witnesses: ['王纪检', '李监督'], operator: '张三', seed: { text: '381702/992011' } });
    expect(rec.entities.length).toBeGreaterThan(0);
    expect((await w.run(['verify', '--json'], { cwd: w.path('d') })).json.ok).toBe(true);
    for (const k of ['inspectors', 'entities', 'items', 'conflicts']) expect(readdirSync(w.path('d', 'snapshots', k))).toHaveLength(1);
    const entities = (await w.run(['list', 'entities', '--json'], { cwd: w.path('d') })).json;
    expect(entities.length).toBeGreaterThan(250);
    const log = readFileSync(w.path('d', 'imports', 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // checked against the roster and registry imported before it: no warnings
    expect(log.at(-1)).toMatchObject({ kind: 'conflicts', counts: { imported: 8, warnings: 0 } });
  });

  it('without a folder, picks a fresh one in the temporary folder each time, says where, and writes nothing here', async () => {
    const tmp = w.path('tmp');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(tmp);
    mkdirSync(w.path('here'));
    const env = { TMPDIR: tmp, TMP: tmp, TEMP: tmp };
    const a = await w.run(['demo', '--json'], { cwd: w.path('here'), env });
    const b = await w.run(['demo'], { cwd: w.path('here'), env });
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const made = readdirSync(tmp).filter((n) => n.startsWith('ssj-demo-'));
    expect(made).toHaveLength(2);
    expect(made).toContain(a.json.workspace.slice(tmp.length + 1));
    for (const d of made) expect(existsSync(w.path('tmp', d, 'ssj.json'))).toBe(true);
    const other = made.find((d) => w.path('tmp', d) !== a.json.workspace)!;
    expect(b.stdout).toContain(w.path('tmp', other));
    expect(readdirSync(w.path('here'))).toEqual([]);
  });

  it('run with npx (not installed yet), the closing lines say how to run ssj in the workspace without it on the PATH', async () => {
    const viaNpx = await w.run(['demo', 'n1'], { env: { npm_command: 'exec' } });
    const installed = await w.run(['demo', 'n2'], { env: { npm_command: '' } });
    expect(viaNpx.code).toBe(0);
    expect(installed.code).toBe(0);
    expect(viaNpx.stdout).toContain(`ssj 还没有安装：在工作区中可用 node "${BIN}" 代替 ssj`);
    expect(installed.stdout).not.toContain('ssj 还没有安装');
    expect(installed.stdout).toContain('进入工作区继续');
  });
});
