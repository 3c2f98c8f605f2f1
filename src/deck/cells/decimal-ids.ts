/**
 * Text ids of decimal cells without hashing strings. A rate deck has a million rate
 * cells but only thousands of distinct rates, and a Map keyed by the cell strings spent
 * most of a worker's time hashing and comparing them. A canonical plain decimal of up to
 * 15 digits is instead read into an exact (digits, decimals) pair and looked up in an
 * open-addressing table of typed arrays. "0.10" and "0.1" stay apart: their decimals differ.
 */
export class DecimalIds {
  private digits: Float64Array;
  private decimals: Int8Array;
  private ids: Int32Array;
  private count = 0;
  private numbers: NumberTable = { values: new Float64Array(1024), ids: new Int32Array(1024).fill(-1), count: 0 };

  /** `intern` gives the id of a decimal text met for the first time. */
  constructor(private readonly intern: (text: string) => number) {
    this.digits = new Float64Array(1024);
    this.decimals = new Int8Array(1024);
    this.ids = new Int32Array(1024).fill(-1);
  }

  /**
   * The id of `text` when it is a canonical plain decimal (`0`, `12`, `0.0470`: no sign,
   * exponent or extra leading zero) of at most 15 digits; -1 for anything else, which the
   * caller reads the slow way.
   */
  idOf(text: string): number {
    const length = text.length;
    if (length === 0 || length > 16) return -1;
    let digits = 0;
    let decimals = -1;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code === 46) {
        if (decimals >= 0 || i === 0 || i === length - 1) return -1;
        decimals = 0;
      } else if (code >= 48 && code <= 57) {
        // At most 15 digits (16 characters with the point), so `digits` stays an exact integer.
        if (length === 16 && decimals < 0 && i === 15) return -1;
        digits = digits * 10 + (code - 48);
        if (decimals >= 0) decimals++;
      } else return -1;
    }
    // A leading zero is canonical only before the point: "0" or "0.x".
    if (text.charCodeAt(0) === 48 && length > 1 && text.charCodeAt(1) !== 46) return -1;
    const mask = this.ids.length - 1;
    let slot = hash(digits, decimals) & mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id === -1) break;
      if (this.digits[slot] === digits && this.decimals[slot] === decimals) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.intern(text);
    this.digits[slot] = digits;
    this.decimals[slot] = decimals;
    this.ids[slot] = id;
    if (++this.count * 2 > this.ids.length) this.grow();
    return id;
  }

  /**
   * The id of a numeric XLSX cell, by the number itself: its shortest round-trip text
   * (what the sender typed) is worked out once per distinct number. -1 for a negative
   * or non-finite number or one whose text is E-notation; the caller reads those the slow way.
   */
  idOfNumber(value: number): number {
    const numbers = this.numbers;
    const mask = numbers.ids.length - 1;
    BITS[0] = value;
    let slot = hash(WORDS[0]!, WORDS[1]!) & mask;
    for (;;) {
      const id = numbers.ids[slot]!;
      if (id === -1) break;
      if (numbers.values[slot] === value) return id;
      slot = (slot + 1) & mask;
    }
    if (!(value >= 0) || !Number.isFinite(value)) return -1;
    const id = this.idOf(String(value));
    if (id < 0) return -1;
    numbers.values[slot] = value;
    numbers.ids[slot] = id;
    if (++numbers.count * 2 > numbers.ids.length) this.numbers = rehashNumbers(numbers);
    return id;
  }

  private grow(): void {
    const { digits, decimals, ids } = this;
    this.digits = new Float64Array(ids.length * 2);
    this.decimals = new Int8Array(ids.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    const mask = this.ids.length - 1;
    for (let old = 0; old < ids.length; old++) {
      if (ids[old] === -1) continue;
      let slot = hash(digits[old]!, decimals[old]!) & mask;
      while (this.ids[slot] !== -1) slot = (slot + 1) & mask;
      this.digits[slot] = digits[old]!;
      this.decimals[slot] = decimals[old]!;
      this.ids[slot] = ids[old]!;
    }
  }
}

const TWO_TO_32 = 2 ** 32;
/** A double's two 32-bit words, to hash it. */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);

interface NumberTable {
  values: Float64Array;
  ids: Int32Array;
  count: number;
}

function rehashNumbers(table: NumberTable): NumberTable {
  const bigger: NumberTable = { values: new Float64Array(table.ids.length * 2), ids: new Int32Array(table.ids.length * 2).fill(-1), count: table.count };
  const mask = bigger.ids.length - 1;
  for (let old = 0; old < table.ids.length; old++) {
    if (table.ids[old] === -1) continue;
    BITS[0] = table.values[old]!;
    let slot = hash(WORDS[0]!, WORDS[1]!) & mask;
    while (bigger.ids[slot] !== -1) slot = (slot + 1) & mask;
    bigger.values[slot] = table.values[old]!;
    bigger.ids[slot] = table.ids[old]!;
  }
  return bigger;
}

function hash(digits: number, decimals: number): number {
  const low = digits % TWO_TO_32 | 0;
  const high = (digits / TWO_TO_32) | 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ Math.imul(decimals, 0x27d4eb2d);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}
