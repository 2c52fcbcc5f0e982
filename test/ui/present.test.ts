// The projected draw view (ssj draw --present): frames laid out for 80×24 and 200×60, and a scripted run of the
// view against fake terminal streams (raw-mode keys in, frames out).
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { DrawPlan, Visit } from '../../src/core/draw.js';
import { groupsOf4 } from '../../src/core/record.js';
import type { PoolInfo, SavedInfo, SeedInfo } from '../../src/ui/draw-view.js';
import { bigGroups, bigText } from '../../src/ui/present/font.js';
import { pageCount, renderFrame, revealPages, teamPages } from '../../src/ui/present/frame.js';
import type { Size } from '../../src/ui/present/geometry.js';
import { keysIn } from '../../src/ui/present/keys.js';
import type { Screen } from '../../src/ui/present/screens.js';
import { wrap } from '../../src/ui/present/text.js';
import { DrawCancelled, PresentDrawView } from '../../src/ui/present/view.js';

const SMALL: Size = { columns: 80, rows: 24 };
const LARGE: Size = { columns: 200, rows: 60 };
const SIZES = [SMALL, LARGE];

const POOL_HASH = '3fa9c1d07be24e58a6f0193cd4b7e25f8c01a9d3e4f5b6a7c8d9e0f1a2b3c4d5';
const RECORD_HASH = 'e0c5a8b7f2d14c3a9b8e7f6d5c4b3a2918f7e6d5c4b3a29180f1e2d3c4b5a697';
const ITEM = 'A001';
const ITEM_NAME = '房屋建筑和市政基础设施工程施工质量安全监督检查（含建筑起重机械使用登记）';
const itemNames = new Map([[ITEM, ITEM_NAME], ['A002', '建筑市场行为检查']]);

function plan(sample = 60): DrawPlan {
  const item = { id: ITEM, name: ITEM_NAME } as DrawPlan['pools'][number]['item'];
  return {
    pools: [
      { item, ratio: 0.05, population: 1230, available: 1200, sample, strata: [] },
      {
        item: { ...item, id: 'A002', name: '建筑市场行为检查' }, ratio: null, population: 300, available: 290, sample: 10,
        strata: [
          { label: '区域=城关镇', ratio: null, population: 120, available: 118, sample: 4, stream: '', candidates: [] },
          { label: '区域=东湖乡', ratio: null, population: 180, available: 172, sample: 6, stream: '', candidates: [] },
        ],
      },
    ],
    exclusions: [
      { item: ITEM, code: 'x', name: 'x', kind: 'repeat', reason: '' },
      { item: ITEM, code: 'y', name: 'y', kind: 'gone', reason: '' },
    ],
    poolHash: POOL_HASH,
    poolSize: 1490,
    problems: [],
    warnings: [],
  };
}

/** One item, no re-draw: fits one page at 80×24. */
const simplePool = (): PoolInfo => ({ ...poolInfo(), redraw: null, plan: { ...plan(), pools: plan().pools.slice(0, 1) } });

const poolInfo = (): PoolInfo => ({
  org: '示例县住房和城乡建设局',
  taskName: `${ITEM_NAME}、建筑市场行为检查（合并检查） 2026年第1次抽查`,
  round: 1,
  redraw: { of: ['2026-001'], reason: '抽取时名录库未更新，重新导入后再次抽取' },
  plan: plan(),
  itemNames,
  teamSize: 2,
  experts: 1,
  inspectorsEligible: 37,
});

const seedInfo: SeedInfo = {
  components: [
    { source: 'witness', name: '张三', value: '493817' },
    { source: 'witness', name: '欧阳娜娜', value: '20261122' },
    { source: 'public', name: '2026-11-21 福彩3D 开奖号码', value: '738' },
  ],
  seed: '493817/20261122/738',
  bits: 56.4,
  neededBits: 301.2,
};

const savedInfo: SavedInfo = { id: '2026-002', file: '/home/user/抽查工作区/示例县住房和城乡建设局/draws/2026-002.json', hash: RECORD_HASH };

function visits(n: number): Visit[] {
  return Array.from({ length: n }, (_, i) => ({
    code: `91350100MA${String(i).padStart(8, '0')}`,
    name: i % 5 === 0 ? `福建省示例建设集团有限公司第${i + 1}工程分公司（城关镇滨江片区安置房项目部）` : `示例建筑工程有限公司${i + 1}`,
    items: i % 3 === 0 ? [ITEM, 'A002'] : [ITEM],
    picks: [{ item: ITEM, stratum: '', position: i }],
    team: [
      { certNo: `ZJ3501000${String(i).padStart(2, '0')}`, name: '欧阳建国', role: '组长' as const },
      { certNo: 'ZJ350100099', name: '李四', role: '组员' as const },
      { certNo: 'ZJ-E-07', name: '王五', role: '专家' as const },
    ],
  }));
}

