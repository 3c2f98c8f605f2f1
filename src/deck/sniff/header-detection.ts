import { RatedeckError } from '../../errors.js';
import { quotedValue } from '../../text/quoted-value.js';
import { cellText, type CellValue } from '../cells/cell-value.js';
import { numberedColumn, type ColumnMapping } from '../column-mapping.js';
import { FIELD_ALIASES, REQUIRED_FIELDS, fieldForHeader, type DeckField } from '../deck-fields.js';
import { resolveMapValue, type HeaderNames } from './map-option.js';

/** The header must sit within this many rows from the top (notice blocks run to about 25). */
export const HEADER_SEARCH_ROWS = 60;

export interface HeaderOptions {
  /** --map values as typed: header name, 1-based column number, or a join such as `NPA+NXX`. */
  map: Partial<Record<DeckField, string>>;
  /** false with --no-header. */
  header: boolean;
  /** --header-row n, 1-based as the user sees it. */
  headerRow?: number;
}

/** A row near the top of a deck: its user-visible number and its cells. */
export interface HeadRow {
  row: number;
  cells: readonly CellValue[];
}

export interface HeaderDetection {
  /** Index into the rows given of the header row; -1 for a deck without one (--no-header). */
  headerIndex: number;
  mapping: ColumnMapping;
}

/** What one row would give as a header: mapped columns, alias hits and --map names it lacks. */
interface RowReading {
  names: HeaderNames;
  mapped: Partial<Record<DeckField, number[]>>;
  aliasHits: Partial<Record<DeckField, number[]>>;
  unresolved: DeckField[];
  nameHits: number;
}

/**
 * Finds the header row among `rows` (the first HEADER_SEARCH_ROWS of a deck or sheet) and
 * maps columns to fields; null when no row is a recognisable header. A row is the header
 * when it names at least one field, every --map name is among its cells, and the prefix and
 * rate columns are known (by alias or --map). Throws INVALID_DECK for a header that cannot
 * be used as it is: two columns for one field, a field with a column missing.
 */
export function findHeader(rows: readonly HeadRow[], options: HeaderOptions, source: string, width = widestRow(rows)): HeaderDetection | null {
  if (!options.header) return { headerIndex: -1, mapping: mappingWithoutHeader(options, width) };
  if (options.headerRow !== undefined) {
    const index = rows.findIndex((row) => row.row === options.headerRow);
    if (index < 0) {
      throw new RatedeckError('INVALID_DECK', `${source}: --header-row ${options.headerRow} is not a row with cells among the first ${rows.length} rows read.`, {
        headerRow: options.headerRow,
      });
    }
    return { headerIndex: index, mapping: finishMapping(readRow(rows[index]!, options, width), rows[index]!.row, source) };
  }
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let index = 0; index < limit; index++) {
    const reading = readRow(rows[index]!, options, width);
    const knows = (field: DeckField) => reading.mapped[field] !== undefined || reading.aliasHits[field] !== undefined;
    if (reading.nameHits > 0 && reading.unresolved.length === 0 && REQUIRED_FIELDS.every(knows)) {
      return { headerIndex: index, mapping: finishMapping(reading, rows[index]!.row, source) };
    }
  }
  return null;
}

/** findHeader, or the INVALID_DECK error that says what was looked for and how to point at the header. */
export function detectHeader(rows: readonly HeadRow[], options: HeaderOptions, source: string, width = widestRow(rows)): HeaderDetection {
  const found = findHeader(rows, options, source, width);
  if (found) return found;
  // A row with two or more known column names is the header the user meant: say what it lacks.
  let nearest: { reading: RowReading; row: number } | null = null;
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const reading = readRow(row, options, width);
    if (reading.nameHits >= 2 && (nearest === null || reading.nameHits > nearest.reading.nameHits)) nearest = { reading, row: row.row };
  }
  if (nearest) finishMapping(nearest.reading, nearest.row, source);
  throw noHeaderError(rows, options, source);
}

/** Column numbers given to --map are checked against the widest row read (0: not checked). */
function widestRow(rows: readonly HeadRow[]): number {
  return rows.reduce((widest, row) => Math.max(widest, row.cells.length), 0);
}

