// ssj verify through the real binary: a workspace with draws and an amendment passes; each kind of tampering,
// made on its own copy of that workspace, fails with exit 1; published records verify outside a workspace.
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, rechain, recordHash } from '../helpers/records.js';
import { Workdir, type RunResult } from '../helpers/workdir.js';

const writeJson = (p: string, v: unknown) => writeFileSync(p, JSON.stringify(v, null, 2) + '\n');
const W = ['--witness', '王五'];

let base: Workdir;
/** the workspace every case copies: 2026-001 (ZJ-001), 2026-002 (ZJ-002, with experts), 2026-001-R1, 2026-003 (ZJ-003) */
let good: string;
let entities: any[];
let snap: { entities: string; inspectors: string; items: string; conflicts: string };
let draw1: any;
const made: Workdir[] = [];

function copy(): Workdir {
  const w = new Workdir('ssj-verify');
  cpSync(good, w.dir, { recursive: true });
  made.push(w);
  return w;
}
async function ssj(w: Workdir, args: string[], cwd?: string): Promise<RunResult> {
  const r = await w.run(args, cwd ? { cwd } : {});
  if (r.code !== 0) throw new Error(`ssj ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r;
}
const ledgerLines = (w: Workdir) => readFileSync(w.path('draws', 'ledger.jsonl'), 'utf8').trim().split('\n');
const setLedger = (w: Workdir, lines: string[]) => writeFileSync(w.path('draws', 'ledger.jsonl'), lines.join('\n') + '\n');

/** verify --json on a tampered copy: exit 1, ok false; returns the report */
async function fails(tamper: (w: Workdir) => void, args: string[] = []): Promise<any> {
  const w = copy();
  tamper(w);
  const r = await w.run(['verify', ...args, '--json']);
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.json.ok).toBe(false);
  const text = await w.run(['verify', ...args]);
  expect(text.code).toBe(1);
  if (r.json.chain) expect(text.stdout).toContain('FAIL');
  return r.json;
}

beforeAll(async () => {
  base = new Workdir('ssj-verify-base');
  await base.samples('d'); // the sample lists, nothing drawn
  good = base.path('d');
  const d1 = await ssj(base, ['draw', '--item', 'ZJ-001', '--count', '6', '--seed', '3817/992011', ...W, '--json'], good);
  await ssj(base, ['draw', '--item', 'ZJ-002', '--experts', '1', '--witness', '甲', '--witness', '乙', '--entropy', '271828', '--entropy', '314159', '--public', '517', '--json'], good);
  await ssj(base, ['draw', 'replace', '2026-001', '--entity', d1.json.entities[2].code, '--reason', '注销', '--json'], good);
  await ssj(base, ['draw', '--item', 'ZJ-003', '--seed', 's3', ...W, '--json'], good);
  entities = (await ssj(base, ['list', 'entities', '--json'], good)).json;
  draw1 = readJson(base.path('d', 'draws', '2026-001.json'));
  snap = Object.fromEntries(Object.entries(draw1.inputs).map(([k, v]: [string, any]) => [k, v.snapshot])) as typeof snap;
});
afterAll(() => {
  for (const w of made) w.remove();
  base?.remove();
});

describe('ssj verify in a workspace', () => {
  it('passes: every draw re-done from its snapshots and seed, amendments included, the chain whole', async () => {
    const w = copy();
    expect(readdirSync(w.path('draws')).sort()).toEqual(['2026-001-R1.json', '2026-001.json', '2026-002.json', '2026-003.json', 'ledger.jsonl']);
    const before = w.listing();
    const r = await w.run(['verify', '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.json).toMatchObject({ ok: true, chain: { ok: true, problems: [] } });
    expect(r.json.records.map((x: any) => [x.id, x.ok, x.problems])).toEqual([
      ['2026-001 + 2026-001-R1', true, []], ['2026-002', true, []], ['2026-003', true, []],
    ]);
    const text = await w.run(['verify', '--all']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('PASS  2026-001 + 2026-001-R1');
    expect(text.stdout).not.toContain('FAIL');
    const one = await w.run(['verify', '2026-002', '--json']);
    expect(one.code).toBe(0);
    expect(one.json.records.map((x: any) => x.id)).toEqual(['2026-002']);
    const viaAmendment = await w.run(['verify', 'draws/2026-001-R1.json', '--json']);
    expect(viaAmendment.json.records.map((x: any) => x.id)).toEqual(['2026-001 + 2026-001-R1']);
    expect(w.listing()).toEqual(before); // verify writes nothing
    expect(readJson(w.path('draws', '2026-002.json')).seed.text).toBe('271828/314159/517');
    // every record's hash is the SHA-256 of its canonical JSON, and the ledger chains them
    const lines = ledgerLines(w).map((l) => JSON.parse(l));
    lines.forEach((e, i) => {
      const rec = readJson(w.path(e.file));
      expect(recordHash(rec)).toBe(e.hash);
      expect(rec.prev).toBe(i ? lines[i - 1].hash : null);
    });
  });

  it('passes a 定向 (--where) draw of a later round: it records only the repeat exclusions inside its scope', async () => {
    const w = copy();
    const region = entities.find((e: any) => e.category === '建筑施工企业' && e.status === 'active' && e.region)!.region;
    await ssj(w, ['draw', '--item', 'ZJ-001', '--round', '2', '--where', `区域=${region}`, '--count', '1', ...W, '--entropy', '424242', '--operator', '张三', '--place', '会议室', '-y']);
    const r = await w.run(['verify', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.ok).toBe(true);
  });

  it('fails when a name in a record is edited', async () => {
    const out = await fails((w) => {
      const p = w.path('draws', '2026-002.json');
      const r = readJson(p);
      r.entities[0].name += '（改）';
      writeJson(p, r);
    });
    expect(out.chain.problems.join('\n')).toContain('2026-002');
    expect(out.records.find((x: any) => x.id === '2026-002').ok).toBe(false);
    expect(out.records.find((x: any) => x.id === '2026-003').ok).toBe(true);
  });

  it('fails when the last record is forged with its hash recomputed and the ledger updated: the re-draw differs', async () => {
    const out = await fails((w) => {
      const p = w.path('draws', '2026-003.json');
      const r = readJson(p);
      const other = entities.find((e) => e.category === '物业服务企业' && e.status === 'active' && !r.entities.some((v: any) => v.code === e.code));
      r.entities[0].code = other.code;
      r.entities[0].name = other.name;
      r.hash = recordHash(r);
      writeJson(p, r);
      const lines = ledgerLines(w);
      lines[3] = JSON.stringify({ ...JSON.parse(lines[3]!), hash: r.hash });
      setLedger(w, rechain(lines));
    });
    expect(out.chain.ok).toBe(true); // the chain is consistent: only re-doing the draw shows the forgery
    const rec = out.records.find((x: any) => x.id === '2026-003');
    expect(rec.ok).toBe(false);
    expect(rec.problems.join('\n')).toContain('第 1 个');
  });

  it('fails when a ledger line is deleted (in the middle, or the last)', async () => {
    const mid = await fails((w) => setLedger(w, ledgerLines(w).filter((_l, i) => i !== 1)));
    expect(mid.chain.problems.join('\n')).toContain('2026-002.json');
    const last = await fails((w) => setLedger(w, ledgerLines(w).slice(0, 3)));
    expect(last.chain.problems.join('\n')).toContain('2026-003.json');
  });

  it('fails when two ledger lines are swapped', async () => {
    const out = await fails((w) => {
      const [a, b, ...rest] = ledgerLines(w);
      setLedger(w, [b!, a!, ...rest]);
    });
    expect(out.chain.ok).toBe(false);
  });

  it('fails when a whole draw is removed (its ledger line and its file)', async () => {
    const out = await fails((w) => {
      setLedger(w, ledgerLines(w).filter((_l, i) => i !== 1));
      rmSync(w.path('draws', '2026-002.json'));
    });
    expect(out.chain.ok).toBe(false);
  });

  for (const kind of ['entities', 'inspectors', 'items', 'conflicts'] as const) {
    it(`fails when one byte of the ${kind} snapshot is changed`, async () => {
      const out = await fails((w) => {
        const p = w.path('snapshots', kind, `${snap[kind]}.csv`);
        const buf = readFileSync(p);
        const i = buf.lastIndexOf(0x2c) - 1; // the byte before the last comma
        buf[i] = buf[i] === 0x30 ? 0x31 : 0x30;
        writeFileSync(p, buf);
      });
      expect(out.chain.ok).toBe(true);
      for (const r of out.records) {
        expect(r.ok).toBe(false);
        expect(r.problems.join('\n')).toContain(snap[kind]);
      }
    });
  }

  it('fails when a snapshot file is missing', async () => {
    const out = await fails((w) => rmSync(w.path('snapshots', 'inspectors', `${snap.inspectors}.csv`)));
    expect(out.records.every((r: any) => !r.ok)).toBe(true);
  });

  it('fails when a record file is deleted, or an amendment file', async () => {
    const rec = await fails((w) => rmSync(w.path('draws', '2026-002.json')));
    expect(rec.chain.problems.join('\n')).toContain('draws/2026-002.json');
    const am = await fails((w) => rmSync(w.path('draws', '2026-001-R1.json')));
    expect(am.chain.problems.join('\n')).toContain('draws/2026-001-R1.json');
  });

  it('fails when a record file that the ledger does not name is added', async () => {
    const out = await fails((w) => writeFileSync(w.path('draws', 'x.json'), '{}\n'));
    expect(out.chain.problems.join('\n')).toContain('x.json');
    expect(out.records.every((r: any) => r.ok)).toBe(true);
    // checking one record still reports the broken ledger
    await fails((w) => writeFileSync(w.path('draws', 'x.json'), '{}\n'), ['2026-002']);
  });

  it('a record that is not JSON any more is an error, exit 1', async () => {
    const w = copy();
    writeFileSync(w.path('draws', '2026-002.json'), '{"kind": "draw", ');
    const r = await w.run(['verify', '--json']);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
  });
});

describe('ssj verify outside a workspace', () => {
  let out: Workdir;
  const files = (entitiesCsv = '检查对象.csv', inspectorsCsv = '执法人员.csv') => ['--entities', entitiesCsv, '--inspectors', inspectorsCsv, '--json'];
  beforeAll(() => {
    out = new Workdir('ssj-verify-out');
    made.push(out);
    for (const f of ['2026-001.json', '2026-001-R1.json', '2026-002.json']) cpSync(base.path('d', 'draws', f), out.path(f));
    cpSync(base.path('d', 'snapshots', 'entities', `${snap.entities}.csv`), out.path('检查对象.csv'));
    cpSync(base.path('d', 'snapshots', 'inspectors', `${snap.inspectors}.csv`), out.path('执法人员.csv'));
  });
  /** the entities CSV without the row of `code` */
  const without = (code: string, name: string) => {
    const lines = readFileSync(out.path('检查对象.csv'), 'utf8').split('\n');
    const kept = lines.filter((l) => !l.startsWith(`${code},`));
    expect(kept).toHaveLength(lines.length - 1);
    writeFileSync(out.path(name), kept.join('\n'));
    return name;
  };

  it('passes with the snapshot CSVs copied out, the amendments beside the record included', async () => {
    const r = await out.run(['verify', '2026-001.json', ...files()]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json.ok).toBe(true);
    expect(r.json.records.map((x: any) => [x.id, x.ok])).toEqual([['2026-001 + 2026-001-R1', true]]);
    const two = await out.run(['verify', out.path('2026-002.json'), ...files(out.path('检查对象.csv'), out.path('执法人员.csv'))], { cwd: base.dir });
    expect(two.code, two.stdout).toBe(0);
    const text = await out.run(['verify', '2026-001.json', '--entities', '检查对象.csv', '--inspectors', '执法人员.csv']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('PASS');
  });

  it('fails when the entities CSV has the row of a drawn entity removed, or of one that could have been drawn', async () => {
    const drawn = draw1.entities[0];
    const r = await out.run(['verify', '2026-001.json', ...files(without(drawn.code, '少一行.csv'))]);
    expect(r.code).toBe(1);
    expect(r.json.ok).toBe(false);
    const notDrawn = entities.find((e) => e.category === '建筑施工企业' && e.status === 'active' && !draw1.entities.some((v: any) => v.code === e.code));
    const r2 = await out.run(['verify', '2026-001.json', ...files(without(notDrawn.code, '少一行-2.csv'))]);
    expect(r2.code).toBe(1);
    expect(r2.json.records[0].problems.join('\n')).toContain(draw1.pool.hash);
    const gone = entities.find((e) => e.category === '建筑施工企业' && e.status === 'gone');
    const r3 = await out.run(['verify', '2026-001.json', ...files(without(gone.code, '少一行-3.csv'))]);
    expect(r3.code).toBe(1);
  });

  it('fails when an inspector the teams came from is missing from the roster CSV', async () => {
    const lines = readFileSync(out.path('执法人员.csv'), 'utf8').split('\n');
    const cert = draw1.entities[0].team[0].certNo;
    writeFileSync(out.path('少一人.csv'), lines.filter((l) => !l.startsWith(`${cert},`)).join('\n'));
    const r = await out.run(['verify', '2026-001.json', ...files(undefined, '少一人.csv')]);
    expect(r.code).toBe(1);
  });

  it('accepts the registry as an ordinary 检查对象名录库 CSV with its rows in another order', async () => {
    const cols: [string, string][] = [
      ['市场主体名称', 'name'], ['统一社会信用代码', 'creditCode'], ['联系电话', 'phone'], ['监管责任股室', 'section'],
      ['行业类别', 'category'], ['区域', 'region'], ['信用风险分类', 'risk'], ['经营状态', 'statusText'],
    ];
    const rows = [...entities].reverse().map((e) => cols.map(([, k]) => String(e[k] ?? '')).join(','));
    writeFileSync(out.path('名录-倒序.csv'), [cols.map(([h]) => h).join(','), ...rows].join('\n') + '\n');
    const r = await out.run(['verify', '2026-001.json', ...files('名录-倒序.csv')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('fails when an amendment beside the record is edited', async () => {
    const dir = new Workdir('ssj-verify-out2');
    made.push(dir);
    for (const f of ['2026-001.json', '检查对象.csv', '执法人员.csv']) cpSync(out.path(f), dir.path(f));
    const am = readJson(out.path('2026-001-R1.json'));
    am.change.added[0].position += 1;
    writeJson(dir.path('2026-001-R1.json'), am);
    const r = await dir.run(['verify', '2026-001.json', ...files()]);
    expect(r.code).toBe(1);
    expect(r.json.records[0].ok).toBe(false);
  });

  it('needs both lists and a draw record (not an amendment): usage errors, exit 2', async () => {
    expect((await out.run(['verify', '2026-001.json', '--entities', '检查对象.csv', '--json'])).code).toBe(2);
    expect((await out.run(['verify', '2026-001-R1.json', ...files()])).code).toBe(2);
  });
});
