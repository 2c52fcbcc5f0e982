// Reading draw records in tests, with a record hash computed here (RFC 8785 for what a record holds: strings,
// integers, short decimals, booleans, null; keys sorted by UTF-16 units), independently of src/.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}

export const recordHash = (r: Record<string, unknown>) => {
  const { hash: _h, ...rest } = r;
  return createHash('sha256').update(canonical(rest), 'utf8').digest('hex');
};

export const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
