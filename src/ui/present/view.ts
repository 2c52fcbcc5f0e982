// ssj draw --present: the witnessed, projected draw, shown step by step on the terminal (PresentDrawView).
// Full screen (the terminal's alternate screen, cursor hidden), bright white on black, one step at a time,
// advanced with Enter:
//   1 the pool → 2 each witness types digits → 3 the seed → 4 the drawn entities, revealed one by one →
//   5 the inspection teams, page by page → 6 the saved record (id, hash, file) → Enter closes.
//
// The frame layout is pure (renderFrame in frame.ts and the screens it lays out: lines for a size and a step's
// state), so it is tested without a terminal; PresentDrawView (here) owns the terminal: raw-mode keys (keys.ts),
// one write per frame (terminal.ts), resize, restore.
//
// The record is written and chained as soon as the seed is fixed (after the last witness's Enter), before the seed
// screen: the seed, reveal and teams screens say so (id and hash) on their second line. Ctrl-C before that (steps
// 1-2) throws DrawCancelled (exit code 130: nothing drawn, nothing saved); on steps 3-5 it throws Interrupted (exit
// 130, the record stands); on step 6 it closes like Enter.
//
// The pool and seed screens stay up after pool() / seed() return: the draw command's warnings (view.warn) for
// those steps arrive afterwards and are shown on the same screen; the Enter that leaves such a screen is read at
import chalk from 'chalk';
import { SsjError } from '../../core/errors.js';
import { hashLines } from '../hash-lines.js';
import type { Visit } from '../../core/draw.js';
import { visitsTable, type DrawView, type PoolInfo, type SavedInfo, type SeedInfo } from '../draw-view.js';
import { pageCount, pageOf, renderFrame, revealPages, teamPages } from './frame.js';
import { geometry, type Size } from './geometry.js';
import { isBack, isForward, onKeys, type Key } from './keys.js';
import type { Screen } from './screens.js';
import { clearScreen, ENTER_SCREEN, frameText, LEAVE_SCREEN, type KeyInput, type ScreenOutput } from './terminal.js';

/** Ctrl-C during a projected draw: nothing was drawn or saved. Exit code 130, as for SIGINT. */
export class DrawCancelled extends SsjError {
  constructor() {
    super('INTERRUPTED', '已中断，没有抽取');
  }
  override get exitCode(): number {
    return 130;
  }
}

/** Ctrl-C after the record is saved: the draw stands. Exit code 130. */
export class DrawInterrupted extends SsjError {
  constructor(saved: SavedInfo) {
    super('INTERRUPTED', `已中断；抽取记录 ${saved.id} 已保存（哈希 ${saved.hash.slice(0, 16)}…），抽取已经生效，可用 ssj form ${saved.id} 查看`);
  }
  override get exitCode(): number {
    return 130;
  }
}

export interface PresentOptions {
  input?: KeyInput;
  output?: ScreenOutput;
  /** restore the terminal on process exit and turn SIGINT into a cancel (default: when using process.stdin) */
  processHooks?: boolean;
}

export class PresentDrawView implements DrawView {
  private readonly input: KeyInput;
  private readonly output: ScreenOutput;
  private readonly hooks: boolean;
  private active = false;
  private closed = false;
  private screen: Screen | null = null;
  private title = '';
  /** a pool or seed screen is up, waiting for the Enter that the next step reads */
  private pending = false;
  /** warnings for the next pool/seed screen, when they arrive with none on screen */
  private carried: string[] = [];
  private queue: Key[] = [];
  private waiter: ((k: Key) => void) | null = null;
  private stopKeys: (() => void) | null = null;
  private finished: { visits: readonly Visit[]; itemNames: Map<string, string>; saved: SavedInfo | null } | null = null;
  /** the record, once saved: from then on Ctrl-C leaves it standing (DrawInterrupted) */
  private savedInfo: SavedInfo | null = null;
  private savedField(): { saved?: SavedInfo } {
    return this.savedInfo ? { saved: this.savedInfo } : {};
  }

  constructor(opts: PresentOptions = {}) {
    this.input = opts.input ?? (process.stdin as unknown as KeyInput);
    this.output = opts.output ?? (process.stdout as unknown as ScreenOutput);
    this.hooks = opts.processHooks ?? this.input === (process.stdin as unknown as KeyInput);
    if (!this.input.isTTY || typeof this.input.setRawMode !== 'function' || !this.output.isTTY) {
      throw new SsjError('NOT_INTERACTIVE', '--present（投屏模式）需要在终端中运行');
    }
  }

