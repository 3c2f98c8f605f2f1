import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { RatedeckError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { CSV_HEAD_BYTES } from './csv-head.js';
import { detectFileEncoding, type FileEncoding } from '../../text/text-encoding.js';
import { cutShortError, endOfDirectoryOffset } from '../zip-directory.js';

/** A deck file on disk: its format from its bytes (not its name), size and first bytes. */
export interface DeckFile {
  path: string;
  name: string;
  format: 'csv' | 'xlsx';
  size: number;
  head: Buffer;
  /** The head is the whole file. */
  isWholeFile: boolean;
  /** A CSV's encoding, decided from all its bytes; null for an XLSX. */
  encoding: FileEncoding | null;
}

/** The end of a zip holds its end record (within 64 KiB of comment) and directory; an XLSX lists xl/workbook.xml there. */
const ZIP_TAIL_BYTES = 1 << 17;

/**
 * Opens a deck and tells CSV from XLSX by content: an XLSX is a zip (PK) holding
 * xl/workbook.xml. Missing or unreadable files are UNREADABLE_FILE; other zips,
 * legacy .xls, PDF, gzip, UTF-16 and binary files are UNSUPPORTED_FILE, each in one
 * sentence saying what to send instead.
 */
export async function inspectDeckFile(path: string): Promise<DeckFile> {
  const name = basename(path);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadable(path, error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new RatedeckError('UNREADABLE_FILE', `${path} is not a file.`, { file: path });
    const head = Buffer.alloc(Math.min(stat.size, CSV_HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    const file: DeckFile = { path, name, format: 'csv', size: stat.size, head, isWholeFile: head.length === stat.size, encoding: null };
    if (stat.size > LIMITS.deck.fileBytes) {
      throw new RatedeckError('UNSUPPORTED_FILE', `${path} is ${stat.size} bytes, more than the ${LIMITS.deck.fileBytes} bytes ratedeck reads as one deck (docs/limits.md); split it and import the parts with --partial.`, { file: path });
    }
    if (stat.size === 0) throw new RatedeckError('INVALID_DECK', `${path} is empty: it has no header and no rows.`, { file: path });
    const unsupported = (what: string) => new RatedeckError('UNSUPPORTED_FILE', `${path} is ${what}.`, { file: path });
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
      const tail = Buffer.alloc(Math.min(stat.size, ZIP_TAIL_BYTES));
      await handle.read(tail, 0, tail.length, stat.size - tail.length);
      if (endOfDirectoryOffset(tail) === null) throw cutShortError(path, path);
      if (!tail.includes('xl/workbook.xml') && !head.includes('xl/workbook.xml')) {
        throw unsupported('a zip archive but not an XLSX workbook (no xl/workbook.xml); save the deck as .xlsx or CSV');
      }
      return { ...file, format: 'xlsx' };
    }
    if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0])) throw unsupported('a legacy Excel 97-2003 workbook (.xls); save it as .xlsx or CSV');
    if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) throw unsupported('a PDF; ask the carrier for the deck as CSV or XLSX');
    if (startsWith(head, [0x1f, 0x8b])) throw unsupported('gzip-compressed; decompress it first');
    // UTF-16 (whose ASCII has zero bytes) is refused here, with the way to convert it, before the binary check.
    const encoding = detectFileEncoding(path, path);
    if (head.subarray(0, 8192).includes(0)) throw unsupported('a binary file, not CSV or XLSX text');
    // Named as a workbook but not a zip: reading it as text would only end in a baffling header error.
    if (/\.xls[xm]$/i.test(name)) throw unsupported('named as an Excel workbook but is not one (an .xlsx file is a zip archive); save the deck as .xlsx or CSV');
    return { ...file, encoding };
  } catch (error) {
    if (error instanceof RatedeckError) throw error;
    throw unreadable(path, error);
  } finally {
    await handle.close();
  }
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return bytes.every((byte, index) => buffer[index] === byte);
}

export function unreadable(path: string, error: unknown): RatedeckError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be read (permission denied)'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : `cannot be read (${error instanceof Error ? error.message : String(error)})`;
  return new RatedeckError('UNREADABLE_FILE', `${path} ${why}.`, { file: path, cause: code ?? null });
}
