/**
 * The one hash function and the one open-addressing table behind the typed-array
 * interners (decimal cells, cell bytes, duplicate codes, prefix ids; the tariff
 * interner can use it the same way). A Map keyed by a million strings costs several
 * times the time and memory of a table of int32 slots.
 *
 * The hash: a running value folded one 32-bit word (or byte, or char code) at a time
 * with hashStep, then spread by hashFinish (the first half of murmur3's finaliser), so
 * that `hash & mask` sees every bit. Measured in 2^21 slots: 0.35–0.38 extra probes per
 * key for 900k consecutive 8-digit codes (as text or as numbers), codes 1024 apart,
 * doubles and decimal bytes, as many as murmur3's full finaliser gives; the former prefix
 * hash's lighter finish gave 4.9 for the codes 1024 apart. The wrappers below hash the
 * keys the interners have.
 */

/** Where a running hash starts. */
const HASH_START = 0x811c9dc5 | 0;
/** FNV-1a's prime: measured as fast as the former per-table hashes, where 0x9e3779b1 cost PrefixIndex 15–20%. */
const STEP_MULTIPLIER = 0x01000193;
const TWO_TO_32 = 2 ** 32;

/** Folds one 32-bit value into a running hash; start from HASH_START. */
function hashStep(hash: number, value: number): number {
  return Math.imul(hash ^ value, STEP_MULTIPLIER);
}

/** The running hash as an unsigned 32-bit value with its bits spread. */
function hashFinish(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return (hash ^ (hash >>> 13)) >>> 0;
}

/** Bytes [start, end). */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = HASH_START;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, STEP_MULTIPLIER);
  return hashFinish(hash);
}

/** A string, by its UTF-16 code units. */
export function hashString(text: string): number {
  let hash = HASH_START;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), STEP_MULTIPLIER);
  return hashFinish(hash);
}

/** A whole number from 0 to 2^53 with a small integer beside it (a code and its digit count, a decimal's digits and places). */
export function hashInteger(value: number, extra: number): number {
  return hashFinish(hashStep(hashStep(hashStep(HASH_START, value % TWO_TO_32 | 0), (value / TWO_TO_32) | 0), extra));
}

const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);

/** Any double, by its bits. */
export function hashDouble(value: number): number {
  BITS[0] = value;
  return hashFinish(hashStep(hashStep(HASH_START, WORDS[0]!), WORDS[1]!));
}

/** HashSlots.entryAt(): the slot is empty. */
export const EMPTY_SLOT = -1;

/**
 * An open-addressing hash table with linear probing whose slots hold entry numbers
 * (ints >= 0); the caller keeps the keys and values in its own arrays, by entry, and
 * decides equality. It grows to stay at most half full, rehashing each entry with the
 * `hashOf` it was given. Two ways to use it:
 *
 * - `find(hash, matches)`: the entry `matches` accepts, or `~slot` of the empty slot
 *   where it belongs, for `fill(~found, entry)`.
 * - On hot paths, the probe written out without a callback, which V8 then inlines:
 *
 *       for (let slot = table.firstSlot(hash); ; slot = table.nextSlot(slot)) {
 *         const entry = table.entryAt(slot);
 *         if (entry === EMPTY_SLOT) { table.fill(slot, newEntry()); break; }
 *         if (keyOf(entry) === key) return entry;
 *       }
 *
 * A slot found empty must be filled before the table changes again.
 */
export class HashSlots {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  /** `hashOf(entry)`: the hash the entry was stored under; called only when the table grows. */
  constructor(
    private readonly hashOf: (entry: number) => number,
    expectedEntries = 0,
    minimumSlots = 1024,
  ) {
    let capacity = minimumSlots;
    while (capacity < expectedEntries * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(EMPTY_SLOT);
    this.mask = capacity - 1;
  }

  /** Entries stored. */
  get size(): number {
    return this.count;
  }

  firstSlot(hash: number): number {
    return hash & this.mask;
  }

  nextSlot(slot: number): number {
    return (slot + 1) & this.mask;
  }

  /** The entry in `slot`, or EMPTY_SLOT. */
  entryAt(slot: number): number {
    return this.slots[slot]!;
  }

  /** The stored entry that `matches` accepts, probing from `hash`; else ~slot of the empty slot that ends the probe. */
  find(hash: number, matches: (entry: number) => boolean): number {
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot]!;
      if (entry === EMPTY_SLOT) return ~slot;
      if (matches(entry)) return entry;
    }
  }

  /** Stores `entry` in the empty `slot` a probe just ended on; the table may grow after. */
  fill(slot: number, entry: number): void {
    this.slots[slot] = entry;
    if (++this.count * 2 > this.slots.length) this.grow();
  }

  /** Puts `entry` in place of the one in the occupied `slot` (stored under the same hash). */
  replace(slot: number, entry: number): void {
    this.slots[slot] = entry;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(EMPTY_SLOT);
    this.mask = this.slots.length - 1;
    for (let i = 0; i < old.length; i++) {
      const entry = old[i]!;
      if (entry === EMPTY_SLOT) continue;
      let slot = this.hashOf(entry) & this.mask;
      while (this.slots[slot] !== EMPTY_SLOT) slot = (slot + 1) & this.mask;
      this.slots[slot] = entry;
    }
  }
}
