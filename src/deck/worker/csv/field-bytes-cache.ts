import { EMPTY_SLOT, HashSlots, hashBytes } from '../../../model/hash-table.js';

/** get(): these bytes have no value yet. */
export const MISSING = -0x80000000;

/**
 * Remembers one int32 per distinct byte string: what a deck column's cell says, keyed by
 * the cell's raw bytes. A column of a million cells holds a few thousand distinct ones
 * (rates, names, dates, increments), so each is read once and the rest cost a hash of a
 * few bytes, with no string made. Keys live in one growing byte arena, by entry; a
 * HashSlots table finds the entry. The one-entry memo serves decks that list a
 * destination's codes together, where a cell is the one above it.
 */
export class FieldBytesCache {
  private arena = new Uint8Array(1 << 12);
  private arenaUsed = 0;
  /** By entry: the key's hash, its place in the arena, and the value. */
  private hashes = new Uint32Array(128);
  private offsets = new Int32Array(128);
  private lengths = new Int32Array(128);
  private values = new Int32Array(128);
  private count = 0;
  private readonly table = new HashSlots((entry) => this.hashes[entry]!, 0, 256);
  private lastEntry = -1;

  /** The value stored for bytes [start, end), or MISSING. */
  get(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const last = this.lastEntry;
    if (last >= 0 && this.lengths[last] === length && this.sameBytes(last, bytes, start, length)) return this.values[last]!;
    const hash = hashBytes(bytes, start, end);
    const table = this.table;
    for (let slot = table.firstSlot(hash); ; slot = table.nextSlot(slot)) {
      const entry = table.entryAt(slot);
      if (entry === EMPTY_SLOT) return MISSING;
      if (this.lengths[entry] === length && this.hashes[entry] === hash && this.sameBytes(entry, bytes, start, length)) {
        this.lastEntry = entry;
        return this.values[entry]!;
      }
    }
  }

  /** Stores `value` for bytes [start, end), which get() just reported MISSING. */
  set(bytes: Uint8Array, start: number, end: number, value: number): void {
    const length = end - start;
    if (this.arenaUsed + length > this.arena.length) {
      const arena = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      arena.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = arena;
    }
    this.arena.set(bytes.subarray(start, end), this.arenaUsed);
    if (this.count === this.lengths.length) this.growEntries();
    const entry = this.count++;
    const hash = hashBytes(bytes, start, end);
    this.hashes[entry] = hash;
    this.offsets[entry] = this.arenaUsed;
    this.lengths[entry] = length;
    this.values[entry] = value;
    this.arenaUsed += length;
    const table = this.table;
    let slot = table.firstSlot(hash);
    while (table.entryAt(slot) !== EMPTY_SLOT) slot = table.nextSlot(slot);
    table.fill(slot, entry);
  }

  private sameBytes(entry: number, bytes: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    const offset = this.offsets[entry]!;
    for (let i = 0; i < length; i++) if (arena[offset + i] !== bytes[start + i]) return false;
    return true;
  }

  private growEntries(): void {
    const capacity = this.lengths.length * 2;
    const grown = <T extends Int32Array | Uint32Array>(array: T, bigger: T): T => {
      bigger.set(array);
      return bigger;
    };
    this.hashes = grown(this.hashes, new Uint32Array(capacity));
    this.offsets = grown(this.offsets, new Int32Array(capacity));
    this.lengths = grown(this.lengths, new Int32Array(capacity));
    this.values = grown(this.values, new Int32Array(capacity));
  }
}
