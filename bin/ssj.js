#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script, and
// shipped in the npm pack tarball).
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// The young generation is kept at its first size rather than grown to 32 MB: on a virtual machine every new page of
// memory costs, and most commands read many files into short-lived objects (ssj status and export 8% faster, draw
// no slower; bench/README.md, issue 19). Not for an import, which builds a large list that outlives the young
// generation (there the growth pays).
const args = process.argv.slice(2);
let command;
for (let i = 0; i < args.length && command === undefined; i++) {
  if (args[i] === '-C') i++; // (the global option's directory)
  else if (!args[i].startsWith('-')) command = args[i];
}
if (command !== 'import') setFlagsFromString('--semi-space-growth-factor=1');

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('✖ ssj 还没有编译（缺少 dist/ 目录）。请在 ssj 的目录中运行 npm ci（或 npm run build）后再试。\n');
  process.exit(1);
}

// `ssj list entities | head`: a closed pipe is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await (await import(main.href)).main(process.argv);
