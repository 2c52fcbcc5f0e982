#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script, and
// shipped in the npm pack tarball).
import { existsSync } from 'node:fs';

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
