// The terminal the clerk reads: its width, wrapping Chinese text by display columns, long output paged.
//
// Width: the terminal's columns when stdout is a terminal; otherwise $COLUMNS when set, else 80 (a
// redirected or piped listing is laid out for an 80-column terminal or printout). Tables never shorten
// what --json prints or what files hold: only what is shown here.
import { stripStyles } from './text.js';
import { stringWidth } from './width.js';

export const DEFAULT_COLUMNS = 80;

/** The width to lay text out for (at least 40). */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const fromEnv = Number(process.env['COLUMNS']);
  const w = stream.isTTY && stream.columns ? stream.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_COLUMNS;
  return Math.max(40, w);
}

/** The terminal's rows when stdout is a terminal, else Infinity (never paged). */
export function terminalRows(stream: NodeJS.WriteStream = process.stdout): number {
  return stream.isTTY && stream.rows ? stream.rows : Infinity;
}

const NO_LINE_START = /^[，。、；：！？）》」』】,.;:!?)\]]/u;
const NO_LINE_END = /^[（《「『【(\[“‘]$/u;
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/**
 * Wrap text to `width` display columns: between words for Latin text, between any two characters for
 * Chinese (never putting closing punctuation at the start of a line). Existing line breaks are kept.
 */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    // tokens: one wide character, a run of other non-space characters, or a run of spaces
    const tokens = raw.match(new RegExp(`${WIDE.source}|[^\\s${WIDE.source.slice(1, -1)}]+|\\s+`, 'gu')) ?? [];
    let line: string[] = [];
    let w = 0;
    const flush = () => {
      out.push(line.join('').trimEnd());
      line = [];
      w = 0;
    };
    for (const t of tokens) {
      const tw = stringWidth(t);
      const space = /^\s+$/.test(t);
      if (w + tw > width && !space && line.join('').trim() !== '') {
        // closing punctuation never starts a line, opening never ends one: carry the last character over
        const carry: string[] = [];
        if (NO_LINE_START.test(t)) {
          while (line.length > 1 && WIDE.test(line[line.length - 1]!)) {
            carry.unshift(line.pop()!);
            if (!NO_LINE_START.test(carry[0]!)) break;
          }
        }
        while (line.length > 1 && NO_LINE_END.test(line[line.length - 1]!)) carry.unshift(line.pop()!);
        flush();
        for (const x of carry) {
          line.push(x);
          w += stringWidth(x);
        }
      }
      if (line.length === 0 && space && out.length > 0) continue; // no leading spaces on a wrapped line
      line.push(t);
      w += tw;
    }
    out.push(line.join('').trimEnd());
  }
  return out;
}

/**
 * Write long text through a pager when stdout is a terminal and the text is taller than it: $PAGER, else
 * `less -R` (quits at once when it fits, keeps colour). Never when stdout is not a terminal, and never
 * when SSJ_PAGER=0 / PAGER is empty or "cat". Falls back to plain output when the pager cannot start.
 */
export async function page(text: string): Promise<void> {
  const body = text.endsWith('\n') ? text : text + '\n';
  const lines = body.split('\n').length - 1;
  const pager = process.env['PAGER'] ?? 'less';
  if (!process.stdout.isTTY || lines < terminalRows() - 1 || process.env['SSJ_PAGER'] === '0' || pager.trim() === '' || pager.trim() === 'cat') {
    process.stdout.write(body);
    return;
  }
  const [cmd, ...args] = pager.trim().split(/\s+/);
  const isLess = /(^|\/)less$/.test(cmd!);
  // (loaded only to page: every command loads this module, few page)
  const { spawn } = await import('node:child_process');
  // Ctrl-C while paging belongs to the pager (less stops a search with it, and stays): ssj waits for the pager to
  // quit, as git does, instead of exiting under it and leaving it on the terminal with the shell's prompt
  const keepPaging = () => {};
  process.on('SIGINT', keepPaging);
  await new Promise<void>((finish) => {
    const done = () => {
      process.off('SIGINT', keepPaging);
      finish();
    };
    let fellBack = false;
    const fallback = () => {
      if (fellBack) return;
      fellBack = true;
      process.stdout.write(body);
      done();
    };
    let child;
    try {
      child = spawn(cmd!, isLess && args.length === 0 ? ['-R', '-F', '-X'] : args, {
        stdio: ['pipe', 'inherit', 'inherit'],
        env: { ...process.env, ...(isLess && !process.env['LESS'] ? { LESS: 'FRX' } : {}) },
      });
    } catch {
      fallback();
      return;
    }
    child.on('error', fallback);
    child.stdin.on('error', () => {}); // the reader quit before the end (q in less)
    child.on('close', () => {
      if (!fellBack) done();
    });
    child.stdin.end(body);
  });
}

/** Text wrapped to the terminal's width, each line styled (colour is applied after wrapping). */
export function wrapped(text: string, style: (s: string) => string = (s) => s, width = terminalWidth()): string {
  return wrapText(text, width).map(style).join('\n');
}

/** The stream's width when it is a terminal, else 0: for lines that are wrapped only on a terminal (piped, they stay whole for grep and scripts). */
export const ttyWidth = (stream: NodeJS.WriteStream = process.stdout): number => (stream.isTTY ? terminalWidth(stream) : 0);

/**
 * `text` after a first-line `lead` (such as "  • ", coloured or not), wrapped to `width` columns with the later
 * lines indented as deep as the lead is wide: a list item that never runs into the terminal's edge.
 */
export function hanging(lead: string, text: string, width = terminalWidth()): string {
  if (width <= 0) return lead + text; // (0: not wrapped)
  const deep = stringWidth(stripStyles(lead));
  const [first = '', ...rest] = wrapText(text, Math.max(20, width - deep));
  return [lead + first, ...rest.map((l) => ' '.repeat(deep) + l)].join('\n');
}

/** A heading: `title` in one style and the `detail` after it in another, wrapped to `width` (the title is short: whole on the first line). */
export function heading(title: string, detail: string, titleStyle: (s: string) => string, detailStyle: (s: string) => string, width = terminalWidth()): string {
  return wrapText(title + detail, width).map((l, i) => (i === 0 ? titleStyle(l.slice(0, title.length)) + detailStyle(l.slice(title.length)) : detailStyle(l))).join('\n');
}
