// The browser verifier: one page, no network. The files are read here (files.ts), the lists parsed and the draws
// re-run by ssj's own code from src/core (public-lists, public-verify → draw, replay, record), bundled by
// scripts/build-verifier.mjs; node:crypto is the pure-JS SHA-256 of src/core/sha256.ts in this bundle.
import type { RawCell } from '../core/cells.js';
import type { ConflictPair } from '../core/draw.js';
import { NEVER_ENDS } from '../core/dates.js';
import { ListBuilder } from '../core/list-builder.js';
import { chooseList, parsePublicList } from '../core/public-lists.js';
import { isRedacted, type PublicAmendment, type PublicDraw } from '../core/public-record.js';
import { drawRowProblems, TABLE_AGREES, type ShownRow } from '../core/export-rows.js';
import { announcementOf, checkPublicChain, exportPairProblems, exportTableHashes, verifyPublicDraw, type Check, type DrawVerdict, type PublishedRecord as PublicRecord } from '../core/public-verify.js';
import { groupsOf4, type LedgerRecord } from '../core/record.js';
import { SCHEMAS } from '../core/schema.js';
import type { Conflict, Entity, Inspector } from '../core/types.js';
import { decodeText, parseCsv, readXlsx } from './files.js';

/** The records sheet of an .xlsx draw export (src/io/table-writer.ts RECORDS_SHEET; a test checks they agree). */
const RECORDS_SHEET = '抽取记录（复核用）';
/** The anchor sheet of an export (src/io/anchor.ts ANCHOR_SHEET; a test checks they agree). */
const ANCHOR_SHEET = '台账链头（复核用）';

interface Loaded<T> {
  file: string;
  value: T;
}
interface ListFile<R> {
  file: string;
  records: R[];
  snapshot: string | null;
}

const state = {
  records: null as Loaded<PublicRecord[]> | null,
  csvTable: null as Loaded<Map<string, string>> | null,
  /** the table a reader sees (an .xlsx export's first sheet, or the CSV), checked row by row against the records */
  shown: null as Loaded<ShownRow[]> | null,
  entities: [] as ListFile<Entity>[],
  inspectors: [] as ListFile<Inspector>[],
  /** 回避 lists (several when the list changed during the year: each redacted record is restored with the one its hash says) */
  conflicts: [] as Loaded<ConflictPair[]>[],
  /** the files not recognised (a CSV beside the .records.jsonl whose header was changed is the table, unreadable) */
  unknown: [] as string[],
  messages: [] as { file: string; text: string; bad: boolean }[],
};

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function recordsFromJsonl(text: string, file: string): PublicRecord[] {
  return text.split(/\r?\n/).filter((l) => l.trim()).map((l, i) => {
    try {
      return JSON.parse(l) as PublicRecord;
    } catch {
      throw new Error(`${file} 第 ${i + 1} 行不是有效的抽取记录`);
    }
  });
}

function conflictsFromRows(rows: RawCell[][], file: string, sheet: string | null): ConflictPair[] | null {
  // the conflicts snapshot as ssj stores it (snapshots/conflicts/<hash>.csv)
  const head = (rows[0] ?? []).map((c) => String(c ?? ''));
  if (head[0] === 'id' && head.includes('certNo') && head.includes('code')) {
    const ci = head.indexOf('certNo');
    const ki = head.indexOf('code');
    return rows.slice(1).filter((r) => r[ci]).map((r) => ({ certNo: String(r[ci]), code: String(r[ki] ?? '') }));
  }
  // the 回避关系清单 as a bureau keeps it: read by ssj's own import rules
  const b = new ListBuilder<Conflict>(SCHEMAS.conflicts, { file, asOf: NEVER_ENDS });
  const sb = b.sheet(sheet, [], { date1904: false });
  rows.forEach((cells, i) => sb.addRow({ row: i + 1, cells }));
  sb.end();
  const out = b.finish();
  if (out.records.length === 0 || out.errors.length) return null;
  return out.records.map((c) => ({ certNo: c.certNo, code: c.code }));
}

