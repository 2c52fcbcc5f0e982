import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../src/core/key-index.js';

/** What a Map gives: the position each key was first claimed at, or -1. */
function byMap(keys: string[]): number[] {
  const m = new Map<string, number>();
  return keys.map((k) => {
    const p = m.get(k);
    if (p !== undefined) return p;
    m.set(k, m.size);
    return -1;
  });
}

describe('KeyIndex', () => {
  const keys: string[] = [];
  let x = 12345;
  for (let i = 0; i < 50_000; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    // about one key in six repeats an earlier one; Chinese and empty keys too
    keys.push(i % 7 === 3 ? `91350881${x % 4000}` : i % 1000 === 5 ? `检查对象${x % 10}` : i === 77 ? '' : `91350881${x.toString(36)}`);
  }

  it('finds every duplicate with the position of its first claim, as a Map does', () => {
    const k = new KeyIndex();
    expect(keys.map((key) => k.claim(key))).toEqual(byMap(keys));
    expect(k.size).toBe(new Set(keys).size);
  });

  it('gives way to a Map when keys collide (a crafted file), with the same answers', () => {
    const k = new KeyIndex(() => 42);
    expect(keys.slice(0, 3000).map((key) => k.claim(key))).toEqual(byMap(keys.slice(0, 3000)));
    const some = new KeyIndex((s) => s.length);
    expect(keys.map((key) => some.claim(key))).toEqual(byMap(keys));
  });
});
