// ssj form RECORD [--template FILE.xlsx] [-o FILE.xlsx] [--json]
// Fills the 抽查工作记录表 from a draw record (with its amendments): the default template
// (templates/抽查工作记录表.xlsx) or the bureau's own, into forms/<id>.xlsx unless -o says otherwise.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { readFailure, SsjError, usageError } from '../core/errors.js';
import { FORM_FIELDS, formData, IMAGE_FIELDS, REPEAT_FIELDS, type FormData } from '../core/form-fields.js';
import { chainHead, finalEntities } from '../core/ledger.js';
import { recordHash, type DrawRecord } from '../core/record.js';
import type { Conflict, Entity, Inspector } from '../core/types.js';
import { mergeNotesOf, type MergeNote } from '../core/visits.js';
import { writeFileOrExplain } from '../io/atomic.js';
import { today } from '../io/clock.js';
import { readAll } from '../io/draws.js';
import { loadSnapshot } from '../io/store.js';
import { fillTemplate, type TemplateSchema } from '../io/template/fill.js';
import { FOLDERS, openWorkspace } from '../io/workspace.js';
import { c, json, out } from '../ui/output.js';
import type { FormOptions } from './options/form.js';
import type { GlobalOptions } from './main.js';
import { drawWithAmendments } from './records.js';

export type { FormOptions } from './options/form.js';

export const DEFAULT_TEMPLATE = fileURLToPath(new URL('../../templates/抽查工作记录表.xlsx', import.meta.url));

/** What a template may name: the fields of core/form-fields.ts. */
export const FORM_SCHEMA: TemplateSchema = {
  fields: new Set(FORM_FIELDS.map((f) => f.name)),
  repeats: Object.fromEntries(Object.entries(REPEAT_FIELDS).map(([k, v]) => [k, new Set(v)])),
  images: new Set(IMAGE_FIELDS.map((f) => f.name)),
  requireRepeat: ['对象', '成员'],
};

export async function form(recordArg: string, opts: FormOptions, g: GlobalOptions): Promise<number> {
  // flags first: nothing is read before they are known to be usable
  const templatePath = opts.template !== undefined ? resolve(g.cwd, opts.template) : DEFAULT_TEMPLATE;
  if (opts.template !== undefined) checkXlsxName(templatePath, '--template', '模板');
  if (opts.output !== undefined) checkXlsxName(resolve(g.cwd, opts.output), '-o', '输出文件');
  if (!existsSync(templatePath)) {
    throw new SsjError('FILE_NOT_FOUND', `找不到模板 ${templatePath}`, {
      hint: opts.template !== undefined ? '请检查文件名和路径' : '默认模板随 ssj 提供（templates/抽查工作记录表.xlsx）；可在仓库中运行 npm run templates 重新生成',
    });
  }

  const ws = await openWorkspace(g.cwd);
  const { entries, records } = await readAll(ws.root);
  const { draw, all, amendments } = drawWithAmendments(entries, records, recordArg);
  for (const r of [draw, ...amendments]) {
    if (recordHash(r) !== r.hash) {
      throw new SsjError('VERIFY_FAILED', `记录 ${r.id} 的内容被改动过（哈希不符），不能据此填写记录表`, { hint: `请运行 ssj verify ${draw.id} 查看详情，从备份中恢复记录文件` });
    }
  }

  // the lists the draw used, for 区域/地址, the roster and the 回避 reasons
  const registry = (await loadSnapshot(ws.root, 'entities', draw.inputs.entities.snapshot)) as Entity[];
  const roster = (await loadSnapshot(ws.root, 'inspectors', draw.inputs.inspectors.snapshot)) as Inspector[];
  const conflicts = draw.inputs.conflicts.snapshot ? ((await loadSnapshot(ws.root, 'conflicts', draw.inputs.conflicts.snapshot)) as Conflict[]) : [];
  const entities = finalEntities(draw, all);
  const wanted = new Set(entities.map((v) => v.code));
  const byCode = new Map(registry.filter((e) => wanted.has(e.code)).map((e) => [e.code, e]));
  const replacedBy = all.filter((r): r is DrawRecord => r.kind === 'draw' && r.seq > draw.seq && (r.redraw?.of.includes(draw.id) ?? false));
  // the ledger's head as it stands now: the signed form anchors every record before it (docs/ledger.md)
  const head = chainHead(entries);
  // 合并检查: this draw's merges, and later draws' merges into it (both in the ledger)
  const merges = new Map<string, string>();
  // (a 补抽's merges count as its draw's: the amendment's, and other tasks' amendments that joined this one)
  const teamText = (m: MergeNote) => m.team.map((x) => `${x.role}${x.name}`).join('、');
  for (const r of [draw, ...amendments]) for (const m of mergeNotesOf(r)) merges.set(m.code, `合并检查：与 ${m.with.map((w) => w.task).join('、')} 一并检查，检查组 ${teamText(m)}`);
  for (const r of all) {
    if ((r.kind !== 'draw' && r.kind !== 'amendment') || r.seq <= draw.seq || (r.kind === 'amendment' && r.of.id === draw.id)) continue;
    const task = r.kind === 'amendment' ? r.of.id : r.id;
    for (const m of mergeNotesOf(r)) if (m.with.some((w) => w.task === draw.id)) merges.set(m.code, `合并检查：${task} 也抽中，一并检查，检查组 ${teamText(m)}`);
  }
  const data: FormData = formData({ draw, amendments, entities, registry: byCode, roster, conflicts, today: today(), replacedBy, merges, head });

  const png = await QRCode.toBuffer(data.qr, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 8 });
  const template = await readFile(templatePath).catch((e: unknown) => {
    throw readFailure(e, templatePath); // a folder (EISDIR), no permission …: a message, not a stack
  });
  const filled = fillTemplate(template, FORM_SCHEMA, {
    fields: data.fields,
    repeats: { 对象: data.对象, 成员: data.成员 },
    images: { 二维码: { png, descr: data.qr } },
  }, basename(templatePath));

  const output = opts.output !== undefined ? resolve(g.cwd, opts.output) : join(ws.root, FOLDERS.forms, `${draw.id}.xlsx`);
  // open in Excel or WPS (EBUSY/EPERM), no permission, disk full …: each its own code and message
  await writeFileOrExplain(output, filled);

  if (opts.json) json({ ok: true, output, head: head && { id: head.id, hash: head.hash } });
  else {
    out(`${c.ok('✔')} 已生成抽查工作记录表：${output}`);
    out(c.dim(`  记录 ${draw.id}${amendments.length ? `（含补抽 ${amendments.map((a) => a.id).join('、')}）` : ''}，检查对象 ${entities.length} 个${opts.template !== undefined ? `，模板 ${basename(templatePath)}` : ''}`));
    out(c.dim('  打印后请操作人员、监督人员和见证人签字，与抽取过程的照片或录像一并存档。'));
  }
  return 0;
}

function checkXlsxName(path: string, flag: string, what: string) {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return;
  const how = ext === '.xls' || ext === '.et' || ext === '.ods' || ext === '.xlsm' || ext === '.wps'
    ? `请在 Excel 或 WPS 中打开它，另存为“Excel 工作簿 (*.xlsx)”`
    : '请给出 .xlsx 文件';
  const message = `${flag}：${what}必须是 .xlsx 文件，现在是「${basename(path)}」`;
  // a template of another format is bad input (exit 1); an output name is a usage slip (exit 2)
  throw flag === '--template' ? new SsjError('INPUT_INVALID', message, { hint: how }) : usageError(message, how);
}
