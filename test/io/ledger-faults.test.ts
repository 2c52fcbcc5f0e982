// Fault injection (not timed): ssj killed with SIGKILL at seeded random moments of import, draw, draw replace,
// results import, export and form, also with slow and failing fsync (a preloaded shim, test/helpers/fsync-shim.mjs);
// after every kill `ssj verify --all` passes, the next draw succeeds, and no temporary file or journal is left.
// Then parallel draws, and a stale lock taken over by several processes at once.
import ExcelJS from 'exceljs';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, Workdir, type RunResult } from '../helpers/workdir.js';
import { hasScript, Pty } from '../helpers/pty.js';

const SHIM = join(ROOT, 'test', 'helpers', 'fsync-shim.mjs');
const W = ['--witness', '王五'];
const ITEMS = ['ZJ-001', 'ZJ-002', 'ZJ-003', 'ZJ-004'];

/** mulberry32: the kill moments come from a fixed seed (the outcome must not depend on them anyway) */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const made: Workdir[] = [];
let w: Workdir;
let ws: string;
let sheets: string[];
let drawn = 0;

/** Run ssj in the workspace, killing it with SIGKILL after `killAfter` ms (if still running). */
function launch(args: string[], opts: { killAfter?: number; env?: Record<string, string>; shim?: boolean } = {}): Promise<RunResult & { killed: boolean; ms: number }> {
  return new Promise((done) => {
    const t0 = Date.now();
    const argv = [...(opts.shim ? ['--import', pathToFileURL(SHIM).href] : []), BIN, ...args];
    const child = spawn(process.execPath, argv, {
      cwd: ws,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', SSJ_TODAY: '2026-11-22', SSJ_USER: 'tester', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let killed = false;
    const timer = opts.killAfter !== undefined ? setTimeout(() => { killed = child.kill('SIGKILL'); }, opts.killAfter) : null;
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      let json: any;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      done({ code: code ?? 137, stdout, stderr, json, killed: killed && code === null, ms: Date.now() - t0 });
    });
  });
}

