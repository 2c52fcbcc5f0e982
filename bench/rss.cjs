// Preload for benchmark children: `node --require ./bench/rss.cjs script.js …`.
// When SSJ_BENCH_RSS_FILE is set, writes this process's peak RSS (getrusage maxRSS, KiB) and CPU
// times to that file as JSON at exit. Only the first process to load it reports: the env var
// SSJ_BENCH_RSS_CLAIMED is set on load, so worker threads (their environment is a copy made when
// they start, after this) and child processes that inherit the preload stay silent and cannot
// overwrite the measurement.
//
// CommonJS, loaded with --require, and importing nothing until the process exits: an ES module
// preloaded with --import starts Node's ES module loader before the program and cost each measured
// process about 16 ms (ssj --version: 177 ms bare, 193 ms with the old bench/rss.mjs, 181 ms with
// this file; medians of 15, bench/README.md "issue 19 第六轮") — time the harness, not ssj, spent.
'use strict';

const out = process.env.SSJ_BENCH_RSS_FILE;
if (out && !process.env.SSJ_BENCH_RSS_CLAIMED) {
  process.env.SSJ_BENCH_RSS_CLAIMED = String(process.pid);
  process.on('exit', (code) => {
    const u = process.resourceUsage();
    const m = process.memoryUsage();
    require('node:fs').writeFileSync(out, JSON.stringify({
      pid: process.pid,
      exitCode: code,
      maxRSSKiB: u.maxRSS,
      userCPUSeconds: u.userCPUTime / 1e6,
      systemCPUSeconds: u.systemCPUTime / 1e6,
      majorPageFaults: u.majorPageFault,
      heapUsedAtExitMB: +(m.heapUsed / 1048576).toFixed(1),
    }) + '\n');
  });
}
