import type { LineBreak } from '../../deck-task.js';
import { countLineBreaks } from '../../line-breaks.js';

const QUOTE = 0x22;
const LINE_FEED = 0x0a;

/** scan(): the record runs past the bytes read so far; read more and scan it again. */
export const NEED_MORE = -1;
/** scan(): quoting that papaparse reads by its own repair rules (see CsvRecordScanner). */
export const IRREGULAR = -2;

/**
 * Finds the fields of one CSV record in raw bytes, exactly where papaparse (delimiter,
 * line break and `"` given) puts them, without making a string: the byte reader then
 * reads most cells straight from the bytes. A field that starts with `"` runs to the
 * `"` that is not doubled, which must be followed by the delimiter, the line break or
 * the end of the data; a `"` anywhere else is text, and only the exact line break ends
 * a record (a lone `\n` in a CRLF file is text), as in papaparse. Quoting papaparse
 * repairs (spaces after a closing quote, a stray quote after it, a quote never closed)
 * is IRREGULAR: the caller then leaves the whole byte range to papaparse itself.
 *
 * Delimiters, quotes and line breaks are ASCII, and neither UTF-8 nor Windows-1252
 * uses those bytes inside a character, so bytes split where the decoded text would.
 */
export class CsvRecordScanner {
  /** Fields of the last record scanned. */
  fieldCount = 0;
  /** Field i is bytes [starts[i], ends[i]), its quotes included when quoted[i] is 1. */
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  quoted = new Uint8Array(64);
  /** Line breaks inside the record's quoted fields: the record spans that many more lines. */
  innerLineBreaks = 0;
  private readonly lineBreakFirst: number;
  private readonly lineBreakLength: number;

  /** `countLineBreaks`: the range has quoted fields spanning lines, so count innerLineBreaks. */
  constructor(
    private readonly delimiter: number,
    private readonly lineBreak: LineBreak,
    private readonly countLineBreaks: boolean,
  ) {
    this.lineBreakFirst = lineBreak.charCodeAt(0);
    this.lineBreakLength = lineBreak.length;
  }

  /**
   * Scans the record starting at `at` in bytes [0, length). Returns the offset just after
   * it (after its line break, or `length` for a last record without one), NEED_MORE when
   * the record may go on past `length` (never when `atEnd`), or IRREGULAR.
   */
  scan(bytes: Buffer, at: number, length: number, atEnd: boolean): number {
    const delimiter = this.delimiter;
    const lineBreakFirst = this.lineBreakFirst;
    const crlf = this.lineBreakLength === 2;
    this.fieldCount = 0;
    this.innerLineBreaks = 0;
    let start = at;
    for (;;) {
      if (start < length && bytes[start] === QUOTE) {
        let search = start + 1;
        for (;;) {
          const quote = bytes.indexOf(QUOTE, search);
          if (quote === -1 || quote >= length) return atEnd ? IRREGULAR : NEED_MORE;
          if (quote + 1 === length) {
            // The closing quote, unless more data turns it into the first of a doubled pair.
            if (!atEnd) return NEED_MORE;
            this.push(start, length, 1, bytes);
            return length;
          }
          const next = bytes[quote + 1]!;
          if (next === QUOTE) {
            search = quote + 2;
            continue;
          }
          if (next === delimiter) {
            this.push(start, quote + 1, 1, bytes);
            start = quote + 2;
            break;
          }
          if (next === lineBreakFirst) {
            if (!crlf) {
              this.push(start, quote + 1, 1, bytes);
              return quote + 2;
            }
            if (quote + 2 === length) return atEnd ? IRREGULAR : NEED_MORE;
            if (bytes[quote + 2] === LINE_FEED) {
              this.push(start, quote + 1, 1, bytes);
              return quote + 3;
            }
          }
          return IRREGULAR;
        }
        continue;
      }
      let end = start;
      for (; end < length; end++) {
        const byte = bytes[end]!;
        if (byte === delimiter) break;
        if (byte === lineBreakFirst) {
          if (!crlf) break;
          if (end + 1 === length) {
            if (!atEnd) return NEED_MORE;
          } else if (bytes[end + 1] === LINE_FEED) break;
        }
      }
      if (end === length) {
        if (!atEnd) return NEED_MORE;
        this.push(start, length, 0, bytes);
        return length;
      }
      this.push(start, end, 0, bytes);
      if (bytes[end] === delimiter) {
        start = end + 1;
        continue;
      }
      return end + this.lineBreakLength;
    }
  }

  private push(start: number, end: number, quoted: number, bytes: Buffer): void {
    if (this.fieldCount === this.starts.length) this.grow();
    const index = this.fieldCount++;
    this.starts[index] = start;
    this.ends[index] = end;
    this.quoted[index] = quoted;
    if (quoted === 1 && this.countLineBreaks) this.innerLineBreaks += countLineBreaks(bytes, this.lineBreak, start + 1, end - 1);
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    const quoted = new Uint8Array(this.quoted.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    quoted.set(this.quoted);
    this.starts = starts;
    this.ends = ends;
    this.quoted = quoted;
  }
}
