// docs/schema/: every kind of record, a ledger and every snapshot kind written by ssj validate; values that break
// the layout do not (so the check can fail); the schemas and docs/draw-algorithm.md name the same fields.
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, checkWorkspace, schemaOf } from '../helpers/schemas.js';
import { Workdir } from '../helpers/workdir.js';

let w: Workdir;
let ws: string;
beforeAll(async () => {
  w = new Workdir('ssj-schema');
  await w.samples('y');
  ws = w.path('y');
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const r = await w.run([...args, '--json'], { cwd: ws, env });
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r.json;
  };
  await run(['draw', 'announce', '--item', 'ZJ-003', '--source', '中国福利彩票 3D 2026-11-25 开奖号码', '--source-date', '2026-11-25']);
  const d1 = await run(['draw', '--item', 'ZJ-001', '--witness', '甲', '--entropy', '381702992011']);
  await run(['draw', '--item', 'ZJ-001', '--round', '2', '--witness', '甲', '--entropy', '1234567890']);
  await run(['draw', 'replace', d1.id, '--entity', d1.entities[0].code, '--reason', '注销']);
  await run(['draw', '--item', 'ZJ-001', '--round', '2', '--redraw', '--reason', '测试', '--witness', '乙', '--entropy', '99887766554433']);
  await run(['draw', 'replace', d1.id, '--inspector', d1.entities[1].team[0].certNo, '--entity', d1.entities[1].code, '--reason', '人员调整']);
  await run(['draw', '--announced', '2026-A001', '--public', '385'], { SSJ_TODAY: '2026-11-25' });
}, 180_000);
afterAll(() => w.remove());

describe('docs/schema', () => {
  it('every record kind, the ledger and every snapshot kind ssj wrote validate', () => {
    const kinds = readdirSync(join(ws, 'draws')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(ws, 'draws', f), 'utf8')).kind);
    expect(new Set(kinds)).toEqual(new Set(['draw', 'amendment', 'announcement']));
    for (const k of ['entities', 'inspectors', 'items', 'conflicts']) expect(readdirSync(join(ws, 'snapshots', k)).length).toBeGreaterThan(0);
    expect(checkWorkspace(ws)).toEqual([]);
  });

  it('records and lines that break the layout do not validate', () => {
    const draw = JSON.parse(readFileSync(join(ws, 'draws', '2026-001.json'), 'utf8'));
    expect(check('draw-record.schema.json', draw, 'ok')).toEqual([]);
    expect(check('draw-record.schema.json', { ...draw, hash: 'abc' }, 'x')).not.toEqual([]);
    expect(check('draw-record.schema.json', { ...draw, extra: 1 }, 'x')).not.toEqual([]);
    const { seed: _s, ...noSeed } = draw;
    expect(check('draw-record.schema.json', noSeed, 'x')).not.toEqual([]);
    const amendment = JSON.parse(readFileSync(join(ws, 'draws', '2026-001-R1.json'), 'utf8'));
    expect(check('amendment-record.schema.json', amendment, 'ok')).toEqual([]);
    expect(check('amendment-record.schema.json', { ...amendment, passedOver: [{ item: 'A', code: 'X', kind: 'other' }] }, 'x')).not.toEqual([]);
    const line = JSON.parse(readFileSync(join(ws, 'draws', 'ledger.jsonl'), 'utf8').split('\n')[0]!);
    expect(check('ledger-line.schema.json', line, 'ok')).toEqual([]);
    expect(check('ledger-line.schema.json', { ...line, kind: 'deleted' }, 'x')).not.toEqual([]);
    expect(check('snapshot-entities.schema.json', { code: 'A', name: 'x', status: 'closed' }, 'x')).not.toEqual([]);
  });

  it('the amendments list every position passed over with its kind, stratum and position', () => {
    const r1 = JSON.parse(readFileSync(join(ws, 'draws', '2026-001-R1.json'), 'utf8'));
    expect(r1.format).toBe('ssj-draw-record/2');
    for (const p of r1.passedOver) {
      expect(['repeat', 'replaced']).toContain(p.kind);
      expect(typeof p.stratum).toBe('string');
      expect(Number.isInteger(p.position)).toBe(true);
    }
  });

  it('docs/draw-algorithm.md names every field of every record schema and every snapshot column', () => {
    const doc = readFileSync(new URL('../../docs/draw-algorithm.md', import.meta.url), 'utf8');
    for (const f of ['draw-record', 'amendment-record', 'announcement-record', 'ledger-line']) {
      for (const k of Object.keys(schemaOf(`${f}.schema.json`).properties)) expect(doc, `${f}: ${k}`).toContain(`\`${k}\``);
    }
    for (const k of ['entities', 'inspectors', 'items', 'conflicts']) {
      expect(doc).toContain(schemaOf(`snapshot-${k}.schema.json`).required.join(','));
    }
  });
});
