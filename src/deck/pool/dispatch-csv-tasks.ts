import { open } from 'node:fs/promises';
import { readCsvHead, unclosedQuote } from '../sniff/csv-head.js';
import { cutCsvByteRanges } from './csv-byte-ranges.js';
import type { DeckFile } from '../sniff/deck-file.js';
import { unreadable } from '../sniff/deck-file.js';
import type { DeckPool } from './deck-pool.js';
import { detectHeader, HEADER_SEARCH_ROWS, type HeaderOptions } from '../sniff/header-detection.js';
import type { CellOptions, CsvRangeResponse } from '../deck-task.js';
import type { ColumnMapping } from '../column-mapping.js';
import type { EncodedSlice } from '../slice-builder.js';

export interface CsvTaskResults {
  mapping: ColumnMapping;
  /** In file order, each with the line its rows are counted from. */
  slices: { slice: EncodedSlice; rowBase: number }[];
  /** About how many entries the deck holds, from the head's bytes per row. */
  expectedEntries: number;
}

/** Below this a CSV is one task: splitting it would cost more in thread traffic than it saves. */
export const MIN_BYTES_TO_SPLIT = 1 << 20;

/**
 * The main thread's part of reading a CSV deck: the head gives encoding, delimiter and
 * header; the rest is cut into line-aligned byte ranges, each sent to the pool as a task
 * as soon as it is cut. Each task's slice comes back numbered from its own first line;
 * this gives it the line where the slices before it end.
 */
export async function dispatchCsvTasks(
  file: DeckFile,
  header: HeaderOptions,
  cells: CellOptions,
  rangeCount: number,
  pool: DeckPool,
): Promise<CsvTaskResults> {
  // inspectDeckFile decided it from every byte: a Windows-1252 byte past the head makes all of it Windows-1252.
  const head = readCsvHead(file.head, file.isWholeFile, file.encoding ?? { encoding: 'utf-8', bomLength: 0 }, file.name);
  const detection = detectHeader(head.rows.slice(0, header.headerRow ?? HEADER_SEARCH_ROWS), header, file.name);
  const headerRow = detection.headerIndex >= 0 ? head.rows[detection.headerIndex]! : null;
  const dataStart = headerRow ? headerRow.endByte : head.bomLength;
  // A semicolon deck is a European export: its decimals carry commas.
  const taskCells: CellOptions = { ...cells, decimalComma: cells.decimalComma || head.delimiter === ';' };
  const bytesPerRow = averageRowBytes(head.rows, detection.headerIndex, dataStart);
  const pending: Promise<CsvRangeResponse>[] = [];
  let handle;
  try {
    handle = await open(file.path, 'r');
  } catch (error) {
    throw unreadable(file.path, error);
  }
  try {
    const ranges = cutCsvByteRanges(handle, {
      dataStart,
      fileSize: file.size,
      delimiter: head.delimiter.charCodeAt(0),
      lineBreak: head.lineBreak.charCodeAt(head.lineBreak.length - 1),
      rangeCount: file.size - dataStart < MIN_BYTES_TO_SPLIT ? 1 : rangeCount,
      // Workers start on the last range at once instead of after a scan of the rest of the file.
      scanLastRange: false,
    });
    for await (const range of ranges) {
      const response = pool.run({
        kind: 'csv-range',
        path: file.path,
        byteStart: range.byteStart,
        byteEnd: range.byteEnd,
        encoding: head.encoding,
        delimiter: head.delimiter,
        lineBreak: head.lineBreak,
        quotedLineBreaks: range.quotedLineBreaks,
        // A little over the estimate: the columns then fit without growing in most decks.
        expectedEntries: ((range.byteEnd - range.byteStart) / bytesPerRow) * 1.15 + 64,
        columns: detection.mapping,
        cells: taskCells,
      }) as Promise<CsvRangeResponse>;
      // Awaited below; this keeps an early rejection from being reported as unhandled.
      response.catch(() => undefined);
      pending.push(response);
    }
  } catch (error) {
    throw unreadable(file.path, error);
  } finally {
    await handle.close();
  }
  // The slices are joined after the pool is gone, so worker memory is free by then.
  const slices: CsvTaskResults['slices'] = [];
  let rowBase = headerRow ? headerRow.nextLine : 1;
  for (let index = 0; index < pending.length; index++) {
    const response = await pending[index]!;
    if (response.unclosedQuoteLine !== null) throw unclosedQuote(file.name, rowBase + response.unclosedQuoteLine);
    slices.push({ slice: response.slice, rowBase });
    rowBase += response.lineCount;
  }
  return { mapping: detection.mapping, slices, expectedEntries: ((file.size - dataStart) / bytesPerRow) * 1.1 + 64 };
}

/** Bytes per data row among the head's rows after the header (64 when there are none). */
function averageRowBytes(rows: readonly { endByte: number }[], headerIndex: number, dataStart: number): number {
  const dataRows = rows.length - (headerIndex + 1);
  if (dataRows <= 0) return 64;
  return Math.max(8, (rows[rows.length - 1]!.endByte - dataStart) / dataRows);
}
