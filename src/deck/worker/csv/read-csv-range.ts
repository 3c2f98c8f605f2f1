import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { IrregularCsvError, readCsvBytes, readsAsBytes } from './read-csv-bytes.js';
import type { CsvRangeTask } from '../../deck-task.js';
import { decodeText } from '../../../text/text-encoding.js';
import { countLineBreaks } from '../../line-breaks.js';
import { LIMITS } from '../../../limits.js';
import { RowNormaliser } from '../../cells/row-normaliser.js';
import type { EncodedSlice } from '../../slice-builder.js';

/**
 * Reads one byte range of a CSV file and normalises every row. Rows are numbered from 0
 * at the range's first line; when a quoted field in the range spans lines, each row also
 * counts the line breaks inside its fields. The byte reader takes the range unless its
 * quoting or bytes are irregular; papaparse, the reference, takes the rest.
 */
export async function readCsvRange(task: CsvRangeTask): Promise<CsvRangeReading> {
  if (task.byteEnd > task.byteStart && readsAsBytes(task)) {
    try {
      return { ...readCsvBytes(task), unclosedQuoteLine: null };
    } catch (error) {
      if (!(error instanceof IrregularCsvError)) throw error;
    }
  }
  return readCsvRangeWithPapaparse(task);
}

/** A range's slice, its physical lines, and the line (in the range) of a quote never closed, which swallowed the rest. */
export interface CsvRangeReading {
  slice: EncodedSlice;
  lineCount: number;
  unclosedQuoteLine: number | null;
}

/**
 * papaparse's streaming parser over the range, each row given to a RowNormaliser. A quote
 * never closed runs to the end of the range (the cutter never cuts inside quotes, so to the
 * end of the file): that last row is not normalised but reported as unclosedQuoteLine.
 */
export async function readCsvRangeWithPapaparse(task: CsvRangeTask): Promise<CsvRangeReading> {
  // Loaded only for the ranges that need it.
  const { default: Papa } = await import('papaparse');
  const normaliser = new RowNormaliser(task.columns, task.cells, false, task.expectedEntries);
  let line = 0;
  let unclosedQuoteLine: number | null = null;
  if (task.byteEnd > task.byteStart) {
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(openRange(task) as unknown as File, {
        delimiter: task.delimiter,
        newline: task.lineBreak,
        quoteChar: '"',
        // Rows come a stream chunk at a time: fewer callbacks than one per row.
        chunk: (result) => {
          const unclosedRow = result.errors.find((error) => error.code === 'MissingQuotes')?.row ?? -1;
          for (let index = 0; index < result.data.length; index++) {
            const cells = result.data[index]!;
            if (index === unclosedRow) unclosedQuoteLine = line;
            else if (cells.length > LIMITS.deck.columns || recordLength(cells) > LIMITS.deck.recordBytes) normaliser.refuseRecord(cells, line);
            else normaliser.accept(cells, line);
            line += task.quotedLineBreaks ? 1 + cells.reduce((count, cell) => count + countLineBreaks(cell, task.lineBreak), 0) : 1;
          }
        },
        complete: () => resolve(),
        error: (error: Error) => reject(error),
      });
    });
  }
  return { slice: normaliser.finish(), lineCount: line, unclosedQuoteLine };
}

/** A record's characters, delimiters left out: what the record limit is checked against. */
function recordLength(cells: readonly string[]): number {
  let length = 0;
  for (const cell of cells) length += cell.length;
  return length;
}

function openRange(task: CsvRangeTask): Readable {
  const range = { start: task.byteStart, end: task.byteEnd - 1 };
  // Node's utf8 stream decoding keeps a character split across chunks whole.
  if (task.encoding === 'utf-8') return createReadStream(task.path, { ...range, encoding: 'utf8' });
  // A Windows-1252 character is one byte: chunks never cut one.
  const encoding = task.encoding;
  return createReadStream(task.path, range).pipe(
    new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _encoding, done) {
        done(null, decodeText(chunk, encoding));
      },
    }),
  );
}
