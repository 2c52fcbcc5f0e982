#!/usr/bin/env node
// Draw and verify benchmark (run by `npm run bench` after the import benchmark; alone: `node bench/draw.mjs`).
//
//   node bench/draw.mjs                    # 1,000,000-entity pool, draw 50,000 with teams from 500 inspectors
//   node bench/draw.mjs --entities 100000 --count 5000
//
// Builds a workspace in bench/out/draw-ws with the lists stored directly as snapshots (the import
// itself is measured by run.mjs), then times, as child processes: `ssj draw … --json` and
// `ssj verify`. Target: at most 5 s wall each, snapshot loading included. Exit 1 on a miss or a failure.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const SSJ = join(ROOT, 'bin', 'ssj.js');
const RSS_PRELOAD = pathToFileURL(join(HERE, 'rss.mjs')).href;
const TARGET_SECONDS = 5;

const args = process.argv.slice(2);
const arg = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const N = arg('--entities', 1_000_000);
const COUNT = arg('--count', 50_000);
const PEOPLE = arg('--inspectors', 500);

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
const counts = (n) => ({ imported: n, active: n, gone: 0, rejected: 0, warnings: 0 });
for (const [kind, records] of [['entities', unique], ['inspectors', inspectors], ['items', items]]) {
  const snap = await storeSnapshot(ws, kind, records);
  await appendImportLog(ws, { kind, at: '2026-11-22T09:00:00+08:00', user: 'bench', source: { path: 'bench', name: 'bench', sha256: '', bytes: 0 }, snapshot: snap.sha256, counts: counts(records.length), sheets: [], skipInvalid: false, rejects: null });
}
console.error(`workspace ${ws}: ${unique.length} entities, ${PEOPLE} inspectors`);

async function measure(label, argv) {
  const rssFile = join(ws, `.rss-${label}.json`);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', RSS_PRELOAD, SSJ, ...argv], {
    cwd: ws, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SSJ_BENCH_RSS_FILE: rssFile, SSJ_TODAY: '2026-11-22', NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  const seconds = (performance.now() - t0) / 1000;
  const rss = existsSync(rssFile) ? JSON.parse(readFileSync(rssFile, 'utf8')) : null;
  return { label, code, seconds, mb: rss ? Math.round(rss.maxRSSKiB / 1024) : null, stderr };
}

const results = [];
results.push(await measure('draw', ['draw', '--item', 'ZJ-001', '--count', String(COUNT), '--witness', '甲', '--witness', '乙', '--entropy', '38170204', '--entropy', '99201155', '--json']));
results.push(await measure('verify', ['verify']));
console.log(`| step | entities | sample | inspectors | wall (s) | peak RSS (MB) | target | result |`);
console.log(`|---|---|---|---|---|---|---|---|`);
let failed = false;
for (const r of results) {
  const ok = r.code === 0 && r.seconds <= TARGET_SECONDS;
  if (!ok) failed = true;
  console.log(`| ${r.label} | ${unique.length} | ${COUNT} | ${PEOPLE} | ${r.seconds.toFixed(2)} | ${r.mb ?? '?'} | ${TARGET_SECONDS} s | ${r.code !== 0 ? `failed (${r.code})` : ok ? 'pass' : 'miss'} |`);
  if (r.code !== 0) console.error(r.stderr);
}
process.exit(failed ? 1 : 0);
