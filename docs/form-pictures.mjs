// Renders the default 抽查工作记录表 as printed, for docs/form-3.png and docs/form-60.png:
// a workspace with the sample lists, a 3-entity draw and a 60-entity draw, `ssj form` for each,
// LibreOffice to PDF (soffice --headless --convert-to pdf), poppler to PNG (pdftoppm), pages side by side.
// Needs soffice and pdftoppm. Run from the repository root after a build:  npm run build && node docs/form-pictures.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs'; // comes with qrcode

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ssj.js');
const dir = mkdtempSync(join(tmpdir(), 'ssj-pictures-'));
const ws = join(dir, 'ws');
const env = { ...process.env, SSJ_TODAY: '2026-11-22', SSJ_USER: '张三', NO_COLOR: '1' };
const ssj = (...args) => execFileSync(process.execPath, [BIN, '-C', ws, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

try {
  execFileSync(process.execPath, [BIN, 'init', ws, '--org', '示例县住房和城乡建设局', '--year', '2026'], { env });
  for (const [kind, name] of [['inspectors', '执法检查人员名录'], ['entities', '检查对象名录库'], ['items', '随机抽查事项清单'], ['conflicts', '回避关系清单']]) {
    ssj('import', kind, join(ROOT, 'fixtures', 'sample', `${name}.xlsx`));
  }
  const witnesses = ['--witness', '王纪检', '--entropy', '381702', '--witness', '李监督', '--entropy', '992011', '--operator', '张三', '--place', '局三楼会议室', '-y'];
  ssj('draw', '--item', 'ZJ-001', '--count', '3', ...witnesses);
  ssj('draw', '--item', 'ZJ-001', '--count', '60', '--round', '2', ...witnesses);
  for (const [id, out, dpi] of [['2026-001', 'form-3.png', 80], ['2026-002', 'form-60.png', 40]]) {
    ssj('form', id);
    const xlsx = join(ws, 'forms', `${id}.xlsx`);
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, xlsx], { stdio: 'ignore' });
    execFileSync('pdftoppm', ['-gray', '-png', '-r', String(dpi), join(dir, `${id}.pdf`), join(dir, id)]);
    const pages = readdirSync(dir).filter((f) => f.startsWith(`${id}-`) && f.endsWith('.png')).sort().map((f) => PNG.sync.read(readFileSync(join(dir, f))));
    writeFileSync(join(ROOT, 'docs', out), sideBySide(pages));
    console.log(`docs/${out}: ${pages.length} page(s)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Pages next to each other with a grey gap, as one greyscale PNG. */
function sideBySide(pages) {
  const gap = pages.length > 1 ? 12 : 0;
  const width = pages.reduce((s, p) => s + p.width, 0) + gap * (pages.length + 1);
  const height = Math.max(...pages.map((p) => p.height)) + gap * 2;
  const out = new PNG({ width, height, colorType: 0, inputColorType: 6, bitDepth: 8 });
  for (let i = 0; i < out.data.length; i += 4) out.data.writeUInt32BE(0xb0b0b0ff, i);
  let x0 = gap;
  for (const p of pages) {
    for (let y = 0; y < p.height; y++) p.data.copy(out.data, ((y + gap) * width + x0) * 4, y * p.width * 4, (y + 1) * p.width * 4);
    x0 += p.width + gap;
  }
  return PNG.sync.write(out, { colorType: 0, inputColorType: 6 });
}
