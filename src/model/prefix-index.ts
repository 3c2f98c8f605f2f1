import { EMPTY_SLOT, HashSlots, hashString } from './hash-table.js';

/**
 * Dense ids for the distinct prefixes of a list, in an open-addressing hash
 * table (HashSlots). A Map keyed by a million prefix strings costs several
 * times the time and memory.
 */
export class PrefixIndex {
  private readonly table: HashSlots;
  /** ids[i]: the dense id of prefixes[i]. */
  readonly ids: Int32Array;
  /** The index in `prefixes` where each id was first seen. */
  readonly firstIndex: Int32Array;
  readonly size: number;

  constructor(private readonly prefixes: readonly string[], length = prefixes.length) {
    const first: number[] = [];
    this.table = new HashSlots((id) => hashString(prefixes[first[id]!]!), length);
    this.ids = new Int32Array(length);
    const table = this.table;
    for (let i = 0; i < length; i++) {
      const prefix = prefixes[i]!;
      for (let slot = table.firstSlot(hashString(prefix)); ; slot = table.nextSlot(slot)) {
        const occupant = table.entryAt(slot);
        if (occupant === EMPTY_SLOT) {
          this.ids[i] = first.push(i) - 1;
          table.fill(slot, this.ids[i]!);
          break;
        }
        if (prefixes[first[occupant]!] === prefix) {
          this.ids[i] = occupant;
          break;
        }
      }
    }
    this.firstIndex = Int32Array.from(first);
    this.size = first.length;
  }

  /** The id of `prefix`, or -1 when the list does not hold it. */
  idOf(prefix: string): number {
    const table = this.table;
    for (let slot = table.firstSlot(hashString(prefix)); ; slot = table.nextSlot(slot)) {
      const occupant = table.entryAt(slot);
      if (occupant === EMPTY_SLOT) return -1;
      if (this.prefixes[this.firstIndex[occupant]!] === prefix) return occupant;
    }
  }
}
