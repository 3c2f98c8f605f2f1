import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { LIMITS } from '../../../limits.js';
import { MAX_CODE_DIGITS } from '../../../model/e164.js';
import { CsvRecordScanner, IRREGULAR, NEED_MORE } from './csv-record-scanner.js';
import { DECK_FIELDS, type DeckField } from '../../deck-fields.js';
import { FieldBytesCache, MISSING } from './field-bytes-cache.js';
import type { CsvRangeTask } from '../../deck-task.js';
import { decodeText, type TextEncoding } from '../../../text/text-encoding.js';
import { FIELD_INDEX, ROW_ERROR, RowNormaliser } from '../../cells/row-normaliser.js';
import type { EncodedSlice } from '../../slice-builder.js';

/** Thrown when the byte range holds what only papaparse should read; readCsvRange then gives it to papaparse. */
export class IrregularCsvError extends Error {}

/** Bytes read at a time (tests make it tiny so records fall on read edges); a longer record grows the buffer. */
const READ_BYTES = 1 << 20;
const DIGIT_ZERO = 0x30;

type CellField = Exclude<DeckField, 'prefix'>;

/** Whether the byte reader can read the task: each field is one column (a join such as NPA+NXX is not). */
export function readsAsBytes(task: CsvRangeTask): boolean {
  return Object.values(task.columns.columns).every((columns) => columns.length === 1);
}

/**
 * Reads a CSV task's byte range from its bytes, as readCsvRange's papaparse path would, several times
 * faster: a rate deck is a million rows of a few thousand distinct cells besides the
 * codes. Codes are read straight from their digits; every other cell goes through its
 * column's FieldBytesCache, so RowNormaliser.readCell sees each distinct cell once. Rows
 * with anything unusual (a code list, a row error, a short row) are decoded to strings
 * and given to RowNormaliser.accept like papaparse's rows. The scanner splits records
 * where papaparse does; the range is refused (IrregularCsvError) where they could
 * differ: repaired quoting, and bytes that are not UTF-8 in a UTF-8 file.
 */
