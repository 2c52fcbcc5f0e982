#!/usr/bin/env node
// Import benchmark for `ssj import entities` (run by `npm run bench`, after `npm run build`).
//
//   node bench/run.mjs                  # full size: 1,048,575-row xlsx, 1,000,000-row CSV
//   node bench/run.mjs --rows 20000     # quick run on 20,000-row files
//   node bench/run.mjs --only xlsx      # or csv, or baseline
//   node bench/run.mjs --cpu-prof       # also write V8 CPU profiles of each child to bench/out/prof/
//   node bench/run.mjs --runs 3         # measure each import 3 times (every run is listed)
//
// The xlsx import is measured beside its baseline in the same run: `unzip -p <file> <worksheet parts>`
// to /dev/null (3 times, right before the import; the median is the baseline), and judged by the ratio
// import time / baseline time (issue 19: ≤ 8×) and its peak RSS (≤ 800 MB).
//
// Each measured command runs as a child process `node --require bench/rss.cjs …`; wall time is
// taken here from spawn to exit, peak RSS is the child's own getrusage maxRSS written by the
// preload at exit (falling back to VmHWM polled from /proc when the child dies without exiting
// normally). Results are printed as a Markdown table and written to bench/out/results.md.
// Exit status: 1 when the xlsx import misses its target, or when a measured command fails.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_ROWS, EXCEL_MAX_DATA_ROWS, OUT_DIR, filePath, upToDate } from './gen.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const SSJ = join(ROOT, 'bin', 'ssj.js');
const RSS_PRELOAD = join(HERE, 'rss.cjs');
/** xlsx: import time ≤ ratio × the `unzip -p` baseline of the same run, peak RSS ≤ mb */
const TARGET = { xlsx: { ratio: 8, mb: 800 } };
const UNZIP_RUNS = 3;

function parseArgs(argv) {
  const opts = { rows: null, only: null, cpuProf: false, runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rows') opts.rows = Number(argv[++i]);
    else if (a === '--only') opts.only = argv[++i];
    else if (a === '--cpu-prof') opts.cpuProf = true;
    else if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/run.mjs [--rows N] [--only xlsx|csv|baseline] [--cpu-prof] [--runs N]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (opts.rows !== null && !(Number.isInteger(opts.rows) && opts.rows > 0 && opts.rows <= EXCEL_MAX_DATA_ROWS)) {
    throw new Error(`--rows must be an integer from 1 to ${EXCEL_MAX_DATA_ROWS}`);
  }
  if (!(Number.isInteger(opts.runs) && opts.runs >= 1 && opts.runs <= 20)) throw new Error('--runs must be an integer from 1 to 20');
  if (opts.only !== null && !['xlsx', 'csv', 'baseline'].includes(opts.only)) throw new Error('--only must be xlsx, csv or baseline');
  return opts;
}

/** Runs gen.mjs as a low-priority child (it is CPU-heavy at full size) unless the file is current. */
async function ensureGenerated(format, rows) {
  if (upToDate(format, rows)) return filePath(format, rows);
  console.error(`generating ${relative(ROOT, filePath(format, rows))} …`);
  const child = spawn(process.execPath, [join(HERE, 'gen.mjs'), '--rows', String(rows), '--only', format], { cwd: ROOT, stdio: 'inherit' });
  try { os.setPriority(child.pid, 10); } catch { /* not permitted: run at normal priority */ }
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`gen.mjs failed for ${format} (${code})`);
  return filePath(format, rows);
}

/** Reads the file once so that every measurement starts with it in the page cache. */
async function warm(file) {
  for await (const _ of createReadStream(file, { highWaterMark: 1 << 20 })); // eslint-disable-line no-unused-vars
}

function ssjAvailable() {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) return { ok: false, why: 'dist/ is not built' };
  const r = spawnSync(process.execPath, [SSJ, 'import', 'entities', '--help'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, why: `\`ssj import entities --help\` exits ${r.status}: ${(r.stderr || r.stdout).trim().split('\n')[0]}` };
  return { ok: true };
}

/** HEAD's short hash, with "+changes" when src/ or bin/ has uncommitted edits. */
function gitState() {
  try {
    const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'bin'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    return head ? head + (dirty ? ' + uncommitted changes in src/ or bin/' : '') : '';
  } catch {
    return '';
  }
}

