import { MAX_CODE_DIGITS } from '../../model/e164.js';
import type { Increments } from '../../model/rate-entry.js';
import { cellText, type CellValue } from './cell-value.js';
import { joinCodeCells, parseCodeCell, plainCode } from './code-cell.js';
import { columnLabel, type ColumnMapping } from '../column-mapping.js';
import { DateTableBuilder } from './date-table-builder.js';
import { DecimalIds } from './decimal-ids.js';
import { DECK_FIELDS, type DeckField } from '../deck-fields.js';
import type { CellOptions } from '../deck-task.js';
import { parseIncrementsCell, parseSecondsCell, type IncrementsCell } from './increments-cell.js';
import { parseRateCell } from './rate-cell.js';
import { excelErrorReason, isExcelError } from './excel-error.js';
import { LIMITS } from '../../limits.js';
import { NONE, newEntryParts, PART, setIncrements, SliceBuilder, ABSENTABLE_COLUMNS, type EncodedSlice, type EntryParts, type SliceShape } from '../slice-builder.js';
import { COLUMN_NAMES, OPTIONAL_DECIMAL_COLUMNS, SECONDS_COLUMNS, type SecondsColumn } from '../../model/entry-schema.js';

type DecimalField = 'rate' | 'connectionFee' | 'interRate' | 'intraRate' | 'indeterminateRate';

/** A decimal cell read as a text id (>= 0) or as one of these. */
const NEGATIVE = -2;
const NOT_A_NUMBER = -3;
/** readCell(): accept() would report a row error for this cell; read the row with accept(). */
export const ROW_ERROR = -4;
/** readCell() packs increments as initial * INCREMENTS_BASE + subsequent (each at most 3600). */
const INCREMENTS_BASE = 4096;
/** columnIndices: a field without a column, and one read from several (a join). */
const NO_COLUMN = -1;
const JOINED_COLUMNS = -2;

/** Where each field's reading sits in acceptReadings()'s `readings`. */
export const FIELD_INDEX = Object.fromEntries(DECK_FIELDS.map((field, index) => [field, index])) as Readonly<Record<DeckField, number>>;
/** acceptReadings() copies reading READ_FIELDS[k] to part READ_PARTS[k]: every entry column but the increments, which it unpacks. */
const READ_COLUMNS = COLUMN_NAMES.filter((name): name is Exclude<typeof name, SecondsColumn> => !(SECONDS_COLUMNS as readonly string[]).includes(name));
const READ_PARTS = Int32Array.from(READ_COLUMNS, (name) => PART[name]);
const READ_FIELDS = Int32Array.from(READ_COLUMNS, (name) => FIELD_INDEX[name]);

function columnIndices(mapping: ColumnMapping): Record<DeckField, number> {
  const of = (field: DeckField) => {
    const columns = mapping.columns[field];
    return columns === undefined ? NO_COLUMN : columns.length === 1 ? columns[0]! : JOINED_COLUMNS;
  };
  return {
    prefix: of('prefix'),
    destination: of('destination'),
    rate: of('rate'),
    connectionFee: of('connectionFee'),
    increments: of('increments'),
    initialIncrement: of('initialIncrement'),
    subsequentIncrement: of('subsequentIncrement'),
    effectiveFrom: of('effectiveFrom'),
    effectiveTo: of('effectiveTo'),
    interRate: of('interRate'),
    intraRate: of('intraRate'),
    indeterminateRate: of('indeterminateRate'),
  };
}

/**
 * Turns rows of cells into entries or row errors, the same for CSV slices and XLSX
 * sheets. Pure apart from its caches: rates, increments, names and dates repeat down a
 * deck, so each distinct cell is parsed once. This runs a million times per deck, so
 * the common path allocates nothing; reasons are worked out only for rows in error.
 */
export class RowNormaliser {
  private readonly builder: SliceBuilder;
  private readonly fromDates: DateTableBuilder;
  private readonly toDates: DateTableBuilder;
  private readonly decimals = new Map<CellValue, number>();
  private readonly decimalIds: DecimalIds;
  private readonly incrementCells = new Map<CellValue, IncrementsCell>();
  private readonly parts: EntryParts;
  private readonly columnOf: Readonly<Record<DeckField, number>>;
  private lastDestination: CellValue = null;
  private lastDestinationId = NONE;
  private lastIncrements: CellValue = null;
  private lastIncrementsCell: IncrementsCell | undefined;
  private readonly zeroFee: number;
  private rowFailed = false;
  /** acceptReadings() hands its increments to the builder through this, one row at a time. */
  private readonly readIncrements: Increments = { initial: 0, subsequent: 0 };

