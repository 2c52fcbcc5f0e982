// JSON-lines files (the ledger, the publication register): one JSON value per line, blank lines ignored.
import { readFile } from 'node:fs/promises';

/** The values of a .jsonl file and the 1-based numbers of lines that are not JSON; null when the file is missing. */
export async function readJsonl<T>(path: string): Promise<{ values: T[]; bad: number[] } | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  const values: T[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      values.push(JSON.parse(line) as T);
    } catch {
      bad.push(i + 1);
    }
  });
  return { values, bad };
}