/** Latest modification time under dist/, to notice a rebuild during the run. */
function distStamp() {
  let latest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else latest = Math.max(latest, statSync(p).mtimeMs);
    }
  };
  try { walk(join(ROOT, 'dist')); } catch { /* not built */ }
  return latest;
}

let profSeq = 0;
/** Runs `node <args>` with the RSS preload; returns wall time, peak RSS and the child's CPU time. */
async function measure(slug, args, { cpuProf }) {
  mkdirSync(OUT_DIR, { recursive: true });
  const rssFile = join(OUT_DIR, `${slug}.rss.json`);
  const stdoutFile = join(OUT_DIR, `${slug}.stdout`);
  const stderrFile = join(OUT_DIR, `${slug}.stderr`);
  rmSync(rssFile, { force: true });
  const outFd = openSync(stdoutFile, 'w');
  const errFd = openSync(stderrFile, 'w');
  const nodeArgs = ['--require', RSS_PRELOAD];
  if (cpuProf) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', join(OUT_DIR, 'prof'), '--cpu-prof-name', `${slug}-${++profSeq}.cpuprofile`);
  const childEnv = { ...process.env, SSJ_BENCH_RSS_FILE: rssFile };
  delete childEnv.SSJ_BENCH_RSS_CLAIMED;
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    stdio: ['ignore', outFd, errFd],
    env: childEnv,
  });
  // Fallback for a child killed before its exit handler runs (e.g. out of memory).
  let hwmKiB = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) hwmKiB = Math.max(hwmKiB, Number(m[1]));
    } catch { /* exited, or no /proc */ }
  }, 250);
  const [code, signal] = await once(child, 'exit');
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  clearInterval(poll);
  closeSync(outFd);
  closeSync(errFd);
  let usage = null;
  try { usage = JSON.parse(readFileSync(rssFile, 'utf8')); } catch { /* no report */ }
  const peakKiB = usage?.maxRSSKiB ?? (hwmKiB || null);
  return {
    code, signal, wall,
    peakMB: peakKiB === null ? null : peakKiB / 1024,
    peakSource: usage ? 'maxRSS' : hwmKiB ? 'VmHWM (polled)' : 'none',
    cpu: usage ? usage.userCPUSeconds + usage.systemCPUSeconds : null,
    stdout: readFileSync(stdoutFile, 'utf8'),
    stderr: readFileSync(stderrFile, 'utf8'),
    stdoutFile, stderrFile,
  };
}

function workspace() {
  const dir = mkdtempSync(join(os.tmpdir(), 'ssj-bench-'));
  const r = spawnSync(process.execPath, [SSJ, 'init', dir, '--org', '基准测试局', '--year', '2026'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`ssj init failed (${r.status}): ${(r.stderr || r.stdout).trim()}`);
  }
  return dir;
}

function firstLines(text, n = 3, width = 300) {
  return text.trim().split('\n').slice(0, n).join(' ⏎ ').slice(0, width);
}

/** A short summary of `--json` output: top-level scalars and array lengths. */
function summariseJson(text) {
  let v;
  try { v = JSON.parse(text); } catch { return null; }
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const parts = [];
  const walk = (o, prefix, depth) => {
    for (const [k, x] of Object.entries(o)) {
      if (parts.length >= 16) return;
      if (Array.isArray(x)) parts.push(`${prefix}${k}: [${x.length}]`);
      else if (x !== null && typeof x === 'object') { if (depth < 2) walk(x, `${prefix}${k}.`, depth + 1); }
      else parts.push(`${prefix}${k}: ${JSON.stringify(x).slice(0, 60)}`);
    }
  };
  walk(v, '', 0);
  return parts.join(', ');
}