  // ── DrawView ──

  async pool(info: PoolInfo): Promise<void> {
    this.start();
    this.title = `${info.org} ${info.taskName}`;
    this.show({ step: 'pool', title: this.title, info, warnings: this.takeCarried(), page: 0 });
    this.pending = true;
  }

  async ready(): Promise<void> {
    await this.settle();
  }

  async entropy(witnesses: string[], digits?: number): Promise<string[]> {
    await this.settle();
    const s: Extract<Screen, { step: 'entropy' }> = { step: 'entropy', title: this.title, witnesses, values: [], typed: '', notice: '', ...(digits !== undefined ? { digits } : {}) };
    this.show(s);
    while (s.values.length < witnesses.length) {
      const k = await this.key();
      s.notice = '';
      if (k.name === 'char') {
        const d = k.ch.normalize('NFKC');
        if (/^[0-9]$/.test(d)) s.typed += d;
        else if (d !== ' ') s.notice = '只能输入数字';
      } else if (k.name === 'backspace') s.typed = s.typed.slice(0, -1);
      else if (k.name === 'enter') {
        if (s.typed === '') s.notice = '请至少输入一个数字';
        else {
          s.values.push(s.typed);
          s.typed = '';
        }
      }
      if (s.values.length < witnesses.length) this.draw();
    }
    return [...s.values];
  }

  async seed(info: SeedInfo): Promise<void> {
    await this.settle();
    if (info.saved) this.savedInfo = info.saved;
    this.show({ step: 'seed', title: this.title, info, warnings: this.takeCarried(), page: 0, ...this.savedField() });
    this.pending = true;
  }

  warn(messages: string[]): void {
    const s = this.screen;
    if (s && (s.step === 'pool' || s.step === 'seed') && this.pending) {
      s.warnings.push(...messages);
      this.draw();
    } else this.carried.push(...messages);
  }

  async result(visits: readonly Visit[], itemNames: Map<string, string>, saved?: SavedInfo): Promise<void> {
    await this.settle();
    if (saved) this.savedInfo = saved;
    // 4: reveal one by one
    const r: Extract<Screen, { step: 'reveal' }> = { step: 'reveal', title: this.title, visits, itemNames, shown: 0, first: 0, ...this.savedField() };
    this.show(r);
    const n = visits.length;
    for (;;) {
      const k = await this.key();
      const ranges = revealPages(visits, itemNames, this.size());
      const p = pageOf(ranges, r.first);
      const [, end] = ranges[p]!;
      if (isForward(k)) {
        if (r.shown < end) r.shown++;
        else if (p < ranges.length - 1) {
          r.first = ranges[p + 1]![0];
          if (r.shown === r.first) r.shown++;
        } else if (r.shown >= n) break;
      } else if (k.name === 'char' && k.ch.toLowerCase() === 'a') r.shown = n;
      else if (isBack(k) && p > 0) r.first = ranges[p - 1]![0];
      else continue;
      this.draw();
    }
    // 5: teams, page by page
    const t: Extract<Screen, { step: 'teams' }> = { step: 'teams', title: this.title, visits, first: 0, ...this.savedField() };
    this.show(t);
    for (;;) {
      const k = await this.key();
      const ranges = teamPages(visits, this.size());
      const p = pageOf(ranges, t.first);
      if (isForward(k)) {
        if (p < ranges.length - 1) t.first = ranges[p + 1]![0];
        else break;
      } else if (isBack(k) && p > 0) t.first = ranges[p - 1]![0];
      else continue;
      this.draw();
    }
    this.finished = { visits, itemNames, saved: null };
  }

  async saved(info: SavedInfo): Promise<void> {
    await this.settle();
    this.savedInfo = info;
    if (this.finished) this.finished.saved = info;
    const s: Extract<Screen, { step: 'saved' }> = { step: 'saved', title: this.title, info, page: 0 };
    this.show(s);
    // the record is written: Ctrl-C now just closes
    await this.pageThrough(s, false);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.restore();
    const f = this.finished;
    if (f?.saved) {
      // the alternate screen is gone: leave the result in the terminal's scrollback
      const lines = [
        chalk.bold(this.title),
        // fitted to this terminal (not stdout's)
        visitsTable(f.visits, this.size().columns),
        '',
        `抽取记录 ${chalk.bold(f.saved.id)} 已保存：${f.saved.file}`,
        `记录哈希：${f.saved.hash}`,
        ...hashLines(f.saved.hash).map((l) => chalk.bold(l)),
        chalk.dim(`任何人可复核：ssj verify ${f.saved.id}`),
      ];
      this.output.write(lines.join('\n') + '\n');
    }
  }

