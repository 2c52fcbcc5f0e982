// A temporary folder in which the real ssj binary is run, as xsv's Workdir harness does.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, readdirSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWrittenFiles } from './schemas.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = join(ROOT, 'bin', 'ssj.js');
export const FIXTURES = join(ROOT, 'fixtures');
/** Bureau-shaped files built by fixtures/build.mjs, with what importing them must give in office/expected.json */
export const OFFICE = join(FIXTURES, 'office');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (when it is) */
  json: any;
}

export class Workdir {
  readonly dir: string;
  constructor(name = 'ssj') {
    this.dir = mkdtempSync(join(tmpdir(), `${name}-`));
  }
  path(...p: string[]) {
    return join(this.dir, ...p);
  }
  run(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<RunResult> {
    return new Promise((done) => {
      const child = execFile(
        process.execPath,
        [BIN, ...args],
        {
          cwd: opts.cwd ?? this.dir,
          env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', SSJ_TODAY: '2026-11-22', SSJ_USER: 'tester', ...opts.env },
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          let json: any;
          try {
            json = JSON.parse(stdout);
          } catch {
            json = undefined;
          }
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          done({ code, stdout, stderr, json });
        },
      );
      child.stdin?.end(opts.input ?? '');
    });
  }
  /** ssj init in this folder */
  async init(org = '示例县住房和城乡建设局', year = '2026') {
    const r = await this.run(['init', '--org', org, '--year', year]);
    if (r.code !== 0) throw new Error(`init failed: ${r.stderr}`);
    return r;
  }
  /** init + the four sample lists imported, nothing drawn (ssj demo also draws) */
  async samples(dir: string) {
    const at = { cwd: this.path(dir) };
    const init = await this.run(['init', dir, '--org', '示例县住房和城乡建设局', '--year', '2026']);
    if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
    for (const [kind, name] of [['inspectors', '执法检查人员名录.xlsx'], ['entities', '检查对象名录库.xlsx'], ['items', '随机抽查事项清单.xlsx'], ['conflicts', '回避关系清单.xlsx']]) {
      const r = await this.run(['import', kind!, join(FIXTURES, 'sample', name!)], at);
      if (r.code !== 0) throw new Error(`import ${kind} failed: ${r.stderr}`);
    }
  }
  private copies = 0;
  /** A fresh copy of a prepared workspace (e.g. the one samples() made), in a new folder `<base>-<n>`: its path. */
  copy(base: string, name = `${base}-${++this.copies}`): string {
    const dir = this.path(name);
    cpSync(this.path(base), dir, { recursive: true });
    return dir;
  }
  /** every file below the folder with its size and mtime, to check that nothing changed */
  listing(): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        const st = statSync(p);
        if (st.isDirectory()) walk(p);
        else out[relative(this.dir, p)] = `${st.size}:${st.mtimeMs}:${readFileSync(p).toString('base64').slice(0, 64)}`;
      }
    };
    walk(this.dir);
    return out;
  }
  remove() {
    // every record, ledger line and snapshot ssj wrote here validates against docs/schema/ (test/helpers/schemas.ts)
    const problems = checkWrittenFiles(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
    if (problems.length) throw new Error(`files ssj wrote do not validate against docs/schema/:\n  ${problems.slice(0, 20).join('\n  ')}`);
  }
}
