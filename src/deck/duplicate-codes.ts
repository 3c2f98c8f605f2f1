/** A code listed twice for the same effective date: entry `first` came before `second`. */
export interface DuplicateCode {
  first: number;
  second: number;
  /** False when both entries say the same thing: the second is a harmless repeat. */
  conflicting: boolean;
}

/** Codes in their transfer form: digits as a number (exact up to 15 digits) and digit count. */
export interface CodeColumns {
  codeValue: Float64Array;
  codeLength: Uint8Array;
  effectiveFrom: Float64Array;
  length: number;
}

const TWO_TO_32 = 2 ** 32;

/**
 * Finds entries whose code and effective date are both equal, in one pass over an
 * open-addressing hash table of typed arrays (a Map keyed by a million code strings
 * costs ten times more). Rate decks repeat a code legitimately only with another
 * effective date (a rate change), so the chains of same-code entries walked here are
 * short. `differ(i, j)` tells whether two such entries disagree on anything priced.
 */
export function findDuplicateCodes(codes: CodeColumns, differ: (first: number, second: number) => boolean): DuplicateCode[] {
  const { codeValue, codeLength, effectiveFrom, length } = codes;
  let size = 1024;
  while (size < length * 2) size *= 2;
  const mask = size - 1;
  // slots[h]: 1 + the latest entry whose code hashes to h (0: empty).
  const slots = new Int32Array(size);
  // earlier[i]: the previous entry with the same code, or -1.
  const earlier = new Int32Array(length);
  const duplicates: DuplicateCode[] = [];
  for (let second = 0; second < length; second++) {
    const value = codeValue[second]!;
    const digits = codeLength[second]!;
    let slot = hash(value, digits) & mask;
    let previous = -1;
    for (;;) {
      const occupant = slots[slot]! - 1;
      if (occupant < 0) break;
      if (codeValue[occupant] === value && codeLength[occupant] === digits) {
        previous = occupant;
        break;
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = second + 1;
    earlier[second] = previous;
    for (let first = previous; first !== -1; first = earlier[first]!) {
      if (effectiveFrom[first] !== effectiveFrom[second]) continue;
      duplicates.push({ first, second, conflicting: differ(first, second) });
      break;
    }
  }
  return duplicates;
}

function hash(value: number, digits: number): number {
  const low = value % TWO_TO_32 | 0;
  const high = (value / TWO_TO_32) | 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ digits;
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