  constructor(
    private readonly mapping: ColumnMapping,
    private readonly options: CellOptions,
    date1904 = false,
    expectedEntries = 4096,
  ) {
    const has = (field: DeckField) => mapping.columns[field] !== undefined;
    const shape = Object.fromEntries(ABSENTABLE_COLUMNS.map((name) => [name, has(name)])) as SliceShape;
    this.builder = new SliceBuilder(shape, expectedEntries);
    this.fromDates = new DateTableBuilder(date1904);
    this.toDates = new DateTableBuilder(date1904);
    this.zeroFee = this.builder.intern('0');
    this.decimalIds = new DecimalIds((text) => this.builder.intern(text));
    this.parts = newEntryParts(this.options.defaultIncrements);
    this.columnOf = columnIndices(mapping);
  }

  /** Reads one data row; `row` is the number the user sees (or the line counted from the byte range's first). */
  accept(cells: readonly CellValue[], row: number): void {
    const builder = this.builder;
    builder.rowsRead++;
    const codeRaw = this.cell(cells, 'prefix');
    const single = plainCode(codeRaw, this.options.prepend);
    const codeCell = single === null ? parseCodeCell(codeRaw, this.options.prepend, this.options.stripPrefix) : null;
    const rateRaw = this.cell(cells, 'rate');
    const rate = this.decimalId(rateRaw);
    // Blank lines, notes, titles and footers: no code and no number where the rate goes.
    if (single === null && codeCell!.kind !== 'codes' && rate !== NEGATIVE && rate < 0) {
      builder.skippedRows++;
      return;
    }
    this.rowFailed = false;
    if (codeCell?.kind === 'absent') this.fail(row, 'prefix', codeRaw, `no dial code; expected 1–${MAX_CODE_DIGITS} digits such as 4477`);
    else if (codeCell?.kind === 'invalid') this.fail(row, 'prefix', codeRaw, codeCell.reason);
    if (rate === NONE) this.fail(row, 'rate', rateRaw, 'no rate; expected a decimal such as 0.047');
    else if (rate < 0) this.failDecimal(row, 'rate', rateRaw);
    const parts = this.parts;
    parts[PART.rate] = rate;
    parts[PART.destination] = this.destination(cells, row);
    parts[PART.connectionFee] = this.optionalDecimal(cells, row, 'connectionFee', this.zeroFee);
    for (const field of OPTIONAL_DECIMAL_COLUMNS) parts[PART[field]] = this.optionalDecimal(cells, row, field, NONE);
    setIncrements(parts, this.increments(cells, row));
    parts[PART.effectiveFrom] = this.date(cells, row, 'effectiveFrom', this.fromDates);
    parts[PART.effectiveTo] = this.date(cells, row, 'effectiveTo', this.toDates);
    if (this.rowFailed) return;
    if (single !== null) builder.add(row, single, parts);
    else if (codeCell!.kind === 'codes') for (const code of codeCell!.codes) builder.add(row, code, parts);
  }

  /** A record past the limits of one line (docs/limits.md): a row error, its cells unread. */
  refuseRecord(cells: readonly string[], row: number): void {
    this.builder.rowsRead++;
    let length = 0;
    for (const cell of cells) length += cell.length;
    const why =
      cells.length > LIMITS.deck.columns
        ? `a line of ${cells.length} fields; at most ${LIMITS.deck.columns} are read`
        : `a line of ${length} characters; at most ${LIMITS.deck.recordBytes} are read from one line`;
    this.builder.errors.push({ row, column: null, value: shownValue(cells.join(',')), reason: `${why} (docs/limits.md)` });
  }

