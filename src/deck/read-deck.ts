import { availableParallelism } from 'node:os';
import { setTimeout } from 'node:timers/promises';
import { RatedeckError } from '../errors.js';
import type { EntryTable } from '../model/entry-table.js';
import type { Increments } from '../model/rate-entry.js';
import { MIN_BYTES_TO_SPLIT, dispatchCsvTasks } from './pool/dispatch-csv-tasks.js';
import { DeckAssembler } from './assemble/deck-assembler.js';
import { inspectDeckFile } from './sniff/deck-file.js';
import type { DeckField } from './deck-fields.js';
import { withDeckPool } from './pool/deck-pool.js';
import type { HeaderOptions } from './sniff/header-detection.js';
import type { CellOptions, XlsxSheetResponse } from './deck-task.js';
import { MAX_CODE_DIGITS } from '../model/e164.js';
import { isIncrementSeconds, MAX_INCREMENT_SECONDS } from '../model/increments.js';
import { checkMapOption } from './sniff/map-option.js';
import { releaseSlice } from './slice-builder.js';
import type { RowError } from './row-error.js';

export type { DeckField } from './deck-fields.js';
export type { RowError } from './row-error.js';

export interface ReadDeckOptions {
  /** --sheet <name|n>, n 1-based; XLSX only. */
  sheet?: string;
  /** --map values as typed: header name, 1-based column number, or a join such as 'NPA+NXX'. */
  map?: Partial<Record<DeckField, string>>;
  /** false with --no-header (default true). */
  header?: boolean;
  /** --header-row n, 1-based as the user sees it. */
  headerRow?: number;
  /** --prepend digits. */
  prepend?: string;
  /** --strip-prefix digits: an international prefix (00, 011) dropped from the codes written after it. */
  stripPrefix?: string;
  /** --decimal-comma (implied for semicolon-separated files). */
  decimalComma?: boolean;
  /** --date-format for numeric dates such as 03/04/25. */
  dateFormat?: 'DMY' | 'MDY';
  /** --increments, or 60/60. */
  defaultIncrements: Increments;
  /** --effective, or the import time; epoch ms. */
  defaultEffectiveFrom: number;
  /** Worker threads (default: available parallelism, at most 4). */
  threads?: number;
}

export interface DeckReadResult {
  file: string;
  format: 'csv' | 'xlsx';
  sheet: string | null;
  /** Data rows looked at (after the header). */
  rowsRead: number;
  /** Blank, note, title and footer rows skipped: no code and no rate number. */
  skippedRows: number;
  /** Validated entries in file order, defaults applied; effectiveTo +Infinity when the row has none. */
  entries: EntryTable;
  /** rows[i]: the user-visible row (file line or sheet row) entry i came from. */
  rows: Uint32Array;
  /** Every row error, sorted by row, duplicate-code conflicts included. */
  errors: RowError[];
  /** Whether any code is listed more than once (at different dates, or as an exact repeat). */
  codesRepeat: boolean;
  /** What was read but looks wrong, for the import report (some codes already starting with the --prepend digits). */
  warnings: string[];
}

const MAX_THREADS = 4;
/** --prepend leaves room for at least one digit of the code. */
const PREPEND_DIGITS = new RegExp(`^\\d{1,${MAX_CODE_DIGITS - 1}}$`);
/** International prefixes are 2–4 digits (00, 011, 0011, 810). */
const STRIP_DIGITS = /^\d{1,4}$/;

/**
 * Reads a rate deck (CSV, TSV, semicolon-separated or XLSX) into validated entries.
 * Parsing runs on a pool of worker threads; this thread sniffs the file, finds the CSV
 * header and joins the workers' slices. Throws UNREADABLE_FILE / UNSUPPORTED_FILE for a
 * file it cannot read, INVALID_DECK for a deck-level problem (no header, ambiguous or
 * missing columns, undecidable date order), BAD_OPTION for bad options. Row problems
 * are not thrown: they come back in `errors`, and their rows give no entries.
 */
