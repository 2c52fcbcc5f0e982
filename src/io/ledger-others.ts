// Results versions and publications as ledger records: their files, ids and hashes, and which of them the ledger registers.
import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SsjError } from '../core/errors.js';
import { isDrawKind, type LedgerEntry } from '../core/ledger.js';
import { canonicalJson } from '../core/record.js';
import type { Publication, ResultsVersion } from '../core/results.js';
import { readJsonl } from './jsonl.js';
import { FOLDERS } from './workspace.js';

import { sha256 } from './draws.js';
export const PUBLICATIONS = `${FOLDERS.results}/publications.jsonl`;
export const resultsId = (task: string, version: number) => `${task}-v${version}`;
export const publicationId = (task: string, n: number) => `${task}-P${n}`;
/** A publication's ledger hash: SHA-256 of its canonical JSON (one line of publications.jsonl). */
export const publicationHash = (p: Publication) => sha256(canonicalJson(p));

/** Every results/<task>/v<N>.json with its bytes, by task then version. */
export async function resultVersionFiles(root: string): Promise<{ task: string; version: number; file: string; bytes: Buffer; at: string }[]> {
  const dir = join(root, FOLDERS.results);
  const out: { task: string; version: number; file: string; bytes: Buffer; at: string }[] = [];
  for (const d of (await readdir(dir, { withFileTypes: true }).catch(() => [])).filter((x) => x.isDirectory()).map((x) => x.name).sort()) {
    const names = (await readdir(join(dir, d))).filter((n) => /^v\d+\.json$/.test(n)).sort((a, b) => Number(a.slice(1, -5)) - Number(b.slice(1, -5)));
    for (const n of names) {
      const bytes = readFileSync(join(dir, d, n));
      let at = '';
      try {
        at = String((JSON.parse(bytes.toString('utf8')) as ResultsVersion).importedAt ?? '');
      } catch {
        // an unreadable version is reported by verify
      }
      out.push({ task: d, version: Number(n.slice(1, -5)), file: `${FOLDERS.results}/${d}/${n}`, bytes, at });
    }
  }
  return out;
}

/** The lines of results/publications.jsonl, parsed (a bad line is an error). */
export async function readPublicationLines(root: string): Promise<Publication[]> {
  const path = join(root, PUBLICATIONS);
  const read = await readJsonl<Publication>(path);
  if (!read) return [];
  if (read.bad.length) throw new SsjError('VERIFY_FAILED', `公示登记 ${path} 已损坏（第 ${read.bad.join('、')} 行不是有效的 JSON）`, { hint: '请从备份中恢复该文件' });
  return read.values;
}

/**
 * For the ledger's lines that are not draw records: the hash of what their file holds now (null: missing), and the
 * files of those kinds that no line registers (strays).
 */
export async function otherRecords(root: string, entries: readonly LedgerEntry[]): Promise<{ hashes: Map<string, string | null>; strays: string[] }> {
  const hashes = new Map<string, string | null>();
  const versions = await resultVersionFiles(root);
  const byFile = new Map(versions.map((v) => [v.file, v]));
  let pubs: Publication[] = [];
  try {
    pubs = await readPublicationLines(root);
  } catch {
    pubs = [];
  }
  let k = 0;
  const registered = new Set<string>();
  for (const e of entries) {
    if (e.kind === 'results') {
      const v = byFile.get(e.file);
      hashes.set(e.id, v ? sha256(v.bytes) : null);
      registered.add(e.file);
    } else if (e.kind === 'publication') {
      const p = pubs[k++];
      hashes.set(e.id, p ? publicationHash(p) : null);
    } else if (!isDrawKind(e.kind)) {
      const path = join(root, e.file);
      hashes.set(e.id, existsSync(path) ? sha256(readFileSync(path)) : null);
    }
  }
  const strays = versions.filter((v) => !registered.has(v.file)).map((v) => v.file);
  for (let i = k; i < pubs.length; i++) strays.push(`${PUBLICATIONS} 第 ${i + 1} 行（${pubs[i]!.task} 的公示登记）`);
  return { hashes, strays };
}
