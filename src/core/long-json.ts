// JSON laid out for results that may hold tens of thousands of list elements (a draw's entities): top-level
// fields one per line, each element of a list of objects on its own line. Parses to the same value as
// JSON.stringify; readable in a text editor and much faster to write than JSON.stringify(v, null, 2).

/** One top-level field, stringified: a list of objects element by element, anything else whole. */
export interface JsonPart {
  key: string;
  value: unknown;
  /** the elements' JSON when the value is a non-empty list of objects, else null */
  elements: string[] | null;
  /** the value's JSON when it is not such a list, else null */
  json: string | null;
}

export function jsonPart(key: string, value: unknown): JsonPart {
  const list = Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] !== null;
  const elements = list ? (value as unknown[]).map((x) => JSON.stringify(x)) : null;
  return { key, value, elements, json: elements ? null : JSON.stringify(value) };
}

/** The parts as compact JSON (`{"k":…}`), the same text JSON.stringify gives. */
export function compactText(parts: readonly JsonPart[]): string {
  return `{${parts.map((p) => `${JSON.stringify(p.key)}:${p.elements ? `[${p.elements.join(',')}]` : p.json}`).join(',')}}`;
}

/** The parts laid out one field per line and one list element per line. */
export function longText(parts: readonly JsonPart[]): string {
  const lines = parts.map((p) => `  ${JSON.stringify(p.key)}: ${p.elements ? `[\n    ${p.elements.join(',\n    ')}\n  ]` : p.json}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** An object's fields (undefined ones left out, as JSON.stringify does) in the long layout. */
export function longJson(v: Record<string, unknown>): string {
  return longText(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => jsonPart(k, x)));
}
