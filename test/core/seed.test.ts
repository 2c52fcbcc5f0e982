// The seed's entropy estimate, character by character (docs/draw-algorithm.md §1), and the advice given before a draw.
import { describe, expect, it } from 'vitest';
import { digitsFor, entropyAdvice, entropyBits, seedBits, seedFromComponents } from '../../src/core/seed.js';

const L10 = Math.log2(10);

describe('entropy per character', () => {
  it('classes each character, not the part as a whole', () => {
    expect(entropyBits('381702')).toBeCloseTo(6 * L10, 9);
    expect(entropyBits('ab12')).toBeCloseTo(2 * Math.log2(52) + 2 * L10, 9); // a mixed part is not all "letters and digits"
    expect(entropyBits('ff00')).toBeCloseTo(2 * Math.log2(52) + 2 * L10, 9); // nor hexadecimal as a whole
    expect(entropyBits('3D-2026')).toBeCloseTo(5 * L10 + Math.log2(52) + 5, 9);
    expect(entropyBits('福彩385')).toBeCloseTo(13 + 3 * L10, 9);
    expect(entropyBits('  12 34  ')).toBeCloseTo(4 * L10, 9); // spaces count nothing
    expect(entropyBits('')).toBe(0);
    expect(seedBits([{ source: 'witness', name: 'a', value: '12' }, { source: 'public', name: 'b', value: 'x' }])).toBeCloseTo(2 * L10 + Math.log2(52), 9);
  });

  it('announced draws: the public value first, witnesses after it', () => {
    expect(seedFromComponents([{ source: 'public', name: '3D', value: ' 385 ' }, { source: 'witness', name: '王', value: '4417' }])).toBe('385/4417');
  });

  it('the advice says what to do, in 比特 and 个数字, never 位', () => {
    expect(entropyAdvice(40, 30)).toBeNull();
    const a = entropyAdvice(20, 52.3)!;
    expect(a).toContain('约 20 比特');
    expect(a).toContain('所需的 53 比特');
    expect(a).toContain(`至少 ${digitsFor(52.3 - 20)} 个数字`);
    expect(a).toContain('事先公告');
    expect(a).not.toMatch(/\d+ ?位/);
    // an announced draw uses a public number already: the advice adds witnesses' digits to it
    const announced = entropyAdvice(10, 52.3, true)!;
    expect(announced).toContain(`再输入至少 ${digitsFor(52.3 - 10)} 个数字（--entropy`);
    expect(announced).not.toContain('ssj draw announce');
    expect(digitsFor(33.3)).toBe(11);
    expect(digitsFor(0)).toBe(0);
  });
});
