import { describe, expect, it } from 'vitest';
import { hashLines } from '../../src/ui/hash-lines.js';

describe('hashLines', () => {
  const hash = '4b7d5db848f7851df772530c87ff24384167f94981577f8682015edf446fe6d3';

  it('gives the 16 groups of four in two lines of eight, indented, that join back to the hash', () => {
    const [a, b] = hashLines(hash);
    expect(a).toBe('  4b7d 5db8 48f7 851d f772 530c 87ff 2438');
    expect(b).toBe('  4167 f949 8157 7f86 8201 5edf 446f e6d3');
    expect((a + b).replace(/\s/g, '')).toBe(hash);
  });

  it('fits 80 columns with any indent up to 41 characters', () => {
    for (const l of hashLines(hash, ' '.repeat(41))) expect(l.length).toBeLessThanOrEqual(80);
    expect(hashLines(hash, '')[0]).toBe('4b7d 5db8 48f7 851d f772 530c 87ff 2438');
  });
});
