// ssj init, workspace discovery (like git), help, version and exit codes — through the real binary.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT, Workdir } from '../helpers/workdir.js';

let w: Workdir;
afterEach(() => w?.remove());

describe('ssj init', () => {
  it('creates ssj.json with the defaults and the folders', async () => {
    w = new Workdir();
    const r = await w.run(['init', 'ws', '--org', '示例县住房和城乡建设局', '--year', '2026', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ ok: true, root: w.path('ws') });
    const cfg = JSON.parse(readFileSync(w.path('ws', 'ssj.json'), 'utf8'));
    expect(cfg).toEqual({ org: '示例县住房和城乡建设局', year: 2026, minRatio: 0.05, minRounds: 2, teamSize: 2, disclosureWorkingDays: 20, excludeRepeat: true, riskRatios: null, teamRules: {},
      resultOptions: {
        results: ['未发现问题', '未按规定公示应当公示的信息', '公示信息隐瞒真实情况、弄虚作假', '通过登记的住所（经营场所）无法联系', '发现问题已责令改正', '发现问题待后续处理',
          '不配合检查情节严重', '未发现开展本次抽查涉及的经营活动', '已关闭停业或正在组织清算', '注销', '被吊销', '被撤销', '迁出'],
        methods: ['实地检查', '书面检查', '网络监测', '委托专业机构辅助', '检验检测', '行政部门检查结果或专业意见'],
        disposals: ['无需后续处置', '责令改正', '移送办案机构（案件线索）', '抄告相关部门', '其他'],
      },
      suspendedDrawable: true });
    for (const f of ['snapshots', 'imports', 'draws', 'forms', 'exports', 'results', '说明.txt']) expect(existsSync(w.path('ws', f)), f).toBe(true);
    // 说明.txt names every folder ssj keeps records in, also those made later (plans/, evidence/)
    const readme = readFileSync(w.path('ws', '说明.txt'), 'utf8');
    for (const f of ['snapshots/', 'imports/', 'draws/', 'forms/', 'exports/', 'results/', 'plans/', 'evidence/']) expect(readme, f).toContain(f);
  });

  it('refuses to overwrite an existing workspace', async () => {
    w = new Workdir();
    await w.init();
    const before = readFileSync(w.path('ssj.json'), 'utf8');
    const r = await w.run(['init', '--org', '别的单位']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/已经是一个 ssj 工作区/);
    expect(readFileSync(w.path('ssj.json'), 'utf8')).toBe(before);
  });

  it('without a terminal, a missing --org is a usage error (exit 2), never a prompt', async () => {
    w = new Workdir();
    const r = await w.run(['init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/缺少 --org/);
  });

  it('rejects a bad year', async () => {
    w = new Workdir();
    const r = await w.run(['init', '--org', '某局', '--year', '26']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--year 应为四位年份/);
  });
});

describe('workspace discovery', () => {
  it('finds the workspace from a subfolder, and takes -C', async () => {
    w = new Workdir();
    await w.init();
    mkdirSync(w.path('a', 'b'), { recursive: true });
    const fromSub = await w.run(['list', 'entities', '--json'], { cwd: w.path('a', 'b') });
    expect(fromSub.code).toBe(0);
    expect(fromSub.json).toEqual([]);
    const other = new Workdir();
    try {
      const viaC = await other.run(['-C', w.path('a'), 'list', 'items']);
      expect(viaC.code).toBe(0);
      expect(viaC.stdout).toMatch(/还没有导入随机抽查事项清单/);
    } finally {
      other.remove();
    }
  });

  it('outside a workspace says to run ssj init', async () => {
    w = new Workdir();
    const r = await w.run(['list', 'entities']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/没有 ssj 工作区/);
    expect(r.stderr).toMatch(/ssj init/);
    const j = await w.run(['list', 'entities', '--json']);
    expect(j.json).toMatchObject({ ok: false, error: { code: 'NO_WORKSPACE' } });
  });

  it('names every wrong setting in ssj.json', async () => {
    w = new Workdir();
    await w.init();
    const cfg = JSON.parse(readFileSync(w.path('ssj.json'), 'utf8'));
    writeFileSync(w.path('ssj.json'), JSON.stringify({ ...cfg, minRatio: 5, teamSize: 1 }));
    const r = await w.run(['list', 'items']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/“minRatio”应为0 到 1 之间的小数/);
    expect(r.stderr).toMatch(/“teamSize”应为不小于 2 的整数/);
  });
});

describe('help, version, usage errors', () => {
  it('prints Chinese help for ssj and each command', async () => {
    w = new Workdir();
    const top = await w.run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/用法： ssj \[选项\] \[命令\]/);
    expect(top.stdout).toMatch(/命令：/);
    const imp = await w.run(['import', 'entities', '--help']);
    expect(imp.stdout).toMatch(/--skip-invalid/);
    expect(imp.stdout).toMatch(/导入检查对象名录库/);
  });

  it('help shown because the command is incomplete exits 2 (usage), help asked for exits 0', async () => {
    w = new Workdir();
    // a script that lost its subcommand (ssj results "$SUB" with SUB empty) must not read the help as done
    for (const args of [[], ['import'], ['results'], ['help', 'bogus']]) {
      const r = await w.run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/用法： ssj/);
    }
    for (const args of [['help'], ['help', 'draw'], ['--help'], ['results', '--help'], ['import', 'entities', '--help']]) {
      expect((await w.run(args)).code, args.join(' ')).toBe(0);
    }
  });

  it('prints the version from package.json', async () => {
    w = new Workdir();
    const r = await w.run(['--version']);
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8'));
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('unknown commands and options exit 2 with a Chinese message', async () => {
    w = new Workdir();
    const a = await w.run(['impotr']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/不认识的命令 impotr/);
    const b = await w.run(['import', 'entities', 'x.xlsx', '--bogus']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/不认识的选项 --bogus/);
    const c = await w.run(['list', 'people']);
    expect(c.code).toBe(2);
    // too many arguments (a file name with a space, not quoted): in Chinese, naming the command, with the likely cause
    const d = await w.run(['-C', w.path(), 'draw', 'replace', '2026-001', '抽取', '结果', '--json']);
    expect([d.code, d.json.error.code]).toEqual([2, 'USAGE']);
    expect(d.json.error.message).toBe('参数太多了：ssj draw replace 只接受 1 个参数，现在有 3 个（文件名或文字中有空格时，请用英文引号括起来，如 "2026年度 抽取结果.xlsx"）');
    const e = await w.run(['status', 'x']);
    expect(e.stderr).toContain('参数太多了：ssj status 不接受参数，现在有 1 个');
    expect(e.stderr).not.toMatch(/too many|Expected/);
    // -C after the command (it names the workspace for every command: before it, as in git)
    const late = await w.run(['draw', 'replace', '2026-001', '-C', w.path()]);
    expect([late.code, late.stderr.split('\n')[0]]).toEqual([2, '✖ -C 要写在命令之前，如 ssj -C 工作区目录 draw replace …']);
    // a mistyped subcommand is an argument to its parent: the subcommand meant is named
    const f = await w.run(['draw', 'replce', '2026-001', '--json']);
    expect([f.code, f.json.error.message]).toEqual([2, 'ssj draw 没有子命令「replce」（是不是要用 ssj draw replace？）']);
    const g = await w.run(['draw', '2026-001']);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('ssj draw 没有子命令「2026-001」：它的子命令有 replace、announce');
  });

  it('--json errors always have code, message and hint; a usage error says where the usage is; -C after the command says where it goes', async () => {
    w = new Workdir();
    mkdirSync(w.path('ws'));
    await w.run(['init', 'ws', '--org', '示例县住房和城乡建设局', '--year', '2026']);
    const at = { cwd: w.path('ws') };
    // found by commander (unknown command, unknown option, missing argument) and by ssj itself (no hint of its own)
    const cases: [string[], RegExp][] = [
      [['impotr', '--json'], /^用 ssj --help 或 ssj <命令> --help 查看用法$/],
      [['draw', '--bogus', '--json'], /^用 ssj draw --help 查看用法$/],
      [['draw', 'replace', '--json'], /^用 ssj draw replace --help 查看用法$/],
      [['list', 'items', '--status', 'gone', '--json'], /^用 ssj list --help 查看用法$/],
      [['status', '-C', w.path('ws'), '--json'], /^用 ssj status --help 查看用法$/], // (the message says -C goes before the command)
    ];
    for (const [args, hint] of cases) {
      const r = await w.run(args, at);
      expect([r.code, r.json?.ok, r.json?.error?.code], args.join(' ')).toEqual([2, false, 'USAGE']);
      expect(Object.keys(r.json.error).sort(), args.join(' ')).toEqual(['code', 'hint', 'message']);
      expect(r.json.error.hint, args.join(' ')).toMatch(hint);
      // the same hint on the terminal
      const t = await w.run(args.filter((a) => a !== '--json'), at);
      expect(t.stderr, args.join(' ')).toContain(r.json.error.hint);
    }
    // not a usage error: the key is there, null when the command has nothing to add
    const nf = await w.run(['results', 'sheet', '2026-009', '--json'], at);
    expect(nf.json.error).toHaveProperty('hint');
  });

  it('ssj --help does not load exceljs', () => {
    const script = `
      const { main } = await import(${JSON.stringify(`${ROOT}/dist/cli/main.js`)});
      const write = process.stdout.write; process.stdout.write = () => true;
      await main(['node', 'ssj', '--help']);
      process.stdout.write = write;
      const { createRequire } = await import('node:module');
      const cache = createRequire(import.meta.url).cache;
      console.log(JSON.stringify(Object.keys(cache).filter((k) => k.includes('exceljs') || k.includes('inquirer'))));`;
    const loaded = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(loaded).toEqual([]);
  });
});

describe('Ctrl-C in a script (stdin not a terminal)', () => {
  it('exits 130 with the INTERRUPTED error as JSON on stdout (--json), one line on stderr, and the lock released', async () => {
    w = new Workdir();
    await w.run(['init', 'ws', '--org', '示例县住房和城乡建设局', '--year', '2026']);
    const ws = w.path('ws');
    // every fsync made slow (a preloaded shim), so the import is still running, holding the lock, when Ctrl-C comes
    const shim = pathToFileURL(join(ROOT, 'test', 'helpers', 'fsync-shim.mjs')).href;
    const child = spawn(process.execPath, ['--import', shim, BIN, 'import', 'items', join(FIXTURES, 'sample', '随机抽查事项清单.xlsx'), '--json'], {
      cwd: ws, env: { ...process.env, NO_COLOR: '1', SSJ_TODAY: '2026-11-22', SHIM_FSYNC_DELAY_MS: '2000' }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('close', (code, signal) => done({ code, signal })));
    // the lock is taken under the command, after ssj has set up its Ctrl-C handling
    for (let i = 0; i < 400 && !existsSync(join(ws, '.ssj.lock')) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(join(ws, '.ssj.lock')), stderr).toBe(true);
    child.kill('SIGINT');
    const { code, signal } = await exited;
    // before: killed by the signal (no exit code for a Python or Node caller, nothing on stdout)
    expect([code, signal], stderr).toEqual([130, null]);
    const out = JSON.parse(stdout);
    expect(out).toEqual({ ok: false, error: { code: 'INTERRUPTED', message: expect.stringContaining('已中断'), hint: null } });
    expect(stderr.trim()).toBe(`✖ ${out.error.message}`);
    expect(existsSync(join(ws, '.ssj.lock'))).toBe(false);
  }, 60_000);
});
