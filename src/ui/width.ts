// Display width: the columns a text takes on a terminal (a Chinese character takes two), as string-width measures it.
// string-width (with its Unicode tables: about 45 ms to load, as much again on its first call) is loaded only when a
// text is not plain printable ASCII: a results export or a --json output often measures nothing else. Where Node
// cannot require an ES module (before 20.19 and 22.12), main() loads it up front with loadWidth().
import { createRequire } from 'node:module';

type Width = (s: string) => number;
let impl: Width | null = null;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Load string-width now (for a Node that cannot require it when first needed). */
export async function loadWidth(): Promise<void> {
  impl ??= (await import('string-width')).default;
}

/** Whether stringWidth can load string-width when it first needs it. */
export const loadsOnDemand = (): boolean => Boolean((process.features as { require_module?: boolean }).require_module);

export function stringWidth(s: string): number {
  if (PRINTABLE_ASCII.test(s)) return s.length;
  impl ??= (createRequire(import.meta.url)('string-width') as { default: Width }).default;
  return impl(s);
}