/** The worksheet parts of an .xlsx, as `unzip -Z1` lists them. */
function worksheetParts(file) {
  const r = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`unzip is not available (${r.error.code ?? r.error.message})`);
  if (r.status !== 0) throw new Error(`unzip -Z1 exits ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
  const parts = r.stdout.split('\n').filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n));
  if (parts.length === 0) throw new Error('no worksheet part in the file');
  return parts;
}

/** `unzip -p <file> <worksheet parts>` to /dev/null, UNZIP_RUNS times: the wall times and their median. */
async function unzipBaseline(file) {
  const parts = worksheetParts(file);
  const walls = [];
  for (let i = 0; i < UNZIP_RUNS; i++) {
    const devnull = openSync('/dev/null', 'w');
    const t0 = process.hrtime.bigint();
    const child = spawn('unzip', ['-p', file, ...parts], { stdio: ['ignore', devnull, 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const [code] = await once(child, 'exit');
    walls.push(Number(process.hrtime.bigint() - t0) / 1e9);
    closeSync(devnull);
    if (code !== 0) throw new Error(`unzip -p exits ${code}: ${err.trim().split('\n')[0]}`);
  }
  const sorted = [...walls].sort((a, b) => a - b);
  return { walls, median: sorted[Math.floor(sorted.length / 2)], parts };
}

const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const grouped = (n) => Math.round(n).toLocaleString('en-US');

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`run.mjs: ${e.message}`);
    return 2;
  }
  const rowsFor = (format) => opts.rows ?? DEFAULT_ROWS[format];
  const want = (g) => opts.only === null || opts.only === g;

  const startLoad = os.loadavg();
  const startCommit = gitState();
  const startDist = distStamp();
  const results = [];
  const notes = [];
  let failed = false;

  const ssj = want('xlsx') || want('csv') ? ssjAvailable() : { ok: true };
  if (!ssj.ok) notes.push(`ssj import unavailable: ${ssj.why}`);

  const plan = [];
  if (want('baseline')) {
    plan.push({ kind: 'baseline', format: 'xlsx', what: 'baseline: exceljs WorkbookReader', script: join(HERE, 'baseline-xlsx.mjs') });
    plan.push({ kind: 'baseline', format: 'csv', what: 'baseline: csv-parse', script: join(HERE, 'baseline-csv.mjs') });
  }
  for (let run = 1; run <= opts.runs; run++) {
    if (want('xlsx')) plan.push({ kind: 'ssj', format: 'xlsx', what: 'ssj import entities', run });
    if (want('csv')) plan.push({ kind: 'ssj', format: 'csv', what: 'ssj import entities', run });
  }

  for (const p of plan) {
    const rows = rowsFor(p.format);
    const file = await ensureGenerated(p.format, rows);
    const name = relative(ROOT, file);
    const row = { what: p.what + (opts.runs > 1 && p.run ? ` (run ${p.run})` : ''), file: name, format: p.format, kind: p.kind, rows, r: null, error: null, base: null };
    results.push(row);
    if (p.kind === 'ssj' && !ssj.ok) {
      row.error = 'import command unavailable';
      failed = true;
      continue;
    }
    await warm(file);
    if (p.kind === 'ssj' && TARGET[p.format]?.ratio) {
      try {
        row.base = await unzipBaseline(file);
        console.error(`unzip -p baseline on ${name}: ${row.base.walls.map((x) => x.toFixed(2)).join(' / ')} s (median ${row.base.median.toFixed(2)} s)`);
      } catch (e) {
        row.error = `unzip -p baseline: ${e.message}`;
        failed = true;
        continue;
      }
    }
    const slug = `${p.kind}-${p.format}-${rows}`;
    let ws = null;
    try {
      let args;
      if (p.kind === 'baseline') args = [p.script, file];
      else {
        ws = workspace();
        args = [SSJ, '-C', ws, 'import', 'entities', file, '--json'];
      }
      console.error(`running ${p.what} on ${name} …`);
      row.r = await measure(slug, args, opts);
      const r = row.r;
      if (r.code !== 0) {
        row.error = `exit ${r.code ?? r.signal}: ${firstLines(r.stderr || r.stdout)}`;
        failed = true;
      }
      if (p.kind === 'ssj') {
        // Every generated row is valid, so a correct import takes all of them.
        let payload = null;
        try { payload = JSON.parse(r.stdout); } catch { /* not JSON */ }
        if (payload && payload.ok === false) {
          const first = payload.errors?.[0];
          row.error ??= `import refused the file (${payload.errors?.length ?? '?'} errors${first ? `, first: ${first.message}` : ''})`;
          failed = true;
        } else if (payload && typeof payload.imported === 'number' && payload.imported !== rows) {
          row.error ??= `imported ${payload.imported} of ${rows} rows`;
          failed = true;
        }
        if (payload?.snapshot) row.snapshot = payload.snapshot;
      }
      const summary = summariseJson(r.stdout);
      notes.push(`${row.what} (${name}): exit ${r.code ?? r.signal}, peak RSS from ${r.peakSource}` +
        (row.base ? `; unzip -p baseline ${row.base.walls.map((x) => x.toFixed(2)).join(' / ')} s of ${row.base.parts.join(', ')}` : '') +
        (summary ? `; output: ${summary}` : r.stdout.trim() ? `; stdout: ${firstLines(r.stdout)}` : '') +
        (r.code !== 0 && r.stderr.trim() ? `; stderr: ${firstLines(r.stderr)}` : ''));
    } catch (e) {
      row.error = e.message;
      failed = true;
    } finally {
      if (ws) rmSync(ws, { recursive: true, force: true });
    }
  }

  if (distStamp() !== startDist) {
    notes.push('dist/ was rebuilt during this run (someone ran a build): the commands above may have run different versions of ssj');
  }

  // Verdicts
  for (const row of results) {
    const t = TARGET[row.format];
    const r = row.r;
    row.ratio = r && row.base ? r.wall / row.base.median : null;
    row.target = row.kind === 'ssj' && t ? `≤ ${t.ratio}× unzip -p, ≤ ${t.mb} MB` : 'report only';
    if (row.error) row.verdict = `error: ${row.error.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 200)}`;
    else if (row.kind === 'ssj' && t) {
      const timeOk = row.ratio !== null && row.ratio <= t.ratio;
      const memOk = r.peakMB !== null && r.peakMB <= t.mb;
      row.verdict = timeOk && memOk ? 'pass' : `FAIL${timeOk ? '' : ' (time)'}${memOk ? '' : ' (memory)'}`;
      if (!(timeOk && memOk)) failed = true;
    } else row.verdict = '—';
  }

  const head = '| what | file | rows | wall s | unzip -p s | ratio | rows/s | peak RSS MB | CPU s | target | pass/fail |';
  const sep = '|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|';
  const lines = results.map((x) => {
    const r = x.r;
    const ok = Boolean(r);
    return `| ${x.what} | ${x.file} | ${grouped(x.rows)} | ${ok ? fmt(r.wall) : '—'} | ${x.base ? fmt(x.base.median, 2) : '—'} | ` +
      `${x.ratio !== null && x.ratio !== undefined ? `${fmt(x.ratio)}×` : '—'} | ${ok ? grouped(x.rows / r.wall) : '—'} | ` +
      `${r ? fmt(r.peakMB, 0) : '—'} | ${r ? fmt(r.cpu) : '—'} | ${x.target} | ${x.verdict} |`;
  });
  for (const x of results) if (x.snapshot) notes.push(`${x.what} (${x.file}): snapshot sha256 ${x.snapshot}`);
  const table = [head, sep, ...lines].join('\n');
  const cpus = os.cpus();
  const commit = startCommit;
  const md = [
    '# ssj import benchmark',
    '',
    `${new Date().toISOString()} · node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? '?'} · ` +
      `${fmt(os.totalmem() / 2 ** 30, 0)} GiB · load average at start ${startLoad.map((x) => x.toFixed(2)).join(' ')}` +
      (commit ? ` · commit ${commit}` : ''),
    '',
    table,
    '',
    'Wall time: spawn to exit of `node bin/ssj.js -C <workspace> import entities <file> --json` (node start-up included).',
    `unzip -p s: the median of ${UNZIP_RUNS} runs of \`unzip -p <file> <worksheet parts> >/dev/null\` right before the import; ratio: wall s / unzip -p s.`,
    'Peak RSS: the child\'s getrusage maxRSS, recorded at exit by bench/rss.cjs. CPU s: the child\'s user + system time.',
    ...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
  console.log(table);
  if (notes.length) console.log('\n' + notes.map((n) => `- ${n}`).join('\n'));
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(join(OUT_DIR, 'results.md'), md);
  console.error(`\nwritten to ${relative(ROOT, join(OUT_DIR, 'results.md'))}`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
