// The SsjError a call throws (the test fails when it throws nothing, or something else).
import { expect } from 'vitest';
import { SsjError } from '../../src/core/errors.js';

export function thrown(f: () => unknown): SsjError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SsjError);
    return e as SsjError;
  }
  throw new Error('expected an SsjError');
}
