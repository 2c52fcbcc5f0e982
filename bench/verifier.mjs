// Benchmark: the browser verifier (ssj export verifier) on a 100,000-entity registry, in headless Chromium.
// A workspace under bench/out/verifier-100k/ gets the bench registry (bench/gen.mjs, 100,000 rows), the sample roster
// and an item list over its categories; two draws are made and the public files exported as a bureau would publish
// them. The page is then given the files (as .xlsx, and as .csv + .records.jsonl) and the time from picking the files
// to the verdict is measured, with the page's own time for the re-run alone. Target: a few seconds.
//   npm run build && node bench/verifier.mjs [--rows 100000]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HEADERS, OUT_DIR, registryRows } from './gen.mjs';

const ROOT = join(OUT_DIR, '..', '..');
const BIN = join(ROOT, 'bin', 'ssj.js');
const rows = Number(process.argv[process.argv.indexOf('--rows') + 1] || 100_000) || 100_000;
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].map((c) => spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).stdout.trim()).find(Boolean);
if (!chromium) {
  console.log('bench/verifier.mjs: no chromium on this machine; nothing measured');
  process.exit(0);
}
const dir = join(OUT_DIR, `verifier-${rows}`);
const ws = join(dir, 'ws');
const env = { ...process.env, SSJ_TODAY: '2026-06-10', NO_COLOR: '1' };
const ssj = (args) => execFileSync(process.execPath, [BIN, '-C', ws, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 28 });

if (!existsSync(join(dir, 'done'))) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t = Date.now();
  execFileSync(process.execPath, [BIN, 'init', ws, '--org', '清河县市场监督管理局', '--year', '2026'], { env });
  const q = (v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = [HEADERS.join(',')];
  for (const r of registryRows(rows)) lines.push(r.map(q).join(','));
  writeFileSync(join(dir, 'registry.csv'), '\uFEFF' + lines.join('\r\n'));
  writeFileSync(join(dir, 'items.csv'), '\uFEFF' + ['事项编号,抽查事项名称,检查对象,抽查比例,抽查频次', 'SP-001,食品销售经营者检查,食品销售,5%,2次/年', 'CY-001,餐饮服务经营者检查,餐饮服务,3%,2次/年'].join('\r\n'));
  ssj(['import', 'entities', join(dir, 'registry.csv')]);
  ssj(['import', 'items', join(dir, 'items.csv')]);
  ssj(['import', 'inspectors', join(ROOT, 'fixtures', 'sample', '执法检查人员名录.xlsx')]);
  for (const [item, e] of [['SP-001', '271828'], ['CY-001', '314159']]) {
    ssj(['draw', '--item', item, '--witness', '王纪检', '--entropy', e, '--operator', '张三', '--place', '会议室', '--json']);
  }
  for (const a of [['export', 'draws'], ['export', 'draws', '--format', 'csv'], ['export', 'entities'], ['export', 'entities', '--format', 'csv'], ['export', 'inspectors', '--format', 'csv'], ['export', 'verifier']]) ssj(a);
  writeFileSync(join(dir, 'done'), '');
  console.log(`set up ${rows.toLocaleString()} entities, 2 draws, public exports in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

ssj(['export', 'verifier']); // the page as built now
const ex = join(ws, 'exports');
const find = (prefix, ext) => join(ex, readdirSync(ex).find((f) => f.startsWith(prefix) && f.endsWith(ext)));
const { chromium: pw } = await import('playwright-core');
console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox'] });
const sets = {
  xlsx: [join(ex, '2026年度抽取结果.xlsx'), find('检查对象名录库', '.xlsx'), find('执法检查人员名录', '.csv')],
  csv: [join(ex, '2026年度抽取结果.csv'), join(ex, '2026年度抽取结果.records.jsonl'), find('检查对象名录库', '.csv'), find('执法检查人员名录', '.csv')],
};
for (const [label, files] of Object.entries(sets)) {
  for (let k = 0; k < 3; k++) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(ex, '抽取复核工具.html')).href);
    const t = performance.now();
    await page.setInputFiles('#files', files);
    await page.waitForSelector('#result[data-status="pass"], #result[data-status="fail"]', { timeout: 120_000 });
    const total = (performance.now() - t) / 1000;
    const status = await page.getAttribute('#result', 'data-status');
    const own = /用时 ([\d.]+) 秒/.exec(await page.innerText('#verdict'))?.[1];
    console.log(`${label.padEnd(5)} run ${k + 1}: ${status === 'pass' ? 'PASS' : 'FAIL'}  files picked → verdict ${total.toFixed(2)} s (re-running the draws: ${own} s)`);
    await page.close();
  }
}
await browser.close();
