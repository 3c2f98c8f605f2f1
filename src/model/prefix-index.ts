/**
 * Dense ids for the distinct prefixes of a list, in an open-addressing hash
 * table over typed arrays. A Map keyed by a million prefix strings costs
 * several times the time and memory; codes are short digit strings, so a
 * multiplicative hash over their characters spreads them well.
 */
export class PrefixIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** ids[i]: the dense id of prefixes[i]. */
  readonly ids: Int32Array;
  /** The index in `prefixes` where each id was first seen. */
  readonly firstIndex: Int32Array;
  readonly size: number;

  constructor(private readonly prefixes: readonly string[], length = prefixes.length) {
    let capacity = 1024;
    while (capacity < length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.slots = new Int32Array(capacity).fill(-1);
    this.ids = new Int32Array(length);
    const first: number[] = [];
    for (let i = 0; i < length; i++) {
      const prefix = prefixes[i]!;
      let slot = hashPrefix(prefix) & this.mask;
      let id = -1;
      for (;;) {
        const occupant = this.slots[slot]!;
        if (occupant === -1) break;
        if (prefixes[first[occupant]!] === prefix) {
          id = occupant;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
      if (id === -1) {
        id = first.length;
        first.push(i);
        this.slots[slot] = id;
      }
      this.ids[i] = id;
    }
    this.firstIndex = Int32Array.from(first);
    this.size = first.length;
  }

  /** The id of `prefix`, or -1 when the list does not hold it. */
  idOf(prefix: string): number {
    let slot = hashPrefix(prefix) & this.mask;
    for (;;) {
      const occupant = this.slots[slot]!;
      if (occupant === -1) return -1;
      if (this.prefixes[this.firstIndex[occupant]!] === prefix) return occupant;
      slot = (slot + 1) & this.mask;
    }
  }
}

function hashPrefix(prefix: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < prefix.length; i++) h = Math.imul(h ^ prefix.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}
