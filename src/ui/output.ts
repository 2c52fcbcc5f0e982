// Where and how the CLI writes: stdout for results, stderr for messages; colour only on a terminal.
import chalk from 'chalk';
import { longJsonBytes } from '../core/long-json.js';

export const out = (s = '') => process.stdout.write(s + '\n');
export const err = (s = '') => process.stderr.write(s + '\n');
export const json = (v: unknown) => process.stdout.write(JSON.stringify(v, null, 2) + '\n');

/** JSON with each element of a long list on one line (see core/long-json.ts): same value as json(), much faster to print. */
export const jsonLong = (v: Record<string, unknown>) => process.stdout.write(longJsonBytes(v));

export const c = {
  ok: (s: string) => chalk.green(s),
  bad: (s: string) => chalk.red(s),
  warn: (s: string) => chalk.yellow(s),
  dim: (s: string) => chalk.dim(s),
  bold: (s: string) => chalk.bold(s),
  em: (s: string) => chalk.cyan(s),
};

export const sym = {
  ok: chalk.green('✔'),
  bad: chalk.red('✖'),
  warn: chalk.yellow('!'),
  arrow: chalk.dim('→'),
};
