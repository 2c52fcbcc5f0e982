// ssj draw: a prompt's Ctrl-C (before the seed is fixed nothing is written) turned into the draw's interrupt.
import { Interrupted, isInterrupt } from '../interrupt.js';

/** Runs a prompt; its Ctrl-C becomes the draw's Interrupted (whose message says what was left behind). */
export async function ask<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isInterrupt(e)) throw new Interrupted();
    throw e;
  }
}
