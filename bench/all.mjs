#!/usr/bin/env node
// `npm run bench`: the import, draw and report benchmarks one after another, each run even when one before it
// missed its target (exit 1 at the end if any did, or if any failed).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
let failed = 0;
for (const script of ['run.mjs', 'draw.mjs', 'report.mjs']) {
  const r = spawnSync(process.execPath, [join(HERE, script), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (failed) console.log(`${failed} of 3 benchmarks missed a target or failed (each is listed above)`);
process.exit(failed ? 1 : 0);
