#!/usr/bin/env node
// Snapshot loading benchmark: how long `loadSnapshot` (src/io/store.ts) takes to read back, parse and
// hash-check a 1,000,000-row entity snapshot. Run by `npm run bench:snapshot` (after `npm run build`).
//
//   node bench/snapshot-load.mjs                 # 1,000,000 rows, 5 runs
//   node bench/snapshot-load.mjs --rows 20000    # quick run
//   node bench/snapshot-load.mjs --runs 3        # fewer or more runs
//   node bench/snapshot-load.mjs --dist DIR      # time the loadSnapshot of another build (e.g. an older commit's dist/)
//
// The snapshot is made once (bench/out/snapshot-<rows>/, reused while this script and dist/core/snapshot.js
// are unchanged): the rows of gen.mjs's registry (same seed) become Entity records as an import would make
// them (code = 统一社会信用代码, status from 经营状态), and every 1000th name gets an ASCII comma and
// double quotes so that the quoted-field path is exercised too. The records are written with storeSnapshot,
// exactly as `ssj import` writes them.
//
// Each run is a fresh child `node --require bench/rss.cjs bench/snapshot-load.mjs --child <root> <sha> <rows>`
// with the file in the page cache. Reported: the time of the loadSnapshot call itself (measured inside the
// child), the child's wall time from spawn to exit (node start-up and module loading included), its CPU
// time and peak RSS. Exit status 1 when a run fails or returns the wrong number of records.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_SEED, OUT_DIR, registryRows } from './gen.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
let DIST = join(ROOT, 'dist');
const RSS_PRELOAD = join(HERE, 'rss.cjs');
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');

// ---------------------------------------------------------------------------------------------
// Child: one timed loadSnapshot call

async function child(root, snapshotSha, rows, dist) {
  DIST = dist;
  const { loadSnapshot } = await import(pathToFileURL(join(DIST, 'io', 'store.js')).href);
  const t0 = performance.now();
  const records = await loadSnapshot(root, 'entities', snapshotSha);
  const ms = performance.now() - t0;
  const heapMB = process.memoryUsage().heapUsed / 1048576;
  const quoted = records.filter((r) => r.name.includes('"')).length;
  console.log(JSON.stringify({ records: records.length, expected: rows, quoted, loadMs: Math.round(ms), heapAfterMB: Math.round(heapMB) }));
}

// ---------------------------------------------------------------------------------------------
// Making the snapshot

function entityRecords(rows) {
  const out = [];
  let i = 0;
  for (const [, name, creditCode, legalRep, contact, phone, section, category, region, risk, statusText] of registryRows(rows, DEFAULT_SEED)) {
    out.push({
      code: creditCode,
      creditCode,
      projectCode: '',
      name: ++i % 1000 === 0 ? `${name},"${region}分店"` : name,
      legalRep,
      contact,
      phone: String(phone),
      section,
      category,
      region,
      address: '',
      risk,
      status: statusText === '存续' ? 'active' : 'gone',
      statusText,
    });
  }
  return out;
}

