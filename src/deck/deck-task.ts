import type { ErrorCode } from '../errors.js';
import type { Increments } from '../model/rate-entry.js';
import type { ColumnMapping } from './column-mapping.js';
import type { HeaderOptions } from './sniff/header-detection.js';
import type { EncodedSlice } from './slice-builder.js';
import type { TextEncoding } from '../text/text-encoding.js';

/**
 * The messages between readDeck (main thread) and the deck workers. Tasks carry
 * addresses, not data: a worker opens the file itself and reads its byte range or
 * sheet. Results come back as typed arrays in the transfer list (see EncodedSlice).
 */

/** How cells become values, the same for every task of one import. */
export interface CellOptions {
  /** Digits put in front of every code (--prepend). */
  prepend: string;
  /** An international prefix dropped from the codes that start with it (--strip-prefix 00); none when absent. */
  stripPrefix?: string;
  /** `0,047` is a decimal (semicolon files, --decimal-comma). */
  decimalComma: boolean;
  /** Increments of rows that state none (--increments, else 60/60). */
  defaultIncrements: Increments;
}

export type LineBreak = '\n' | '\r\n' | '\r';

/** A line-aligned byte range of a CSV file, never cut inside a quoted field. */
export interface CsvRangeTask {
  kind: 'csv-range';
  path: string;
  byteStart: number;
  byteEnd: number;
  encoding: TextEncoding;
  delimiter: string;
  lineBreak: LineBreak;
  /** A quoted field in the range spans lines, so rows must count the breaks inside their fields. */
  quotedLineBreaks: boolean;
  /** About how many entries the range holds (from the head's bytes per row), to size the columns once. */
  expectedEntries: number;
  columns: ColumnMapping;
  cells: CellOptions;
}

/** One sheet of an XLSX workbook; the worker finds the header itself. */
export interface XlsxSheetTask {
  kind: 'xlsx-sheet';
  path: string;
  /** --sheet as typed: a sheet name or a 1-based number (a name wins), or null for the first sheet with a recognisable header. */
  sheet: string | null;
  header: HeaderOptions;
  cells: CellOptions;
}

export type DeckTask = CsvRangeTask | XlsxSheetTask;

export type DeckFormat = 'csv' | 'xlsx';

/** What each worker of a pool knows from its start: the format of the deck, to load its reader before the first task. */
export interface DeckWorkerData {
  format: DeckFormat;
}

/** Rows of a CSV range's slice are numbered from 0 at the range's first line; readDeck adds the line it starts on. */
export interface CsvRangeResponse {
  kind: 'csv-range';
  slice: EncodedSlice;
  /** Physical lines in the range, so the next range's slice knows its first line number. */
  lineCount: number;
  /** The range's line (from 0) where a quote opens that is never closed, swallowing the rest of the file; readDeck refuses the deck. */
  unclosedQuoteLine: number | null;
}

export interface XlsxSheetResponse {
  kind: 'xlsx-sheet';
  sheet: string;
  /** The sheet's columns as the worker found them under its header. */
  mapping: ColumnMapping;
  slice: EncodedSlice;
}

/** A RatedeckError raised in a worker, as data: errors lose their code crossing threads. */
export interface FailureResponse {
  kind: 'failure';
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export type DeckResponse = CsvRangeResponse | XlsxSheetResponse | FailureResponse;
