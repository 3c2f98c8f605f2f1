import { TextInterner } from '../model/text-interner.js';
import { NO_TEXT, type EntryTable } from '../model/entry-table.js';

const UNMAPPED = -2;

/**
 * The sell card's columns, filled row by row by the pricing loop. Capacity
 * is known up front (at most every source entry), so no column ever grows;
 * texts are interned, and a source card's destinations are mapped once per
 * distinct text.
 */
export class SellCardWriter {
  readonly texts: string[] = [];
  private readonly interner = new TextInterner(this.texts);
  readonly prefix: string[];
  readonly destination: Int32Array;
  readonly rate: Int32Array;
  readonly connectionFee: Int32Array;
  readonly initialIncrement: Uint32Array;
  readonly subsequentIncrement: Uint32Array;
  readonly interRate: Int32Array;
  readonly intraRate: Int32Array;
  readonly indeterminateRate: Int32Array;
  private length = 0;
  private readonly destinationMaps: Int32Array[] = [];

  constructor(
    capacity: number,
    private readonly effective: number,
  ) {
    this.prefix = new Array<string>(capacity);
    this.destination = new Int32Array(capacity);
    this.rate = new Int32Array(capacity);
    this.connectionFee = new Int32Array(capacity);
    this.initialIncrement = new Uint32Array(capacity);
    this.subsequentIncrement = new Uint32Array(capacity);
    this.interRate = new Int32Array(capacity);
    this.intraRate = new Int32Array(capacity);
    this.indeterminateRate = new Int32Array(capacity);
  }

  intern(text: string): number {
    return this.interner.id(text);
  }

  /** Starts a row for `code`, taking its destination from text `destinationId` of source card `card`. */
  add(code: string, card: number, source: EntryTable, destinationId: number, rateId: number): number {
    const row = this.length++;
    this.prefix[row] = code;
    this.rate[row] = rateId;
    let destination = NO_TEXT;
    if (destinationId !== NO_TEXT) {
      let map = this.destinationMaps[card];
      if (map === undefined) this.destinationMaps[card] = map = new Int32Array(source.texts.length).fill(UNMAPPED);
      destination = map[destinationId]!;
      if (destination === UNMAPPED) map[destinationId] = destination = this.intern(source.texts[destinationId]!);
    }
    this.destination[row] = destination;
    return row;
  }

  /** The finished sell card: every row effective from `effective`, open-ended. */
  build(): EntryTable {
    const n = this.length;
    return {
      length: n,
      texts: this.texts,
      prefix: this.prefix.slice(0, n),
      destination: this.destination.slice(0, n),
      rate: this.rate.slice(0, n),
      connectionFee: this.connectionFee.slice(0, n),
      initialIncrement: this.initialIncrement.slice(0, n),
      subsequentIncrement: this.subsequentIncrement.slice(0, n),
      interRate: this.interRate.slice(0, n),
      intraRate: this.intraRate.slice(0, n),
      indeterminateRate: this.indeterminateRate.slice(0, n),
      effectiveFrom: new Float64Array(n).fill(this.effective),
      effectiveTo: new Float64Array(n).fill(Infinity),
    };
  }
}
