// The pure-JS SHA-256 the browser verifier uses instead of node:crypto, against node:crypto.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256, sha256Hex } from '../../src/core/sha256.js';

const node = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('Sha256 (pure JS)', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });
  it('equals node:crypto on every length 0-200 and around block edges, UTF-8 text included', () => {
    for (let n = 0; n <= 200; n++) {
      const b = randomBytes(n);
      expect(sha256Hex(b), `length ${n}`).toBe(node(b));
    }
    const text = '示例县住房和城乡建设局\t91350881MA3YEAX31J\n'.repeat(37);
    expect(sha256Hex(text)).toBe(node(text));
  });
  it('hashes the same in any split of the input', () => {
    const b = randomBytes(5000);
    for (const step of [1, 3, 63, 64, 65, 127, 1000]) {
      const h = new Sha256();
      for (let i = 0; i < b.length; i += step) h.update(b.subarray(i, i + step));
      expect(h.digest(), `step ${step}`).toBe(node(b));
    }
  });
  it('refuses to be used after its digest', () => {
    const h = new Sha256().update('x');
    h.digest();
    expect(() => h.update('y')).toThrow();
  });
});