/** Recognise a file by its content and keep what it holds. */
async function take(file: File) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = file.name;
  const lower = name.toLowerCase();
  const t0 = performance.now();
  const say = (text: string, bad = false) => state.messages.push({ file: name, text: `${text}（读取 ${((performance.now() - t0) / 1000).toFixed(2)} 秒）`, bad });
  try {
    if (lower.endsWith('.jsonl') || lower.endsWith('.json')) {
      const text = decodeText(bytes);
      const recs = lower.endsWith('.json') ? [JSON.parse(text) as PublicRecord] : recordsFromJsonl(text, name);
      if (state.records && lower.endsWith('.json')) state.records.value.push(...recs);
      else state.records = { file: name, value: recs };
      // the table shown beside these records is the CSV's (given with them); an .xlsx's table goes with its own records
      if (state.shown && state.shown.file !== state.csvTable?.file) state.shown = null;
      say(`抽取记录 ${recs.length} 条`);
      return;
    }
    const sheets: { name: string | null; rows: RawCell[][] }[] = lower.endsWith('.xlsx') || (bytes[0] === 0x50 && bytes[1] === 0x4b)
      ? await readXlsx(bytes)
      : [{ name: null, rows: parseCsv(decodeText(bytes)) }];
    const recSheet = sheets.find((s) => s.name === RECORDS_SHEET);
    if (recSheet) {
      const parts = new Map<string, string[]>();
      for (const r of recSheet.rows.slice(1)) {
        const [id, part, text] = r;
        if (typeof id !== 'string' || typeof text !== 'string') continue;
        if (!parts.has(id)) parts.set(id, []);
        parts.get(id)![Number(part) - 1] = text;
      }
      const recs = [...parts].map(([id, texts]) => {
        try {
          return JSON.parse(texts.join('')) as PublicRecord;
        } catch {
          throw new Error(`工作表“${RECORDS_SHEET}”中的记录 ${id} 不完整或被改动，无法读取`);
        }
      });
      state.records = { file: name, value: recs };
      // the table: the first sheet that is neither the records nor the anchor (as ssj verify reads it)
      const table = sheets.find((s) => s.name !== RECORDS_SHEET && s.name !== ANCHOR_SHEET);
      // (no table sheet at all is a table without its header: the check says so)
      state.shown = { file: name, value: table ? shownRows(table.rows) : [] };
      say(`抽取结果（含 ${recs.length} 条抽取记录）`);
      return;
    }
    for (const s of sheets) {
      const e = parsePublicList('entities', s.rows);
      if (e) {
        if (e.problems.length) throw new Error(e.problems.slice(0, 3).join('；'));
        state.entities.push({ file: name, records: e.records, snapshot: e.snapshot });
        say(`检查对象名录库 ${e.records.length} 条${e.snapshot ? `，名录快照 ${e.snapshot.slice(0, 12)}…` : ''}`);
        return;
      }
      const i = parsePublicList('inspectors', s.rows);
      if (i) {
        if (i.problems.length) throw new Error(i.problems.slice(0, 3).join('；'));
        state.inspectors.push({ file: name, records: i.records, snapshot: i.snapshot });
        say(`执法检查人员名录 ${i.records.length} 人${i.snapshot ? `，名录快照 ${i.snapshot.slice(0, 12)}…` : ''}`);
        return;
      }
      const hashes = exportTableHashes(s.rows);
      if (hashes) {
        state.csvTable = { file: name, value: hashes };
        state.shown = { file: name, value: shownRows(s.rows) };
        say(`抽取结果表（${hashes.size} 个抽查任务）；抽取记录在同名的 .records.jsonl 文件中，请一并选择`);
        return;
      }
    }
    for (const s of sheets) {
      const pairs = conflictsFromRows(s.rows, name, s.name);
      if (pairs) {
        state.conflicts.push({ file: name, value: pairs });
        say(`回避关系清单 ${pairs.length} 对（只在本机使用，不会上传）`);
        return;
      }
    }
    state.unknown.push(name);
    say('认不出这个文件：请选择 ssj 导出的抽取结果、检查对象名录库、执法检查人员名录或回避关系清单', true);
  } catch (e) {
    state.unknown.push(name);
    say(`无法读取：${(e as Error).message}`, true);
  }
}

const STATUS: Record<Check['status'], [string, string]> = { pass: ['通过', 'pass'], fail: ['不通过', 'fail'], skipped: ['未复核', 'skip'] };
const PARTS: [keyof DrawVerdict['checked'], string][] = [['recordHash', '记录哈希'], ['seed', '随机种子'], ['pool', '检查对象池'], ['entities', '抽中的检查对象'], ['teams', '检查组'], ['amendments', '补抽'], ['announcement', '事先公告']];
const KIND: Record<PublicRecord['kind'], string> = { draw: '抽取', amendment: '补抽', announcement: '抽取公告' };

/** Rows as read (row 1 first) with their row numbers as a spreadsheet program shows them. */
const shownRows = (rows: readonly RawCell[][]): ShownRow[] => rows.map((cells, i) => ({ row: i + 1, cells }));

