// The few Buffer operations src/core performs (draw.ts hashes the pool through a reused byte buffer), for the
// browser bundle, where esbuild injects this as the global Buffer. UTF-8, and latin1 (normalize.ts copies ASCII
// codes through it).
const encoder = new TextEncoder();

class Bytes extends Uint8Array {
  /** copy into target at targetStart; returns the bytes copied */
  copy(target: Uint8Array, targetStart = 0): number {
    const n = Math.min(this.length, target.length - targetStart);
    target.set(this.subarray(0, n), targetStart);
    return n;
  }
  /** write a string as UTF-8 at offset; returns the bytes written */
  write(s: string, offset = 0, encoding = 'utf8'): number {
    if (encoding !== 'utf8' && encoding !== 'utf-8') throw new Error(`buf.write(…, ${encoding}) is not available in the verifier`);
    return encoder.encodeInto(s, this.subarray(offset)).written;
  }
  override toString(encoding = 'utf8'): string {
    if (encoding === 'latin1') {
      let out = '';
      for (let i = 0; i < this.length; i += 8192) out += String.fromCharCode(...this.subarray(i, i + 8192));
      return out;
    }
    return new TextDecoder().decode(this);
  }
}

const Buffer = {
  allocUnsafe: (n: number) => new Bytes(n),
  alloc: (n: number) => new Bytes(n),
  from(s: string | ArrayLike<number>, encoding = 'utf8'): Bytes {
    if (typeof s !== 'string') return new Bytes(Array.from(s));
    if (encoding === 'latin1') return new Bytes(Array.from(s, (c) => c.charCodeAt(0) & 0xff));
    if (encoding !== 'utf8' && encoding !== 'utf-8') throw new Error(`Buffer.from(…, ${encoding}) is not available in the verifier`);
    const b = encoder.encode(s);
    const out = new Bytes(b.length);
    out.set(b);
    return out;
  },
  isBuffer: (x: unknown) => x instanceof Bytes,
};

export { Buffer };
