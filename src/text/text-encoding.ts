import { closeSync, openSync, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { RatedeckError } from '../errors.js';
import { decodeWindows1252 } from './windows-1252.js';

/** The encodings text files are read in: UTF-8, or Windows-1252 (Excel's "CSV" on Western Windows). */
export type TextEncoding = 'utf-8' | 'windows-1252';

export interface FileEncoding {
  encoding: TextEncoding;
  /** Bytes of the UTF-8 byte-order mark at the start, 0 or 3. */
  bomLength: number;
}

const CHUNK_BYTES = 8 << 20;

/**
 * Decides the encoding of a whole text file before any of it is read as text: one byte
 * that is not UTF-8 anywhere in the file makes all of it Windows-1252 (a file is saved in
 * one encoding; deciding from the head alone turned a late `é` into U+FFFD). UTF-16 (by
 * its byte-order mark, or by the zero bytes of ASCII text without one) is refused with the
 * way to convert it. Reads the file in chunks: bounded memory for any size.
 */
export function detectFileEncoding(path: string, file: string = path): FileEncoding {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let carried = 0;
    let position = 0;
    let bomLength = 0;
    let utf8 = true;
    for (;;) {
      const read = readSync(fd, buffer, carried, CHUNK_BYTES - carried, position);
      position += read;
      const length = carried + read;
      if (position === read) {
        refuseUtf16(buffer.subarray(0, length), file);
        if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) bomLength = 3;
      }
      if (read === 0) {
        if (carried > 0 && !isUtf8(buffer.subarray(0, carried))) utf8 = false;
        break;
      }
      // A character may straddle the chunk's end: check up to the last character start and carry the rest.
      const end = read === 0 ? length : completeCharactersEnd(buffer, length);
      if (!isUtf8(buffer.subarray(0, end))) {
        utf8 = false;
        break;
      }
      buffer.copy(buffer, 0, end, length);
      carried = length - end;
    }
    return { encoding: utf8 ? 'utf-8' : 'windows-1252', bomLength };
  } finally {
    closeSync(fd);
  }
}

/** Decodes bytes cut at character boundaries (any line boundary is one) in `encoding`. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  return encoding === 'utf-8' ? utf8Decoder.decode(bytes) : decodeWindows1252(bytes);
}

const utf8Decoder = new TextDecoder('utf-8');

/**
 * Decodes a file read in chunks cut anywhere: a UTF-8 character split between two chunks
 * is held until the next (Windows-1252 has one byte per character, so never splits).
 * A UTF-8 byte-order mark at the start is dropped.
 */
export class ChunkDecoder {
  private readonly utf8: TextDecoder | null;

  constructor(encoding: TextEncoding) {
    this.utf8 = encoding === 'utf-8' ? new TextDecoder('utf-8') : null;
  }

  decode(chunk: Uint8Array): string {
    return this.utf8 ? this.utf8.decode(chunk, { stream: true }) : decodeWindows1252(chunk);
  }

  /** What a last, incomplete UTF-8 character left (as U+FFFD), at the end of the file. */
  end(): string {
    return this.utf8 ? this.utf8.decode() : '';
  }
}

/** The end of the last whole UTF-8 character among the first `length` bytes (at most 3 bytes are held back). */
function completeCharactersEnd(buffer: Buffer, length: number): number {
  for (let back = 1; back <= 4 && back <= length; back++) {
    const byte = buffer[length - back]!;
    if (byte < 0x80) return length - back + 1;
    if (byte >= 0xc0) return length - back;
  }
  return length;
}

function refuseUtf16(head: Buffer, file: string): void {
  const bom = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  let zeros = 0;
  const sample = Math.min(head.length, 4096);
  for (let i = 0; i < sample; i++) if (head[i] === 0) zeros++;
  // ASCII text in UTF-16 has a zero byte beside every character; real text files have none.
  if (bom || (sample >= 16 && zeros * 4 >= sample)) {
    throw new RatedeckError('UNSUPPORTED_FILE', `${file} is UTF-16 text; save it as "CSV UTF-8" (or plain CSV) and import that.`, {
      file,
      encoding: 'utf-16',
    });
  }
}
