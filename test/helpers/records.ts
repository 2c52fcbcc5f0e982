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

/** A ledger line's chain hash (docs/ledger.md), computed here independently of src/: SHA-256 of the canonical JSON of its other fields plus prevChain. */
export const lineHash = (e: Record<string, unknown>, prevChain: string | null) => {
  const { chain: _c, ...rest } = e;
  return createHash('sha256').update(canonical({ ...rest, prevChain }), 'utf8').digest('hex');
};

/** Ledger lines with every chain hash recomputed (what a forger who rewrites the ledger would do). */
export function rechain(lines: readonly string[]): string[] {
  let prev: string | null = null;
  return lines.map((l) => {
    const e = JSON.parse(l) as Record<string, unknown>;
    delete e['chain'];
    const chain = lineHash(e, prev);
    prev = chain;
    return JSON.stringify({ ...e, chain });
  });
}