  // ── terminal ──

  private size(): Size {
    return { columns: this.output.columns || 80, rows: this.output.rows || 24 };
  }

  private start() {
    if (this.active || this.closed) return;
    this.active = true;
    this.input.setRawMode!(true);
    this.stopKeys = onKeys(this.input, (k) => this.push(k));
    this.input.on('end', this.onEnd);
    this.input.resume();
    this.output.on('resize', this.onResize);
    if (this.hooks) {
      process.on('exit', this.onExit);
      process.on('SIGINT', this.onSigint);
      process.on('SIGTERM', this.onKill);
      process.on('SIGHUP', this.onKill);
    }
    this.output.write(ENTER_SCREEN + clearScreen());
  }

  private restore() {
    if (!this.active) return;
    this.active = false;
    this.stopKeys?.();
    this.stopKeys = null;
    this.input.off('end', this.onEnd);
    this.output.off('resize', this.onResize);
    if (this.hooks) {
      process.off('exit', this.onExit);
      process.off('SIGINT', this.onSigint);
      process.off('SIGTERM', this.onKill);
      process.off('SIGHUP', this.onKill);
    }
    try {
      this.input.setRawMode!(false);
    } catch {
      // the terminal may already be gone
    }
    this.input.pause();
    try {
      this.output.write(LEAVE_SCREEN);
    } catch {
      // likewise
    }
  }

  private readonly onEnd = () => this.push({ name: 'ctrl-c' });
  private readonly onResize = () => {
    this.output.write(clearScreen());
    this.draw();
  };
  private readonly onExit = () => this.restore();
  /** SIGTERM, SIGHUP: the terminal back as it was, then the usual exit code for the signal */
  private readonly onKill = (signal: NodeJS.Signals) => {
    this.restore();
    process.exit(signal === 'SIGHUP' ? 129 : 143);
  };
  private sigints = 0;
  private readonly onSigint = () => {
    // a SIGINT from outside (kill -INT): cancel at the next key read; a second one leaves at once
    if (++this.sigints > 1) {
      this.restore();
      process.stderr.write(`✖ ${(this.savedInfo ? new DrawInterrupted(this.savedInfo) : new DrawCancelled()).message}\n`);
      process.exit(130);
    }
    this.push({ name: 'ctrl-c' });
  };

  private push(k: Key) {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(k);
    } else this.queue.push(k);
  }

  /** The next key; Ctrl-C throws DrawCancelled unless `cancel` is false. */
  private async key(cancel = true): Promise<Key> {
    const k = this.queue.length ? this.queue.shift()! : await new Promise<Key>((resolve) => (this.waiter = resolve));
    if (cancel && k.name === 'ctrl-c') throw this.savedInfo ? new DrawInterrupted(this.savedInfo) : new DrawCancelled();
    return k;
  }

  /**
   * Page a paged screen forward and back until forward on its last page. With `cancel`, Ctrl-C cancels the draw
   * (DrawCancelled); without, it just leaves the screen.
   */
  private async pageThrough(s: Screen & { page: number }, cancel: boolean): Promise<void> {
    for (;;) {
      const k = await this.key(cancel);
      if (!cancel && k.name === 'ctrl-c') break;
      if (isForward(k)) {
        if (s.page < pageCount(s, this.size()) - 1) s.page++;
        else break;
      } else if (isBack(k) && s.page > 0) s.page--;
      else continue;
      this.draw();
    }
  }

  /** A pool or seed screen still up: wait for the Enter that leaves it (paging through it first). */
  private async settle() {
    const s = this.screen;
    if (!this.pending || !s || (s.step !== 'pool' && s.step !== 'seed')) {
      this.pending = false;
      return;
    }
    await this.pageThrough(s, true);
    this.pending = false;
  }

  private takeCarried() {
    const w = this.carried;
    this.carried = [];
    return w;
  }

  private show(s: Screen) {
    this.start();
    this.screen = s;
    this.draw();
  }

  /** One write per frame: cursor home, every row padded to the width, the rest cleared. No full clear. */
  private draw() {
    if (!this.active || !this.screen) return;
    const size = this.size();
    const lines = renderFrame(this.screen, size);
    this.output.write(frameText(lines, geometry(size).cols));
  }
}
