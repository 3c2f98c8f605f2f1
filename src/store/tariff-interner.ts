import type { EntryTable } from '../model/entry-table.js';

/**
 * Numbers the distinct tariffs (rate, connection fee, increments and the three US rates)
 * of a table's entries 0, 1, 2, … in order of first use, entry by entry: an
 * open-addressing table in typed arrays whose slots hold a representative entry,
 * compared column by column. A million entries share a few thousand tariffs, so this
 * allocates nothing per entry and makes no string. Texts are compared by id: a table's
 * texts are interned, so equal ids are equal texts.
 */
export class TariffInterner {
  /** representatives[t]: the first entry charging tariff t. */
  readonly representatives: number[] = [];
  private slots: Int32Array = new Int32Array(1024).fill(-1);

  constructor(private readonly table: EntryTable) {}

  /** The tariff of entry `i`. */
  idOf(i: number): number {
    const { rate, connectionFee, initialIncrement, subsequentIncrement, interRate, intraRate, indeterminateRate } = this.table;
    const mask = this.slots.length - 1;
    let slot = this.hash(i) & mask;
    for (;;) {
      const tariff = this.slots[slot]!;
      if (tariff === -1) break;
      const first = this.representatives[tariff]!;
      if (
        rate[first] === rate[i] &&
        connectionFee[first] === connectionFee[i] &&
        initialIncrement[first] === initialIncrement[i] &&
        subsequentIncrement[first] === subsequentIncrement[i] &&
        interRate[first] === interRate[i] &&
        intraRate[first] === intraRate[i] &&
        indeterminateRate[first] === indeterminateRate[i]
      ) {
        return tariff;
      }
      slot = (slot + 1) & mask;
    }
    const tariff = this.representatives.push(i) - 1;
    this.slots[slot] = tariff;
    if (this.representatives.length * 2 > this.slots.length) this.rehash();
    return tariff;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    this.representatives.forEach((i, tariff) => {
      let slot = this.hash(i) & mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
      this.slots[slot] = tariff;
    });
  }

  private hash(i: number): number {
    const t = this.table;
    let hash = Math.imul(t.rate[i]!, 0x9e3779b1);
    hash = Math.imul(hash ^ t.connectionFee[i]!, 0x85ebca6b) + t.initialIncrement[i]!;
    hash = Math.imul(hash ^ t.subsequentIncrement[i]!, 0xc2b2ae35) + t.interRate[i]!;
    hash = Math.imul(hash ^ t.intraRate[i]!, 0x27d4eb2d) + t.indeterminateRate[i]!;
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x2c1b3c6d);
    return (hash ^ (hash >>> 13)) >>> 0;
  }
}
