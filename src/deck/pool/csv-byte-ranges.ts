import type { FileHandle } from 'node:fs/promises';

const QUOTE = 0x22;
const CARRIAGE_RETURN = 0x0d;
const SCAN_CHUNK_BYTES = 1 << 22;

/** A byte range of a CSV file that starts and ends at a record boundary. */
export interface ByteRange {
  byteStart: number;
  byteEnd: number;
  /** A quoted field inside spans lines: its rows must count their own line breaks. */
  quotedLineBreaks: boolean;
}

export interface ByteRangeOptions {
  dataStart: number;
  fileSize: number;
  /** The delimiter and line-break bytes (the last byte of CRLF). */
  delimiter: number;
  lineBreak: number;
  rangeCount: number;
  /** Bytes read at a time; tests make it tiny so quotes and breaks fall on chunk edges. */
  chunkBytes?: number;
  /**
   * false: the last range is yielded as soon as the cut before it is made, unscanned, so
   * its worker starts at once instead of after a scan of the rest of the file. Its
   * quotedLineBreaks is then true (not known), which only makes its reader count the
   * line breaks inside quoted fields. Default true.
   */
  scanLastRange?: boolean;
}

/**
 * Cuts [dataStart, fileSize) into about rangeCount ranges of similar size, each ending
 * just after a line break that is not inside a quoted field. Yields each range as soon as
 * its end is known, so workers start while the rest is scanned.
 *
 * The scan jumps from quote to quote with Buffer.indexOf (native memchr) instead of
 * visiting every byte: most decks have few quotes, and a quote only matters where it opens
 * a field (right after a delimiter or line break), as in papaparse; `""` inside a quoted
 * field is an escaped quote.
 */
export async function* cutCsvByteRanges(handle: FileHandle, options: ByteRangeOptions): AsyncGenerator<ByteRange> {
  const { dataStart, fileSize, delimiter, lineBreak } = options;
  const targetSize = Math.max(1, Math.ceil((fileSize - dataStart) / Math.max(1, options.rangeCount)));
  const chunkBytes = options.chunkBytes ?? SCAN_CHUNK_BYTES;
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let chunkStart = dataStart;
  let view = buffer.subarray(0, 0);
  let previousByte = lineBreak;
  let at = 0;
  let inQuotes = false;
  let quoteAtChunkEnd = false;
  let rangeStart = dataStart;
  let quotedLineBreaks = false;
  let target = rangeStart + targetSize;
  if (options.scanLastRange === false && target >= fileSize) {
    if (rangeStart < fileSize) yield { byteStart: rangeStart, byteEnd: fileSize, quotedLineBreaks: true };
    return;
  }
  for (;;) {
    if (at >= view.length) {
      if (view.length > 0) previousByte = view[view.length - 1]!;
      chunkStart += view.length;
      if (chunkStart >= fileSize) break;
      const { bytesRead } = await handle.read(buffer, 0, Math.min(chunkBytes, fileSize - chunkStart), chunkStart);
      if (bytesRead === 0) break;
      view = buffer.subarray(0, bytesRead);
      at = 0;
    }
    if (quoteAtChunkEnd) {
      quoteAtChunkEnd = false;
      if (view[at] === QUOTE) at++;
      else inQuotes = false;
      continue;
    }
    if (inQuotes) {
      const quote = view.indexOf(QUOTE, at);
      const end = quote === -1 ? view.length : quote;
      if (!quotedLineBreaks) {
        const breakAt = view.indexOf(lineBreak, at);
        if (breakAt !== -1 && breakAt < end) quotedLineBreaks = true;
      }
      if (quote === -1) at = view.length;
      else if (quote + 1 === view.length) {
        quoteAtChunkEnd = true;
        at = quote + 1;
      } else if (view[quote + 1] === QUOTE) at = quote + 2;
      else {
        inQuotes = false;
        at = quote + 1;
      }
      continue;
    }
    const quote = view.indexOf(QUOTE, at);
    if (chunkStart + at >= target) {
      const breakAt = view.indexOf(lineBreak, at);
      if (breakAt !== -1 && (quote === -1 || breakAt < quote)) {
        const cut = chunkStart + breakAt + 1;
        if (cut < fileSize) {
          yield { byteStart: rangeStart, byteEnd: cut, quotedLineBreaks };
          rangeStart = cut;
          quotedLineBreaks = false;
          target = rangeStart + targetSize;
          if (options.scanLastRange === false && target >= fileSize) {
            yield { byteStart: rangeStart, byteEnd: fileSize, quotedLineBreaks: true };
            return;
          }
        }
        at = breakAt + 1;
        continue;
      }
    }
    if (quote === -1) {
      // Nothing but the next cut matters in this chunk.
      const targetAt = target - chunkStart;
      at = targetAt > at && targetAt < view.length ? targetAt : view.length;
      continue;
    }
    if (chunkStart + at < target && chunkStart + quote >= target) {
      at = target - chunkStart;
      continue;
    }
    const before = quote > 0 ? view[quote - 1]! : previousByte;
    if (before === delimiter || before === lineBreak || before === CARRIAGE_RETURN) inQuotes = true;
    at = quote + 1;
  }
  if (rangeStart < fileSize) yield { byteStart: rangeStart, byteEnd: fileSize, quotedLineBreaks };
}
