#!/usr/bin/env node
// Draw and verify benchmark (run by `npm run bench` after the import benchmark; alone: `node bench/draw.mjs`).
//
//   node bench/draw.mjs                    # 1,000,000-entity pool, draw 50,000 with teams from 500 inspectors
//   node bench/draw.mjs --entities 100000 --count 5000
//
//   node bench/draw.mjs --runs 3           # three draw + verify pairs (the draw is undone between runs)
//
// Builds a workspace in bench/out/draw-ws with the lists stored directly as snapshots (the import
// itself is measured by run.mjs), flushes it to disk (`sync`), then times, as child processes: `ssj draw … --json` and
// `ssj verify`, each right after its baseline: `sha256sum` of the entities snapshot, which any draw
// must read and hash anyway (issue 19). Targets: each at most RATIO_TARGET × its baseline (snapshot
// loading and Node start included), the draw within DRAW_MB_TARGET MB peak RSS.
//
// Nothing drawn may change: the record's content (everything but its time and its hash, which covers
// the time) is hashed and compared with EXPECTED, taken from the code before issue 19's changes. The
// draw's stdout (--json) is checked the same way, without its `hash`. Exit 1 on a miss, a failure or a
// different result.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const SSJ = join(ROOT, 'bin', 'ssj.js');
const RSS_PRELOAD = join(HERE, 'rss.cjs');
const RATIO_TARGET = 6;
const DRAW_MB_TARGET = 600;

const args = process.argv.slice(2);
const arg = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const N = arg('--entities', 1_000_000);
const COUNT = arg('--count', 50_000);
const PEOPLE = arg('--inspectors', 500);
const RUNS = arg('--runs', 1);

const { storeSnapshot, appendImportLog } = await import(pathToFileURL(join(ROOT, 'dist/io/store.js')).href);
const { initWorkspace } = await import(pathToFileURL(join(ROOT, 'dist/io/workspace.js')).href);
const { withCheckChar } = await import(pathToFileURL(join(ROOT, 'dist/core/credit-code.js')).href);

const ws = join(HERE, 'out', `draw-ws-${N}`);
rmSync(ws, { recursive: true, force: true });
mkdirSync(dirname(ws), { recursive: true });
await initWorkspace(ws, '基准测试县住房和城乡建设局', 2026);

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
let x = 12345;
const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32); // bench data only, not the draw
const regions = ['城关镇', '南街', '北关', '东城', '西城', '新区', '开发区', '城南镇'];
const entities = [];
for (let i = 0; i < N; i++) {
  let body = '91350881';
  for (let k = 0; k < 9; k++) body += CHARS[Math.floor(rnd() * 31)];
  const code = withCheckChar(body);
  const gone = rnd() < 0.05;
  entities.push({ code, creditCode: code, projectCode: '', name: `基准测试建筑工程有限公司${i}`, legalRep: '张三', contact: '李四', phone: '13800000000',
    section: '建筑业股', category: '建筑施工企业', region: regions[i % regions.length], address: `某路${i}号`, risk: 'ABCD'[i % 4], status: gone ? 'gone' : 'active', statusText: gone ? '注销' : '存续' });
}
const unique = [...new Map(entities.map((e) => [e.code, e])).values()];
const inspectors = Array.from({ length: PEOPLE }, (_, i) => ({ certNo: `350881${String(10000 + i)}`, name: `执法人员${i}`, gender: '', unit: '基准测试县住建局', area: '', issuer: '',
  category: '住房和城乡建设', phone: '', expertise: '', section: '', certExpiry: '2028-12-31', kind: '执法人员', note: '' }));
const items = [{ id: 'ZJ-001', name: '建筑施工企业检查', basis: '', target: '建筑施工企业', content: '', method: '', ratio: 0.05, ratioText: '5%', rounds: 2, roundsText: '2次/年', subject: '', section: '' }];
let entitySnapshot = '';
const counts = (n) => ({ imported: n, active: n, gone: 0, rejected: 0, warnings: 0 });
for (const [kind, records] of [['entities', unique], ['inspectors', inspectors], ['items', items]]) {
  const snap = await storeSnapshot(ws, kind, records);
  if (kind === 'entities') entitySnapshot = snap.path;
  await appendImportLog(ws, { kind, at: '2026-11-22T09:00:00+08:00', user: 'bench', source: { path: 'bench', name: 'bench', sha256: '', bytes: 0 }, snapshot: snap.sha256, counts: counts(records.length), sheets: [], skipInvalid: false, rejects: null });
}
console.error(`workspace ${ws}: ${unique.length} entities, ${PEOPLE} inspectors`);
// The 180 MB just written goes to disk before anything is timed: left to the kernel, its writeback may fall into the
// first draw, whose fsync of its record can then wait for it.
spawnSync('sync');


/**
 * Digests of what was drawn, per configuration, from the code before issue 19 (bad41d1): the record without
 * `time` and `hash`, and the draw's --json output without `hash` and `record` (the file path). Any change to
 * the algorithm, the snapshot reader or the record shows here.
 */
