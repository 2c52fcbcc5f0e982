// Preload for benchmark children: `node --import ./bench/rss.mjs script.js …`.
// When SSJ_BENCH_RSS_FILE is set, writes this process's peak RSS (getrusage maxRSS, KiB) and CPU
// times to that file as JSON at exit. Only the first process to load it reports: the env var
// SSJ_BENCH_RSS_CLAIMED is set on load, so worker threads and child processes that inherit
// --import stay silent and cannot overwrite the measurement.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.SSJ_BENCH_RSS_FILE;
if (out && isMainThread && !process.env.SSJ_BENCH_RSS_CLAIMED) {
  process.env.SSJ_BENCH_RSS_CLAIMED = String(process.pid);
  process.on('exit', (code) => {
    const u = process.resourceUsage();
    const m = process.memoryUsage();
    writeFileSync(out, JSON.stringify({
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
