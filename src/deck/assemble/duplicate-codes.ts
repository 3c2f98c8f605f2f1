/** A code listed twice for the same effective date: entry `first` came before `second`. */
export interface DuplicateCode {
  first: number;
  second: number;
  /** False when both entries say the same thing: the second is a harmless repeat. */
  conflicting: boolean;
}

/**
 * Finds entries whose code and effective date are both equal, in one pass over an
 * open-addressing hash table in typed arrays (a Map keyed by a million code strings
 * costs several times more time and memory). `codeHashes` holds codeHash of each entry's
 * code, worked out where the code was still a number. Rate decks repeat a code
 * legitimately only with another effective date (a rate change), so the chains of
 * same-code entries walked here are short. `differ(i, j)` tells whether two such entries
 * disagree on anything priced. `codesRepeat` tells whether any code is listed more
 * than once at all (at any dates), which spares the merge into the card a second pass.
 */
export function findDuplicateCodes(
  prefixes: readonly string[],
  codeHashes: Uint32Array,
  effectiveFrom: Float64Array,
  length: number,
  differ: (first: number, second: number) => boolean,
): { duplicates: DuplicateCode[]; codesRepeat: boolean } {
  let size = 1024;
  while (size < length * 2) size *= 2;
  const mask = size - 1;
  // slots[h]: 1 + the latest entry whose code hashes to h (0: empty).
  const slots = new Int32Array(size);
  // earlier[i]: the previous entry with the same code, or -1.
  const earlier = new Int32Array(length);
  const duplicates: DuplicateCode[] = [];
  let codesRepeat = false;
  for (let second = 0; second < length; second++) {
    const code = prefixes[second]!;
    const codeHash = codeHashes[second]!;
    let slot = codeHash & mask;
    let previous = -1;
    for (;;) {
      const occupant = slots[slot]! - 1;
      if (occupant < 0) break;
      if (codeHashes[occupant] === codeHash && prefixes[occupant] === code) {
        previous = occupant;
        break;
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = second + 1;
    earlier[second] = previous;
    if (previous !== -1) codesRepeat = true;
    for (let first = previous; first !== -1; first = earlier[first]!) {
      if (effectiveFrom[first] !== effectiveFrom[second]) continue;
      duplicates.push({ first, second, conflicting: differ(first, second) });
      break;
    }
  }
  return { duplicates, codesRepeat };
}

const TWO_TO_32 = 2 ** 32;

/** A well-spread 32-bit hash of a code in its transfer form (digits as a number, digit count). */
export function codeHash(value: number, length: number): number {
  const low = value % TWO_TO_32 | 0;
  const high = (value / TWO_TO_32) | 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(length, 0x27d4eb2d);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