const plain = (lines: string[]) => lines.map((l) => stripVTControlCharacters(l));
const text = (lines: string[]) => plain(lines).join('\n');

function expectFits(lines: string[], size: Size) {
  expect(lines).toHaveLength(size.rows);
  for (const l of lines) expect(stringWidth(l), JSON.stringify(stripVTControlCharacters(l))).toBeLessThan(size.columns);
}

/** The hash appears whole, or in groups of four in order (possibly over several lines). */
function expectHash(lines: string[], hash: string) {
  const t = text(lines);
  if (t.includes(hash)) return;
  const groups = groupsOf4(hash).split(' ');
  const found = t.match(/\b[0-9a-f]{4}\b/g) ?? [];
  const at = found.indexOf(groups[0]!);
  expect(at, `hash ${hash} not on screen:\n${t}`).toBeGreaterThanOrEqual(0);
  expect(found.slice(at, at + groups.length)).toEqual(groups);
}

/** Every page of a paged step (pool, seed, saved), each checked to fit, as one list of lines. */
function pages(s: Extract<Screen, { page: number }>, size: Size): string[] {
  const out: string[] = [];
  for (let p = 0; p < pageCount(s, size); p++) {
    const lines = renderFrame({ ...s, page: p }, size);
    expectFits(lines, size);
    out.push(...lines);
  }
  return out;
}

const title = '示例县住房和城乡建设局 房屋建筑和市政基础设施工程施工质量安全监督检查 2026年第1次抽查';

