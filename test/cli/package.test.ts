// What `npm pack` ships: the compiled CLI and what it reads at run time, nothing for development.
// (.ci/run also installs the tarball with npm install -g into a temporary prefix and runs ssj from elsewhere.)
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES } from '../../src/cli/demo.js';
import { ROOT } from '../helpers/workdir.js';

let npm: string | undefined;
try {
  execFileSync('npm', ['--version'], { stdio: 'ignore' });
  npm = 'npm';
} catch {
  npm = undefined;
}

describe.skipIf(!npm)('npm pack', () => {
  it('ships bin, every compiled module, the form template, the demo files and the year-end script (README runs it from the install); no tests, sources or test fixtures', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    const compiled = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? compiled(join(dir, d.name)) : d.name.endsWith('.js') ? [join(dir, d.name)] : []));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(files).toEqual(expect.arrayContaining([
      'package.json', 'README.md', pkg.bin.ssj, 'templates/抽查工作记录表.xlsx', 'examples/year-end.sh', 'examples/README.md', ...SAMPLES.map(([, name]) => `fixtures/sample/${name}`), ...compiled('dist'),
    ]));
    expect(files.filter((f) => /^(test|src|bench|fixtures\/(quirks|office))\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  });

  it('states a Node.js range that every runtime dependency accepts', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    // the oldest release of each line we accept must be at least what @inquirer/prompts (^20.17.0) asks
    const inquirer = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@inquirer', 'prompts', 'package.json'), 'utf8'));
    const floors = (range: string) => [...range.matchAll(/(\d+)\.(\d+)\.(\d+)/g)].map((m) => m.slice(1, 4).map(Number)).sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    const ours = floors(pkg.engines.node);
    const theirs = floors(inquirer.engines.node);
    for (const [major, minor] of theirs) {
      const line = ours.find(([m]) => m === major);
      if (line) expect(line[1], `Node ${major}.x`).toBeGreaterThanOrEqual(minor!);
    }
    expect(ours[0]![0]).toBe(theirs[0]![0]);
    expect(ours[0]![1]).toBeGreaterThanOrEqual(theirs[0]![1]!);
  });
});
