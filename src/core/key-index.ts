// The keys of a list as it is read (统一社会信用代码, 执法证号 …), each with the position it was first seen at, to
// find duplicates. A million-row registry spends seconds in a Map of a million strings (each lookup touches its
// table, its entry and the key string, all far apart in memory); this open-addressing table keeps each key's hash
// beside its position in one typed array, so a new key (the common case) costs one probe and no string compare.
// Keys that collide unusually often (a crafted file) switch it to a Map, whose hashes are seeded per process:
// never worse than the Map it replaces.

/** FNV-1a over UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** probes past which the table gives way to a Map */
const MAX_PROBES = 64;

export class KeyIndex {
  private readonly keys: string[] = [];
  private cap = 1024;
  /** pairs (hash, position + 1); position + 1 = 0: empty */
  private table: Int32Array | null = new Int32Array(2 * 1024);
  private map: Map<string, number> | null = null;

  constructor(private readonly hash: (s: string) => number = fnv1a) {}

  get size(): number {
    return this.keys.length;
  }

  /** The position `key` was first claimed at; -1 when it is new (it is then added, at position size - 1). */
  claim(key: string): number {
    if (this.map) return this.mapClaim(key);
    if (2 * (this.keys.length + 1) > this.cap) this.grow();
    const t = this.table!;
    const mask = this.cap - 1;
    const h = this.hash(key) | 0;
    let i = (h >>> 0) & mask;
    for (let probes = 0; ; probes++) {
      const p = t[2 * i + 1]!;
      if (p === 0) {
        t[2 * i] = h;
        t[2 * i + 1] = this.keys.length + 1;
        this.keys.push(key);
        return -1;
      }
      if (t[2 * i] === h && this.keys[p - 1] === key) return p - 1;
      if (probes >= MAX_PROBES) {
        this.toMap();
        return this.mapClaim(key);
      }
      i = (i + 1) & mask;
    }
  }

  private mapClaim(key: string): number {
    const map = this.map!;
    const p = map.get(key);
    if (p !== undefined) return p;
    map.set(key, this.keys.length);
    this.keys.push(key);
    return -1;
  }

  private toMap(): void {
    const map = new Map<string, number>();
    for (let p = 0; p < this.keys.length; p++) map.set(this.keys[p]!, p);
    this.map = map;
    this.table = null;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const t = new Int32Array(2 * cap);
    const mask = cap - 1;
    const old = this.table!;
    for (let j = 0; j < this.cap; j++) {
      const p = old[2 * j + 1]!;
      if (p === 0) continue;
      const h = old[2 * j]!;
      let i = (h >>> 0) & mask;
      while (t[2 * i + 1] !== 0) i = (i + 1) & mask;
      t[2 * i] = h;
      t[2 * i + 1] = p;
    }
    this.cap = cap;
    this.table = t;
  }
}
