#!/usr/bin/env node
// Annual report benchmark (`npm run bench:report`; also run by `npm run bench` after the draw benchmark).
//
//   node bench/report.mjs                          # 100,000-entity registry, 500 draws, 300 inspectors, 25 items, 3 runs
//   node bench/report.mjs --entities 20000 --draws 100 --runs 1    # quick trial
//   node bench/report.mjs --setup-only             # build (or reuse) the workspace and stop
//   node bench/report.mjs --force                  # rebuild the workspace even when a matching one exists
//   node bench/report.mjs --cpu-prof               # also write each measured child's CPU profile to bench/out/prof-report/
//   node bench/report.mjs --targeted               # half of the later rounds 定向 (--where 区域=…); off by default (it was
//                                                  # added when ssj verify still rejected such draws, fixed in 22ae6ad)
//
// Target: `ssj report` over a year of 500 draws on a 100,000-entity registry in at most 5 s wall (Node start included);
// `ssj status --json` and `ssj export results` (the year's 检查结果 as .xlsx) in at most 1 s each (issue 19).
//
// Setup (cached in bench/out/report-ws-<entities>-<draws>/, reused while bench/out/report-ws-….json matches the
// parameters and SETUP_VERSION): the registry from bench/gen.mjs as CSV, a roster and an item list written here, all
// three imported with `ssj import` (the real path); then the year's draws made in this process by calling the
// command functions of dist/cli/draw.js and dist/cli/replace.js (the CLI's own code, without 500 Node starts),
// one draw per planned (item, round) with merged draws, re-draws and replacements among them; then
// results (results/<task>/v1.json in the ResultsVersion format) for most standing tasks and publications
// (results/publications.jsonl), some late and some missing, written directly. `ssj verify --all` must pass on it.
//
// Measured, each as a child process, --runs times: `ssj report --json`, `ssj report -o <file>.xlsx`, `ssj status --json`
// and `ssj export results -o <file>.xlsx --json`: wall time
// from spawn to exit, CPU time and peak RSS (bench/rss.cjs). Exit 1 when a run misses the target or fails. Before each
// run, the machine's pace (reference(): a bare Node start and 64 MB of new memory) is measured and printed beside them.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureFile, mulberry32 } from './gen.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const SSJ = join(ROOT, 'bin', 'ssj.js');
const RSS_PRELOAD = join(HERE, 'rss.cjs');
const TARGET_SECONDS = 5;
/** status and exports (issue 19) */
const QUICK_TARGET_SECONDS = 1;
/** Bump when the setup below changes what it builds. */
// 2: results and publications registered in the ledger (ssj verify requires it), their own random seed;
// 3: results versions in the layout ssj results import writes since issue 19's fourth round (an entity per line)
const SETUP_VERSION = 3;
const YEAR = 2026;
const TODAY = '2026-11-22';
const ORG = '清河县市场监督管理局';

const args = process.argv.slice(2);
const num = (name, def) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const flag = (name) => args.includes(name);
const N = num('--entities', 100_000);
const DRAWS = num('--draws', 500);
const PEOPLE = num('--inspectors', 300);
const ITEMS = num('--items', 25);
const RUNS = num('--runs', 3);
const TARGETED = flag('--targeted');
for (const [k, v] of Object.entries({ N, DRAWS, PEOPLE, ITEMS, RUNS })) if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer`);

const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
const ws = join(HERE, 'out', `report-ws-${N}-${DRAWS}${TARGETED ? '-targeted' : ''}`);
const sidecar = `${ws}.json`;

// ---------------------------------------------------------------------------------------------------------
// Setup

const CATEGORIES = ['食品销售', '餐饮服务', '药品零售', '特种设备使用单位', '工业产品生产', '成品油经营']; // as in gen.mjs
const ASPECTS = ['经营资质', '进货查验和索证索票', '标签标识', '从业人员管理', '安全管理制度落实', '广告和价格行为'];
const TOWNS = ['城关镇', '东山镇', '西河镇', '南岭镇', '北塘镇', '青石镇', '白沙镇', '黄田乡', '龙泉镇', '桃花乡', '石门镇', '新田镇'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文辉斌鹏宇浩凯婷雪琳'.split('');

const csv = (rows) => '\uFEFF' + rows.map((r) => r.map((x) => (/[",\n]/.test(String(x)) ? `"${String(x).replace(/"/g, '""')}"` : String(x))).join(',')).join('\r\n') + '\r\n';
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
const minIso = (a, b) => (a < b ? a : b);

