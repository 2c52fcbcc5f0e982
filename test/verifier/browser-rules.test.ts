// The verifier page (same core as ssj verify) on draws that need more than the fixed public columns: 停业/歇业/清算
// not drawable (the record's task.suspendedDrawable) and --where on a registry column of its own (投诉举报次数,
// published with the registry by ssj export entities). Headless system Chromium; skipped without one.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesWorkspace } from '../helpers/rules-workspace.js';
import { Workdir } from '../helpers/workdir.js';

const CHROMIUM = ['chromium', 'chromium-browser', 'google-chrome'].map((c) => spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).stdout.trim()).find(Boolean) ?? '';

const made: Workdir[] = [];
let w: Workdir;
let ws: string;
let page: string;
const env = { SSJ_TODAY: '2026-06-10' };
const run = (args: string[]) => w.run(args, { cwd: ws, env });
const W = ['--witness', '王纪检', '--witness', '李监督', '--operator', '张三', '--place', '局三楼会议室', '--entropy', '381702', '--entropy', '992011'];

beforeAll(async () => {
  w = new Workdir('ssj-verifier-rules');
  made.push(w);
  ws = await rulesWorkspace(w, 'ws', false, env);
  for (const args of [['--item', 'ZJ-001', '--count', '2'], ['--item', 'ZJ-003', '--where', '投诉举报次数=3']]) {
    const r = await run(['draw', ...args, ...W, '--json']);
    expect(r.code, r.stderr).toBe(0);
  }
  for (const args of [['export', 'draws', '-o', w.path('d.xlsx')], ['export', 'entities', '-o', w.path('e.xlsx')], ['export', 'inspectors', '--format', 'csv', '-o', w.path('i.csv')]]) {
    const r = await run(args);
    expect(r.code, r.stderr).toBe(0);
  }
  page = (await run(['export', 'verifier', '--json'])).json.output;
}, 240_000);
afterAll(() => made.forEach((x) => x.remove()));

describe.skipIf(!CHROMIUM)('the verifier page: suspendedDrawable false, --where on a registry column', () => {
  it('passes both draws from the published files', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const p = await browser.newPage();
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(e.message));
      await p.goto(pathToFileURL(page).href);
      await p.setInputFiles('#files', [w.path('d.xlsx'), w.path('e.xlsx'), w.path('i.csv')]);
      await p.waitForSelector('#result[data-status="pass"], #result[data-status="fail"]', { timeout: 60_000 });
      const text = await p.innerText('#result');
      const draws = await p.$$eval('section.draw', (xs) => xs.map((x) => ({ id: x.getAttribute('data-id'), status: x.getAttribute('data-status') })));
      expect(errors).toEqual([]);
      expect(draws, text).toEqual([{ id: '2026-001', status: 'pass' }, { id: '2026-002', status: 'pass' }]);
      expect(await p.getAttribute('#verdict', 'data-status')).toBe('pass');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