const EXPECTED = {
  '1000000/50000/500': { record: '94fca67a3bca63469ab142e141dee3bd19313a86b7082a2363567c63e5e7464e', stdout: '41e027077d6a23744af175eceab4d54ee7782272937db2acedfe35dac2da9261' },
  '100000/5000/500': { record: 'da6e753a164e7d4eb35e917e71abfa0154b4b417f58f3754b231b632aa425a56', stdout: '242681a39816ff7e36cffcd0d76a4818d115b6af2e284a07f1abe074b78e7988' },
};
const digest = (s) => createHash('sha256').update(s).digest('hex');
const env = { ...process.env, SSJ_TODAY: '2026-11-22', SSJ_USER: 'bench', NO_COLOR: '1' };

async function run(label, file, argv, extraEnv = {}) {
  const rssFile = join(ws, `.rss-${label}.json`);
  rmSync(rssFile, { force: true });
  const t0 = performance.now();
  const child = spawn(file, argv, { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, ...extraEnv, SSJ_BENCH_RSS_FILE: rssFile } });
  const out = [];
  let stderr = '';
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  const seconds = (performance.now() - t0) / 1000;
  const rss = existsSync(rssFile) ? JSON.parse(readFileSync(rssFile, 'utf8')) : null;
  return { label, code, seconds, mb: rss ? Math.round(rss.maxRSSKiB / 1024) : null, cpu: rss ? rss.userCPUSeconds + rss.systemCPUSeconds : null, stdout: Buffer.concat(out).toString('utf8'), stderr };
}
const ssj = (label, argv) => run(label, process.execPath, ['--require', RSS_PRELOAD, SSJ, ...argv]);
const baseline = () => run('sha256sum', 'sha256sum', [entitySnapshot]);

const initial = new Set(readdirSync(join(ws, 'draws')));
const key = `${unique.length}/${COUNT}/${PEOPLE}`;
const expected = EXPECTED[key];
const load = loadavg().map((x) => x.toFixed(2)).join(' ');
console.error(`load average at start: ${load} (${cpus().length} CPUs)`);
const rows = [];
let failed = false;
for (let k = 1; k <= RUNS; k++) {
  // undo the previous run's draw: the ledger and record files it wrote
  for (const f of readdirSync(join(ws, 'draws'))) if (!initial.has(f)) rmSync(join(ws, 'draws', f), { force: true });
  rmSync(join(ws, '.ssj-draw-defaults.json'), { force: true });
  const b1 = await baseline();
  const d = await ssj('draw', ['draw', '--item', 'ZJ-001', '--count', String(COUNT), '--witness', '甲', '--witness', '乙', '--entropy', '38170204', '--entropy', '99201155', '--json']);
  const b2 = await baseline();
  const v = await ssj('verify', ['verify']);
  let check = '';
  if (d.code === 0) {
    const { time, hash, ...rest } = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
    const { hash: h2, record, ...out } = JSON.parse(d.stdout);
    const got = { record: digest(JSON.stringify(rest)), stdout: digest(JSON.stringify(out)) };
    if (!expected?.record) check = `no expected digest for ${key}: record ${got.record}, stdout ${got.stdout}`;
    else if (got.record !== expected.record || got.stdout !== expected.stdout) {
      check = `DIFFERENT RESULT: record ${got.record} (expected ${expected.record}), stdout ${got.stdout} (expected ${expected.stdout})`;
      failed = true;
    } else check = `same result (record ${got.record.slice(0, 12)}…)`;
    console.error(`run ${k}: record hash ${hash}; ${check}`);
  }
  for (const [r, b, mbTarget] of [[d, b1, DRAW_MB_TARGET], [v, b2, null]]) {
    const ratio = r.seconds / b.seconds;
    const ok = r.code === 0 && b.code === 0 && ratio <= RATIO_TARGET && (mbTarget === null || (r.mb ?? Infinity) <= mbTarget);
    if (!ok) failed = true;
    if (r.code !== 0) console.error(r.stderr.slice(0, 4000) || r.stdout.slice(0, 2000));
    rows.push(`| ${r.label} | ${k} | ${unique.length} | ${COUNT} | ${PEOPLE} | ${r.seconds.toFixed(2)} | ${r.cpu === null ? '?' : r.cpu.toFixed(2)} | ${b.seconds.toFixed(2)} | ${ratio.toFixed(2)} | ${r.mb ?? '?'} | ≤ ${RATIO_TARGET}×${mbTarget ? `, ≤ ${mbTarget} MB` : ''} | ${r.code !== 0 ? `failed (${r.code})` : ok ? 'pass' : 'miss'} |`);
  }
}
console.log(`load average at start: ${load}`);
console.log(`| step | run | entities | sample | inspectors | wall (s) | CPU, all threads (s) | sha256sum (s) | ratio | peak RSS (MB) | target | result |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|---|`);
for (const r of rows) console.log(r);
process.exit(failed ? 1 : 0);
