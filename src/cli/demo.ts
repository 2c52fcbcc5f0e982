// ssj demo [DIR]: the whole chain on the bundled sample files, printing where each output went.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ListKind } from '../core/types.js';
import { c, json, out } from '../ui/output.js';
import { importList } from './import.js';
import { init } from './init.js';
import type { DemoOptions } from './options/demo.js';
import type { GlobalOptions } from './main.js';

export const SAMPLE_DIR = fileURLToPath(new URL('../../fixtures/sample/', import.meta.url));
export const SAMPLES: [ListKind, string][] = [
  ['inspectors', '执法检查人员名录.xlsx'],
  ['entities', '检查对象名录库.xlsx'],
  ['items', '随机抽查事项清单.xlsx'],
  ['conflicts', '回避关系清单.xlsx'],
];

/**
 * Without a folder the demo goes to a fresh folder in the system's temporary folder (TMPDIR, %TEMP%),
 * never into the current folder (which is often the ssj checkout itself); the summary says where.
 */
function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'ssj-demo-'));
}

export async function demo(dir: string | undefined, opts: DemoOptions, g: GlobalOptions): Promise<number> {
  const root = dir ? resolve(g.cwd, dir) : freshDir();
  const quiet = Boolean(opts.json);
  const step = (n: number, title: string) => !quiet && out(`\n${c.bold(`【${n}】${title}`)}`);
  const steps: { step: string; ok: boolean; output?: string }[] = [];

  step(1, '创建工作区');
  const code0 = await withJson(quiet, () => init(root, { org: '示例县住房和城乡建设局', year: '2026', ...(quiet ? { json: true } : {}) }, g));
  steps.push({ step: 'init', ok: code0 === 0, output: root });
  if (code0 !== 0) return finish(quiet, root, steps, code0);

  let n = 2;
  for (const [kind, name] of SAMPLES) {
    step(n++, `导入 ${name}`);
    const file = join(SAMPLE_DIR, name);
    if (!quiet) out(c.dim(`$ ssj import ${kind} ${file}`));
    const code = await withJson(quiet, () => importList(kind, file, quiet ? { json: true } : {}, { cwd: root }));
    steps.push({ step: `import ${kind}`, ok: code === 0, output: join(root, 'snapshots', kind) });
    if (code !== 0) return finish(quiet, root, steps, code);
  }

  // A witnessed draw as a script would run it: every answer given by a flag.
  step(n++, `抽取：${DEMO_DRAW.item}，见证人 ${DEMO_DRAW.witnesses.join('、')} 各输入一串数字`);
  if (!quiet) out(c.dim(`$ ssj draw --item ${DEMO_DRAW.item} ${DEMO_DRAW.witnesses.map((w, i) => `--witness ${w} --entropy ${DEMO_DRAW.entropy[i]}`).join(' ')} --operator ${DEMO_DRAW.operator} --place ${DEMO_DRAW.place}`));
  const { draw } = await import('./draw.js');
  const drawCode = await withJson(quiet, () => draw({
    item: [DEMO_DRAW.item], witness: DEMO_DRAW.witnesses, entropy: DEMO_DRAW.entropy, operator: DEMO_DRAW.operator, place: DEMO_DRAW.place, yes: true,
    ...(quiet ? { json: true } : {}),
  }, { cwd: root }));
  steps.push({ step: 'draw', ok: drawCode === 0, output: join(root, 'draws') });
  if (drawCode !== 0) return finish(quiet, root, steps, drawCode);

  step(n++, '填写抽查工作记录表（打印后签字）');
  if (!quiet) out(c.dim('$ ssj form 2026-001'));
  const { form } = await import('./form.js');
  const formCode = await withJson(quiet, () => form('2026-001', quiet ? { json: true } : {}, { cwd: root }));
  steps.push({ step: 'form', ok: formCode === 0, output: join(root, 'forms', '2026-001.xlsx') });
  if (formCode !== 0) return finish(quiet, root, steps, formCode);

  step(n++, '生成检查结果填报表（检查后填写，再用 ssj results import 导入）');
  if (!quiet) out(c.dim('$ ssj results sheet 2026-001'));
  const { resultsSheet } = await import('./results.js');
  const sheetCode = await withJson(quiet, () => resultsSheet('2026-001', quiet ? { json: true } : {}, { cwd: root }));
  steps.push({ step: 'results sheet', ok: sheetCode === 0, output: join(root, 'results') });
  if (sheetCode !== 0) return finish(quiet, root, steps, sheetCode);

  step(n++, '导出可以公开的抽取结果（不含电话、联络人、回避原因）');
  if (!quiet) out(c.dim('$ ssj export draws'));
  const { exportList } = await import('./export.js');
  const exportCode = await withJson(quiet, () => exportList('draws', quiet ? { json: true } : {}, { cwd: root }));
  steps.push({ step: 'export draws', ok: exportCode === 0, output: join(root, 'exports') });
  if (exportCode !== 0) return finish(quiet, root, steps, exportCode);

  step(n++, '复核：按记录重新抽取一遍，并检查台账');
  if (!quiet) out(c.dim('$ ssj verify'));
  const { verify } = await import('./verify.js');
  const verifyCode = await withJson(quiet, () => verify(undefined, quiet ? { json: true } : {}, { cwd: root }));
  steps.push({ step: 'verify', ok: verifyCode === 0 });
  return finish(quiet, root, steps, verifyCode);
}

export const DEMO_DRAW = { item: 'ZJ-001', witnesses: ['王纪检', '李监督'], entropy: ['381702', '992011'], operator: '张三', place: '局三楼会议室' };

/** In --json mode the steps' own JSON is not printed: only the demo's summary is. */
async function withJson(quiet: boolean, fn: () => Promise<number>): Promise<number> {
  if (!quiet) return fn();
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

function finish(quiet: boolean, root: string, steps: { step: string; ok: boolean; output?: string }[], code: number): number {
  if (quiet) {
    json({ ok: code === 0, workspace: root, steps });
    return code;
  }
  out();
  out(code === 0 ? `${c.ok('演示完成。')} 工作区：${c.em(root)}` : c.bad('演示没有完成，见上面的错误。'));
  out(`  名录快照  ${join(root, 'snapshots')}`);
  out(`  导入记录  ${join(root, 'imports', 'log.jsonl')}`);
  out(`  抽取记录  ${join(root, 'draws')}（台账 ledger.jsonl）`);
  out(`  记录表    ${join(root, 'forms')}`);
  out(`  结果填报  ${join(root, 'results')}`);
  out(`  公开清单  ${join(root, 'exports')}`);
  out(c.dim(`  进入工作区继续：cd ${root} && ssj list entities && ssj verify`));
  // run with npx in ssj's folder (npm ci && npx ssj demo): ssj is not on the PATH yet, and npx elsewhere would look
  // for another package of that name
  if (process.env['npm_command'] === 'exec') {
    out(c.dim(`  （ssj 还没有安装：在工作区中可用 node "${fileURLToPath(new URL('../../bin/ssj.js', import.meta.url))}" 代替 ssj；或在 ssj 的目录中运行 npm install -g . 安装）`));
  }
  return code;
}
