// The pieces a sealed record's entities are cut at, as bytes. In the long layout (core/long-json.ts) a list opens on
// its key's line, each element takes a line of its own and the list closes on a line `  ]`; a visit's line is
// `    {"code":…,"items":[…],"name":…,"picks":[…],"team":[…]}` (keys sorted: core/record.ts recordedVisits). A quote
// inside a JSON string is escaped and a raw line break never occurs in one, so none of these is found inside a value.
// Read by core/draw-json.ts (ssj draw --json), io/bare-visits.ts (ssj status, the results export), io/long-read.ts.

/** The line that opens a top-level list `key` in the long layout, with the line break after it. */
export const listOpen = (key: string): Buffer => Buffer.from(`,\n  ${JSON.stringify(key)}: [\n`);
/** The start of the line that closes a top-level list. */
export const LIST_CLOSE = Buffer.from('\n  ]');
export const ENTITIES_OPEN = listOpen('entities');

export const PICKS_KEY = Buffer.from(',"picks":[');
export const TEAM_KEY = Buffer.from('],"team":[');
/** a list's end followed by another key */
export const AFTER_LIST = Buffer.from('],"');
