import { TARIFF_COLUMNS } from './entry-schema.js';
import type { EntryTable } from './entry-table.js';

/**
 * Numbers the distinct tariffs (the TARIFF_COLUMNS of entry-schema.ts: rate, connection
 * fee, increments and the three US rates) of a table's entries 0, 1, 2, … in order of
 * first use, entry by entry: an open-addressing table in typed arrays whose slots hold a
 * representative entry, compared column by column. A million entries share a few
 * thousand tariffs, so this allocates nothing per entry and makes no string. Texts are
 * compared by id: a table's texts are interned, so equal ids are equal texts.
 *
 * The table may grow while it is interned (an EntryTableBuilder's table): its columns
 * are read again when they were replaced.
 */
export class TariffInterner {
  /** representatives[t]: the first entry charging tariff t. */
  readonly representatives: number[] = [];
  private slots: Int32Array = new Int32Array(1024).fill(-1);
  /** The table's tariff columns as a fixed array, for the loops below. */
  private columns: (Int32Array | Uint32Array)[] = [];

  constructor(private readonly table: EntryTable) {
    this.readColumns();
  }

  /** How many distinct tariffs it has seen. */
  get size(): number {
    return this.representatives.length;
  }

  /** The tariff of entry `i`. */
  idOf(i: number): number {
    if (this.columns[0] !== this.table[TARIFF_COLUMNS[0]!]) this.readColumns();
    const columns = this.columns;
    const mask = this.slots.length - 1;
    let slot = this.hash(i) & mask;
    for (;;) {
      const tariff = this.slots[slot]!;
      if (tariff === -1) break;
      const first = this.representatives[tariff]!;
      let same = true;
      for (let k = 0; k < columns.length; k++) {
        const column = columns[k]!;
        if (column[first] !== column[i]) {
          same = false;
          break;
        }
      }
      if (same) return tariff;
      slot = (slot + 1) & mask;
    }
    const tariff = this.representatives.push(i) - 1;
    this.slots[slot] = tariff;
    if (this.representatives.length * 2 > this.slots.length) this.rehash();
    return tariff;
  }

  private readColumns(): void {
    this.columns = TARIFF_COLUMNS.map((name) => this.table[name]);
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
    const columns = this.columns;
    let hash = 0x9e3779b1;
    for (let k = 0; k < columns.length; k++) hash = Math.imul(hash ^ columns[k]![i]!, 0x85ebca6b) + k;
    hash ^= hash >>> 15;
    hash = Math.imul(hash, 0x2c1b3c6d);
    return (hash ^ (hash >>> 13)) >>> 0;
  }
}
