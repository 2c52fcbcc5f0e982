// ssj draw, step 5: the draw itself, and its record sealed and appended to the ledger before anything drawn is shown.
import { join } from 'node:path';
import { SsjError } from '../../core/errors.js';
import { assignTeams, drawEntities, type Visit } from '../../core/draw.js';
import { RECORD_FORMAT, sealRecordBytes, type DrawRecord, type RecordedVisit } from '../../core/record.js';
import { entitiesByCode } from '../../core/entity-table.js';
import type { MergeNote } from '../../core/visits.js';
import { conflictsTouching, poolOf } from '../../core/replay.js';
import { isSuspended } from '../../core/normalize.js';
import type { Entity } from '../../core/types.js';
import { nowStamp } from '../../io/clock.js';
import { appendRecord } from '../../io/ledger-commit.js';
import type { Workspace } from '../../io/workspace.js';
import { VERSION } from '../../version.js';
import type { SavedInfo } from '../../ui/draw-view.js';
import { setInterruptMessage } from '../interrupt.js';
import { openMerges } from '../merges.js';
import { saveDrawDefaults } from './defaults.js';
import type { PlannedDraw } from './plan.js';
import type { ResolvedDraw } from './resolve.js';
import type { ChosenSeed } from './seed.js';

export interface CommittedDraw {
  record: DrawRecord;
  saved: SavedInfo;
  visits: Visit[];
  /** entities another standing task drew too: to be inspected together (core/visits.ts) */
  merge: MergeNote[];
  /** the drawn entities whose registry status is 停业、歇业 or 清算 */
  suspended: Entity[];
  byCode: Map<string, Entity>;
  /** what `meanwhile` made while the record was being written (null: nothing), and the warnings it was made with */
  prepared: { bytes: Uint8Array; warnings: string } | null;
}

/**
 * Draws with the seed and saves the record. From the moment it returns the draw has happened: Ctrl-C, a crash or a
 * closed window leave the record standing.
 */
export async function commitDraw(
  ws: Workspace, r: ResolvedDraw, p: PlannedDraw, s: ChosenSeed, neededBits: number, warnings: readonly string[],
  meanwhile?: (d: Omit<CommittedDraw, 'prepared'>, recordBytes: Buffer) => CommittedDraw['prepared'],
): Promise<CommittedDraw> {
  const { plan, inputs, params, task, conflictPairs } = p;
  const { entries } = r;
  const visits = drawEntities(plan, s.seed);
  const teamProblems = assignTeams(visits, inputs, params, s.seed);
  if (teamProblems.length) {
    throw new SsjError('CANNOT_DRAW', `无法为抽中的检查对象配齐检查组：\n  ${teamProblems.join('\n  ')}`, { hint: '请补充执法人员名录（ssj import inspectors），检查证件有效期和回避关系，或调整 --team-size / --experts' });
  }
  // 合并检查: entities another standing task of the year drew and has no result for yet (see core/visits.ts);
  // decided before the record is sealed, shown only after it is saved
  // (a re-draw does not merge with the draws it replaces)
  // the record's `entities` (and what the merges read): the visits themselves, built with the record's key order
  // (core/draw.ts addPick; sealRecordBytes copies them only if they are not)
  const recorded: RecordedVisit[] = visits;
  const merge = await openMerges(ws.root, r.past, r.redraw?.of ?? [], recorded, {
    items: r.items, date: p.date, teamRules: params.teamRules, teamSize: r.teamSize, inspectors: p.roster, conflicts: conflictPairs, org: ws.config.org,
  });
  // (only when the registry has such a status at all)
  const anySuspended = r.lists.entities.records.coded('statusText').values.some((s) => isSuspended(s));
  const byCode = anySuspended ? entitiesByCode(r.lists.entities.records, visits.map((v) => v.code), ['code', 'name', 'statusText']) : new Map<string, Entity>();
  const suspended = visits.map((v) => byCode.get(v.code)).filter((e): e is Entity => Boolean(e) && isSuspended(e!.statusText));

  const seq = entries.length + 1;
  const drawsSoFar = entries.filter((e) => e.kind === 'draw' || e.kind === 'redraw').length;
  const id = `${ws.config.year}-${String(drawsSoFar + 1).padStart(3, '0')}`;
  const { announcement } = r;
  const body: Omit<DrawRecord, 'hash'> = {
    format: RECORD_FORMAT, kind: 'draw', id, seq, time: nowStamp(), date: p.date, org: ws.config.org, year: ws.config.year,
    operator: r.operator, witnesses: r.witnesses, place: r.place, tool: { name: 'ssj', version: VERSION }, algorithm: p.algorithm,
    task,
    redraw: r.redraw,
    inputs: p.drawInputs,
    pool: poolOf(plan),
    exclusions: plan.exclusions,
    conflicts: conflictsTouching(conflictPairs, visits.map((v) => v.code)),
    seed: { components: s.components, text: s.seed, bits: round6(s.bits), neededBits: round6(neededBits) },
    // the entropy estimate is in seed.bits / seed.neededBits; the paper form states it without alarm
    warnings: warnings.filter((w) => w !== s.advice),
    entities: recorded,
    prev: entries.at(-1)?.hash ?? null,
    ...(announcement ? { announcement: { id: announcement.id, hash: announcement.hash, date: announcement.date, source: announcement.source.name, sourceDate: announcement.source.date } } : {}),
    merge,
  };
  const { record, bytes: text } = sealRecordBytes<DrawRecord>(body);
  const file = join(ws.root, 'draws', `${id}.json`);
  const saved: SavedInfo = { id, file, hash: record.hash };
  const committing = appendRecord(ws.root, record, r.redraw ? 'redraw' : 'draw', record.time, text);
  committing.catch(() => undefined); // (awaited below)
  // while the record's bytes are written out (on libuv's threads): what is shown once it is saved, prepared, not shown
  const prepared = meanwhile ? meanwhile({ record, saved, visits, merge, suspended, byCode }, text) : null;
  await committing;
  // From here on the draw has happened: Ctrl-C, a crash or a closed window leave the record standing.
  setInterruptMessage(`已中断；抽取记录 ${id} 已保存（哈希 ${record.hash.slice(0, 16)}…），抽取已经生效，可用 ssj form ${id} 查看`);
  // the answers the clerk gave at the prompts, offered next time; a script's draw (no prompts: the login name, an empty
  // place when --operator, --place are left out) does not replace them
  if (r.asking) await saveDrawDefaults(ws.root, { operator: r.operator, place: r.place }).catch(() => {});
  return { record, saved, visits, merge, suspended, byCode, prepared };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