export async function readDeck(path: string, options: ReadDeckOptions): Promise<DeckReadResult> {
  const threads = checkOptions(options);
  const file = await inspectDeckFile(path);
  if (file.format === 'csv' && options.sheet !== undefined) {
    throw new RatedeckError('BAD_OPTION', `--sheet applies to XLSX workbooks; ${path} is a CSV file.`, { option: '--sheet' });
  }
  const header: HeaderOptions = { map: options.map ?? {}, header: options.header ?? true, headerRow: options.headerRow };
  const cells: CellOptions = {
    prepend: options.prepend ?? '',
    stripPrefix: options.stripPrefix ?? '',
    decimalComma: options.decimalComma ?? false,
    defaultIncrements: options.defaultIncrements,
  };
  const useThreads = file.format === 'xlsx' || file.size < MIN_BYTES_TO_SPLIT ? 1 : threads;
  const reading = await withDeckPool(useThreads, file.format, async (pool) => {
    if (file.format === 'csv') return { ...(await dispatchCsvTasks(file, header, cells, threads, pool)), sheet: null };
    const response = (await pool.run({ kind: 'xlsx-sheet', path, sheet: options.sheet ?? null, header, cells })) as XlsxSheetResponse;
    return { mapping: response.mapping, slices: [{ slice: response.slice, rowBase: 0 }], expectedEntries: response.slice.count, sheet: response.sheet };
  });
  // The pool is gone: its threads' memory is free before the slices are joined.
  const source = reading.sheet === null ? file.name : `${file.name}, sheet "${reading.sheet}"`;
  const assembler = new DeckAssembler(
    { mapping: reading.mapping, dateFormat: options.dateFormat, defaultEffectiveFrom: options.defaultEffectiveFrom, source },
    reading.expectedEntries,
  );
  // Each slice is let go once copied, and a turn of the event loop frees it before the next.
  for (let part = reading.slices.shift(); part !== undefined; part = reading.slices.shift()) {
    assembler.add(part.slice, part.rowBase);
    releaseSlice(part.slice);
    await setTimeout(0);
  }
  const assembled = assembler.finish();
  const warnings = checkPrepended(assembled.entries, cells.prepend, source);
  return { file: path, format: file.format, sheet: reading.sheet, ...assembled, warnings };
}

/**
 * --prepend on codes already written with those digits (`--prepend 1` on 1201…: 11201…):
 * refused when every code is, since the deck plainly needs no --prepend; a warning when
 * some are, since a few such codes can be real (--prepend 44 on UK national codes 44…).
 */
function checkPrepended(entries: EntryTable, prepend: string, source: string): string[] {
  if (prepend === '' || entries.length === 0) return [];
  const doubled = prepend + prepend;
  let count = 0;
  let example = '';
  for (let index = 0; index < entries.length; index++) {
    const prefix = entries.prefix[index]!;
    if (!prefix.startsWith(doubled)) continue;
    if (count++ === 0) example = prefix;
  }
  if (count === 0) return [];
  const written = example.slice(prepend.length);
  if (count === entries.length) {
    throw new RatedeckError(
      'BAD_OPTION',
      `--prepend ${prepend}: every code in ${source} already starts with ${prepend} (${written} would become ${example}); import it without --prepend.`,
      { option: '--prepend', value: prepend, example: written },
    );
  }
  return [`--prepend ${prepend}: ${count} of ${entries.length} codes were already written starting with ${prepend} (${written} became ${example}); check they should not be imported without it.`];
}

/** Validates options before any file is opened; returns the thread count. */
function checkOptions(options: ReadDeckOptions): number {
  const bad = (option: string, message: string) => new RatedeckError('BAD_OPTION', `${option} ${message}`, { option });
  const threads = options.threads ?? Math.min(availableParallelism(), MAX_THREADS);
  if (!Number.isInteger(threads) || threads < 1) throw bad('options.threads', `must be a positive integer; received ${options.threads}.`);
  if (options.headerRow !== undefined) {
    if (!Number.isInteger(options.headerRow) || options.headerRow < 1) throw bad('--header-row', `must be a row number from 1; received ${options.headerRow}.`);
    if (options.header === false) throw bad('--header-row', 'cannot go with --no-header: a deck either has a header row or not.');
  }
  if (options.prepend !== undefined && !PREPEND_DIGITS.test(options.prepend)) {
    throw bad('--prepend', `takes the digits to put before every code, e.g. --prepend 1; received "${options.prepend}".`);
  }
  if (options.stripPrefix !== undefined && !STRIP_DIGITS.test(options.stripPrefix)) {
    throw bad('--strip-prefix', `takes the international prefix to drop from codes written after it, e.g. --strip-prefix 00 or --strip-prefix 011; received "${options.stripPrefix}".`);
  }
  if (options.dateFormat !== undefined && options.dateFormat !== 'DMY' && options.dateFormat !== 'MDY') {
    throw bad('--date-format', `is DMY or MDY; received "${String(options.dateFormat)}".`);
  }
  const { initial, subsequent } = options.defaultIncrements;
  if (!isIncrementSeconds(initial) || !isIncrementSeconds(subsequent)) {
    throw bad('--increments', `needs whole seconds from 1 to ${MAX_INCREMENT_SECONDS}, e.g. 60/60 or 30/6; received ${initial}/${subsequent}.`);
  }
  if (!Number.isFinite(options.defaultEffectiveFrom)) throw bad('--effective', `must be a time; received ${options.defaultEffectiveFrom}.`);
  checkMapOption(options.map ?? {});
  return Math.min(threads, 64);
}
