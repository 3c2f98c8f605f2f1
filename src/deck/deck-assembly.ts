import { NO_TEXT, type EntryTable } from '../model/entry-table.js';
import { formatIncrements } from '../model/rate-entry.js';
import { Decimal } from '../money/decimal.js';
import { columnLabel, type ColumnMapping } from './column-mapping.js';
import type { DateOrder } from './date-cell.js';
import { dateOrderEvidence, decideDateOrders } from './date-order.js';
import { findDuplicateCodes, type CodeColumns } from './duplicate-codes.js';
import { sortRowErrors, type RowError } from './row-error.js';
import { NONE, type DateTable, type EncodedSlice } from './slice-builder.js';

/** A worker's slice and the number to add to its rows (its first line, for CSV). */
export interface PlacedSlice {
  slice: EncodedSlice;
  rowBase: number;
}

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
}

/**
 * Joins the slices of one deck, in file order, into one EntryTable: texts re-interned
 * once for the deck, numeric dates read in the order decided over the whole column,
 * defaults applied (effective-from; open-ended effective-to), and the checks that need
 * more than one row: an end not after its start, a code listed twice for one date.
 * Slices are released as they are copied.
 */
export function assembleDeck(placed: (PlacedSlice | null)[], options: AssemblyOptions): AssembledDeck {
  const { mapping } = options;
  const [fromOrder, toOrder] = decideDateOrders(
    [
      { label: columnLabel(mapping, 'effectiveFrom'), evidence: dateOrderEvidence(placed.map((part) => part!.slice.fromDates)) },
      { label: columnLabel(mapping, 'effectiveTo'), evidence: dateOrderEvidence(placed.map((part) => part!.slice.toDates)) },
    ],
    options.dateFormat,
    options.source,
  ) as [DateOrder, DateOrder];
  const total = placed.reduce((sum, part) => sum + part!.slice.count, 0);
  const table = allocateTable(total);
  const rows = new Uint32Array(total);
  const codes = { codeValue: new Float64Array(total), codeLength: new Uint8Array(total) };
  const errors: RowError[] = [];
  const textIds = new Map<string, number>();
  let rowsRead = 0;
  let skippedRows = 0;
  let n = 0;
  const fail = (row: number, field: 'effectiveFrom' | 'effectiveTo', value: string, reason: string) =>
    errors.push({ row, column: columnLabel(mapping, field), value, reason });
  for (let part = 0; part < placed.length; part++) {
    const { slice, rowBase } = placed[part]!;
    placed[part] = null;
    rowsRead += slice.rowsRead;
    skippedRows += slice.skippedRows;
    for (const error of slice.errors) errors.push({ ...error, row: error.row + rowBase });
    const ids = Int32Array.from(slice.texts, (text) => {
      let id = textIds.get(text);
      if (id === undefined) textIds.set(text, (id = table.texts.push(text) - 1));
      return id;
    });
    const text = (id: number) => (id === NONE ? NO_TEXT : ids[id]!);
    const fromTimes = timesIn(slice.fromDates, fromOrder);
    const toTimes = timesIn(slice.toDates, toOrder);
    let rejectedRow = -1;
    for (let i = 0; i < slice.count; i++) {
      const row = slice.rows[i]! + rowBase;
      if (row === rejectedRow) continue;
      const fromId = slice.effectiveFrom ? slice.effectiveFrom[i]! : NONE;
      const toId = slice.effectiveTo ? slice.effectiveTo[i]! : NONE;
      const from = fromId === NONE ? options.defaultEffectiveFrom : fromTimes[fromId]!;
      const to = toId === NONE ? Infinity : toTimes[toId]!;
      if (Number.isNaN(from) || Number.isNaN(to)) {
        const field = Number.isNaN(from) ? 'effectiveFrom' : 'effectiveTo';
        const order = field === 'effectiveFrom' ? fromOrder : toOrder;
        const written = field === 'effectiveFrom' ? slice.fromDates.texts[fromId]! : slice.toDates.texts[toId]!;
        fail(row, field, written, `"${written}" is no date read ${describeOrder(order)}, the order of the other dates in this column`);
        rejectedRow = row;
        continue;
      }
      if (to <= from) {
        fail(row, 'effectiveTo', slice.toDates.texts[toId]!, `the end date is not after the start (${new Date(from).toISOString()}); an entry needs a time to be in force`);
        rejectedRow = row;
        continue;
      }
      rows[n] = row;
      codes.codeValue[n] = slice.codeValue[i]!;
      codes.codeLength[n] = slice.codeLength[i]!;
      table.prefix[n] = codeText(slice.codeValue[i]!, slice.codeLength[i]!);
      table.destination[n] = slice.destination ? text(slice.destination[i]!) : NO_TEXT;
      table.rate[n] = ids[slice.rate[i]!]!;
      table.connectionFee[n] = ids[slice.connectionFee[i]!]!;
      table.initialIncrement[n] = slice.initialIncrement[i]!;
      table.subsequentIncrement[n] = slice.subsequentIncrement[i]!;
      table.interRate[n] = slice.interRate ? text(slice.interRate[i]!) : NO_TEXT;
      table.intraRate[n] = slice.intraRate ? text(slice.intraRate[i]!) : NO_TEXT;
      table.indeterminateRate[n] = slice.indeterminateRate ? text(slice.indeterminateRate[i]!) : NO_TEXT;
      table.effectiveFrom[n] = from;
      table.effectiveTo[n] = to;
      n++;
    }
  }
  table.length = n;
  const kept = dropDuplicates(table, { ...codes, effectiveFrom: table.effectiveFrom, length: n }, rows, errors, columnLabel(mapping, 'prefix'));
  return { entries: trimTable(table, kept), rows: rows.slice(0, kept), errors: sortRowErrors(errors), rowsRead, skippedRows };
}

