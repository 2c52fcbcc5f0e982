// The JSON Schemas of docs/schema/ (ajv, draft 2020-12), and a check that every record, ledger line and snapshot
// row ssj wrote in a folder validates against them. Workdir.remove() runs it on every test workspace, so every
// file ssj writes in the test suite is checked.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordHash } from '../../src/core/record.js';

const require = createRequire(import.meta.url);
const SCHEMA_DIR = fileURLToPath(new URL('../../docs/schema/', import.meta.url));
const BASE = 'https://ssj.invalid/schema/';

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: unknown }[] | null };
let compiled: Map<string, Validate> | null = null;

/** schema file name → compiled validator */
export function validators(): Map<string, Validate> {
  if (compiled) return compiled;
  const Ajv2020 = require('ajv/dist/2020.js').default;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const names = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'));
  for (const n of names) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, n), 'utf8')));
  compiled = new Map(names.map((n) => [n, ajv.getSchema(BASE + n) as Validate]));
  return compiled;
}

export function schemaOf(name: string): any {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, name), 'utf8'));
}

const describeErrors = (v: Validate) => (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`).join('; ');

/** Problems (none: valid) of one value against a schema file. */
export function check(name: string, value: unknown, where: string): string[] {
  const v = validators().get(name);
  if (!v) return [`${where}: no schema ${name}`];
  return v(value) ? [] : [`${where}: ${describeErrors(v)}`];
}

const RECORD_SCHEMA: Record<string, string> = { draw: 'draw-record.schema.json', amendment: 'amendment-record.schema.json', announcement: 'announcement-record.schema.json' };
const SNAPSHOT_KINDS = ['entities', 'inspectors', 'items', 'conflicts'];
const seenSnapshots = new Set<string>();

/** Every record, ledger line and snapshot row of the workspaces below `root` (folders holding ssj.json), checked. */
export function checkWrittenFiles(root: string, depth = 4): string[] {
  const problems: string[] = [];
  if (!existsSync(root)) return problems;
  const visit = (dir: string, d: number) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    if (names.includes('ssj.json')) problems.push(...checkWorkspace(dir));
    if (d === 0) return;
    for (const n of names) {
      if (n === 'node_modules' || n.startsWith('.')) continue;
      const p = join(dir, n);
      try {
        if (statSync(p).isDirectory()) visit(p, d - 1);
      } catch {
        // gone meanwhile
      }
    }
  };
  visit(root, depth);
  return problems;
}

/**
 * The records the ledger names whose content still matches their hash (a test may tamper with a record or put a
 * stray file in draws/: those are not what ssj wrote), every ledger line, and every snapshot.
 */
export function checkWorkspace(ws: string): string[] {
  const problems: string[] = [];
  const draws = join(ws, 'draws');
  if (existsSync(draws)) {
    const named = new Set<string>();
    try {
      for (const l of readFileSync(join(draws, 'ledger.jsonl'), 'utf8').split('\n')) {
        try {
          const f = JSON.parse(l)?.file;
          if (typeof f === 'string') named.add(f.replace(/\\/g, '/').split('/').pop()!);
        } catch {
          // not a line ssj wrote
        }
      }
    } catch {
      // no ledger
    }
    for (const f of readdirSync(draws)) {
      const p = join(draws, f);
      if (f === 'ledger.jsonl') {
        readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).forEach((l, i) => {
          let line: unknown;
          try {
            line = JSON.parse(l);
          } catch {
            return; // a damaged ledger is a test's own doing (ssj verify reports it)
          }
          problems.push(...check('ledger-line.schema.json', line, `${p}:${i + 1}`));
        });
      } else if (f.endsWith('.json') && named.has(f)) {
        let r: any;
        try {
          r = JSON.parse(readFileSync(p, 'utf8'));
        } catch {
          continue; // likewise
        }
        try {
          if (recordHash(r) !== r.hash) continue; // changed by the test itself
        } catch {
          continue;
        }
        const schema = RECORD_SCHEMA[r?.kind];
        problems.push(...(schema ? check(schema, r, p) : [`${p}: unknown record kind ${JSON.stringify(r?.kind)}`]));
      }
    }
  }
  for (const kind of SNAPSHOT_KINDS) {
    const dir = join(ws, 'snapshots', kind);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.csv'))) {
      if (seenSnapshots.has(`${kind}/${f}`)) continue;
      seenSnapshots.add(`${kind}/${f}`);
      problems.push(...checkSnapshot(kind, join(dir, f)));
    }
  }
  return problems;
}

export function checkSnapshot(kind: string, path: string): string[] {
  const { parse } = require('csv-parse/sync');
  const schema = `snapshot-${kind}.schema.json`;
  const columns: string[] = schemaOf(schema).required;
  const rows: string[][] = parse(readFileSync(path), { relax_column_count: true });
  const problems: string[] = [];
  // the required columns first, in order; then the optional ones some row fills (and, for a registry, its own other
  // columns), which the schema's properties (or additionalProperties) describe
  const header = rows[0] ?? [];
  if (rows.length === 0 || header.slice(0, columns.length).join(',') !== columns.join(',')) return [`${path}: header does not start with ${columns.join(',')}`];
  for (let i = 1; i < rows.length && problems.length < 5; i++) {
    const r = rows[i]!;
    if (r.length !== header.length) {
      problems.push(`${path}:${i + 1}: ${r.length} cells, not ${header.length}`);
      continue;
    }
    problems.push(...check(schema, Object.fromEntries(header.map((c, k) => [c, r[k]])), `${path}:${i + 1}`));
  }
  return problems;
}
