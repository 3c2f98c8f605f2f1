import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { RatedeckError } from '../../../errors.js';
import { cutShortError, readZipDirectory, type ZipEntry } from '../../zip-directory.js';
import { verifyWorkbookParts } from './verify-workbook-parts.js';

/** The parts exceljs's streaming reader needs before any sheet. */
const WORKBOOK_PARTS = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];
const SHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

/** What exceljs's reader is given, and the names of the zip's entries. */
export interface WorkbookInput {
  input: string | Readable;
  parts: ReadonlySet<string>;
}

/**
 * The workbook as exceljs's streaming reader reads it reliably: its XML parts checked
 * (verifyWorkbookParts), then the file itself when its zip stores the workbook parts
 * before the sheets, else the same entries, still compressed, reordered so that they
 * come first.
 *
 * Zip order is free, and Excel and exceljs both store sheets first. exceljs 4.4 then
 * either copies each sheet to a temporary file until it has read the workbook parts, a
 * path that under load lost workbook.xml or the shared strings ("no sheets", or
 * "cannot read properties of undefined (reading 'sheets')", exceljs#962: one read in
 * three of a valid workbook in our suite), or, with the shared strings stored before a
 * sheet and workbook.xml after it, fails every time. Reordering copies bytes only: no
 * entry is inflated twice, and the temporary files go too.
 */
export async function workbookInReadingOrder(path: string): Promise<WorkbookInput> {
  const bytes = await readFile(path);
  const file = basename(path);
  const directory = readZipDirectory(bytes);
  if (directory.kind === 'truncated') throw cutShortError(file, path);
  if (directory.kind === 'damaged') {
    throw new RatedeckError('UNREADABLE_FILE', `${file} is damaged: ${directory.why}. Get the file again, or open it in Excel and save it again.`, { file: path });
  }
  // ZIP64 (a workbook over 4 GiB or 65,535 parts): exceljs reads it as it is.
  if (directory.kind === 'zip64') return { input: path, parts: new Set() };
  const { entries } = directory;
  await verifyWorkbookParts(bytes, entries, file, path);
  const parts = new Set(entries.map((entry) => entry.name));
  const firstSheet = entries.findIndex((entry) => SHEET_PART.test(entry.name));
  const isWorkbookPart = (entry: ZipEntry) => WORKBOOK_PARTS.includes(entry.name);
  const lastWorkbookPart = entries.reduce((last, entry, index) => (isWorkbookPart(entry) ? index : last), -1);
  if (firstSheet === -1 || lastWorkbookPart < firstSheet) return { input: path, parts };

  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  const recordEnd = new Map(byOffset.map((entry, index) => [entry, byOffset[index + 1]?.offset ?? directory.directoryOffset]));
  const ordered = [...entries.filter(isWorkbookPart), ...entries.filter((entry) => !isWorkbookPart(entry))];
  const records: Buffer[] = [];
  const directoryRecords: Buffer[] = [];
  let at = 0;
  for (const entry of ordered) {
    const record = bytes.subarray(entry.offset, recordEnd.get(entry));
    const directoryRecord = Buffer.from(entry.directoryRecord);
    directoryRecord.writeUInt32LE(at, 42);
    records.push(record);
    directoryRecords.push(directoryRecord);
    at += record.length;
  }
  const end = Buffer.from(bytes.subarray(directory.endOffset));
  end.writeUInt32LE(at, 16);
  return { input: Readable.from([Buffer.concat([...records, ...directoryRecords, end])]), parts };
}
