// A draw replaced by a re-draw no longer stands: amending it is refused, naming the re-draw.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workdir } from '../helpers/workdir.js';

let w: Workdir;
beforeAll(async () => {
  w = new Workdir('ssj-superseded');
  await w.samples('ws');
}, 120_000);
afterAll(() => w.remove());

describe('ssj draw replace on a superseded draw', () => {
  it('is refused with a clear message; the re-draw can be amended', async () => {
    const at = { cwd: w.path('ws') };
    const d1 = await w.run(['draw', '--item', 'ZJ-001', '--witness', '甲', '--entropy', '381702992011', '--json'], at);
    expect(d1.code, d1.stderr).toBe(0);
    const d2 = await w.run(['draw', '--item', 'ZJ-001', '--round', '1', '--redraw', '--reason', '投屏中断后重抽', '--witness', '乙', '--entropy', '99201188776655', '--json'], at);
    expect(d2.code, d2.stderr).toBe(0);
    const r = await w.run(['draw', 'replace', d1.json.id, '--entity', d1.json.entities[0].code, '--reason', '注销', '--json'], at);
    expect(r.code).toBe(1);
    expect(r.json.error.message).toContain(`已被再次抽取 ${d2.json.id} 取代`);
    expect(r.json.error.message).toContain('投屏中断后重抽');
    expect(r.json.error.hint).toContain(`ssj draw replace ${d2.json.id}`);
    expect(existsSync(w.path('ws', 'draws', `${d1.json.id}-R1.json`))).toBe(false);
    const ok = await w.run(['draw', 'replace', d2.json.id, '--entity', d2.json.entities[0].code, '--reason', '注销', '--json'], at);
    expect(ok.code, ok.stderr).toBe(0);
    const v = await w.run(['verify', '--json'], at);
    expect(v.code, v.stdout).toBe(0);
  });
});
