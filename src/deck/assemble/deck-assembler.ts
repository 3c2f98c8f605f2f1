import { RatedeckError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { NO_TEXT, type EntryTable } from '../../model/entry-table.js';
import { OPTIONAL_TEXT_COLUMNS, SECONDS_COLUMNS, TEXT_COLUMNS } from '../../model/entry-schema.js';
import { columnLabel, type ColumnMapping } from '../column-mapping.js';
import type { DateOrder } from '../cells/date-cell.js';
import { DateTableBuilder } from '../cells/date-table-builder.js';
import { dateOrderEvidence, decideDateOrders } from './date-order.js';
import { codeHash, findDuplicateCodes } from './duplicate-codes.js';
import { EntryColumns } from './entry-columns.js';
import { sortRowErrors, type RowError } from '../row-error.js';
import { NONE, type DateTable, type EncodedSlice } from '../slice-builder.js';

export interface AssemblyOptions {
  mapping: ColumnMapping;
  dateFormat?: DateOrder;
  defaultEffectiveFrom: number;
  /** Names the deck in deck-level errors. */
  source: string;
}

export interface AssembledDeck {
  entries: EntryTable;
  rows: Uint32Array;
  errors: RowError[];
  rowsRead: number;
  skippedRows: number;
  codesRepeat: boolean;
}

/**
 * Joins the slices of one deck, in file order, into one EntryTable while later slices
 * are still being parsed: each slice is copied and let go as soon as it arrives. Texts
 * are re-interned once for the deck. Dates stay ids into deck-wide date tables until
 * finish(), because the order of numeric dates (D/M/Y or M/D/Y) is decided from the
 * whole column. finish() applies the defaults and the checks that need more than one
 * row: an end not after its start, a code listed twice for one date.
 */
export class DeckAssembler {
  private readonly columns: EntryColumns;
  private readonly errors: RowError[] = [];
  private readonly textIds = new Map<string, number>();
  private readonly fromDates = new DateTableBuilder();
  private readonly toDates = new DateTableBuilder();
  private rowsRead = 0;
  private skippedRows = 0;

  constructor(
    private readonly options: AssemblyOptions,
    expectedEntries: number,
  ) {
    const { columns } = options.mapping;
    this.columns = new EntryColumns(expectedEntries, OPTIONAL_TEXT_COLUMNS.filter((name) => columns[name] === undefined));
  }

  /** Copies the next slice in file order; `rowBase` is added to its rows (its first line, for CSV). */
  add(slice: EncodedSlice, rowBase: number): void {
    this.rowsRead += slice.rowsRead;
    if (this.rowsRead > LIMITS.deck.rows) {
      throw new RatedeckError('INVALID_DECK', `${this.options.source} has more than ${LIMITS.deck.rows} rows, more than ratedeck reads as one deck (docs/limits.md); split it and import the parts with --partial.`, {});
    }
    this.skippedRows += slice.skippedRows;
    for (const error of slice.errors) this.errors.push(rowBase === 0 ? error : { ...error, row: error.row + rowBase });
    const table = this.columns.table;
    const ids = Int32Array.from(slice.texts, (text) => {
      let id = this.textIds.get(text);
      if (id === undefined) this.textIds.set(text, (id = table.texts.push(text) - 1));
      return id;
    });
    const fromIds = this.fromDates.add(slice.fromDates);
    const toIds = this.toDates.add(slice.toDates);
    const start = this.columns.table.length;
    this.columns.reserve(slice.count);
    const t = this.columns.table;
    const { rows, codeHashes } = this.columns;
    for (let i = 0, n = start; i < slice.count; i++, n++) {
      rows[n] = slice.rows[i]! + rowBase;
      codeHashes[n] = codeHash(slice.codeValue[i]!, slice.codeLength[i]!);
      t.prefix[n] = codeText(slice.codeValue[i]!, slice.codeLength[i]!);
    }
    // Column by column: texts through the deck's ids (an absent column stays NO_TEXT), seconds as they are.
    for (const name of TEXT_COLUMNS) copyTexts(slice[name], ids, t[name], start, slice.count);
    for (const name of SECONDS_COLUMNS) t[name].set(slice[name], start);
    // Date ids for now: finish() turns them into times once the date order is known.
    copyTexts(slice.effectiveFrom, fromIds, t.effectiveFrom, start, slice.count);
    copyTexts(slice.effectiveTo, toIds, t.effectiveTo, start, slice.count);
  }

  finish(): AssembledDeck {
    const { mapping } = this.options;
    const fromDates = this.fromDates.finish();
    const toDates = this.toDates.finish();
    const [fromOrder, toOrder] = decideDateOrders(
      [
        { label: columnLabel(mapping, 'effectiveFrom'), evidence: dateOrderEvidence([fromDates]) },
        { label: columnLabel(mapping, 'effectiveTo'), evidence: dateOrderEvidence([toDates]) },
      ],
      this.options.dateFormat,
      this.options.source,
    ) as [DateOrder, DateOrder];
    this.resolveDates(fromDates, fromOrder, toDates, toOrder);
    const codesRepeat = this.dropDuplicates();
    return {
      entries: this.columns.finish(),
      codesRepeat,
      rows: this.columns.rows.subarray(0, this.columns.table.length),
      errors: sortRowErrors(this.errors),
      rowsRead: this.rowsRead,
      skippedRows: this.skippedRows,
    };
  }

  /**
   * The date two rows share, as the user wrote it or not: rows without a date of their own
   * start at the import's effective time (--effective, else the import time), which is no
   * date of the deck and must not read as one.
   */
  private sameDate(from: number): string {
    const time = new Date(from).toISOString();
    return from === this.options.defaultEffectiveFrom ? `without an effective date (both would start at ${time}, the import's effective time)` : `for ${time}`;
  }

  /** Date ids become times; a row whose date does not read in its column's order, or ends before it starts, is dropped. */
  private resolveDates(fromDates: DateTable, fromOrder: DateOrder, toDates: DateTable, toOrder: DateOrder): void {
    const t = this.columns.table;
    const rows = this.columns.rows;
    const fromTimes = fromOrder === 'DMY' ? fromDates.dayFirst : fromDates.monthFirst;
    const toTimes = toOrder === 'DMY' ? toDates.dayFirst : toDates.monthFirst;
    const fail = (row: number, field: 'effectiveFrom' | 'effectiveTo', value: string, reason: string) =>
      this.errors.push({ row, column: columnLabel(this.options.mapping, field), value, reason });
    const keep = new Uint8Array(t.length).fill(1);
    let rejectedRow = -1;
    for (let i = 0; i < t.length; i++) {
      const row = rows[i]!;
      const fromId = t.effectiveFrom[i]!;
      const toId = t.effectiveTo[i]!;
      const from = fromId === NONE ? this.options.defaultEffectiveFrom : fromTimes[fromId]!;
      const to = toId === NONE ? Infinity : toTimes[toId]!;
      t.effectiveFrom[i] = from;
      t.effectiveTo[i] = to;
      if (row === rejectedRow) {
        keep[i] = 0;
        continue;
      }
      if (Number.isNaN(from) || Number.isNaN(to)) {
        const [field, order, written] = Number.isNaN(from) ? (['effectiveFrom', fromOrder, fromDates.texts[fromId]!] as const) : (['effectiveTo', toOrder, toDates.texts[toId]!] as const);
        const reading = order === 'DMY' ? 'day/month/year' : 'month/day/year';
        const because = this.options.dateFormat ? `as --date-format ${this.options.dateFormat} asks` : 'the order the other dates in this column use';
        fail(row, field, written, `"${written}" is not a valid ${reading} date (${because})`);
      } else if (to <= from) {
        fail(row, 'effectiveTo', toDates.texts[toId]!, `the end date is not after the start (${new Date(from).toISOString()}); an entry needs a time to be in force`);
      } else continue;
      keep[i] = 0;
      rejectedRow = row;
    }
    this.columns.keepOnly(keep);
  }

  /**
   * A code listed twice for one effective date: when the two rows disagree, neither is
   * imported and the later row gets an error naming both; an exact repeat is kept once.
   */
  private dropDuplicates(): boolean {
    const t = this.columns.table;
    const rows = this.columns.rows;
    const { duplicates, codesRepeat } = findDuplicateCodes(t.prefix, this.columns.codeHashes, t.effectiveFrom, t.length, (a, b) => this.columns.difference(a, b) !== null);
    if (duplicates.length === 0) return codesRepeat;
    const keep = new Uint8Array(t.length).fill(1);
    for (const { first, second, conflicting } of duplicates) {
      keep[second] = 0;
      if (!conflicting) continue;
      keep[first] = 0;
      const code = t.prefix[second]!;
      const [firstSays, secondSays] = this.columns.difference(first, second)!;
      this.errors.push({
        row: rows[second]!,
        column: columnLabel(this.options.mapping, 'prefix'),
        value: code,
        reason: `code ${code} is listed twice ${this.sameDate(t.effectiveFrom[second]!)}: row ${rows[first]} has ${firstSays}, this row has ${secondSays}; neither is imported`,
      });
    }
    this.columns.keepOnly(keep);
    return codesRepeat;
  }
}

/** Slice ids through `ids` into the deck's column from `start`; absent (NONE, or no column) stays NO_TEXT. */
function copyTexts(column: Int32Array | null, ids: Int32Array, target: Int32Array | Float64Array, start: number, count: number): void {
  if (column === null) {
    target.fill(NO_TEXT, start, start + count);
    return;
  }
  for (let i = 0; i < count; i++) {
    const id = column[i]!;
    target[start + i] = id === NONE ? NO_TEXT : ids[id]!;
  }
}

/** A code from its transfer form: the digits as a number, and their count for leading zeros. */
function codeText(value: number, length: number): string {
  const digits = String(value);
  return digits.length === length ? digits : '0'.repeat(length - digits.length) + digits;
}
