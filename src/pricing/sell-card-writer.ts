import { EntryTableBuilder, NO_TEXT, type EntryTable } from '../model/entry-table.js';

/** A source card's destination text that has no id in the sell card yet. */
const NOT_YET_INTERNED = -2;

/**
 * The sell card's columns (an EntryTableBuilder), filled row by row by the pricing
 * loop: add() starts a row, the caller writes its other columns into `table`.
 * Capacity is known up front (at most every source entry), so no column ever grows
 * and `table`'s columns stay the same arrays; a source card's destinations are mapped
 * once per distinct text.
 */
export class SellCardWriter {
  private readonly builder: EntryTableBuilder;
  /** The sell card being written. */
  readonly table: EntryTable;
  readonly texts: string[];
  private readonly destinationMaps: Int32Array[] = [];

  constructor(
    capacity: number,
    private readonly effective: number,
  ) {
    this.builder = new EntryTableBuilder(capacity);
    this.table = this.builder.table;
    this.texts = this.table.texts;
  }

  intern(text: string): number {
    return this.builder.intern(text);
  }

  /**
   * Starts a row for `code`, taking its destination from text `destinationId` of source
   * card `card`; every row is effective from `effective`, open-ended.
   */
  add(code: string, card: number, source: EntryTable, destinationId: number, rateId: number): number {
    const row = this.builder.reserve();
    const t = this.table;
    t.prefix[row] = code;
    t.rate[row] = rateId;
    let destination = NO_TEXT;
    if (destinationId !== NO_TEXT) {
      let map = this.destinationMaps[card];
      if (map === undefined) this.destinationMaps[card] = map = new Int32Array(source.texts.length).fill(NOT_YET_INTERNED);
      destination = map[destinationId]!;
      if (destination === NOT_YET_INTERNED) map[destinationId] = destination = this.intern(source.texts[destinationId]!);
    }
    t.destination[row] = destination;
    t.effectiveFrom[row] = this.effective;
    t.effectiveTo[row] = Infinity;
    return row;
  }

  /** The finished sell card. */
  build(): EntryTable {
    return this.builder.build();
  }
}
