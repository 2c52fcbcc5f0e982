// ssj draw: the operator and place of the workspace's last draw, offered as next time's defaults (a convenience
// file: written only after a draw is saved, never read by anything that checks a draw).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic.js';

const DEFAULTS_FILE = '.ssj-draw-defaults.json';

export async function readDrawDefaults(root: string): Promise<{ operator?: string; place?: string }> {
  try {
    const v = JSON.parse(await readFile(join(root, DEFAULTS_FILE), 'utf8')) as Record<string, unknown>;
    return {
      ...(typeof v['operator'] === 'string' && v['operator'] ? { operator: v['operator'] } : {}),
      ...(typeof v['place'] === 'string' && v['place'] ? { place: v['place'] } : {}),
    };
  } catch {
    return {};
  }
}

export async function saveDrawDefaults(root: string, v: { operator: string; place: string }) {
  await writeFileAtomic(join(root, DEFAULTS_FILE), JSON.stringify(v, null, 2) + '\n');
}
