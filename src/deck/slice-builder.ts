import { TextInterner } from '../model/text-interner.js';
import type { Increments } from '../model/rate-entry.js';
import { releaseBuffers } from './release-buffers.js';
import type { RowError } from './row-error.js';

/** Marks an absent text or date in a slice column. */
export const NONE = -1;

/**
 * Unique date texts of one date column with their readings: day-first and month-first
 * times differ only for numeric dates like 03/04/25 (NaN where a reading is no date).
 * readDeck settles the order over the whole column, across slices.
 */
export interface DateTable {
  texts: string[];
  dayFirst: Float64Array;
  monthFirst: Float64Array;
}

/**
 * The entries a worker read from its slice or sheet, in columns, ready to cross the
 * thread boundary as typed arrays (transferred, not copied). Texts (destinations and
 * decimals) are interned per slice. A code travels as a number plus its digit count:
 * 15 digits stay exact in a float64, and leading zeros survive.
 */
export interface EncodedSlice {
  count: number;
  /** Row of each entry: relative to the slice for CSV, the sheet row for XLSX. */
  rows: Uint32Array;
  codeValue: Float64Array;
  codeLength: Uint8Array;
  texts: string[];
  destination: Int32Array | null;
  rate: Int32Array;
  connectionFee: Int32Array;
  interRate: Int32Array | null;
  intraRate: Int32Array | null;
  indeterminateRate: Int32Array | null;
  initialIncrement: Uint16Array;
  subsequentIncrement: Uint16Array;
  /** Ids into fromDates / toDates; NONE for a row without that date. */
  effectiveFrom: Int32Array | null;
  effectiveTo: Int32Array | null;
  fromDates: DateTable;
  toDates: DateTable;
  rowsRead: number;
  skippedRows: number;
  errors: RowError[];
}

/** What a row gives to each of its entries (one per code of the row). */
export interface EntryParts {
  destination: number;
  rate: number;
  connectionFee: number;
  interRate: number;
  intraRate: number;
  indeterminateRate: number;
  increments: Increments;
  effectiveFrom: number;
  effectiveTo: number;
}

/** Which optional columns the deck has, so absent ones cost no memory. */
export interface SliceShape {
  destination: boolean;
  interRate: boolean;
  intraRate: boolean;
  indeterminateRate: boolean;
  effectiveFrom: boolean;
  effectiveTo: boolean;
}

type Columns = Omit<EncodedSlice, 'count' | 'texts' | 'fromDates' | 'toDates' | 'rowsRead' | 'skippedRows' | 'errors'>;
type ColumnName = keyof Columns;

export class SliceBuilder {
  rowsRead = 0;
  skippedRows = 0;
  readonly errors: RowError[] = [];
  private count = 0;
  private capacity: number;
  private columns: Columns;
  private readonly texts: string[] = [];
  private readonly interner = new TextInterner(this.texts);

  constructor(
    private readonly shape: SliceShape,
    capacity = 4096,
  ) {
    this.capacity = Math.max(16, Math.ceil(capacity));
    this.columns = allocate(shape, this.capacity);
  }

  intern(text: string): number {
    return this.interner.id(text);
  }

  add(row: number, code: string, parts: EntryParts): void {
    this.addCode(row, Number(code), code.length, parts);
  }

  /** add() for a code already in its transfer form: its digits as a number, and their count. */
  addCode(row: number, codeValue: number, codeLength: number, parts: EntryParts): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    const c = this.columns;
    c.rows[i] = row;
    c.codeValue[i] = codeValue;
    c.codeLength[i] = codeLength;
    c.rate[i] = parts.rate;
    c.connectionFee[i] = parts.connectionFee;
    c.initialIncrement[i] = parts.increments.initial;
    c.subsequentIncrement[i] = parts.increments.subsequent;
    if (c.destination) c.destination[i] = parts.destination;
    if (c.interRate) c.interRate[i] = parts.interRate;
    if (c.intraRate) c.intraRate[i] = parts.intraRate;
    if (c.indeterminateRate) c.indeterminateRate[i] = parts.indeterminateRate;
    if (c.effectiveFrom) c.effectiveFrom[i] = parts.effectiveFrom;
    if (c.effectiveTo) c.effectiveTo[i] = parts.effectiveTo;
  }

  /**
   * The finished slice; pass transferListOf(slice) with it. Columns are views of length
   * `count`: when the capacity was estimated well the buffers travel as they are, since
   * copying them to trim a little slack would cost more memory than the slack.
   */
  finish(fromDates: DateTable, toDates: DateTable): EncodedSlice {
    const copy = this.count < this.capacity * 0.75;
    const trimmed = {} as Record<ColumnName, unknown>;
    for (const [name, column] of Object.entries(this.columns) as [ColumnName, TypedColumn | null][]) {
      trimmed[name] = column === null ? null : copy ? column.slice(0, this.count) : column.subarray(0, this.count);
    }
    return {
      ...(trimmed as Columns),
      count: this.count,
      texts: this.texts,
      fromDates,
      toDates,
      rowsRead: this.rowsRead,
      skippedRows: this.skippedRows,
      errors: this.errors,
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const bigger = allocate(this.shape, this.capacity);
    for (const name of Object.keys(bigger) as ColumnName[]) {
      const target = bigger[name] as TypedColumn | null;
      if (target) target.set(this.columns[name] as never);
    }
    this.columns = bigger;
  }
}

type TypedColumn = Uint32Array | Float64Array | Uint8Array | Int32Array | Uint16Array;

/** The buffers to transfer with a slice: every typed array in it. */
export function transferListOf(slice: EncodedSlice): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const value of [...Object.values(slice), slice.fromDates.dayFirst, slice.fromDates.monthFirst, slice.toDates.dayFirst, slice.toDates.monthFirst]) {
    if (ArrayBuffer.isView(value) && !buffers.includes(value.buffer as ArrayBuffer)) buffers.push(value.buffer as ArrayBuffer);
  }
  return buffers;
}

/** Frees a slice's buffers once it has been copied into the deck (see releaseBuffers). */
export function releaseSlice(slice: EncodedSlice): void {
  releaseBuffers(transferListOf(slice));
}

function allocate(shape: SliceShape, capacity: number): Columns {
  const optional = (present: boolean) => (present ? new Int32Array(capacity) : null);
  return {
    rows: new Uint32Array(capacity),
    codeValue: new Float64Array(capacity),
    codeLength: new Uint8Array(capacity),
    destination: optional(shape.destination),
    rate: new Int32Array(capacity),
    connectionFee: new Int32Array(capacity),
    interRate: optional(shape.interRate),
    intraRate: optional(shape.intraRate),
    indeterminateRate: optional(shape.indeterminateRate),
    initialIncrement: new Uint16Array(capacity),
    subsequentIncrement: new Uint16Array(capacity),
    effectiveFrom: optional(shape.effectiveFrom),
    effectiveTo: optional(shape.effectiveTo),
  };
}
