import { RatedeckError } from '../../errors.js';

/** One CSV record: its fields and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * A CDR record is short (Asterisk builds each in a 1,024-byte buffer); a
 * "field" past this size is a quote that never closed swallowing the file,
 * reported at once so memory never grows with the file.
 */
export const MAX_RECORD_CHARS = 1 << 20;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * Splits CSV text, fed in chunks of any size, into records: comma-separated,
 * fields optionally in double quotes with "" for a quote, records ended by
 * LF, CRLF or CR (a newline inside quotes belongs to the field). Blank lines
 * are skipped. A quote inside an unquoted field is kept as text (a
 * spreadsheet's `5" screen`). Pure: no I/O, so it runs the same on a whole
 * file, on a stream or on a worker's slice cut at a line boundary.
 */
export class CsvRecordSplitter {
  readonly #source: string;
  #state = State.FieldStart;
  #field = '';
  #fields: string[] = [];
  #recordChars = 0;
  #line: number;
  #recordLine: number;
  #quoteLine = 0;
  #skipLineFeed = false;
  #carriageReturnInQuotes = false;

  /** `firstLine`: the line number of the text's first line (a worker's slice starts mid-file). */
  constructor(source: string, firstLine = 1) {
    this.#source = source;
    this.#line = firstLine;
    this.#recordLine = firstLine;
  }

  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let start = 0;
    if (this.#skipLineFeed && chunk.length > 0) {
      this.#skipLineFeed = false;
      if (chunk.charCodeAt(0) === 10) start = 1;
    }
    let index = start;
    while (index < chunk.length) {
      const code = chunk.charCodeAt(index);
      switch (this.#state) {
        case State.FieldStart:
          if (code === 34) {
            this.#state = State.Quoted;
            this.#quoteLine = this.#line;
            index++;
            break;
          }
          this.#state = State.Unquoted;
          index = this.#unquoted(chunk, index, records);
          break;
        case State.Unquoted:
          index = this.#unquoted(chunk, index, records);
          break;
        case State.Quoted: {
          // Copy up to the next quote in one slice, counting the newlines it holds.
          const quote = chunk.indexOf('"', index);
          const stop = quote < 0 ? chunk.length : quote;
          if (stop > index) {
            this.#countQuotedLines(chunk, index, stop);
            this.#field += chunk.slice(index, stop);
            this.#recordChars += stop - index;
          }
          if (quote >= 0) this.#state = State.QuoteInQuoted;
          index = stop + (quote >= 0 ? 1 : 0);
          break;
        }
        case State.QuoteInQuoted:
          if (code === 34) {
            this.#field += '"';
            this.#state = State.Quoted;
            index++;
          } else if (code === 44) {
            this.#endField();
            index++;
          } else if (code === 10 || code === 13) index = this.#endRecord(chunk, index, records) + 1;
          else {
            // `"abc"x`: text after the closing quote is kept, as spreadsheets do
            this.#state = State.Unquoted;
          }
          break;
      }
      if (this.#recordChars > MAX_RECORD_CHARS) throw this.#recordTooLong();
    }
    return records;
  }

  /** The last record, if the text does not end with a newline; an error if a quote is still open. */
  end(): CsvRecord[] {
    if (this.#state === State.Quoted) throw this.#unterminatedQuote();
    if (this.#state === State.FieldStart && this.#fields.length === 0) return [];
    const records: CsvRecord[] = [];
    this.#endField();
    this.#emit(records);
    return records;
  }

  /** Reads an unquoted field's text up to a comma or newline in one slice; returns the index after what it consumed. */
  #unquoted(chunk: string, index: number, records: CsvRecord[]): number {
    let stop = index;
    while (stop < chunk.length) {
      const code = chunk.charCodeAt(stop);
      if (code === 44 || code === 10 || code === 13) break;
      stop++;
    }
    if (stop > index) {
      this.#field += chunk.slice(index, stop);
      this.#recordChars += stop - index;
    }
    if (stop === chunk.length) return stop;
    if (chunk.charCodeAt(stop) === 44) {
      this.#endField();
      return stop + 1;
    }
    return this.#endRecord(chunk, stop, records) + 1;
  }

  #countQuotedLines(chunk: string, from: number, to: number): void {
    for (let at = from; at < to; at++) {
      const code = chunk.charCodeAt(at);
      if (code === 13 || (code === 10 && !this.#carriageReturnInQuotes)) this.#line++;
      this.#carriageReturnInQuotes = code === 13;
    }
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = '';
    this.#state = State.FieldStart;
  }

  #endRecord(chunk: string, index: number, records: CsvRecord[]): number {
    this.#endField();
    this.#emit(records);
    this.#line++;
    this.#recordLine = this.#line;
    if (chunk.charCodeAt(index) === 13) {
      if (index + 1 < chunk.length) {
        if (chunk.charCodeAt(index + 1) === 10) return index + 1;
      } else this.#skipLineFeed = true;
    }
    return index;
  }

  #emit(records: CsvRecord[]): void {
    const fields = this.#fields;
    this.#fields = [];
    this.#recordChars = 0;
    if (fields.length === 1 && fields[0].trim() === '') return; // a blank line
    records.push({ line: this.#recordLine, fields });
  }

  #unterminatedQuote(): RatedeckError {
    return new RatedeckError(
      'UNREADABLE_FILE',
      `${this.#source}: line ${this.#quoteLine}: a quote opens a field that never closes, so the rest of the file would be one field; close the quote or remove it.`,
      { source: this.#source, line: this.#quoteLine },
    );
  }

  #recordTooLong(): RatedeckError {
    if (this.#state === State.Quoted || this.#state === State.QuoteInQuoted) return this.#unterminatedQuote();
    return new RatedeckError('UNREADABLE_FILE', `${this.#source}: line ${this.#recordLine}: a record longer than ${MAX_RECORD_CHARS} characters; not a call-record file.`, {
      source: this.#source,
      line: this.#recordLine,
    });
  }
}