const ledger = () => (existsSync(join(ws, 'draws', 'ledger.jsonl')) ? readFileSync(join(ws, 'draws', 'ledger.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : []);

/** every temp file (tempPathFor's names), journal or takeover guard below the workspace */
function leftovers(dir = ws): string[] {
  const found: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) found.push(...leftovers(p));
    else if (/\.tmp$|^\.ssj-journal|\.takeover$|^\.ssj\.lock$/.test(n)) found.push(p.slice(ws.length + 1));
  }
  return found;
}

async function nextDraw(extra: { shim?: boolean; env?: Record<string, string> } = {}) {
  const item = ITEMS[drawn % ITEMS.length]!;
  const r = await launch(['draw', '--item', item, '--count', '1', '--seed', `s${drawn}`, ...W, '--json'], extra);
  drawn++;
  return r;
}

/** After a kill: verify --all passes (an interrupted write is finished or rolled back, never called tampering), the next draw succeeds, nothing left behind. */
async function afterFault(what: string) {
  const v = await launch(['verify', '--all', '--json']);
  expect(v.code, `${what}: verify\n${v.stdout}${v.stderr}`).toBe(0);
  expect(v.json.chain.ok).toBe(true);
  expect(v.stderr).not.toMatch(/被插入|篡改/);
  const before = ledger().length;
  const d = await nextDraw();
  expect(d.code, `${what}: next draw\n${d.stderr}`).toBe(0);
  const after = ledger();
  expect(after.length).toBe(before + 1);
  expect(after.at(-1).id).toBe(d.json.id);
  expect(new Set(after.map((e: any) => e.id)).size).toBe(after.length); // ids never collide
  expect(leftovers(), what).toEqual([]);
}

async function fillSheet(task: string, remark: string, out: string) {
  const r = await launch(['results', 'sheet', task, '-o', out, '--json']);
  if (r.code !== 0) throw new Error(r.stderr);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const sh = wb.getWorksheet('检查结果')!;
  for (let row = 6; sh.getCell(row, 2).value; row++) {
    sh.getCell(row, 6).value = '2026-11-22';
    sh.getCell(row, 7).value = '实地检查';
    sh.getCell(row, 8).value = '未发现问题';
    sh.getCell(row, 10).value = '无需后续处置';
    sh.getCell(row, 12).value = remark;
  }
  await wb.xlsx.writeFile(out);
}

beforeAll(async () => {
  w = new Workdir('ssj-faults');
  made.push(w);
  await w.samples('ws');
  ws = w.path('ws');
  const d = await nextDraw();
  if (d.code !== 0) throw new Error(d.stderr);
  sheets = [w.path('a.xlsx'), w.path('b.xlsx')];
  await fillSheet('2026-001', '第一版', sheets[0]!);
  await fillSheet('2026-001', '第二版', sheets[1]!);
}, 120_000);
afterAll(() => made.forEach((x) => x.remove()));

describe('SIGKILL at random moments', () => {
  const rand = prng(20261122);
  /** a command to kill, and how long it runs when not killed (measured once, so the kill lands inside it) */
  const scenarios: { name: string; n: number; args: () => string[]; shim?: boolean; env?: Record<string, string> }[] = [
    { name: 'import', n: 4, args: () => ['import', 'entities', join(FIXTURES, 'sample', '检查对象名录库.xlsx')] },
    { name: 'draw', n: 6, args: () => ['draw', '--item', ITEMS[drawn % ITEMS.length]!, '--count', '1', '--seed', `k${drawn}`, ...W, '--json'] },
    { name: 'draw replace', n: 5, args: () => replaceArgs() },
    { name: 'results import', n: 5, args: () => ['results', 'import', sheets[drawn % 2]!, '--json'] },
    { name: 'export', n: 3, args: () => ['export', 'draws', '--json'] },
    { name: 'form', n: 3, args: () => ['form', '2026-001', '--json'] },
    { name: 'draw, slow fsync', n: 4, shim: true, env: { SHIM_FSYNC_DELAY_MS: '40' }, args: () => ['draw', '--item', ITEMS[drawn % ITEMS.length]!, '--count', '1', '--seed', `f${drawn}`, ...W, '--json'] },
    { name: 'draw replace, slow fsync', n: 2, shim: true, env: { SHIM_FSYNC_DELAY_MS: '40' }, args: () => replaceArgs() },
    { name: 'results import, slow fsync', n: 2, shim: true, env: { SHIM_FSYNC_DELAY_MS: '40' }, args: () => ['results', 'import', sheets[drawn % 2]!, '--json'] },
  ];
  function replaceArgs() {
    const last = ledger().filter((e: any) => e.kind === 'draw').at(-1);
    const rec = JSON.parse(readFileSync(join(ws, last.file), 'utf8'));
    return ['draw', 'replace', rec.id, '--entity', rec.entities[0].code, '--reason', '注销', '--json'];
  }

  for (const s of scenarios) {
    it(`${s.name}: killed ${s.n} times, each followed by verify --all passing and a successful draw`, async () => {
      const full = await launch(s.args(), { shim: s.shim, env: s.env }); // how long it takes when left alone
      expect(full.code, full.stderr).toBe(0);
      await afterFault(`${s.name} (not killed)`);
      let kills = 0;
      // (a busy machine runs a command slower than its first, measured run: when no kill has landed inside a run
      // after the n planned, a few more aim at its first half, so that at least one lands)
      for (let i = 0; i < s.n || (kills === 0 && i < s.n + 6); i++) {
        const at = Math.floor(rand() * full.ms * (i < s.n ? 1.1 : 0.5));
        const before = ledger().length;
        const r = await launch(s.args(), { killAfter: at, shim: s.shim, env: s.env });
        if (r.killed) kills++;
        else expect(r.code, r.stderr).toBe(0);
        // before or after: the interrupted command added at most its own lines
        const now = ledger().length;
        expect(now === before || now === before + 1 || (r.killed && now === before)).toBe(true);
        await afterFault(`${s.name} killed after ${at} ms`);
      }
      expect(kills).toBeGreaterThan(0);
    }, 600_000);
  }

  it.skipIf(!hasScript)('Ctrl-C during a draw replace on a slow disk (in a terminal): the one line it says is true (nothing changed; maybe saved; saved)', async () => {
    const env = { NO_COLOR: '1', SSJ_TODAY: '2026-11-22', SSJ_USER: 'tester', SHIM_FSYNC_DELAY_MS: '150' };
    const argv = () => ['node', '--import', pathToFileURL(SHIM).href, BIN, ...replaceArgs()];
    const t0 = Date.now();
    const first = new Pty(argv(), { cwd: ws, env });
    expect((await first.exit()).code, first.text).toBe(0);
    const ms = Date.now() - t0;
    await afterFault('replace in a terminal, slow disk (not interrupted)');
    const said = { none: 0, maybe: 0, saved: 0 };
    // (Ctrl-C at random moments; a few more, aimed at the second half, until one lands in or after the save)
    for (let i = 0; i < 6 || (said.maybe + said.saved === 0 && i < 14); i++) {
      const before = ledger().length;
      const p = new Pty(argv(), { cwd: ws, env });
      await new Promise((r) => setTimeout(r, Math.floor(ms * (i < 6 ? rand() : 0.5 + rand() / 2))));
      if (p.pid !== null && p.child.exitCode === null) {
        try {
          process.kill(p.pid, 'SIGINT'); // (what Ctrl-C sends to the command in the terminal)
        } catch {
          // exited meanwhile
        }
      }
      const code = (await p.exit()).code;
      const text = p.text;
      // the next command finishes (or undoes) a save under way
      const v = await launch(['verify', '--all', '--json']);
      expect(v.code, v.stdout).toBe(0);
      const added = ledger().length - before;
      if (code === 0) expect(added).toBe(1);
      else {
        expect(code, text).toBe(130);
        if (text.includes('"ok": true')) {
          // Ctrl-C as Node was exiting, after the command had finished and said so: the signal ends the process
          // before its own exit code (there is no handler left to run), and the record is saved
          said.saved++;
          expect(added, text).toBe(1);
        } else if (!text.includes('✖')) {
          // Ctrl-C while Node was still starting, before ssj took it over: killed by it, with nothing written
          said.none++;
          expect(added, text).toBe(0);
        } else if (text.includes('没有做任何更改')) {
          said.none++;
          expect(added, text).toBe(0);
        } else if (text.includes('可能已经保存')) {
          said.maybe++;
          expect([0, 1]).toContain(added);
        } else {
          expect(text).toMatch(/补抽记录 2026-\d{3}-R\d+ 已经保存（可用 ssj form 2026-\d{3} 查看），不要重做/);
          said.saved++;
          expect(added).toBe(1);
        }
      }
      await afterFault(`replace in a terminal, slow disk, Ctrl-C ${i}`);
    }
    expect(said.maybe + said.saved, JSON.stringify(said)).toBeGreaterThan(0);
  }, 600_000);

  it('a failing fsync (EIO) at any of the first writes of a draw: the draw fails, nothing is half-written', async () => {
    for (const failAt of [1, 2, 3, 5, 8]) {
      const before = ledger().length;
      const r = await launch(['draw', '--item', ITEMS[drawn % ITEMS.length]!, '--count', '1', '--seed', `e${drawn}`, ...W, '--json'], { shim: true, env: { SHIM_FSYNC_FAIL_AT: String(failAt) } });
      const now = ledger().length;
      if (r.code === 0) expect(now).toBe(before + 1); // the failing fsync came after the commit was complete
      else expect(now === before || now === before + 1).toBe(true);
      await afterFault(`fsync failing at call ${failAt}`);
    }
  }, 600_000);
});

describe('several processes at once', () => {
  it('parallel draws: each succeeds or is told the workspace is busy; the chain stays whole, ids distinct', async () => {
    const before = ledger().length;
    const runs = await Promise.all([0, 1, 2, 3].map((k) => launch(['draw', '--item', ITEMS[k]!, '--count', '1', '--seed', `p${k}`, ...W, '--json'])));
    const ok = runs.filter((r) => r.code === 0);
    for (const r of runs.filter((x) => x.code !== 0)) expect(r.json?.error?.code, r.stdout + r.stderr).toBe('WORKSPACE_BUSY');
    expect(ok.length).toBeGreaterThan(0);
    const after = ledger();
    expect(after.length).toBe(before + ok.length);
    expect(new Set(ok.map((r) => r.json.id)).size).toBe(ok.length);
    const v = await launch(['verify', '--all', '--json']);
    expect(v.code, v.stdout).toBe(0);
  }, 300_000);

  it('a stale lock taken over by several processes at once: never two holders', async () => {
    // a lock left by a process that is gone
    const gone = spawn(process.execPath, ['-e', '']);
    const pid = await new Promise<number>((r) => gone.on('close', () => r(gone.pid!)));
    const lock = join(ws, '.ssj.lock');
    const log = w.path('holders.log');
    writeFileSync(log, '');
    const script = `
      import { appendFileSync } from 'node:fs';
      import { withLock } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'io', 'lock.js')).href)};
      const [root, log, start] = process.argv.slice(1); // node -e script root log start
      while (Date.now() < Number(start)) {} // all at the same moment: the race is on
      try {
        await withLock(root, async () => {
          appendFileSync(log, 'in ' + process.pid + '\\n');
          await new Promise((r) => setTimeout(r, 300));
          appendFileSync(log, 'out ' + process.pid + '\\n');
        });
      } catch (e) {
        if (e.code !== 'WORKSPACE_BUSY') throw e;
        appendFileSync(log, 'busy ' + process.pid + '\\n');
      }`;
    for (let round = 0; round < 3; round++) {
      writeFileSync(lock, `${pid} 1 stale${round}`);
      const start = String(Date.now() + 2500);
      const kids = await Promise.all([0, 1, 2, 3, 4].map(() => new Promise<number>((done) => {
        const c = spawn(process.execPath, ['--input-type=module', '-e', script, ws, log, start], { stdio: 'inherit' });
        c.on('close', (code) => done(code ?? 1));
      })));
      expect(kids.every((c) => c === 0)).toBe(true);
    }
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    // every "in" is followed directly by the same process's "out": no two holders at any moment
    let holder: string | null = null;
    let holds = 0;
    for (const l of lines) {
      const [what, p] = l.split(' ');
      if (what === 'in') {
        expect(holder, lines.join('\n')).toBeNull();
        holder = p!;
        holds++;
      } else if (what === 'out') {
        expect(holder).toBe(p);
        holder = null;
      }
    }
    expect(holds).toBeGreaterThanOrEqual(3); // each stale lock was taken over by someone
    expect(existsSync(lock)).toBe(false);
    expect(readdirSync(ws).filter((n) => n.endsWith('.takeover'))).toEqual([]);
  }, 300_000);
});
