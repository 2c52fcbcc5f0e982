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

// The C allocator (glibc's malloc) returns memory freed at the top of its heap to the system as soon as 128 KB are
// free there, and serves blocks of 128 KB or more by mapping fresh memory each time; on a virtual machine each new
// page then costs a fault (about 10 µs). Freeing a block it mapped raises both thresholds to that block's size
// (mallopt(3), the dynamic mmap threshold): a 16 MB block, never written, allocated here and dropped (freed at the
// first garbage collection) lets compressors, read buffers and compiler memory be reused instead (ssj export
// results: about 3,000 fewer page faults of 24,000; ssj draw: 3,500 of 70,000). Elsewhere it is a 16 MB
// allocation that is never touched.
Buffer.allocUnsafeSlow(16 << 20);

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