export function readCsvBytes(task: CsvRangeTask, readBytes = READ_BYTES): { slice: EncodedSlice; lineCount: number } {
  const normaliser = new RowNormaliser(task.columns, task.cells, false, task.expectedEntries);
  const reader = new RecordReader(task, normaliser);
  const scanner = new CsvRecordScanner(task.delimiter.charCodeAt(0), task.lineBreak, task.quotedLineBreaks);
  const file = openSync(task.path, 'r');
  let buffer = Buffer.allocUnsafe(readBytes);
  let filled = 0;
  let position = task.byteStart;
  let line = 0;
  try {
    for (;;) {
      const bytesRead = readSync(file, buffer, filled, Math.min(buffer.length - filled, task.byteEnd - position), position);
      position += bytesRead;
      filled += bytesRead;
      const atEnd = position >= task.byteEnd || bytesRead === 0;
      let at = 0;
      while (at < filled) {
        const next = scanner.scan(buffer, at, filled, atEnd);
        if (next === NEED_MORE) break;
        if (next === IRREGULAR) throw new IrregularCsvError(`irregular quoting near byte ${position - filled + at}`);
        if (next - at > LIMITS.deck.recordBytes) throw new IrregularCsvError(`a record longer than ${LIMITS.deck.recordBytes} bytes`);
        reader.read(buffer, scanner, line);
        line += task.quotedLineBreaks ? 1 + scanner.innerLineBreaks : 1;
        at = next;
      }
      if (atEnd) break;
      // Keep the unfinished record at the front; a record as long as the buffer doubles it.
      buffer.copy(buffer, 0, at, filled);
      filled -= at;
      if (filled === buffer.length) {
        // A record past the limit is papaparse's to read: it reports it as a row error (or an unclosed quote).
        if (filled > LIMITS.deck.recordBytes) throw new IrregularCsvError(`a record longer than ${LIMITS.deck.recordBytes} bytes`);
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
    }
  } finally {
    closeSync(file);
  }
  return { slice: normaliser.finish(), lineCount: line };
}

/** Reads one scanned record into the normaliser: from its bytes when it can, else as strings. */
class RecordReader {
  private readonly fields: { field: CellField; index: number; column: number; cache: FieldBytesCache }[] = [];
  private readonly readings = new Int32Array(DECK_FIELDS.length);
  private readonly prefixColumn: number;
  /** Fields a record needs for the byte path: one more than the rightmost mapped column. */
  private readonly neededFields: number;
  private readonly prependValue: number;
  private readonly prependLength: number;
  private readonly encoding: TextEncoding;
  /** A field without a column that accept() always reports (no rate column): no row takes the byte path. */
  private readonly bytePath: boolean;

  constructor(
    task: CsvRangeTask,
    private readonly normaliser: RowNormaliser,
  ) {
    const columns = task.columns.columns;
    this.prefixColumn = columns.prefix?.[0] ?? -1;
    let rightmost = this.prefixColumn;
    for (const field of DECK_FIELDS) {
      if (field === 'prefix') continue;
      const index = FIELD_INDEX[field];
      const column = columns[field]?.[0];
      if (column === undefined) this.readings[index] = normaliser.readCell(field, null);
      else {
        this.fields.push({ field, index, column, cache: new FieldBytesCache() });
        rightmost = Math.max(rightmost, column);
      }
    }
    this.neededFields = rightmost + 1;
    this.bytePath = this.prefixColumn >= 0 && !this.readings.includes(ROW_ERROR);
    this.prependValue = task.cells.prepend === '' ? 0 : Number(task.cells.prepend);
    this.prependLength = task.cells.prepend.length;
    this.encoding = task.encoding;
  }

  read(bytes: Buffer, scanner: CsvRecordScanner, row: number): void {
    if (!this.bytePath || scanner.fieldCount < this.neededFields || !this.readFromBytes(bytes, scanner, row)) {
      const cells = new Array<string>(scanner.fieldCount);
      for (let i = 0; i < scanner.fieldCount; i++) cells[i] = this.text(bytes, scanner.starts[i]!, scanner.ends[i]!, scanner.quoted[i] === 1);
      this.normaliser.accept(cells, row);
    }
  }

  /** The byte path: false, having added nothing, when the row needs accept(). */
  private readFromBytes(bytes: Buffer, scanner: CsvRecordScanner, row: number): boolean {
    // A plain code: only digits, 1–MAX_CODE_DIGITS of them with --prepend's (as plainCode).
    const quoted = scanner.quoted[this.prefixColumn]!;
    const codeStart = scanner.starts[this.prefixColumn]! + quoted;
    const codeEnd = scanner.ends[this.prefixColumn]! - quoted;
    const codeLength = this.prependLength + codeEnd - codeStart;
    // A leading 0 may be an international prefix (0044): parseCodeCell decides.
    if (codeEnd <= codeStart || codeLength > MAX_CODE_DIGITS || bytes[codeStart] === DIGIT_ZERO) return false;
    // At most MAX_CODE_DIGITS: the value stays an exact integer.
    let codeValue = this.prependValue;
    for (let i = codeStart; i < codeEnd; i++) {
      const digit = bytes[i]! - DIGIT_ZERO;
      if (digit < 0 || digit > 9) return false;
      codeValue = codeValue * 10 + digit;
    }
    const readings = this.readings;
    for (const { field, index, column, cache } of this.fields) {
      const start = scanner.starts[column]!;
      const end = scanner.ends[column]!;
      let reading = cache.get(bytes, start, end);
      if (reading === MISSING) {
        reading = this.normaliser.readCell(field, this.text(bytes, start, end, scanner.quoted[column] === 1));
        cache.set(bytes, start, end, reading);
      }
      if (reading === ROW_ERROR) return false;
      readings[index] = reading;
    }
    return this.normaliser.acceptReadings(row, codeValue, codeLength, readings);
  }

  /** A field as papaparse gives it: decoded, and unquoted with `""` made `"`. */
  private text(bytes: Buffer, start: number, end: number, quoted: boolean): string {
    const from = quoted ? start + 1 : start;
    const to = quoted ? end - 1 : end;
    const field = bytes.subarray(from, to);
    // readDeck decided the encoding from every byte; a task given broken UTF-8 all the same goes to papaparse, whose stream decoder may replace it differently.
    if (this.encoding === 'utf-8' && !isUtf8(field)) throw new IrregularCsvError('bytes that are not UTF-8');
    const text = decodeText(field, this.encoding);
    return quoted ? text.replaceAll('""', '"') : text;
  }
}
