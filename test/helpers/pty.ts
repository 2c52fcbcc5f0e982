// A command run in a pseudo-terminal of a given size, through util-linux `script` (no native module): keys are
// written to it, its screen output is read as text (escape sequences removed), and it can be killed (SIGKILL)
// by pid. Tests using it skip where `script` is missing.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export const hasScript = (() => {
  const r = spawnSync('script', ['--version'], { encoding: 'utf8' });
  return r.status === 0 && /util-linux/.test(r.stdout + r.stderr);
})();

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Text of terminal output: CSI/OSC sequences and carriage returns removed. */
export const screenText = (raw: string) => raw.replace(/\x1b\][^\x07]*\x07/g, '').replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '').replace(/\r/g, '');

export class Pty {
  readonly child: ChildProcess;
  raw = '';
  /** how far waitFor has read (in the text) */
  private seen = 0;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  pid: number | null = null;

  constructor(argv: string[], opts: { cwd: string; env?: Record<string, string>; cols?: number; rows?: number }) {
    const cmd = `stty cols ${opts.cols ?? 80} rows ${opts.rows ?? 24}; echo PID:$$; exec ${argv.map(quote).join(' ')}`;
    this.child = spawn('script', ['-qfec', cmd, '/dev/null'], {
      cwd: opts.cwd,
      env: { ...process.env, TERM: 'xterm', NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => {
      this.raw += d.toString('utf8');
      if (this.pid === null) {
        const m = /PID:(\d+)/.exec(this.raw);
        if (m) this.pid = Number(m[1]);
      }
    });
    this.child.stderr!.on('data', (d: Buffer) => (this.raw += d.toString('utf8')));
    this.exited = new Promise((done) => this.child.on('exit', (code, signal) => done({ code, signal })));
  }

  get text(): string {
    return screenText(this.raw);
  }

  /** Wait until `what` appears after what was already waited for; returns the text up to it. */
  async waitFor(what: string, timeout = 40_000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const t = this.text;
      const i = t.indexOf(what, this.seen);
      if (i >= 0) {
        this.seen = i + what.length;
        return t.slice(0, this.seen);
      }
      if (Date.now() - start > timeout) throw new Error(`timed out waiting for「${what}」; screen so far:\n${t.slice(-2000)}`);
      if (this.child.exitCode !== null) {
        await new Promise((r) => setTimeout(r, 100));
        if (this.text.indexOf(what, this.seen) >= 0) continue;
        throw new Error(`exited (${this.child.exitCode}) before「${what}」; screen:\n${this.text.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** Whether `what` appears (after what was waited for) within `ms`, without moving past it. */
  async appeared(what: string, ms = 1500): Promise<boolean> {
    const start = Date.now();
    while (Date.now() - start < ms) {
      if (this.text.indexOf(what, this.seen) >= 0) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  /** Keys as typed (e.g. '\r' for Enter, '\x03' for Ctrl-C), after a short pause so the prompt is reading. */
  async type(keys: string): Promise<void> {
    await new Promise((r) => setTimeout(r, 120));
    this.child.stdin!.write(keys);
  }

  /** SIGKILL to the command itself (not to script). */
  kill9(): void {
    if (this.pid === null) throw new Error('no pid yet');
    process.kill(this.pid, 'SIGKILL');
  }

  async exit(timeout = 40_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const t = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`did not exit; screen:\n${this.text.slice(-2000)}`)), timeout)));
    try {
      return await Promise.race([this.exited, t]);
    } finally {
      clearTimeout(timer);
      this.child.stdin!.end();
    }
  }
}