/**
 * A code listed twice for one effective date: when the two rows disagree, neither is
 * imported and the later row gets an error naming both; an exact repeat is kept once.
 * Returns the number of entries left, compacted to the front of every column.
 */
function dropDuplicates(table: EntryTable, codes: CodeColumns, rows: Uint32Array, errors: RowError[], prefixLabel: string): number {
  const duplicates = findDuplicateCodes(codes, (a, b) => difference(table, a, b) !== null);
  if (duplicates.length === 0) return table.length;
  const drop = new Uint8Array(table.length);
  for (const { first, second, conflicting } of duplicates) {
    drop[second] = 1;
    if (!conflicting) continue;
    drop[first] = 1;
    const code = table.prefix[second]!;
    const [firstSays, secondSays] = difference(table, first, second)!;
    errors.push({
      row: rows[second]!,
      column: prefixLabel,
      value: code,
      reason: `code ${code} is listed twice for ${new Date(table.effectiveFrom[second]!).toISOString()}: row ${rows[first]} has ${firstSays}, this row has ${secondSays}; neither is imported`,
    });
  }
  let kept = 0;
  for (let i = 0; i < table.length; i++) {
    if (drop[i]) continue;
    if (kept !== i) moveEntry(table, rows, i, kept);
    kept++;
  }
  return kept;
}

/** What two entries for the same code and date say differently, or null when nothing priced differs. */
function difference(table: EntryTable, a: number, b: number): [string, string] | null {
  for (const column of ['rate', 'connectionFee', 'interRate', 'intraRate', 'indeterminateRate'] as const) {
    const first = table[column][a]!;
    const second = table[column][b]!;
    if (first === second) continue;
    const firstText = first === NO_TEXT ? null : table.texts[first]!;
    const secondText = second === NO_TEXT ? null : table.texts[second]!;
    if (firstText !== null && secondText !== null && new Decimal(firstText).eq(secondText)) continue;
    const name = column === 'rate' ? 'rate' : column === 'connectionFee' ? 'connection fee' : column.replace('Rate', ' rate');
    return [`${name} ${firstText ?? 'none'}`, `${name} ${secondText ?? 'none'}`];
  }
  if (table.initialIncrement[a] !== table.initialIncrement[b] || table.subsequentIncrement[a] !== table.subsequentIncrement[b]) {
    const increments = (i: number) => formatIncrements({ initial: table.initialIncrement[i]!, subsequent: table.subsequentIncrement[i]! });
    return [`increments ${increments(a)}`, `increments ${increments(b)}`];
  }
  if (table.effectiveTo[a] !== table.effectiveTo[b]) {
    const end = (i: number) => (table.effectiveTo[i] === Infinity ? 'no end date' : `end ${new Date(table.effectiveTo[i]!).toISOString()}`);
    return [end(a), end(b)];
  }
  return null;
}

function timesIn(dates: DateTable, order: DateOrder): Float64Array {
  return order === 'DMY' ? dates.dayFirst : dates.monthFirst;
}

function describeOrder(order: DateOrder): string {
  return order === 'DMY' ? 'day/month/year' : 'month/day/year';
}

/** A code from its transfer form: the digits as a number, and their count for leading zeros. */
function codeText(value: number, length: number): string {
  const digits = String(value);
  return digits.length === length ? digits : '0'.repeat(length - digits.length) + digits;
}

type TypedColumn = 'destination' | 'rate' | 'connectionFee' | 'initialIncrement' | 'subsequentIncrement' | 'interRate' | 'intraRate' | 'indeterminateRate' | 'effectiveFrom' | 'effectiveTo';
const TYPED_COLUMNS: readonly TypedColumn[] = ['destination', 'rate', 'connectionFee', 'initialIncrement', 'subsequentIncrement', 'interRate', 'intraRate', 'indeterminateRate', 'effectiveFrom', 'effectiveTo'];

function allocateTable(length: number): EntryTable {
  return {
    length,
    texts: [],
    prefix: new Array<string>(length),
    destination: new Int32Array(length),
    rate: new Int32Array(length),
    connectionFee: new Int32Array(length),
    initialIncrement: new Uint32Array(length),
    subsequentIncrement: new Uint32Array(length),
    interRate: new Int32Array(length),
    intraRate: new Int32Array(length),
    indeterminateRate: new Int32Array(length),
    effectiveFrom: new Float64Array(length),
    effectiveTo: new Float64Array(length),
  };
}

function moveEntry(table: EntryTable, rows: Uint32Array, from: number, to: number): void {
  rows[to] = rows[from]!;
  table.prefix[to] = table.prefix[from]!;
  for (const column of TYPED_COLUMNS) table[column][to] = table[column][from]!;
}

function trimTable(table: EntryTable, length: number): EntryTable {
  if (length === table.prefix.length) return { ...table, length };
  const trimmed = { ...table, length, prefix: table.prefix.slice(0, length) };
  for (const column of TYPED_COLUMNS) (trimmed as Record<TypedColumn, unknown>)[column] = table[column].slice(0, length);
  return trimmed;
}