async function ensureSnapshot(rows) {
  const dir = join(OUT_DIR, `snapshot-${rows}`);
  const side = join(dir, 'snapshot.json');
  const key = {
    rows,
    seed: DEFAULT_SEED,
    script: sha(readFileSync(fileURLToPath(import.meta.url))).slice(0, 16),
    gen: sha(readFileSync(join(HERE, 'gen.mjs'))).slice(0, 16),
    writer: sha(readFileSync(join(DIST, 'core', 'snapshot.js'))).slice(0, 16),
  };
  try {
    const meta = JSON.parse(readFileSync(side, 'utf8'));
    if (Object.keys(key).every((k) => meta[k] === key[k]) && existsSync(join(dir, 'snapshots', 'entities', `${meta.sha256}.csv`))) {
      return { root: dir, sha256: meta.sha256, bytes: meta.bytes };
    }
  } catch { /* not made yet */ }
  console.error(`making a ${rows}-row entity snapshot in ${relative(ROOT, dir)} …`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { storeSnapshot } = await import(pathToFileURL(join(DIST, 'io', 'store.js')).href);
  const t0 = performance.now();
  const { sha256, path } = await storeSnapshot(dir, 'entities', entityRecords(rows));
  let bytes = 0;
  for await (const c of createReadStream(path)) bytes += c.length;
  writeFileSync(side, JSON.stringify({ ...key, sha256, bytes, seconds: +((performance.now() - t0) / 1000).toFixed(1) }, null, 2) + '\n');
  return { root: dir, sha256, bytes };
}

// ---------------------------------------------------------------------------------------------
// Parent

function parseArgs(argv) {
  const opts = { rows: 1000000, runs: 5, dist: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rows') opts.rows = Number(argv[++i]);
    else if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--dist') opts.dist = resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/snapshot-load.mjs [--rows N] [--runs K] [--dist DIR]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!(Number.isInteger(opts.rows) && opts.rows > 0)) throw new Error('--rows must be a positive integer');
  if (!(Number.isInteger(opts.runs) && opts.runs > 0)) throw new Error('--runs must be a positive integer');
  return opts;
}

async function run(root, snapshotSha, rows, n, dist) {
  mkdirSync(OUT_DIR, { recursive: true });
  const rssFile = join(OUT_DIR, `snapshot-load-${rows}-${n}.rss.json`);
  rmSync(rssFile, { force: true });
  const env = { ...process.env, SSJ_BENCH_RSS_FILE: rssFile };
  delete env.SSJ_BENCH_RSS_CLAIMED;
  const t0 = process.hrtime.bigint();
  const c = spawn(process.execPath, ['--require', RSS_PRELOAD, fileURLToPath(import.meta.url), '--child', root, snapshotSha, String(rows), dist], {
    cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  c.stdout.on('data', (d) => (stdout += d));
  c.stderr.on('data', (d) => (stderr += d));
  const [code, signal] = await once(c, 'exit');
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let usage = null;
  try { usage = JSON.parse(readFileSync(rssFile, 'utf8')); } catch { /* no report */ }
  let out = null;
  try { out = JSON.parse(stdout); } catch { /* failed */ }
  return { code: code ?? signal, wall, out, stderr, usage };
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`snapshot-load.mjs: ${e.message}`);
    return 2;
  }
  if (!existsSync(join(DIST, 'io', 'store.js'))) {
    console.error('snapshot-load.mjs: dist/ is not built (npm run build)');
    return 2;
  }
  const { root, sha256, bytes } = await ensureSnapshot(opts.rows);
  const dist = opts.dist ?? DIST;
  if (!existsSync(join(dist, 'io', 'store.js'))) {
    console.error(`snapshot-load.mjs: no io/store.js in ${dist}`);
    return 2;
  }
  const file = join(root, 'snapshots', 'entities', `${sha256}.csv`);
  for await (const _ of createReadStream(file, { highWaterMark: 1 << 20 })); // eslint-disable-line no-unused-vars
  const load = os.loadavg();
  console.log(`${relative(ROOT, file)}: ${opts.rows.toLocaleString('en-US')} rows, ${(bytes / 1048576).toFixed(1)} MB · ` +
    `loadSnapshot from ${relative(ROOT, dist).startsWith('..') ? dist : relative(ROOT, dist)} · node ${process.version} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'} · load average at start ${load.map((x) => x.toFixed(2)).join(' ')}`);
  console.log('');
  console.log('| run | loadSnapshot s | child wall s | CPU s | peak RSS MB | heap after MB | records |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  let failed = false;
  for (let n = 1; n <= opts.runs; n++) {
    const r = await run(root, sha256, opts.rows, n, dist);
    const ok = r.code === 0 && r.out && r.out.records === opts.rows;
    if (!ok) failed = true;
    const u = r.usage;
    console.log(`| ${n} | ${r.out ? (r.out.loadMs / 1000).toFixed(2) : '—'} | ${r.wall.toFixed(2)} | ` +
      `${u ? (u.userCPUSeconds + u.systemCPUSeconds).toFixed(2) : '—'} | ${u ? Math.round(u.maxRSSKiB / 1024) : '—'} | ` +
      `${r.out?.heapAfterMB ?? '—'} | ${r.out ? r.out.records : `failed (${r.code}): ${r.stderr.trim().split('\n').slice(0, 3).join(' ⏎ ')}`} |`);
  }
  return failed ? 1 : 0;
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], Number(process.argv[5]), process.argv[6]);
else process.exitCode = await main();
