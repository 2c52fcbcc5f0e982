// Build the one-file browser verifier: src/verifier/main.ts and the src/core it imports, bundled by esbuild into
// one inline script of src/verifier/page.html → dist/verifier/ssj-verifier.html (written by `ssj export verifier`).
// node:crypto is pointed at the pure-JS SHA-256 (src/verifier/shims/node-crypto.ts), Buffer at a small shim;
// anything else from Node in the bundle is an error, so the page can never reach for the file system or network.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const shim = (name) => join(root, 'src', 'verifier', 'shims', name);

const result = await build({
  entryPoints: [join(root, 'src', 'verifier', 'main.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: ['chrome100', 'firefox110', 'safari16.4'],
  minify: true,
  charset: 'utf8',
  legalComments: 'none',
  inject: [shim('buffer.ts')],
  logLevel: 'warning',
  plugins: [{
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: /^(node:)?crypto$/ }, () => ({ path: shim('node-crypto.ts') }));
      b.onResolve({ filter: /^node:/ }, (a) => ({ errors: [{ text: `${a.path} cannot run in the browser verifier (imported by ${a.importer})` }] }));
    },
  }],
});
const script = result.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
const page = readFileSync(join(root, 'src', 'verifier', 'page.html'), 'utf8')
  .replace('__VERSION__', version)
  .replace('__SCRIPT__', () => script);
const out = join(root, 'dist', 'verifier', 'ssj-verifier.html');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, page);
// on stderr: npm pack runs this (prepare, prepack), and `npm pack --json` must print nothing but its JSON on stdout
console.error(`verifier: ${out} (${(page.length / 1024).toFixed(0)} KB)`);
