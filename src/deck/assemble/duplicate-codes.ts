import { EMPTY_SLOT, HashSlots, hashInteger } from '../../model/hash-table.js';

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
  // Each slot holds the latest entry of its code; rehashed (never, as sized) by codeHashes.
  const table = new HashSlots((entry) => codeHashes[entry]!, length);
  // earlier[i]: the previous entry with the same code, or -1.
  const earlier = new Int32Array(length);
  const duplicates: DuplicateCode[] = [];
  let codesRepeat = false;
  for (let second = 0; second < length; second++) {
    const code = prefixes[second]!;
    const codeHash = codeHashes[second]!;
    let slot = table.firstSlot(codeHash);
    let previous = -1;
    for (; ; slot = table.nextSlot(slot)) {
      const occupant = table.entryAt(slot);
      if (occupant === EMPTY_SLOT) break;
      if (codeHashes[occupant] === codeHash && prefixes[occupant] === code) {
        previous = occupant;
        break;
      }
    }
    if (previous === -1) table.fill(slot, second);
    else table.replace(slot, second);
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

/** A well-spread 32-bit hash of a code in its transfer form (digits as a number, digit count). */
export function codeHash(value: number, length: number): number {
  return hashInteger(value, length);
}