describe('frames', () => {
  for (const size of SIZES) {
    describe(`${size.columns}×${size.rows}`, () => {
      it('pool: items, samples, pool size and the pool hash in groups of four; every line fits', () => {
        const s: Screen = { step: 'pool', title, info: poolInfo(), warnings: ['事项 A001：--ratio 0.01 低于最低抽查比例 0.03（ssj.json 中的 minRatio）'], page: 0 };
        const lines = pages(s, size);
        const t = text(lines);
        for (const w of ['A001', 'A002', '1230', '1200', '1490', '区域=城关镇', '再次抽取', '2026-001', 'minRatio', '每组执法人员']) expect(t).toContain(w);
        expect(t).toContain(groupsOf4(POOL_HASH).split(' ').slice(0, 4).join('  '));
        expectHash(lines, POOL_HASH);
        if (size === LARGE) expect(t).toContain('█'); // block glyphs where there is room
      });

      it('entropy: the witness, the digits typed so far, who is done', () => {
        const s: Screen = { step: 'entropy', title, witnesses: ['张三', '欧阳娜娜', '王五'], values: ['493817'], typed: '2026112', notice: '只能输入数字' };
        const lines = renderFrame(s, size);
        expectFits(lines, size);
        const t = text(lines);
        expect(t).toContain('请见证人 欧阳娜娜 输入一串数字');
        expect(t).toContain('已输入 7 个数字');
        expect(t).toContain('✔ 张三  493817');
        expect(t).toContain('只能输入数字');
        const big = bigText('2026')!;
        expect(t).toContain(big[0]!); // the typed digits, large
      });

      it('entropy: a very long digit string keeps the latest digits on screen', () => {
        const typed = '1234567890'.repeat(40);
        const s: Screen = { step: 'entropy', title, witnesses: ['张三'], values: [], typed, notice: '' };
        const lines = renderFrame(s, size);
        expectFits(lines, size);
        expect(text(lines)).toContain('已输入 400 个数字');
      });

      it('seed: every component and the seed itself', () => {
        const s: Screen = { step: 'seed', title, info: seedInfo, warnings: ['随机种子约 56 位，少于覆盖全部可能结果所需的 302 位（RFC 3797 的经验规则）：可能的结果没有都被覆盖。建议每位见证人多输入几位数字，或加入事先公布的公开随机数（--public）。'], page: 0 };
        expect(pageCount(s, size)).toBe(1);
        const lines = renderFrame(s, size);
        expectFits(lines, size);
        const t = text(lines);
        for (const w of ['见证人 张三：493817', '见证人 欧阳娜娜：20261122', '2026-11-21 福彩3D 开奖号码', '493817/20261122/738', '熵估计约 56 比特', '302 比特']) expect(t).toContain(w);
      });

      it('saved: the record id, the hash whole and in groups, where it was saved', () => {
        const s: Screen = { step: 'saved', title, info: savedInfo, page: 0 };
        expect(pageCount(s, size)).toBe(1);
        const lines = renderFrame(s, size);
        expectFits(lines, size);
        const t = text(lines);
        expect(t).toContain('2026-002');
        expect(t.replace(/\s+/g, '')).toContain(RECORD_HASH);
        expect(t).toContain(groupsOf4(RECORD_HASH).split(' ').slice(0, 4).join('  '));
        expectHash(lines, RECORD_HASH);
        expect(t.replace(/\s+/g, '')).toContain(savedInfo.file);
        expect(t).toContain('ssj verify 2026-002');
      });

      it('reveal and teams: 60 entities paginate to fit, each on exactly one page, nothing cut', () => {
        const vs = visits(60);
        const ranges = revealPages(vs, itemNames, size);
        expect(ranges[0]![0]).toBe(0);
        expect(ranges.at(-1)![1]).toBe(60);
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1]);
        if (size === SMALL) expect(ranges.length).toBeGreaterThan(3);
        const seen = new Map<string, number>();
        for (const [a, b] of ranges) {
          const lines = renderFrame({ step: 'reveal', title, visits: vs, itemNames, shown: 60, first: a }, size);
          expectFits(lines, size);
          const t = text(lines).replace(/\s+/g, '');
          for (const v of vs) if (t.includes(v.code)) seen.set(v.code, (seen.get(v.code) ?? 0) + 1);
          for (let i = a; i < b; i++) expect(t).toContain(vs[i]!.name); // long names wrap, whole
        }
        expect([...seen.values()]).toEqual(Array(60).fill(1));

        const teams = teamPages(vs, size);
        expect(teams.at(-1)![1]).toBe(60);
        for (const [a, b] of teams) {
          const lines = renderFrame({ step: 'teams', title, visits: vs, first: a }, size);
          expectFits(lines, size);
          const t = text(lines).replace(/\s+/g, '');
          for (let i = a; i < b; i++) expect(t).toContain(`组长欧阳建国（${vs[i]!.team[0]!.certNo}）`);
        }
      });

      it('reveal: entities not yet revealed show only their number', () => {
        const vs = visits(60);
        const lines = renderFrame({ step: 'reveal', title, visits: vs, itemNames, shown: 2, first: 0 }, size);
        expectFits(lines, size);
        const t = text(lines);
        expect(t).toContain(vs[1]!.code);
        expect(t).not.toContain(vs[2]!.code);
        expect(t).toContain('（待揭晓）');
        expect(t).toContain('已揭晓 2 个');
      });
    });
  }

  it('lays out a pool that does not fit on several pages rather than cutting it', () => {
    const info = poolInfo();
    info.plan.pools = Array.from({ length: 12 }, (_, i) => ({ ...info.plan.pools[1]!, item: { ...info.plan.pools[1]!.item, id: `B${i}` } }));
    const s: Extract<Screen, { step: 'pool' }> = { step: 'pool', title, info, warnings: [], page: 0 };
    const n = pageCount(s, SMALL);
    expect(n).toBeGreaterThan(2);
    const all = text(pages(s, SMALL));
    for (let i = 0; i < 12; i++) expect(all).toContain(`B${i} `);
    expectHash(all.split('\n'), POOL_HASH);
    expect(all).toContain(`第 1/${n} 页`);
    expect(all).toContain(`第 ${n}/${n} 页`);
    expect(pageCount(s, LARGE)).toBeLessThan(n);
  });

  it('wraps CJK text by display width and never starts a line with closing punctuation', () => {
    const lines = wrap([{ t: '抽取时名录库未更新，重新导入后再次抽取。'.repeat(3) }], 21, 2);
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(21);
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {2}[^，。 ]/);
    expect(lines.join('').replace(/\s+/g, '')).toBe('抽取时名录库未更新，重新导入后再次抽取。'.repeat(3));
  });

  it('draws hex groups in block glyphs only when they fit', () => {
    expect(bigGroups(['3fa9', 'c1d0'], 10)).toBeNull();
    const rows = bigGroups(groupsOf4(POOL_HASH).split(' '), 190)!;
    expect(rows.filter((r) => r !== '')).toHaveLength(6); // two lines of eight groups, three rows each
    expect(bigText('2026-abc')).toHaveLength(3);
    expect(bigText('第1次')).toBeNull();
  });

  it('parses raw terminal input into keys', () => {
    expect(keysIn('12\r\n\x7f\x1b[A\x1b[6~\x03a１')).toEqual([
      { name: 'char', ch: '1' }, { name: 'char', ch: '2' }, { name: 'enter' }, { name: 'backspace' }, { name: 'up' },
      { name: 'pagedown' }, { name: 'ctrl-c' }, { name: 'char', ch: 'a' }, { name: 'char', ch: '１' },
    ]);
  });
});