function readRow(row: HeadRow, options: HeaderOptions, width: number): RowReading {
  const names = row.cells.map((cell) => cellText(cell).trim());
  const reading: RowReading = { names, mapped: {}, aliasHits: {}, unresolved: [], nameHits: 0 };
  for (const [field, value] of Object.entries(options.map) as [DeckField, string][]) {
    const columns = resolveMapValue(field, value, names, width);
    if (columns === null) reading.unresolved.push(field);
    else {
      reading.mapped[field] = columns;
      if (!/^[\d+\s]+$/.test(value)) reading.nameHits++;
    }
  }
  names.forEach((name, index) => {
    const field = fieldForHeader(name);
    if (field === null) return;
    reading.nameHits++;
    if (options.map[field] === undefined) (reading.aliasHits[field] ??= []).push(index);
  });
  return reading;
}

function finishMapping(reading: RowReading, row: number, source: string): ColumnMapping {
  const { names, mapped, aliasHits } = reading;
  const describe = (index: number) => (names[index] ? `"${names[index]}" (column ${index + 1})` : numberedColumn(index));
  const missingField = reading.unresolved[0];
  if (missingField !== undefined) {
    throw new RatedeckError(
      'INVALID_DECK',
      `${source}: --map ${missingField} names no column of the header on row ${row}; its columns are ${names.map((_, i) => describe(i)).join(', ')}. Give a header name or a column number, e.g. --map ${missingField}=2.`,
      { field: missingField, row, headers: names },
    );
  }
  const columns: Partial<Record<DeckField, number[]>> = { ...mapped };
  for (const [field, hits] of Object.entries(aliasHits) as [DeckField, number[]][]) {
    if (hits.length > 1) {
      throw new RatedeckError(
        'INVALID_DECK',
        `${source}: ${hits.map(describe).join(' and ')} on row ${row} both look like the ${field} column; choose one with --map ${field}=<header name or column number>.`,
        { field, row, columns: hits.map((index) => names[index]) },
      );
    }
    columns[field] = hits;
  }
  settleIncrements(columns, mapped, row, source, describe);
  for (const field of REQUIRED_FIELDS) {
    if (columns[field] === undefined) {
      throw new RatedeckError(
        'INVALID_DECK',
        `${source}: the header on row ${row} has no ${field} column; looked for ${FIELD_ALIASES[field].map((alias) => `"${alias}"`).join(', ')}. Name it with --map ${field}=<header name or column number>.`,
        { field, row, headers: names },
      );
    }
  }
  refuseSharedColumns(columns, `${source}, header on row ${row}:`, describe);
  const labels: Partial<Record<DeckField, string>> = {};
  for (const [field, indices] of Object.entries(columns) as [DeckField, number[]][]) {
    labels[field] = indices.map((index) => names[index] || numberedColumn(index)).join('+');
  }
  return { columns, labels };
}

/** Fields one column may give together: a US deck's one rate column can be the inter-, intra- and indeterminate rate. */
const SHAREABLE: ReadonlySet<DeckField> = new Set(['rate', 'interRate', 'intraRate', 'indeterminateRate']);

/** `--map rate=Prefix` would read each code as its own rate: a column gives one field, rates apart. */
function refuseSharedColumns(columns: Partial<Record<DeckField, number[]>>, where: string, describe: (index: number) => string): void {
  const fieldsOf = new Map<number, DeckField[]>();
  for (const [field, indices] of Object.entries(columns) as [DeckField, number[]][]) {
    for (const index of new Set(indices)) fieldsOf.set(index, [...(fieldsOf.get(index) ?? []), field]);
  }
  for (const [index, fields] of fieldsOf) {
    if (fields.length < 2 || fields.every((field) => SHAREABLE.has(field))) continue;
    throw new RatedeckError(
      'INVALID_DECK',
      `${where} ${describe(index)} would give both the ${fields.join(' and the ')}; one column gives one field (only rate columns may share one, as in a US deck whose one rate is inter- and intrastate). Check --map.`,
      { column: index + 1, fields },
    );
  }
}

/**
 * Increments come from one column (`30/6`) or from two (first and sub interval), never
 * both: an explicit --map wins over an alias, two aliases that disagree stop the import.
 */
