import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** The parts exceljs's streaming reader needs before any sheet. */
const WORKBOOK_PARTS = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];
const SHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/** What exceljs's reader is given, and the names of the zip's entries. */
export interface WorkbookInput {
  input: string | Readable;
  parts: ReadonlySet<string>;
}

interface ZipEntry {
  name: string;
  /** Where its local header starts; its record runs to the next record (data descriptor included). */
  offset: number;
  /** Its central directory record, verbatim. */
  directoryRecord: Buffer;
}

/**
 * The workbook as exceljs's streaming reader reads it reliably: the file itself when its
 * zip stores the workbook parts before the sheets, else the same entries, still
 * compressed, reordered so that they come first.
 *
 * Zip order is free, and Excel and exceljs both store sheets first. exceljs 4.4 then
 * either copies each sheet to a temporary file until it has read the workbook parts, a
 * path that under load lost workbook.xml or the shared strings ("no sheets", or
 * "cannot read properties of undefined (reading 'sheets')", exceljs#962: one read in
 * three of a valid workbook in our suite), or, with the shared strings stored before a
 * sheet and workbook.xml after it, fails every time. Reordering copies bytes only: no
 * entry is inflated, and the temporary files go too.
 */
export async function workbookInReadingOrder(path: string): Promise<WorkbookInput> {
  const bytes = await readFile(path);
  const entries = zipEntries(bytes);
  // Not a plain zip (ZIP64, damaged): exceljs says what is wrong with it.
  if (entries === null) return { input: path, parts: new Set() };
  const parts = new Set(entries.map((entry) => entry.name));
  const firstSheet = entries.findIndex((entry) => SHEET_PART.test(entry.name));
  const isWorkbookPart = (entry: ZipEntry) => WORKBOOK_PARTS.includes(entry.name);
  const lastWorkbookPart = entries.reduce((last, entry, index) => (isWorkbookPart(entry) ? index : last), -1);
  if (firstSheet === -1 || lastWorkbookPart < firstSheet) return { input: path, parts };

  const directoryStart = bytes.readUInt32LE(endOfDirectory(bytes)! + 16);
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  const recordEnd = new Map(byOffset.map((entry, index) => [entry, byOffset[index + 1]?.offset ?? directoryStart]));
  const ordered = [...entries.filter(isWorkbookPart), ...entries.filter((entry) => !isWorkbookPart(entry))];
  const records: Buffer[] = [];
  const directory: Buffer[] = [];
  let at = 0;
  for (const entry of ordered) {
    const record = bytes.subarray(entry.offset, recordEnd.get(entry));
    const directoryRecord = Buffer.from(entry.directoryRecord);
    directoryRecord.writeUInt32LE(at, 42);
    records.push(record);
    directory.push(directoryRecord);
    at += record.length;
  }
  const end = Buffer.from(bytes.subarray(endOfDirectory(bytes)!));
  end.writeUInt32LE(at, 16);
  return { input: Readable.from([Buffer.concat([...records, ...directory, end])]), parts };
}

/** The entries in central directory order, or null when the zip is not one this can reorder. */
function zipEntries(bytes: Buffer): ZipEntry[] | null {
  const end = endOfDirectory(bytes);
  if (end === null) return null;
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || at === 0xffffffff) return null;
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const length = 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const offset = bytes.readUInt32LE(at + 42);
    if (offset === 0xffffffff || at + length > bytes.length) return null;
    entries.push({ name: bytes.toString('utf8', at + 46, at + 46 + nameLength), offset, directoryRecord: bytes.subarray(at, at + length) });
    at += length;
  }
  return entries;
}

/** The end-of-central-directory record: the last signature within its comment's reach. */
function endOfDirectory(bytes: Buffer): number | null {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  return null;
}