// ───────────────────────── the view against fake terminal streams ─────────────────────────

class FakeInput extends EventEmitter {
  isTTY = true;
  raw = false;
  flowing = false;
  setRawMode(mode: boolean) {
    this.raw = mode;
    return this;
  }
  resume() {
    this.flowing = true;
    return this;
  }
  pause() {
    this.flowing = false;
    return this;
  }
  /** keys as a terminal in raw mode sends them, one chunk per call, after the view had a turn */
  async type(...chunks: string[]) {
    for (const c of chunks) {
      await new Promise((r) => setTimeout(r, 1));
      this.emit('data', Buffer.from(c, 'utf8'));
    }
  }
}

class FakeOutput extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  writes: string[] = [];
  write(s: string) {
    this.writes.push(s);
    return true;
  }
  get all() {
    return this.writes.join('');
  }
  /** the text of the latest frame */
  get screen() {
    const frames = this.writes.filter((w) => w.startsWith('\x1b[H'));
    return stripVTControlCharacters(frames.at(-1) ?? '');
  }
}

function fakeTerminal() {
  const input = new FakeInput();
  const output = new FakeOutput();
  const view = new PresentDrawView({ input, output, processHooks: false });
  return { input, output, view };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('PresentDrawView', () => {
  it('runs a whole draw on a fake terminal: Enter advances, digits are read, the screen is restored', async () => {
    const { input, output, view } = fakeTerminal();
    const vs = visits(5);

    await view.pool(simplePool());
    expect(input.raw).toBe(true);
    expect(output.writes[0]).toContain('\x1b[?1049h'); // the alternate screen
    expect(output.writes[0]).toContain('\x1b[?25l'); // cursor hidden
    expect(output.screen).toContain('1/6 检查对象池');
    view.warn(['事项 A001：示例警告']);
    expect(output.screen).toContain('示例警告'); // shown on the pool screen, which is still up

    // Enter leaves the pool; witness 1 types 49x3<BS>817 (x refused), witness 2 pastes digits and Enter at once
    const entropy = view.entropy(['张三', '欧阳娜娜']);
    await input.type('\r');
    await tick();
    expect(output.screen).toContain('请见证人 张三 输入一串数字');
    await input.type('4', '9', 'x');
    await tick();
    expect(output.screen).toContain('只能输入数字');
    await input.type('3', '\x7f', '8', '1', '7');
    await tick();
    expect(output.screen).toContain('已输入 5 个数字');
    await input.type('\r', '\r');
    await tick();
    expect(output.screen).toContain('请至少输入一个数字');
    await input.type('２０２６1122\r');
    expect(await entropy).toEqual(['49817', '20261122']);

    await view.seed(seedInfo);
    expect(output.screen).toContain('493817/20261122/738');
    view.warn(['随机种子约 56 位，少于所需的 302 位']);
    expect(output.screen).toContain('少于所需的 302 位');

    // seed → reveal 1..5 one by one → teams → done
    const result = view.result(vs, itemNames);
    await input.type('\r');
    await tick();
    expect(output.screen).toContain('已揭晓 0 个');
    for (let i = 1; i <= 5; i++) {
      await input.type('\r');
      await tick();
      expect(output.screen).toContain(`已揭晓 ${i} 个`);
      expect(output.screen).toContain(vs[i - 1]!.code);
    }
    await input.type('\r');
    await tick();
    expect(output.screen).toContain('5/6 检查组');
    // the record was saved with the seed: the last step shows it, it does not save it
    expect(output.screen).toContain('Enter 继续：记录编号和哈希（记录已保存）');
    expect(output.screen).not.toContain('保存记录');
    await input.type('\r');
    await result;

    const saved = view.saved(savedInfo);
    await tick();
    expect(output.screen).toContain('6/6 抽取记录');
    expect(output.screen).toContain('2026-002');
    await input.type('\r');
    await saved;
    view.close();

    expect(input.raw).toBe(false);
    expect(input.flowing).toBe(false);
    expect(input.listenerCount('data')).toBe(0);
    const all = output.all;
    const left = all.lastIndexOf('\x1b[?1049l');
    expect(left).toBeGreaterThan(all.lastIndexOf('\x1b[?1049h'));
    expect(all.slice(left - 20)).toContain('\x1b[?25h'); // cursor shown again
    // the result stays in the terminal's scrollback after the alternate screen is gone
    const after = stripVTControlCharacters(all.slice(left));
    expect(after).toContain('抽取记录 2026-002 已保存');
    expect(after).toContain(RECORD_HASH);
    expect(after).toContain(vs[4]!.code);
  });

  it('draws each frame as one write from the home position, without clearing the screen, and redraws on resize', async () => {
    const { input, output, view } = fakeTerminal();
    await view.pool(simplePool());
    const frames = output.writes.filter((w) => w.startsWith('\x1b[H'));
    expect(frames).toHaveLength(1);
    expect(frames[0]).not.toContain('\x1b[2J');
    const rows = stripVTControlCharacters(frames[0]!).split('\r\n');
    expect(rows).toHaveLength(24);
    for (const r of rows) expect(stringWidth(r)).toBe(79); // padded to the width (the last column left alone)

    output.columns = 200;
    output.rows = 60;
    output.emit('resize');
    const big = stripVTControlCharacters(output.writes.at(-1)!).split('\r\n');
    expect(big).toHaveLength(60);
    for (const r of big) expect(stringWidth(r)).toBe(199);
    expect(big.join('\n')).toContain('█');

    const e = view.entropy(['张三']);
    await input.type('\r', '1', '\r');
    expect(await e).toEqual(['1']);
    view.close();
  });

  it("'a' reveals all remaining entities; pages then advance with Enter", async () => {
    const { input, output, view } = fakeTerminal();
    const vs = visits(60);
    await view.pool(simplePool());
    await input.type('\r');
    await view.seed(seedInfo);
    const result = view.result(vs, itemNames);
    await input.type('\r', '\r', 'a');
    await tick();
    expect(output.screen).toContain('已揭晓 60 个');
    const pages = revealPages(vs, itemNames, { columns: 80, rows: 24 }).length;
    expect(output.screen).toContain(`第 1/${pages} 页`);
    for (let p = 2; p <= pages; p++) {
      await input.type('\r');
      await tick();
      expect(output.screen).toContain(`第 ${p}/${pages} 页`);
    }
    await input.type('\x1b[5~'); // PgUp goes back a page
    await tick();
    expect(output.screen).toContain(`第 ${pages - 1}/${pages} 页`);
    await input.type('\r', '\r'); // back on the last page, then on to the teams
    await tick();
    expect(output.screen).toContain('5/6 检查组');
    const teamPageCount = teamPages(vs, { columns: 80, rows: 24 }).length;
    await input.type(...Array(teamPageCount).fill('\r'));
    await result;
    view.close();
  });

  for (const [step, at] of [['pool', 0], ['entropy', 1], ['seed', 2], ['reveal', 3], ['teams', 4]] as const) {
    it(`Ctrl-C on the ${step} step rejects with DrawCancelled (exit code 130) and the terminal is restored`, async () => {
      const { input, output, view } = fakeTerminal();
      const run = (async () => {
        await view.pool(simplePool());
        await view.entropy(['张三']);
        await view.seed(seedInfo);
        await view.result(visits(3), itemNames);
      })();
      const keys = ['\r', '1\r', '\r', '\r\r\r\r'].slice(0, at);
      try {
        await input.type(...keys);
        await tick();
        await input.type('\x03');
        const e = await run.then(() => null, (x: unknown) => x);
        expect(e).toBeInstanceOf(DrawCancelled);
        expect((e as DrawCancelled).exitCode).toBe(130);
        expect((e as DrawCancelled).message).toBe('已中断，没有抽取');
      } finally {
        view.close(); // the draw command's finally
      }
      expect(input.raw).toBe(false);
      expect(output.all.endsWith('\x1b[?1049l')).toBe(true); // left the alternate screen, nothing printed after
    });
  }

  it('Ctrl-C once the record is saved just closes', async () => {
    const { input, view } = fakeTerminal();
    await view.pool(simplePool());
    const s = view.saved(savedInfo);
    await input.type('\r', '\x03');
    await expect(s).resolves.toBeUndefined();
    view.close();
  });

  it('refuses to start without a terminal', () => {
    const input = new FakeInput();
    input.isTTY = false;
    expect(() => new PresentDrawView({ input, output: new FakeOutput(), processHooks: false })).toThrow(/终端/);
  });
});