function setupKey() {
  const hash = (p) => createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 16);
  return { setup: SETUP_VERSION, entities: N, draws: DRAWS, inspectors: PEOPLE, items: ITEMS, targeted: TARGETED, gen: hash(join(HERE, 'gen.mjs')) };
}

function cached() {
  if (flag('--force') || !existsSync(sidecar) || !existsSync(join(ws, 'ssj.json'))) return null;
  try {
    const meta = JSON.parse(readFileSync(sidecar, 'utf8'));
    const want = setupKey();
    return Object.keys(want).every((k) => meta.key?.[k] === want[k]) ? meta : null;
  } catch {
    return null;
  }
}

function ssjSync(argv, today) {
  const r = spawnSync(process.execPath, [SSJ, ...argv], { cwd: existsSync(ws) ? ws : dirname(ws), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, SSJ_TODAY: today, SSJ_USER: 'bench', NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`ssj ${argv.join(" ")} failed (${r.status ?? r.error}):\n${r.stdout?.slice(0, 4000)}\n${r.stderr?.slice(0, 4000)}`);
  return r.stdout;
}

/** Run a command function of dist/cli in this process, with its stdout captured (the --json output). */
async function inProcess(fn, argv, today) {
  process.env.SSJ_TODAY = today;
  process.env.SSJ_USER = 'bench';
  const chunks = [];
  const write = process.stdout.write;
  process.stdout.write = (c, enc, cb) => {
    chunks.push(String(c));
    (typeof enc === 'function' ? enc : cb)?.();
    return true;
  };
  let code;
  try {
    code = await fn(...argv, { cwd: ws });
  } finally {
    process.stdout.write = write;
  }
  const text = chunks.join('');
  if (code !== 0) throw new Error(`exit ${code}: ${text.slice(0, 2000)}`);
  return JSON.parse(text);
}

/** The year's draws: every (item, round), a few merged, re-draws and replacements among them (with --targeted, half of the later rounds 定向 by town). */
function planYear(items, rnd) {
  const draws = []; // { items: [ids], round, count|null, where|null }
  const byCategory = CATEGORIES.map((c) => items.filter((it) => it.target === c).map((it) => it.id));
  // rounds per item so that draws + re-draws come to DRAWS: each round makes one draw per item, minus one per merge
  const redrawEvery = 20;
  for (let round = 1; draws.length < DRAWS; round++) {
    for (const ids of byCategory) {
      if (ids.length === 0) continue;
      const merge = round % 5 === 0 && ids.length >= 2;
      const groups = merge ? [ids.slice(0, 2), ...ids.slice(2).map((id) => [id])] : ids.map((id) => [id]);
      for (const g of groups) {
        const first = round === 1; // the first round of each item draws by the item's ratio over the whole category
        const where = TARGETED && !first && rnd() < 0.5 ? [`区域=${TOWNS[Math.floor(rnd() * TOWNS.length)]}`] : null;
        draws.push({ items: g, round, count: first ? null : 15 + Math.floor(rnd() * 46), where });
        if (draws.length % redrawEvery === 0 && !first) draws.push({ ...draws.at(-1), redraw: true });
        if (draws.length >= DRAWS) break;
      }
      if (draws.length >= DRAWS) break;
    }
  }
  return draws.slice(0, DRAWS);
}

/** The draws' part of the setup, kept when only the results part must be made again (bench/out/…/.bench-draws.json). */
const drawsMarker = () => join(ws, '.bench-draws.json');

async function setup() {
  const t0 = performance.now();
  let marker = null;
  try {
    marker = JSON.parse(readFileSync(drawsMarker(), 'utf8'));
    if (flag('--force') || Object.keys(setupKey()).some((k) => k !== 'setup' && marker.key?.[k] !== setupKey()[k])) marker = null;
  } catch {
    marker = null;
  }
  const { made, replacements, plan } = marker ? (console.error(`setup: reusing the draws of ${ws}`), marker) : await makeDraws(t0);
  return makeResults(made, replacements, plan, t0);
}

async function makeDraws(t0) {
  const rnd = mulberry32(20261122);
  const { file: registry } = await ensureFile('csv', N);
  rmSync(ws, { recursive: true, force: true });
  rmSync(sidecar, { force: true });
  mkdirSync(dirname(ws), { recursive: true });
  ssjSync(['init', ws, '--org', ORG, '--year', String(YEAR)], '2026-01-05');
  const lists = `${ws}-lists`;
  mkdirSync(lists, { recursive: true });
  const roster = [['序号', '姓名', '性别', '单位', '执法证号', '执法类别', '证件有效期', '手机号码']];
  for (let i = 0; i < PEOPLE; i++) {
    const name = SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + (i >= SURNAMES.length * GIVEN.length ? String(i) : '');
    roster.push([i + 1, name, i % 3 ? '男' : '女', ORG, `431122${String(20000 + i)}`, '市场监管综合执法', '2029-12-31', `139${String(10000000 + i * 37)}`]);
  }
  const items = [];
  for (let i = 0; i < ITEMS; i++) {
    const target = CATEGORIES[i % CATEGORIES.length];
    const aspect = ASPECTS[Math.floor(i / CATEGORIES.length) % ASPECTS.length];
    items.push({ id: `SC-${String(i + 1).padStart(3, '0')}`, name: `${target}${aspect}检查`, target, ratio: i % 3 === 0 ? '3%' : '5%' });
  }
  const itemRows = [['事项编号', '抽查事项名称', '检查对象', '检查内容', '抽查比例', '抽查频次', '检查主体', '责任股室'],
    ...items.map((it) => [it.id, it.name, it.target, `${it.name}的有关情况`, it.ratio, '2次/年', ORG, '综合执法大队'])];
  writeFileSync(join(lists, '执法检查人员名录.csv'), csv(roster));
  writeFileSync(join(lists, '随机抽查事项清单.csv'), csv(itemRows));
  ssjSync(['import', 'entities', registry, '--json'], '2026-01-05');
  ssjSync(['import', 'inspectors', join(lists, '执法检查人员名录.csv'), '--json'], '2026-01-05');
  ssjSync(['import', 'items', join(lists, '随机抽查事项清单.csv'), '--json'], '2026-01-05');
  console.error(`setup: lists imported (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  // the draws, spread over the working days (Mon–Fri) of 2026-03-02 … 2026-10-30
  const { draw } = await dist('cli/draw.js');
  const { replace } = await dist('cli/replace.js');
  const days = [];
  for (let d = '2026-03-02'; d <= '2026-10-30'; d = addDays(d, 1)) {
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(d);
  }
  const plan = planYear(items, rnd);
  const digits = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
  const made = [];
  let replacements = 0;
  for (let k = 0; k < plan.length; k++) {
    const p = plan[k];
    const day = days[Math.floor((k * days.length) / plan.length)];
    const opts = {
      item: p.items, round: String(p.round), witness: ['纪检组甲', '纪检组乙'], entropy: [digits(20), digits(20)], operator: '张三', place: '局三楼会议室',
      yes: true, json: true, ...(p.count ? { count: String(p.count) } : {}), ...(p.where ? { where: p.where } : {}),
      ...(p.redraw ? { redraw: true, reason: '见证人未全部到场，本次抽取作废，重新抽取' } : {}),
    };
    let r;
    try {
      r = await inProcess(draw, [opts], day);
    } catch (e) {
      throw new Error(`draw ${k + 1} (${JSON.stringify(p)}) on ${day}: ${e.message}`);
    }
    made.push(r.id);
    // about one replacement (注销) in 33 draws, never on a draw that is re-drawn next
    if (k % 33 === 16 && !plan[k + 1]?.redraw) {
      await inProcess(replace, [r.id, { entity: r.entities[0].code, reason: '注销', operator: '张三', json: true }], day);
      replacements++;
    }
    if ((k + 1) % 50 === 0) console.error(`setup: ${k + 1}/${plan.length} draws (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const summary = { redraws: plan.filter((p) => p.redraw).length, merged: plan.filter((p) => p.items.length > 1).length, targeted: plan.filter((p) => p.where).length };
  writeFileSync(drawsMarker(), JSON.stringify({ key: setupKey(), made, replacements, plan: summary }) + '\n');
  return { made, replacements, plan: summary };
}

async function makeResults(made, replacements, plan, t0) {
  const rnd = mulberry32(20261123);
  rmSync(join(ws, 'results'), { recursive: true, force: true });

  // results for most standing tasks, publications for most of those (some late), written as ssj writes them
  const { loadTasks } = await dist('cli/records.js');
  const { RESULTS_FORMAT } = await dist('core/results.js');
  const { storeVersion, appendPublication } = await dist('io/results.js');
  const { tasks } = await loadTasks(ws);
  const standing = tasks.filter((t) => t.replacedBy.length === 0);
  const LAST = '2026-11-20';
  const pubs = [];
  let withResults = 0;
  let visits = 0;
  for (const t of standing) {
    if (rnd() < 0.08) continue; // no results yet
    const entries = t.visits.map((v) => {
      const x = rnd();
      const found = x < 0.04 ? 'problem' : x < 0.05 ? '注销' : x < 0.055 ? '被吊销' : x < 0.06 ? '迁出' : x < 0.07 ? '通过登记的住所（经营场所）无法联系' : '未发现问题';
      const checkDate = minIso(addDays(t.draw.date, 2 + Math.floor(rnd() * 9)), LAST);
      return {
        code: v.code, name: v.name, items: [...v.items], checkDate, method: rnd() < 0.8 ? '实地检查' : '书面检查',
        result: found === 'problem' ? '发现问题已责令改正' : found,
        problem: found === 'problem' ? '进货查验记录不全' : '',
        disposal: found === 'problem' ? '责令改正' : '无需后续处置',
        deadline: found === 'problem' ? addDays(checkDate, 30) : '',
        remark: '',
      };
    });
    const ended = entries.reduce((m, e) => (e.checkDate > m ? e.checkDate : m), '');
    const importedAt = `${minIso(addDays(ended, 1), LAST)}T09:00:00+08:00`;
    const version = {
      format: RESULTS_FORMAT, task: t.id, recordHash: t.recordHash, version: 1, importedAt, operator: 'bench',
      source: { file: `${t.id} 检查结果填报表.xlsx`, sha256: createHash('sha256').update(JSON.stringify(entries)).digest('hex') }, entries,
    };
    await storeVersion(ws, version); // as ssj results import stores it: a ledger record
    withResults++;
    visits += entries.length;
    const y = rnd();
    if (y < 0.08) continue; // not published yet
    const date = minIso(addDays(ended, y < 0.16 ? 35 + Math.floor(rnd() * 20) : 3 + Math.floor(rnd() * 10)), LAST);
    pubs.push({ task: t.id, date, url: `https://www.example.gov.cn/sjgk/${t.id}`, version: 1, at: `${date}T16:00:00+08:00`, operator: 'bench' });
  }
  pubs.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const p of pubs) await appendPublication(ws, p); // as ssj results publish registers it

  const tv = performance.now();
  ssjSync(['verify', '--all', '--json'], TODAY);
  const verifySeconds = (performance.now() - tv) / 1000;
  const ledger = statSync(join(ws, 'draws', 'ledger.jsonl')).size;
  let recordBytes = 0;
  for (const id of made) recordBytes += statSync(join(ws, 'draws', `${id}.json`)).size;
  const meta = {
    key: setupKey(), created: new Date().toISOString(), seconds: +((performance.now() - t0) / 1000).toFixed(1),
    draws: made.length, redraws: plan.redraws, merged: plan.merged, targeted: plan.targeted, replacements, tasks: standing.length, withResults, visits, published: pubs.length,
    recordMB: +(recordBytes / 1048576).toFixed(1), ledgerBytes: ledger, verifySeconds: +verifySeconds.toFixed(2),
  };
  writeFileSync(sidecar, JSON.stringify(meta, null, 2) + '\n');
  return meta;
}

// ---------------------------------------------------------------------------------------------------------
// Measurement

async function measure(label, argv, k) {
  const rssFile = join(ws, `.rss-${label}-${k}.json`);
  const outFile = join(ws, `.out-${label}-${k}.txt`);
  rmSync(rssFile, { force: true });
  const prof = flag('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir', join(HERE, 'out', 'prof-report', `${label}-${k}`)] : [];
  const t0 = performance.now();
  const child = spawn(process.execPath, [...prof, '--require', RSS_PRELOAD, SSJ, ...argv], {
    cwd: ws, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SSJ_BENCH_RSS_FILE: rssFile, SSJ_TODAY: TODAY, NO_COLOR: '1' },
  });
  const out = [];
  let stderr = '';
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  const seconds = (performance.now() - t0) / 1000;
  writeFileSync(outFile, Buffer.concat(out));
  const rss = existsSync(rssFile) ? JSON.parse(readFileSync(rssFile, 'utf8')) : null;
  return { label, code, seconds, mb: rss ? Math.round(rss.maxRSSKiB / 1024) : null, cpu: rss ? rss.userCPUSeconds + rss.systemCPUSeconds : null, stderr, outFile };
}

/**
 * The machine's pace at the moment of a run, beside the absolute targets (status and export have no baseline of their
 * own): a bare Node start, and a Node writing 64 MB of newly allocated memory (on a virtual machine each new page costs
 * a fault, and slow moments are slow mostly there). Printed only, never part of a target.
 */
function reference() {
  const wall = (code, env = process.env) => {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', code], { stdio: 'ignore', env });
    return (performance.now() - t0) / 1000;
  };
  // (NODE_EXTRA_CA_CERTS, set in some environments for a proxy, makes every Node process parse the whole certificate
  // bundle before it runs anything: ssj never uses it, but pays for it at each start; the bench keeps the variable)
  const { NODE_EXTRA_CA_CERTS: certs, ...without } = process.env;
  return { start: wall('0'), memory: wall('Buffer.alloc(64 << 20, 1)'), startWithoutCerts: certs ? wall('0', without) : null };
}

let meta = cached();
if (meta) console.error(`reusing ${ws} (built ${meta.created}; --force rebuilds)`);
else {
  console.error(`building ${ws} …`);
  meta = await setup();
}
console.error(`workspace: ${N} entities, ${PEOPLE} inspectors, ${ITEMS} items; ${meta.draws} draws (${meta.redraws} re-draws, ${meta.merged} merged, ${meta.targeted} 定向), ${meta.replacements} replacements; ` +
  `${meta.tasks} standing tasks, ${meta.withResults} with results (${meta.visits} entity results), ${meta.published} published; records ${meta.recordMB} MB; setup ${meta.seconds} s, ssj verify --all ${meta.verifySeconds} s`);
if (flag('--setup-only')) process.exit(0);

const xlsx = join(ws, '.report-bench.xlsx');
const results = [];
const load = loadavg().map((x) => x.toFixed(2)).join(' ');
console.error(`load average at start: ${load} (${cpus().length} CPUs)`);
const paces = [];
for (let k = 1; k <= RUNS; k++) {
  paces.push(reference());
  const j = await measure('report --json', ['report', '--json'], k);
  if (j.code === 0) {
    try {
      const r = JSON.parse(readFileSync(j.outFile, 'utf8'));
      j.note = `${r.totals.tasks} tasks, ${r.totals.visits} visits, ${r.items.length} items`;
    } catch (e) {
      j.code = 'bad JSON';
    }
  }
  results.push(j);
  rmSync(xlsx, { force: true });
  const x = await measure('report -o xlsx', ['report', '-o', xlsx], k);
  if (x.code === 0 && !existsSync(xlsx)) x.code = 'no file';
  else if (x.code === 0) x.note = `${(statSync(xlsx).size / 1024).toFixed(0)} KB`;
  results.push(x);
  const st = await measure('status --json', ['status', '--json'], k);
  if (st.code === 0) {
    try {
      st.note = `${JSON.parse(readFileSync(st.outFile, 'utf8')).length} tasks`;
    } catch {
      st.code = 'bad JSON';
    }
  }
  st.target = QUICK_TARGET_SECONDS;
  results.push(st);
  const exported = join(ws, '.results-bench.xlsx');
  rmSync(exported, { force: true });
  const ex = await measure('export results', ['export', 'results', '-o', exported, '--json'], k);
  if (ex.code === 0) {
    try {
      ex.note = `${JSON.parse(readFileSync(ex.outFile, 'utf8')).rows} rows, ${(statSync(exported).size / 1024).toFixed(0)} KB`;
    } catch {
      ex.code = 'bad output';
    }
  }
  ex.target = QUICK_TARGET_SECONDS;
  results.push(ex);
}

console.log(`| step | entities | draws | wall (s) | CPU (s) | peak RSS (MB) | target | result | |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
let failed = false;
for (const r of results) {
  const target = r.target ?? TARGET_SECONDS;
  const ok = r.code === 0 && r.seconds <= target;
  if (!ok) failed = true;
  console.log(`| ${r.label} | ${N} | ${meta.draws} | ${r.seconds.toFixed(2)} | ${r.cpu?.toFixed(2) ?? '?'} | ${r.mb ?? '?'} | ${target} s | ${r.code !== 0 ? `failed (${r.code})` : ok ? 'PASS' : 'FAIL'} | ${r.note ?? ''} |`);
  if (r.code !== 0) console.error(r.stderr.slice(0, 4000) || readFileSync(r.outFile, 'utf8').slice(0, 2000));
}
console.log(`load average at start: ${load}`);
console.log(`machine pace before each run (node -e 0; node writing 64 MB of new memory): ${paces.map((p) => `${p.start.toFixed(2)} s, ${p.memory.toFixed(2)} s`).join('; ')}`);
if (paces.some((p) => p.startWithoutCerts !== null)) {
  console.log(`NODE_EXTRA_CA_CERTS is set: node -e 0 without it (each ssj run above includes the difference): ${paces.map((p) => `${p.startWithoutCerts?.toFixed(2) ?? '?'} s`).join('; ')}`);
}
console.log(failed ? `FAIL: not every run of ssj report (${TARGET_SECONDS} s), status and export results (${QUICK_TARGET_SECONDS} s) over ${meta.draws} draws on ${N} entities is within its target` : `PASS: every run within its target`);
process.exit(failed ? 1 : 0);
