// Where and how the CLI writes: stdout for results, stderr for messages; colour only on a terminal.
import { longJsonBytes } from '../core/long-json.js';

export const out = (s = '') => process.stdout.write(s + '\n');
export const err = (s = '') => process.stderr.write(s + '\n');
let jsonOut = false;
/** Whether a JSON document has been written to stdout (a second one would make stdout invalid JSON). */
export const jsonWritten = (): boolean => jsonOut;
export const json = (v: unknown) => {
  jsonOut = true;
  return process.stdout.write(JSON.stringify(v, null, 2) + '\n');
};

/** JSON with each element of a long list on one line (see core/long-json.ts): same value as json(), much faster to print. */
export const jsonLong = (v: Record<string, unknown>) => {
  jsonOut = true;
  return process.stdout.write(longJsonBytes(v));
};

type Paint = (s: string) => string;
const plain: Paint = (s) => s;

/**
 * The colours c and sym paint with: chalk's, once loadColours() has loaded it; until then (and when colour cannot
 * show) none. chalk colours only what goes to a terminal (or when FORCE_COLOR or a --color flag says so): output to
 * a pipe or a file never loads it (12 ms of every scripted ssj command, bench/README.md "issue 19 第六轮").
 */
let paint: Record<'green' | 'red' | 'yellow' | 'dim' | 'bold' | 'cyan', Paint> = { green: plain, red: plain, yellow: plain, dim: plain, bold: plain, cyan: plain };

/** Load chalk when its colours could show: stdout a terminal, FORCE_COLOR set, or a --color flag (supports-color's rules). */
export async function loadColours(argv: readonly string[] = process.argv): Promise<void> {
  const could = process.stdout.isTTY === true || 'FORCE_COLOR' in process.env || argv.some((a) => /^--(no-)?colou?rs?(=|$)/.test(a));
  if (could) paint = (await import('chalk')).default;
}

export const c = {
  ok: (s: string) => paint.green(s),
  bad: (s: string) => paint.red(s),
  warn: (s: string) => paint.yellow(s),
  dim: (s: string) => paint.dim(s),
  bold: (s: string) => paint.bold(s),
  em: (s: string) => paint.cyan(s),
};

export const sym = {
  get ok() {
    return paint.green('✔');
  },
  get bad() {
    return paint.red('✖');
  },
  get warn() {
    return paint.yellow('!');
  },
  get arrow() {
    return paint.dim('→');
  },
};
