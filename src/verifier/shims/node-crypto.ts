// node:crypto in the browser bundle (scripts/build-verifier.mjs points the import here): the SHA-256 that src/core
// asks for, from the pure-JS implementation in src/core/sha256.ts. Nothing else of node:crypto is used by the core.
import { Sha256 } from '../../core/sha256.js';

export function createHash(algorithm: string): Sha256 {
  if (algorithm !== 'sha256') throw new Error(`createHash(${algorithm}): only sha256 is available in the verifier`);
  return new Sha256();
}

export default { createHash };
