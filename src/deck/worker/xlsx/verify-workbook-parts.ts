import { createInflateRaw, crc32 } from 'node:zlib';
import { RatedeckError } from '../../../errors.js';
import { LIMITS } from '../../../limits.js';
import type { ZipEntry } from '../../zip-directory.js';

const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * Checks that every XML part of a workbook decompresses whole, to the size and CRC its
 * directory records, before exceljs reads it. exceljs 4.4's streaming reader never
 * settles on a part that fails to inflate (its unzip stream errors into a pipe nobody
 * listens to): a workbook with a few damaged bytes hung the import for ever. Inflating
 * here costs about 5% of an XLSX import (50 ms for a 100,000-row sheet) and is streamed,
 * so memory stays flat; it also bounds a zip bomb by LIMITS.deck.workbookPartBytes. Images
 * and other binary parts are not read by the importer and are left alone.
 */
export async function verifyWorkbookParts(bytes: Buffer, entries: readonly ZipEntry[], file: string, path: string): Promise<void> {
  const damaged = (entry: ZipEntry, why: string) =>
    new RatedeckError('UNREADABLE_FILE', `${file} is damaged: its part ${entry.name} ${why}. Get the file again, or open it in Excel and save it again.`, {
      file: path,
      part: entry.name,
    });
  for (const entry of entries) {
    if (!/\.(xml|rels)$/i.test(entry.name)) continue;
    if (entry.uncompressedSize > LIMITS.deck.workbookPartBytes) {
      throw new RatedeckError(
        'UNSUPPORTED_FILE',
        `${file}: its part ${entry.name} unpacks to ${entry.uncompressedSize} bytes, more than the ${LIMITS.deck.workbookPartBytes} bytes ratedeck reads from one part of a workbook (docs/limits.md); split the deck or send it as CSV.`,
        { file: path, part: entry.name },
      );
    }
    if (entry.offset + 30 > bytes.length || bytes.readUInt32LE(entry.offset) !== LOCAL_HEADER) throw damaged(entry, 'is not where the zip directory says');
    const start = entry.offset + 30 + bytes.readUInt16LE(entry.offset + 26) + bytes.readUInt16LE(entry.offset + 28);
    if (start + entry.compressedSize > bytes.length) throw damaged(entry, 'runs past the end of the file');
    const data = bytes.subarray(start, start + entry.compressedSize);
    let unpacked: { size: number; crc: number };
    if (entry.method === STORED) unpacked = { size: data.length, crc: crc32(data) };
    else if (entry.method === DEFLATED) unpacked = await inflatedSizeAndCrc(data, entry.uncompressedSize, (why) => damaged(entry, why));
    else {
      throw new RatedeckError('UNSUPPORTED_FILE', `${file}: its part ${entry.name} is compressed with zip method ${entry.method}, which Excel never writes; open it in Excel and save it again.`, {
        file: path,
        part: entry.name,
      });
    }
    if (unpacked.size !== entry.uncompressedSize) throw damaged(entry, `unpacks to ${unpacked.size} bytes where the zip directory says ${entry.uncompressedSize}`);
    if (unpacked.crc >>> 0 !== entry.crc32 >>> 0) throw damaged(entry, 'does not match its checksum');
  }
}

/** Inflates in chunks, keeping only the running size and CRC; more than `expected` bytes is damage, and stops it. */
function inflatedSizeAndCrc(data: Buffer, expected: number, damaged: (why: string) => RatedeckError): Promise<{ size: number; crc: number }> {
  return new Promise((resolve, reject) => {
    const inflater = createInflateRaw();
    let size = 0;
    let crc = 0;
    inflater.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > expected) {
        inflater.destroy();
        reject(damaged(`unpacks to more than the ${expected} bytes the zip directory says`));
        return;
      }
      crc = crc32(chunk, crc);
    });
    inflater.on('error', (error: NodeJS.ErrnoException) => reject(damaged(`does not decompress (${error.message})`)));
    inflater.on('end', () => resolve({ size, crc }));
    inflater.end(data);
  });
}