  /**
   * What accept() takes from one cell of `field` (not the prefix) when the cell reads
   * cleanly, as one int32 that a caller may keep per distinct cell: the CSV byte reader
   * keys it by the cell's bytes and so reads each distinct cell once. Rates and fees give
   * a text id (an absent fee its default, an absent US rate NONE); the destination a text
   * id or NONE; increments initial * 4096 + subsequent, or NONE; each increment column its
   * seconds or NONE; a date its id or NONE. ROW_ERROR where accept() would report the
   * cell, a missing rate included.
   */
  readCell(field: Exclude<DeckField, 'prefix'>, value: CellValue): number {
    switch (field) {
      case 'rate': {
        const id = this.decimalId(value);
        return id >= 0 ? id : ROW_ERROR;
      }
      case 'connectionFee':
      case 'interRate':
      case 'intraRate':
      case 'indeterminateRate': {
        const id = this.decimalId(value);
        if (id >= 0) return id;
        if (id !== NONE) return ROW_ERROR;
        return field === 'connectionFee' ? this.zeroFee : NONE;
      }
      case 'destination':
        return this.destinationId(value);
      case 'increments': {
        const cell = parseIncrementsCell(value);
        if (cell.kind === 'increments') return cell.increments.initial * INCREMENTS_BASE + cell.increments.subsequent;
        return cell.kind === 'absent' ? NONE : ROW_ERROR;
      }
      case 'initialIncrement':
      case 'subsequentIncrement': {
        const cell = parseSecondsCell(value);
        return cell.kind === 'seconds' ? cell.seconds : cell.kind === 'absent' ? NONE : ROW_ERROR;
      }
      case 'effectiveFrom':
      case 'effectiveTo': {
        const id = (field === 'effectiveFrom' ? this.fromDates : this.toDates).idOf(value);
        return typeof id === 'number' ? id : ROW_ERROR;
      }
    }
  }

  /**
   * Takes a row whose code is one plain code (its digits as a number, and their count)
   * and whose other cells were read by readCell, none to ROW_ERROR; `readings` is indexed
   * like DECK_FIELDS, and a field without a column must hold readCell(field, null).
   * Adds its entry as accept() would and returns true; returns false, changing nothing,
   * when the cells disagree with each other (one increment column without the other),
   * which accept() reports: the caller then gives the row to accept().
   */
  acceptReadings(row: number, codeValue: number, codeLength: number, readings: Int32Array): boolean {
    const parts = this.parts;
    if (this.columnOf.increments !== NO_COLUMN) {
      const packed = readings[FIELD_INDEX.increments]!;
      setIncrements(parts, packed === NONE ? this.options.defaultIncrements : this.unpackIncrements(packed));
    } else if (this.columnOf.initialIncrement !== NO_COLUMN) {
      const first = readings[FIELD_INDEX.initialIncrement]!;
      const next = readings[FIELD_INDEX.subsequentIncrement]!;
      if ((first === NONE) !== (next === NONE)) return false;
      setIncrements(parts, first === NONE ? this.options.defaultIncrements : this.unpackIncrements(first * INCREMENTS_BASE + next));
    } else setIncrements(parts, this.options.defaultIncrements);
    for (let k = 0; k < READ_PARTS.length; k++) parts[READ_PARTS[k]!] = readings[READ_FIELDS[k]!]!;
    this.builder.rowsRead++;
    this.builder.addCode(row, codeValue, codeLength, parts);
    return true;
  }

  finish(): EncodedSlice {
    return this.builder.finish(this.fromDates.finish(), this.toDates.finish());
  }

  private cell(cells: readonly CellValue[], field: DeckField): CellValue {
    // A plain property per field: keyed access with a field name costs more, a million times.
    const column = this.columnOf[field];
    if (column >= 0) return cells[column] ?? null;
    if (column === NO_COLUMN) return null;
    const values = this.mapping.columns[field]!.map((index) => cells[index] ?? null);
    return field === 'prefix' ? joinCodeCells(values) : values.map(cellText).map((text) => text.trim()).filter(Boolean).join(' ') || null;
  }

  /** The interned id of a decimal cell, or NONE (empty), NEGATIVE or NOT_A_NUMBER. */
  private decimalId(value: CellValue): number {
    // Most decimal cells are canonical already: their id comes without hashing the string.
    if (value !== null) {
      const quick = typeof value === 'string' ? this.decimalIds.idOf(value) : this.decimalIds.idOfNumber(value);
      if (quick >= 0) return quick;
    }
    let id = this.decimals.get(value);
    if (id === undefined) {
      const cell = parseRateCell(value, this.options.decimalComma);
      id = cell.kind === 'rate' ? this.builder.intern(cell.rate) : cell.kind === 'absent' ? NONE : cell.kind === 'negative' ? NEGATIVE : NOT_A_NUMBER;
      this.decimals.set(value, id);
    }
    return id;
  }

  private destination(cells: readonly CellValue[], row: number): number {
    const value = this.cell(cells, 'destination');
    const id = this.destinationId(value);
    if (id !== ROW_ERROR) return id;
    const length = cellText(value).trim().length;
    this.fail(row, 'destination', value, length > LIMITS.deck.destinationLength
      ? `a destination name of ${length} characters; at most ${LIMITS.deck.destinationLength} are accepted`
      : 'expected a destination name such as "United Kingdom - Mobile"');
    return NONE;
  }

