import Papa from 'papaparse';
import { RatedeckError } from '../../errors.js';
import type { HeadRow } from './header-detection.js';
import { countLineBreaks } from '../line-breaks.js';
import type { LineBreak } from '../deck-task.js';
import { decodeText, type FileEncoding, type TextEncoding } from '../../text/text-encoding.js';

/** Enough to hold the HEAD_ROWS (64) first rows of any real deck, even one listing thousands of codes in a cell. */
export const CSV_HEAD_BYTES = 1 << 20;
/** Rows read from the head: the header search plus a few for the delimiter vote. */
const HEAD_ROWS = 64;
const DELIMITERS = [',', ';', '\t'] as const;
const PIPE = '|';

/** What the start of a CSV file says about the whole of it. */
export interface CsvHead {
  encoding: TextEncoding;
  /** Bytes of the UTF-8 byte-order mark, 0 or 3. */
  bomLength: number;
  delimiter: string;
  lineBreak: LineBreak;
  /** The first rows, numbered by physical line, each with the byte offset just after it. */
  rows: (HeadRow & { endByte: number; nextLine: number })[];
}

/**
 * Reads the head of a CSV file in the encoding decided for the whole file
 * (detectFileEncoding): line break, delimiter (`,` `;` or tab, whichever splits the rows
 * into the most consistent and widest columns, else `|`) and the first rows with their line numbers
 * and byte offsets, quoted multi-line fields included. Byte offsets: a Windows-1252
 * character is one byte; UTF-8 text is valid to the head's end but for a character cut
 * there, which goes with the dropped last line.
 */
export function readCsvHead(head: Buffer, isWholeFile: boolean, fileEncoding: FileEncoding, file: string): CsvHead {
  const { encoding, bomLength } = fileEncoding;
  const bytes = head.subarray(bomLength);
  let text = decodeText(bytes, encoding);
  const lineBreak = detectLineBreak(text);
  if (!isWholeFile) {
    // Drop the last, probably cut, line (and a character cut in half with it).
    const lastBreak = text.lastIndexOf(lineBreak);
    if (lastBreak > 0) text = text.slice(0, lastBreak + lineBreak.length);
  }
  const delimiter = detectDelimiter(linesOf(text, lineBreak, HEAD_ROWS * 4), lineBreak);
  const rows: CsvHead['rows'] = [];
  let line = 1;
  let previousCursor = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    newline: lineBreak,
    quoteChar: '"',
    step: (result, handle) => {
      const cursor = result.meta.cursor;
      // Text ending in a line break parses to one more, empty row that is no line of the file.
      if (cursor === previousCursor) return;
      if (result.errors.some((error) => error.code === 'MissingQuotes')) {
        // In a head cut short, the quote may close past the cut: that last row is not read from the head.
        if (isWholeFile) throw unclosedQuote(file, line);
        handle.abort();
        return;
      }
      const raw = text.slice(previousCursor, cursor);
      const nextLine = line + countLineBreaks(raw, lineBreak);
      const endByte = bomLength + (encoding === 'utf-8' ? Buffer.byteLength(text.slice(0, cursor)) : cursor);
      rows.push({ row: line, cells: result.data, endByte, nextLine });
      line = nextLine;
      previousCursor = cursor;
      if (rows.length >= HEAD_ROWS) handle.abort();
    },
  });
  return { encoding, bomLength, delimiter, lineBreak, rows };
}

function detectLineBreak(text: string): LineBreak {
  const newline = text.indexOf('\n');
  if (newline > 0 && text[newline - 1] === '\r') return '\r\n';
  if (newline >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}

/**
 * The delimiter that gives the most rows with the same number of columns (two or more);
 * on a tie, the one giving more columns: a semicolon deck with decimal commas splits
 * evenly on commas too, but into fewer columns. `|` when nothing else splits.
 */
function detectDelimiter(text: string, lineBreak: LineBreak): string {
  let best: { delimiter: string; rows: number; columns: number } = { delimiter: ',', rows: 0, columns: 0 };
  for (const delimiter of DELIMITERS) {
    const parsed = Papa.parse<string[]>(text, { delimiter, newline: lineBreak, quoteChar: '"', preview: HEAD_ROWS });
    const counts = new Map<number, number>();
    for (const row of parsed.data) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    for (const [columns, rows] of counts) {
      if (rows > best.rows || (rows === best.rows && columns > best.columns)) best = { delimiter, rows, columns };
    }
  }
  if (best.rows === 0 && splitsIntoColumns(text, lineBreak, PIPE)) return PIPE;
  return best.delimiter;
}

/**
 * Pipe-separated text (billing systems' exports) is read as such only when none of the
 * usual delimiters splits the head into columns: a comma deck with `|` in its names stays a
 * comma deck.
 */
function splitsIntoColumns(text: string, lineBreak: LineBreak, delimiter: string): boolean {
  const parsed = Papa.parse<string[]>(text, { delimiter, newline: lineBreak, quoteChar: '"', preview: HEAD_ROWS });
  return parsed.data.some((row) => row.length > 1);
}

/**
 * The text up to its `lines`-th line break: room for the vote's rows even where quoted
 * fields span lines. Parsed with a wrong delimiter, quotes can pair up across the whole
 * head and make a few rows of a megabyte each; this keeps that parse short.
 */
function linesOf(text: string, lineBreak: LineBreak, lines: number): string {
  let at = -lineBreak.length;
  for (let line = 0; line < lines; line++) {
    at = text.indexOf(lineBreak, at + lineBreak.length);
    if (at === -1) return text;
  }
  return text.slice(0, at + lineBreak.length);
}

/** A quote that opens a field and is never closed: papaparse would read the rest of the file as that one field. */
export function unclosedQuote(file: string, line: number): RatedeckError {
  return new RatedeckError(
    'INVALID_DECK',
    `${file}: the quote opened on line ${line} is never closed, so every line after it would be read as one field; close it, or write a quote inside a quoted field as "".`,
    { file, line },
  );
}
