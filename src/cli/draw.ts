// ssj draw --item ID … [--round N] [--ratio R | --count N] [--seed TEXT] [--witness 姓名 …] [--entropy 数字 …]
//   [--public 值] [--operator 姓名] [--place 地点] [--where 字段=值 …] [--strata 字段] [--team-size N] [--experts N]
//   [--redraw --reason 原因] [--present] [--yes] [--json]
// The draw, step by step (each step in src/cli/draw/): the flags checked; under the workspace lock what is drawn and
// by whom, the plan, the pool shown, the seed, the record saved, the result shown.
import { log2Binomial } from '../core/seed.js';
import { withLock } from '../io/lock.js';
import { openWorkspace } from '../io/workspace.js';
import { setInterruptMessage } from './interrupt.js';
import { commitDraw } from './draw/commit.js';
import { readFlags } from './draw/flags.js';
import { planDrawTask } from './draw/plan.js';
import { drawJsonBytes, openScreen, showPool, showResult } from './draw/render.js';
import { resolveDraw } from './draw/resolve.js';
import { chooseSeed } from './draw/seed.js';
import type { DrawOptions } from './options/draw.js';
import type { GlobalOptions } from './main.js';

export type { DrawOptions } from './options/draw.js';
export { checkWhereSyntax, parseInt0, parseRatio, parseWhere, scopeField } from './draw/flags.js';
export { inputsOf, loadDrawLists } from './draw/lists.js';
export { mergeLines } from './merges.js';

export async function draw(opts: DrawOptions, g: GlobalOptions): Promise<number> {
  const ws = await openWorkspace(g.cwd);
  // Flags are checked before anything is asked or loaded.
  const flags = readFlags(opts, ws);
  // Until the seed is fixed, Ctrl-C leaves nothing.
  setInterruptMessage('已中断，没有抽取');

  return withLock(ws.root, async () => {
    const r = await resolveDraw(ws, opts, flags);
    const p = planDrawTask(ws, r);
    const itemNames = new Map(r.items.map((it) => [it.id, it.name]));
    const neededBits = p.plan.pools.flatMap((x) => x.strata).reduce((a, s) => a + log2Binomial(s.available, s.sample), 0);
    const screen = await openScreen(opts, flags.present);
    try {
      await showPool(ws, opts, r, p, screen.view, itemNames, neededBits, flags.present);
      const seed = await chooseSeed(opts, r.announcement, r.witnesses, screen.view, neededBits, flags.present);
      // the record is written and chained before anything drawn is shown
      const done = await commitDraw(ws, r, p, seed, neededBits, screen.warnings, opts.json ? (d, recordBytes) => drawJsonBytes(r, p, seed, d, screen.warnings, recordBytes) : undefined);
      await showResult(opts, r, p, seed, done, screen, itemNames, neededBits, flags.present);
      return 0;
    } finally {
      screen.view.close();
    }
  });
}