  private destinationId(value: CellValue): number {
    if (value === null) return NONE;
    // Decks list a destination's codes together: the previous row's name is the likeliest.
    if (value === this.lastDestination) return this.lastDestinationId;
    const text = typeof value === 'string' ? value.trim() : cellText(value);
    this.lastDestination = value;
    // A name past the limit, or an Excel error shown where the name goes, is the row's error (see destination()).
    this.lastDestinationId = text === '' ? NONE : text.length > LIMITS.deck.destinationLength || isExcelError(text) ? ROW_ERROR : this.builder.intern(text);
    return this.lastDestinationId;
  }

  private unpackIncrements(packed: number): Increments {
    this.readIncrements.initial = Math.floor(packed / INCREMENTS_BASE);
    this.readIncrements.subsequent = packed % INCREMENTS_BASE;
    return this.readIncrements;
  }

  private optionalDecimal(cells: readonly CellValue[], row: number, field: Exclude<DecimalField, 'rate'>, absent: number): number {
    if (this.columnOf[field] === NO_COLUMN) return absent;
    const value = this.cell(cells, field);
    const id = this.decimalId(value);
    if (id >= 0) return id;
    if (id !== NONE) this.failDecimal(row, field, value);
    return absent;
  }

  private increments(cells: readonly CellValue[], row: number): Increments {
    const fallback = this.options.defaultIncrements;
    if (this.columnOf.increments !== NO_COLUMN) {
      const value = this.cell(cells, 'increments');
      let cell = value === this.lastIncrements ? this.lastIncrementsCell : this.incrementCells.get(value);
      if (cell === undefined) this.incrementCells.set(value, (cell = parseIncrementsCell(value)));
      this.lastIncrements = value;
      this.lastIncrementsCell = cell;
      if (cell.kind === 'increments') return cell.increments;
      if (cell.kind === 'invalid') this.fail(row, 'increments', value, cell.reason);
      return fallback;
    }
    if (this.columnOf.initialIncrement === NO_COLUMN) return fallback;
    const firstValue = this.cell(cells, 'initialIncrement');
    const nextValue = this.cell(cells, 'subsequentIncrement');
    const first = parseSecondsCell(firstValue);
    const next = parseSecondsCell(nextValue);
    if (first.kind === 'invalid') this.fail(row, 'initialIncrement', firstValue, first.reason);
    if (next.kind === 'invalid') this.fail(row, 'subsequentIncrement', nextValue, next.reason);
    if (first.kind === 'seconds' && next.kind === 'seconds') return { initial: first.seconds, subsequent: next.seconds };
    if (first.kind === 'absent' && next.kind === 'absent') return fallback;
    if (first.kind === 'absent') this.fail(row, 'initialIncrement', firstValue, 'no first interval while the sub interval is given; expected whole seconds such as 30');
    if (next.kind === 'absent') this.fail(row, 'subsequentIncrement', nextValue, 'no sub interval while the first interval is given; expected whole seconds such as 6');
    return fallback;
  }

  private date(cells: readonly CellValue[], row: number, field: 'effectiveFrom' | 'effectiveTo', table: DateTableBuilder): number {
    if (this.columnOf[field] === NO_COLUMN) return NONE;
    const value = this.cell(cells, field);
    const id = table.idOf(value);
    if (typeof id === 'number') return id;
    this.fail(row, field, value, id);
    return NONE;
  }

  private failDecimal(row: number, field: DecimalField, value: CellValue): void {
    const cell = parseRateCell(value, this.options.decimalComma);
    this.fail(row, field, value, 'reason' in cell ? cell.reason : `"${cellText(value)}" is not a decimal`);
  }

  private fail(row: number, field: DeckField, value: CellValue, reason: string): void {
    this.rowFailed = true;
    const expected = reason.indexOf('expected');
    const shown = excelErrorReason(value, expected === -1 ? reason : reason.slice(expected)) ?? reason;
    this.builder.errors.push({ row, column: columnLabel(this.mapping, field), value: shownValue(cellText(value).trim()), reason: shown });
  }
}

/** A cell as an error shows it: whole up to a few lines' worth, else its start and its length (a 30 MB cell is not printed). */
const SHOWN_CHARACTERS = 120;
function shownValue(text: string): string {
  return text.length <= SHOWN_CHARACTERS ? text : `${text.slice(0, SHOWN_CHARACTERS)}… (${text.length} characters)`;
}
