// Where and how the CLI writes: stdout for results, stderr for messages; colour only on a terminal.
import chalk from 'chalk';

export const out = (s = '') => process.stdout.write(s + '\n');
export const err = (s = '') => process.stderr.write(s + '\n');
export const json = (v: unknown) => process.stdout.write(JSON.stringify(v, null, 2) + '\n');

/**
 * JSON for results that may hold tens of thousands of list elements (a draw's entities): top-level fields one
 * per line and each element of a list of objects on its own line. Same value as json(); much faster to print.
 */
export function jsonLong(v: Record<string, unknown>) {
  const lines = Object.entries(v)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => {
      const value = Array.isArray(x) && x.length > 0 && typeof x[0] === 'object' && x[0] !== null
        ? `[\n    ${x.map((e) => JSON.stringify(e)).join(',\n    ')}\n  ]`
        : JSON.stringify(x);
      return `  ${JSON.stringify(k)}: ${value}`;
    });
  process.stdout.write(`{\n${lines.join(',\n')}\n}\n`);
}

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
