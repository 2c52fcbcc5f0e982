// npm's prepare step (npm ci / npm install in a clone, npm pack): compile src/ to dist/ with the
// TypeScript of the devDependencies. Where TypeScript is not installed (`npm install -g .` straight
// from a fresh clone installs no devDependencies) an existing dist/ is kept; without one, say what to do.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let tsc;
try {
  const pkg = createRequire(join(root, 'package.json')).resolve('typescript/package.json');
  tsc = join(dirname(pkg), 'bin', 'tsc');
} catch {
  tsc = undefined;
}
if (tsc && existsSync(tsc)) {
  // the same steps as npm run build: compile, type-check the browser verifier, bundle it (esbuild)
  for (const args of [[tsc, '-p', join(root, 'tsconfig.json')], [tsc, '-p', join(root, 'tsconfig.verifier.json')], [join(root, 'scripts', 'build-verifier.mjs')]]) {
    const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}
if (existsSync(join(root, 'dist', 'cli', 'main.js'))) process.exit(0);
process.stderr.write('ssj 还没有编译，也找不到编译器（TypeScript）。请先在本目录运行 npm ci（安装依赖并编译），再运行 npm install -g .\n');
process.exit(1);
