import { TextInterner } from '../model/text-interner.js';
import { COLUMN_INDEX, COLUMN_NAMES, ENTRY_COLUMNS, type EntryColumnName, type OptionalColumn, type TextColumn, type TimeColumn } from '../model/entry-schema.js';
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

/** The typed array of each kind in a worker's slice: texts as slice text ids, seconds in 16 bits, times as date ids. */
interface SliceArrays {
  text: Int32Array;
  seconds: Uint16Array;
  time: Int32Array;
}
/** Columns a deck may lack, so that they cost no memory: the optional texts, and the dates (defaults come at assembly). */
type AbsentableColumn = (TextColumn & OptionalColumn) | TimeColumn;
export type SliceColumns = {
  [C in EntryColumnName]: SliceArrays[(typeof ENTRY_COLUMNS)[C]['kind']] | (C extends AbsentableColumn ? null : never);
};

/**
 * The entries a worker read from its slice or sheet, in columns (one per entry column
 * of entry-schema.ts), ready to cross the thread boundary as typed arrays (transferred,
 * not copied). Texts (destinations and decimals) are interned per slice; a date column
 * holds ids into fromDates / toDates, NONE for a row without that date. A code travels
 * as a number plus its digit count: 15 digits stay exact in a float64, and leading zeros
 * survive.
 */
export interface EncodedSlice extends SliceColumns {
  count: number;
  /** Row of each entry: relative to the slice for CSV, the sheet row for XLSX. */
  rows: Uint32Array;
  codeValue: Float64Array;
  codeLength: Uint8Array;
  texts: string[];
  fromDates: DateTable;
  toDates: DateTable;
  rowsRead: number;
  skippedRows: number;
  errors: RowError[];
}

/**
 * What a row gives to each of its entries (one per code of the row): one value per entry
 * column, at its COLUMN_INDEX (PART.rate, …), as the slice column holds it.
 */
export type EntryParts = Int32Array;
/** Where each column's value sits in EntryParts. */
export const PART = COLUMN_INDEX;

/** Parts with every value NONE and the given increments. */
export function newEntryParts(increments: Increments): EntryParts {
  const parts = new Int32Array(COLUMN_NAMES.length).fill(NONE);
  setIncrements(parts, increments);
  return parts;
}

export function setIncrements(parts: EntryParts, increments: Increments): void {
  parts[PART.initialIncrement] = increments.initial;
  parts[PART.subsequentIncrement] = increments.subsequent;
}

/** Which absentable columns the deck has, so absent ones cost no memory. */
export type SliceShape = Record<AbsentableColumn, boolean>;
export const ABSENTABLE_COLUMNS = COLUMN_NAMES.filter(
  (name): name is AbsentableColumn => ENTRY_COLUMNS[name].kind === 'time' || (ENTRY_COLUMNS[name].kind === 'text' && ENTRY_COLUMNS[name].optional),
);

type Columns = Pick<EncodedSlice, 'rows' | 'codeValue' | 'codeLength' | EntryColumnName>;
type ColumnName = keyof Columns;

export class SliceBuilder {
  rowsRead = 0;
  skippedRows = 0;
  readonly errors: RowError[] = [];
  private count = 0;
  private capacity: number;
  private columns: Columns;
  /** The present entry columns by element type (texts and dates; seconds), with their PART indices. */
  private wideColumns: Int32Array[] = [];
  private wideParts: Int32Array = new Int32Array(0);
  private narrowColumns: Uint16Array[] = [];
  private narrowParts: Int32Array = new Int32Array(0);
  private readonly texts: string[] = [];
  private readonly interner = new TextInterner(this.texts);

  constructor(
    private readonly shape: SliceShape,
    capacity = 4096,
  ) {
    this.capacity = Math.max(16, Math.ceil(capacity));
    this.columns = allocate(shape, this.capacity);
    this.listColumns();
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
    // Fixed arrays of the columns the deck has, one element type each, with their PART
    // indices: no lookup by name and no null check per entry.
    const wide = this.wideColumns;
    const wideParts = this.wideParts;
    for (let k = 0; k < wide.length; k++) wide[k]![i] = parts[wideParts[k]!]!;
    const narrow = this.narrowColumns;
    const narrowParts = this.narrowParts;
    for (let k = 0; k < narrow.length; k++) narrow[k]![i] = parts[narrowParts[k]!]!;
  }

  /** Sorts the present entry columns into the fixed arrays addCode() writes. */
  private listColumns(): void {
    const present = COLUMN_NAMES.filter((name) => this.columns[name] !== null);
    const wide = present.filter((name) => this.columns[name] instanceof Int32Array);
    const narrow = present.filter((name) => this.columns[name] instanceof Uint16Array);
    this.wideColumns = wide.map((name) => this.columns[name] as Int32Array);
    this.wideParts = Int32Array.from(wide, (name) => PART[name]);
    this.narrowColumns = narrow.map((name) => this.columns[name] as Uint16Array);
    this.narrowParts = Int32Array.from(narrow, (name) => PART[name]);
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
    this.listColumns();
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
  const columns: Record<string, ArrayBufferView | null> = {
    rows: new Uint32Array(capacity),
    codeValue: new Float64Array(capacity),
    codeLength: new Uint8Array(capacity),
  };
  for (const name of COLUMN_NAMES) {
    const kind = ENTRY_COLUMNS[name].kind;
    const present = (ABSENTABLE_COLUMNS as readonly string[]).includes(name) ? shape[name as AbsentableColumn] : true;
    columns[name] = !present ? null : kind === 'seconds' ? new Uint16Array(capacity) : new Int32Array(capacity);
  }
  return columns as unknown as Columns;
}
