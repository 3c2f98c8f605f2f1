/**
 * The central directory of a zip archive (an XLSX is one), read from its bytes. The
 * sniffer uses it to tell a workbook cut short from one that is not a workbook; the
 * worker to reorder and check the entries before exceljs reads them.
 */
import { RatedeckError } from '../errors.js';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** The fixed part of the end record; a comment of up to 64 KiB may follow it. */
export const END_OF_DIRECTORY_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;

/** One entry as the central directory describes it. */
export interface ZipEntry {
  name: string;
  /** Where its local header starts. */
  offset: number;
  /** 0 stored, 8 deflated; anything else is a compression exceljs cannot read. */
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Its central directory record, verbatim. */
  directoryRecord: Buffer;
}

export type ZipDirectory =
  | { kind: 'entries'; entries: ZipEntry[]; endOffset: number; directoryOffset: number }
  /** No end record: the archive was cut short (a partial download, a copy interrupted). */
  | { kind: 'truncated' }
  /** An end record whose directory does not hold together: damaged bytes. */
  | { kind: 'damaged'; why: string }
  /** ZIP64 (over 65,535 entries or 4 GiB): read by exceljs as it is, unchecked. */
  | { kind: 'zip64' };

/** The end-of-central-directory record in `tail` (the last bytes of the file): the last signature within its comment's reach. */
export function endOfDirectoryOffset(tail: Buffer): number | null {
  for (let at = tail.length - END_OF_DIRECTORY_BYTES; at >= Math.max(0, tail.length - END_OF_DIRECTORY_BYTES - MAX_COMMENT_BYTES); at--) {
    if (tail.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  return null;
}

/** The entries in central directory order, or why there are none to read. */
export function readZipDirectory(bytes: Buffer): ZipDirectory {
  const end = endOfDirectoryOffset(bytes);
  if (end === null) return { kind: 'truncated' };
  const count = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) return { kind: 'zip64' };
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) return { kind: 'damaged', why: `its directory's entry ${i + 1} of ${count} is not where the directory says` };
    const nameLength = bytes.readUInt16LE(at + 28);
    const length = 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      offset: bytes.readUInt32LE(at + 42),
      method: bytes.readUInt16LE(at + 10),
      crc32: bytes.readUInt32LE(at + 16),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      directoryRecord: bytes.subarray(at, at + length),
    };
    if (entry.offset === 0xffffffff || entry.compressedSize === 0xffffffff || entry.uncompressedSize === 0xffffffff) return { kind: 'zip64' };
    if (at + length > end) return { kind: 'damaged', why: `its directory runs past its end record` };
    entries.push(entry);
    at += length;
  }
  return { kind: 'entries', entries, endOffset: end, directoryOffset };
}

/** A zip without its end record: what the sniffer says when the file's tail shows it, and the worker if the file changed since. */
export function cutShortError(file: string, path: string): RatedeckError {
  return new RatedeckError(
    'UNREADABLE_FILE',
    `${file} is cut short: it is a zip archive (as an .xlsx is) without the directory a complete one ends with, so it was not fully downloaded or saved. Get the file again.`,
    { file: path },
  );
}
