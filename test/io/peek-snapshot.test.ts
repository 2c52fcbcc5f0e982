// peekEntitySnapshot (src/io/draws.ts): the registry snapshot a record names, read from the `inputs` line near the
// end of its file, however long the fields after it are; null for anything else.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { longJson } from '../../src/core/long-json.js';
import { peekEntitySnapshot } from '../../src/io/draws.js';
import { ReadBuffer } from '../../src/io/read-buffer.js';

const dir = mkdtempSync(join(tmpdir(), 'ssj-peek-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SHA = 'ab'.repeat(32);
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('peekEntitySnapshot', () => {
  it('finds the inputs line behind short and very long fields, with one buffer for many files', () => {
    const reader = new ReadBuffer(1024);
    const inputs = { entities: { snapshot: SHA, size: 3 }, inspectors: { snapshot: 'cd'.repeat(32), size: 1 } };
    for (const n of [0, 1, 2_000, 20_000]) {
      const merge = Array.from({ length: n }, (_, i) => ({ code: `91${i}`, name: '某某公司，"引号"', with: [{ task: '2026-001' }] }));
      const text = longJson({ entities: [{ code: 'x' }], exclusions: [], format: 'ssj-draw-record/2', hash: 'h', id: '2026-002', inputs, kind: 'draw', merge, year: 2026 });
      expect(text.length > 200_000).toBe(n === 20_000);
      expect(peekEntitySnapshot(file(`r${n}.json`, text), reader)).toBe(SHA);
    }
  });

  it('gives null for a missing file, another layout, or a value that is not a snapshot hash', () => {
    expect(peekEntitySnapshot(join(dir, 'none.json'))).toBeNull();
    expect(peekEntitySnapshot(file('compact.json', JSON.stringify({ inputs: { entities: { snapshot: SHA } } })))).toBeNull();
    expect(peekEntitySnapshot(file('bad.json', longJson({ id: 'x', inputs: { entities: { snapshot: 'not a hash' } } })))).toBeNull();
    expect(peekEntitySnapshot(file('broken.json', '{\n  "id": "x",\n  "inputs": {"entities":\n}\n'))).toBeNull();
  });
});