function settleIncrements(
  columns: Partial<Record<DeckField, number[]>>,
  mapped: Partial<Record<DeckField, number[]>>,
  row: number,
  source: string,
  describe: (index: number) => string,
): void {
  const pairMapped = mapped.initialIncrement !== undefined || mapped.subsequentIncrement !== undefined;
  if (mapped.increments !== undefined) {
    if (!pairMapped) {
      delete columns.initialIncrement;
      delete columns.subsequentIncrement;
    }
  } else if (pairMapped) delete columns.increments;
  const hasPair = columns.initialIncrement !== undefined || columns.subsequentIncrement !== undefined;
  if (columns.increments !== undefined && hasPair) {
    const both = [...columns.increments, ...(columns.initialIncrement ?? []), ...(columns.subsequentIncrement ?? [])];
    throw new RatedeckError(
      'INVALID_DECK',
      `${source}: ${both.map(describe).join(' and ')} on row ${row} all give increments; choose with --map increments=<column> or --map initialIncrement=<column> --map subsequentIncrement=<column>.`,
      { row },
    );
  }
  if (hasPair && (columns.initialIncrement === undefined || columns.subsequentIncrement === undefined)) {
    const missing = columns.initialIncrement === undefined ? 'initialIncrement' : 'subsequentIncrement';
    throw new RatedeckError(
      'INVALID_DECK',
      `${source}: increments in two columns need both the first and the sub interval; the header on row ${row} lacks the ${missing} column. Name it with --map ${missing}=<header name or column number>.`,
      { row, field: missing },
    );
  }
}

function mappingWithoutHeader(options: HeaderOptions, width: number): ColumnMapping {
  const columns: Partial<Record<DeckField, number[]>> = {};
  const labels: Partial<Record<DeckField, string>> = {};
  for (const [field, value] of Object.entries(options.map) as [DeckField, string][]) {
    const indices = resolveMapValue(field, value, null, width)!;
    columns[field] = indices;
    labels[field] = indices.map(numberedColumn).join('+');
  }
  for (const field of REQUIRED_FIELDS) {
    if (columns[field] === undefined) {
      throw new RatedeckError(
        'INVALID_DECK',
        `A deck without a header row needs its ${field} column given by number, e.g. --no-header --map prefix=2 --map rate=3; --map ${field} is missing.`,
        { field },
      );
    }
  }
  settleIncrements(columns, columns, 0, 'the deck', numberedColumn);
  refuseSharedColumns(columns, 'Without a header row:', (index) => numberedColumn(index));
  return { columns, labels };
}

/** Which rows were searched, as the user will find them: a sheet's rows need not start at 1, nor follow each other. */
function whereLooked(rows: readonly HeadRow[]): string {
  if (rows.length === 0) return 'no rows to find a header in';
  const searched = rows.slice(0, HEADER_SEARCH_ROWS);
  if (searched.length === 1) {
    const cells = searched[0]!.cells.map((cell) => cellText(cell ?? null).trim()).filter(Boolean);
    const shown = cells.slice(0, 4).map((text) => quotedValue(text)).join(', ');
    return `no recognisable header: its only row is row ${searched[0]!.row}${shown ? ` (${shown}${cells.length > 4 ? ', …' : ''})` : ', with no text'}`;
  }
  return `no recognisable header in rows ${searched[0]!.row}–${searched[searched.length - 1]!.row}`;
}

function noHeaderError(rows: readonly HeadRow[], options: HeaderOptions, source: string): RatedeckError {
  const looked = REQUIRED_FIELDS.map((field) => `a ${field} column (${FIELD_ALIASES[field].map((alias) => `"${alias}"`).join(', ')})`).join(' and ');
  const mapNames = Object.entries(options.map).filter(([, value]) => !/^[\d+\s]+$/.test(value!));
  const wanted = mapNames.length > 0 ? `, and the --map names ${mapNames.map(([, value]) => `"${value}"`).join(', ')}` : '';
  return new RatedeckError(
    'INVALID_DECK',
    `${source}: ${whereLooked(rows)}; looked for ${looked}${wanted}. Point at the header with --header-row <n>, name columns with --map <field>=<header name or column number>, or use --no-header with column numbers.`,
    { rowsSearched: Math.min(rows.length, HEADER_SEARCH_ROWS) },
  );
}
