// ssj demo runs the whole chain on the bundled sample files.
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';

const w = new Workdir('ssj-demo-test');
afterAll(() => w.remove());

describe('ssj demo', () => {
  it('creates a workspace and imports the three sample lists', async () => {
    const r = await w.run(['demo', 'd', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, workspace: w.path('d') });
    expect(r.json.steps.map((s: any) => [s.step, s.ok])).toEqual([
      ['init', true], ['import inspectors', true], ['import entities', true], ['import items', true],
    ]);
    for (const k of ['inspectors', 'entities', 'items']) expect(readdirSync(w.path('d', 'snapshots', k))).toHaveLength(1);
    const entities = (await w.run(['list', 'entities', '--json'], { cwd: w.path('d') })).json;
    expect(entities.length).toBeGreaterThan(250);
  });

  it('without a folder, picks a fresh one each time and says where', async () => {
    const a = await w.run(['demo']);
    const b = await w.run(['demo']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(existsSync(w.path('ssj-demo', 'ssj.json'))).toBe(true);
    expect(existsSync(w.path('ssj-demo-2', 'ssj.json'))).toBe(true);
    expect(b.stdout).toContain(w.path('ssj-demo-2'));
  });
});
