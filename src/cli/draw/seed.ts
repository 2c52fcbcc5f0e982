// ssj draw, step 4: the random seed — the announced public value, --seed, or each witness's digits (typed at the
// terminal when not given), with the public value folded in.
import { usageError } from '../../core/errors.js';
import type { AnnouncementRecord } from '../../core/record.js';
import { cleanEntropy, digitsFor, entropyAdvice, seedBits, seedFromComponents, type SeedComponent } from '../../core/seed.js';
import type { DrawView } from '../../ui/draw-view.js';
import { c, err } from '../../ui/output.js';
import { askConfirm, askText, interactive } from '../../ui/prompts.js';
import type { DrawOptions } from '../options/draw.js';
import { ask } from './ask.js';

export interface ChosenSeed {
  components: SeedComponent[];
  seed: string;
  bits: number;
  /** the warning when the seed holds fewer bits than the draw needs (shown, not recorded as a warning) */
  advice: string | null;
}

export async function chooseSeed(
  opts: DrawOptions, announcement: AnnouncementRecord | null, witnesses: string[], view: DrawView, neededBits: number, present: boolean,
): Promise<ChosenSeed> {
  const components: SeedComponent[] = [];
  for (;;) {
    components.length = 0;
    if (announcement) {
      components.push({ source: 'public', name: announcement.source.name, value: opts.public!.trim().normalize('NFC') });
      if (opts.entropy?.length) addWitnessDigits(components, witnesses, opts.entropy);
    } else if (opts.seed !== undefined) components.push({ source: 'given', name: '--seed', value: opts.seed.trim().normalize('NFC') });
    else {
      let entropy = (opts.entropy ?? []).map((e) => e.trim());
      const typed = entropy.length === 0;
      if (typed) {
        if (!interactive()) throw usageError('缺少 --entropy（每位见证人输入的一串数字）或 --seed（随机种子）', '在脚本中请用 --entropy 按见证人顺序给出各自的数字，或用 --seed 给出公开的种子');
        entropy = view.entropy ? await view.entropy(witnesses, digitsFor(neededBits)) : await ask(() => askEntropy(witnesses, digitsFor(neededBits)));
      }
      addWitnessDigits(components, witnesses, entropy);
      if (opts.public !== undefined && opts.public.trim() !== '') components.push({ source: 'public', name: opts.publicName?.trim() || '公开随机数', value: opts.public.trim().normalize('NFC') });
      // Typed at a prompt and too short: say so and offer to type again, before anything is drawn.
      const advice = entropyAdvice(seedBits(components), neededBits);
      if (typed && advice && !view.entropy && !present) {
        err(`${c.warn('!')} ${advice}`);
        if (!(await ask(() => askConfirm({ flag: '--entropy', message: '仍用这些数字抽取吗？（选“否”重新输入）', default: true })))) continue;
      }
    }
    break;
  }
  const seed = seedFromComponents(components);
  const bits = seedBits(components);
  const advice = entropyAdvice(bits, neededBits, announcement !== null);
  if (advice) view.warn([advice]);
  return { components, seed, bits, advice };
}

function addWitnessDigits(components: SeedComponent[], witnesses: readonly string[], entropy: readonly string[]) {
  if (entropy.length !== witnesses.length) throw usageError(`有 ${witnesses.length} 位见证人，但 --entropy 给了 ${entropy.length} 个值`, '每位见证人一个值，按 --witness 的顺序');
  entropy.forEach((e, i) => {
    const v = cleanEntropy(e);
    if (v === null) throw usageError(`见证人 ${witnesses[i]} 的随机数「${e}」应只含数字`);
    components.push({ source: 'witness', name: witnesses[i]!, value: v });
  });
}

async function askEntropy(witnesses: readonly string[], digits: number): Promise<string[]> {
  const out: string[] = [];
  const each = Math.max(6, Math.ceil(digits / Math.max(1, witnesses.length)));
  for (const w of witnesses) {
    out.push(await askText({
      flag: '--entropy',
      message: `请见证人 ${w} 输入一串数字（掷骰子或摇号机的结果，建议至少 ${each} 个数字）`,
      validate: (s) => cleanEntropy(s) !== null || '只能输入数字',
    }));
  }
  return out;
}
