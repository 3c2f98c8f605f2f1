import { EMPTY_SLOT, HashSlots, hashDouble, hashInteger } from '../../model/hash-table.js';

/**
 * Text ids of decimal cells without hashing strings. A rate deck has a million rate
 * cells but only thousands of distinct rates, and a Map keyed by the cell strings spent
 * most of a worker's time hashing and comparing them. A canonical plain decimal of up to
 * 15 digits is instead read into an exact (digits, decimals) pair and looked up in an
 * open-addressing table (HashSlots). "0.10" and "0.1" stay apart: their decimals differ.
 */
export class DecimalIds {
  /** By entry of `decimals`: the pair read from the text, and its text id. */
  private readonly digitsOf: number[] = [];
  private readonly placesOf: number[] = [];
  private readonly decimalIds: number[] = [];
  private readonly decimals = new HashSlots((entry) => hashInteger(this.digitsOf[entry]!, this.placesOf[entry]!));
  /** By entry of `numbers`: a numeric cell's value, and its text id. */
  private readonly values: number[] = [];
  private readonly numberIds: number[] = [];
  private readonly numbers = new HashSlots((entry) => hashDouble(this.values[entry]!));

  /** `intern` gives the id of a decimal text met for the first time. */
  constructor(private readonly intern: (text: string) => number) {}

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
    const table = this.decimals;
    for (let slot = table.firstSlot(hashInteger(digits, decimals)); ; slot = table.nextSlot(slot)) {
      const entry = table.entryAt(slot);
      if (entry === EMPTY_SLOT) {
        const id = this.intern(text);
        this.digitsOf.push(digits);
        this.placesOf.push(decimals);
        table.fill(slot, this.decimalIds.push(id) - 1);
        return id;
      }
      if (this.digitsOf[entry] === digits && this.placesOf[entry] === decimals) return this.decimalIds[entry]!;
    }
  }

  /**
   * The id of a numeric XLSX cell, by the number itself: its shortest round-trip text
   * (what the sender typed) is worked out once per distinct number. -1 for a negative
   * or non-finite number or one whose text is E-notation; the caller reads those the slow way.
   */
  idOfNumber(value: number): number {
    const table = this.numbers;
    for (let slot = table.firstSlot(hashDouble(value)); ; slot = table.nextSlot(slot)) {
      const entry = table.entryAt(slot);
      if (entry === EMPTY_SLOT) {
        if (!(value >= 0) || !Number.isFinite(value)) return -1;
        const id = this.idOf(String(value));
        if (id < 0) return -1;
        this.values.push(value);
        table.fill(slot, this.numberIds.push(id) - 1);
        return id;
      }
      if (this.values[entry] === value) return this.numberIds[entry]!;
    }
  }
}