function run() {
  const files = state.messages.map((m) => `<li class="${m.bad ? 'bad' : ''}"><b>${esc(m.file)}</b>：${esc(m.text)}</li>`).join('');
  $('#loaded').innerHTML = files ? `<ul>${files}</ul>` : '';
  const missing = [!state.records && '抽取结果（.xlsx，或 .csv 与 .records.jsonl）', state.entities.length === 0 && '检查对象名录库', state.inspectors.length === 0 && '执法检查人员名录'].filter(Boolean);
  const out = $('#result');
  if (missing.length) {
    out.innerHTML = `<p class="wait">还需要：${missing.map(esc).join('、')}</p>`;
    out.dataset['status'] = 'waiting';
    return;
  }
  const t0 = performance.now();
  const bundle = state.records!.value;
  const draws = bundle.filter((r): r is PublicDraw => r.kind === 'draw');
  const conflicts = state.conflicts[0]?.value ?? null;
  const moreConflicts = state.conflicts.slice(1).map((x) => x.value);
  const verdicts = draws.map((d) => {
    const e = chooseList(state.entities, d.inputs.entities.snapshot);
    const i = chooseList(state.inspectors, d.inputs.inspectors.snapshot);
    const amendments = bundle.filter((a): a is PublicAmendment => a.kind === 'amendment' && a.of.id === d.id).sort((a, b) => a.number - b.number);
    // an announced draw: checked against its announcement record, which the export carries (or a .json file given with it)
    const missing = d.announcement && `所选文件中没有公告记录 ${d.announcement.id}（较早版本的 ssj 导出的抽取结果不含公告；可一并选择公告记录 ${d.announcement.id}.json）：无法核对这次抽取与公告是否一致`;
    return verifyPublicDraw(d, amendments, { entities: e.records, inspectors: i.records, conflicts, moreConflicts, entitiesSnapshot: e.snapshot, inspectorsSnapshot: i.snapshot }, announcementOf(d, bundle), missing);
  });
  const chain = checkPublicChain(bundle);
  if (state.csvTable && state.records!.file.toLowerCase().endsWith('.jsonl')) chain.problems.push(...exportPairProblems(state.csvTable.value, bundle, state.csvTable.file));
  chain.ok = chain.problems.length === 0;
  // every row of the table a reader sees against the records published with it (as ssj verify does: export-rows.ts)
  // the CSV of these .records.jsonl (same name) given but not recognised: its table cannot be checked (as ssj verify says)
  const csvOf = state.records!.file.replace(/\.records\.jsonl$/i, '.csv').toLowerCase();
  const unread = state.shown ? undefined : state.unknown.find((f) => f.toLowerCase() === csvOf && csvOf.endsWith('.csv'));
  const shown = state.shown ?? (unread ? { file: unread, value: [] } : null);
  const tableProblems = shown ? drawRowProblems(shown.value, bundle as unknown as LedgerRecord[], shown.file) : null;
  const ms = performance.now() - t0;
  const tableOk = !tableProblems || tableProblems.length === 0;
  const recordsOk = chain.ok && verdicts.every((v) => v.ok) && draws.length > 0;
  const ok = recordsOk && tableOk;
  // what was left unchecked: the teams and hashes need the 回避 list; an announced draw its announcement record
  const skippedPairs = verdicts.some((v) => Object.entries(v.checked).some(([k, c]) => k !== 'announcement' && c.status === 'skipped'));
  const skippedAnnouncement = verdicts.some((v) => v.checked.announcement?.status === 'skipped');
  const skippedWhy = [skippedPairs && '回避关系清单', skippedAnnouncement && '公告记录'].filter(Boolean).join('或');
  out.dataset['status'] = ok ? 'pass' : 'fail';
  const head = `<div id="verdict" class="verdict ${ok ? 'pass' : 'fail'}" data-status="${ok ? 'pass' : 'fail'}">
    <div class="big">${ok ? '通过' : '不通过'}</div>
    <div>${ok ? `${draws.length} 次抽取均可由公开的名录和随机种子重现${skippedWhy ? `（标为“未复核”的部分需要${skippedWhy}）` : ''}` : `${recordsOk ? '表格与抽取记录不符' : '有抽取与记录不符，或记录链条不完整'}：见下面标出的差异`}</div>
    ${ok ? '' : `<ul class="why">${[...verdicts.filter((v) => !v.ok).map((v) => `<li><b>${esc(v.id)}</b>：${v.problems.slice(0, 3).map(esc).join('；')}</li>`), ...chain.problems.map((p) => `<li><b>记录链条</b>：${esc(p)}</li>`), ...(tableProblems ?? []).slice(0, 3).map((p) => `<li><b>表格</b>：${esc(p)}</li>`)].join('')}</ul>`}
    <div class="small">复核 ${draws.length} 次抽取、${bundle.filter((r) => r.kind === 'amendment').length} 次补抽${verdicts.some((v) => v.checked.announcement) ? `（其中按事先公告抽取 ${verdicts.filter((v) => v.checked.announcement).length} 次）` : ''}，用时 ${(ms / 1000).toFixed(2)} 秒；检查对象名录 ${state.entities.map((l) => l.records.length).join('、')} 条</div>
    ${state.unknown.length ? `<div class="small unused">另有 ${state.unknown.length} 个文件没有用于复核（认不出或无法读取，见上面标红的文件）：${state.unknown.map(esc).join('、')}</div>` : ''}</div>`;
  const cards = verdicts.map((v) => {
    const rows = PARTS.map(([k, label]) => {
      const c = v.checked[k];
      if (!c) return ''; // (事先公告: only for an announced draw)
      const [word, cls] = STATUS[c.status];
      // (the command line's flag, named in the shared text, is the page's optional file here)
      return `<tr class="${cls}"><th>${label}</th><td class="st">${word}</td><td>${esc(c.detail.replace('（--conflicts）', '（在上面另选回避关系清单文件）'))}</td></tr>`;
    }).join('');
    const probs = v.problems.length ? `<ul class="problems">${v.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : '';
    const hashes = v.records.map((r) => `<tr><th>${esc(r.id)}</th><td class="hash">${esc(groupsOf4(r.hash))}</td><td class="st ${STATUS[r.hashCheck.status][1]}">${STATUS[r.hashCheck.status][0]}</td></tr>`).join('');
    return `<section class="draw ${v.ok ? 'pass' : 'fail'}" data-id="${esc(v.id)}" data-status="${v.ok ? 'pass' : 'fail'}">
      <h2><span class="badge">${v.ok ? '通过' : '不通过'}</span> ${esc(v.id)}</h2>
      <table class="checks">${rows}</table>${probs}
      <table class="facts">
        <tr><th>随机种子</th><td class="hash">${esc(v.seed)}</td><td></td></tr>
        ${hashes}
        <tr><th>检查对象池哈希</th><td class="hash">${esc(groupsOf4(v.poolHash))}</td><td></td></tr>
        <tr><th>检查对象名录快照</th><td class="hash">${esc(groupsOf4(v.snapshots.entities))}</td><td></td></tr>
        <tr><th>执法人员名录快照</th><td class="hash">${esc(groupsOf4(v.snapshots.inspectors))}</td><td></td></tr>
        <tr><th>回避关系清单快照</th><td class="hash">${v.snapshots.conflicts ? esc(groupsOf4(v.snapshots.conflicts)) : '（无）'}</td><td>${v.conflicts ? `涉及 ${v.conflicts} 对（不公开）` : ''}</td></tr>
      </table></section>`;
  }).join('');
  const sorted = [...bundle].sort((a, b) => a.seq - b.seq);
  const chainRows = sorted.map((r, i) => {
    const before = sorted[i - 1];
    const linked = before && before.seq === r.seq - 1 ? (r.prev === before.hash ? '<td class="st pass">相连</td>' : '<td class="st fail">断开</td>') : '<td class="st skip">—</td>';
    return `<tr><td>${r.seq}</td><td>${esc(r.id)}</td><td>${KIND[r.kind]}${isRedacted(r) ? '（回避关系不公开）' : ''}</td><td class="hash">${esc(groupsOf4(r.hash))}</td><td class="hash">${r.prev ? esc(groupsOf4(r.prev).slice(0, 19)) + '…' : '（第一条）'}</td>${linked}</tr>`;
  }).join('');
  const chainHtml = `<section class="chain ${chain.ok ? 'pass' : 'fail'}" id="chain" data-status="${chain.ok ? 'pass' : 'fail'}"><h2><span class="badge">${chain.ok ? '通过' : '不通过'}</span> 抽取台账（哈希链）</h2>
    <table><tr><th>序号</th><th>记录</th><th>类型</th><th>记录哈希</th><th>上一条哈希</th><th>链接</th></tr>${chainRows}</table>
    ${chain.problems.length ? `<ul class="problems">${chain.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}
    <p class="small">${chain.notes.map(esc).join('；')}</p></section>`;
  // (no section when no table was given: a .records.jsonl or record file alone)
  const tableHtml = shown && tableProblems ? `<section class="table ${tableOk ? 'pass' : 'fail'}" id="table" data-status="${tableOk ? 'pass' : 'fail'}"><h2><span class="badge">${tableOk ? '通过' : '不通过'}</span> 表格（${esc(shown.file)}）</h2>
    ${tableOk ? `<p class="small">${esc(TABLE_AGREES)}</p>` : `<ul class="problems">${tableProblems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`}</section>` : '';
  out.innerHTML = head + cards + tableHtml + chainHtml;
}

async function add(list: FileList | File[]) {
  for (const f of Array.from(list)) await take(f);
  run();
}

function init() {
  const input = $<HTMLInputElement>('#files');
  input.addEventListener('change', () => void add(input.files ?? []));
  const zone = $('#drop');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer) void add(e.dataTransfer.files);
  });
  $('#clear').addEventListener('click', () => {
    Object.assign(state, { records: null, csvTable: null, shown: null, entities: [], inspectors: [], conflicts: [], unknown: [], messages: [] });
    input.value = '';
    run();
  });
  run();
}

init();
