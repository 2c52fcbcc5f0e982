// Where and how the CLI writes: stdout for results, stderr for messages; colour only on a terminal.
import chalk from 'chalk';

export const out = (s = '') => process.stdout.write(s + '\n');
export const err = (s = '') => process.stderr.write(s + '\n');
export const json = (v: unknown) => process.stdout.write(JSON.stringify(v, null, 2) + '\n');

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
