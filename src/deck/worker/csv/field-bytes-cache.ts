/** get(): these bytes have no value yet. */
export const MISSING = -0x80000000;

/**
 * Remembers one int32 per distinct byte string: what a deck column's cell says, keyed by
 * the cell's raw bytes. A column of a million cells holds a few thousand distinct ones
 * (rates, names, dates, increments), so each is read once and the rest cost a hash of a
 * few bytes, with no string made. Keys live in one growing byte arena; slots are an
 * open-addressing table in typed arrays. The one-entry memo serves decks that list a
 * destination's codes together, where a cell is the one above it.
 */
export class FieldBytesCache {
  private arena = new Uint8Array(1 << 12);
  private arenaUsed = 0;
  private hashes = new Int32Array(256);
  private offsets = new Int32Array(256);
  private lengths = new Int32Array(256).fill(-1);
  private values = new Int32Array(256);
  private count = 0;
  private lastSlot = -1;

  /** The value stored for bytes [start, end), or MISSING. */
  get(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const last = this.lastSlot;
    if (last >= 0 && this.lengths[last] === length && this.sameBytes(last, bytes, start, length)) return this.values[last]!;
    const hash = hashBytes(bytes, start, end);
    const mask = this.lengths.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const slotLength = this.lengths[slot]!;
      if (slotLength === -1) return MISSING;
      if (slotLength === length && this.hashes[slot] === hash && this.sameBytes(slot, bytes, start, length)) {
        this.lastSlot = slot;
        return this.values[slot]!;
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
    this.place(hashBytes(bytes, start, end), this.arenaUsed, length, value);
    this.arenaUsed += length;
    if (++this.count * 2 > this.lengths.length) this.grow();
  }

  private sameBytes(slot: number, bytes: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    const offset = this.offsets[slot]!;
    for (let i = 0; i < length; i++) if (arena[offset + i] !== bytes[start + i]) return false;
    return true;
  }

  private place(hash: number, offset: number, length: number, value: number): void {
    const mask = this.lengths.length - 1;
    let slot = hash & mask;
    while (this.lengths[slot] !== -1) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    this.offsets[slot] = offset;
    this.lengths[slot] = length;
    this.values[slot] = value;
  }

  private grow(): void {
    const { hashes, offsets, lengths, values } = this;
    const capacity = lengths.length * 2;
    this.hashes = new Int32Array(capacity);
    this.offsets = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity).fill(-1);
    this.values = new Int32Array(capacity);
    this.lastSlot = -1;
    for (let old = 0; old < lengths.length; old++) {
      if (lengths[old] !== -1) this.place(hashes[old]!, offsets[old]!, lengths[old]!, values[old]!);
    }
  }
}

/** FNV-1a over the bytes, then mixed so that nearby keys spread over the table. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}
