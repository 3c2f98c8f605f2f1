import { createRequire } from 'node:module';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { RatedeckError } from '../../../errors.js';
import { LIMITS } from '../../../limits.js';
import { detectHeader, findHeader, HEADER_SEARCH_ROWS, type HeadRow } from '../../sniff/header-detection.js';
import type { XlsxSheetTask } from '../../deck-task.js';
import type { ColumnMapping } from '../../column-mapping.js';
import { RowNormaliser } from '../../cells/row-normaliser.js';
import type { EncodedSlice } from '../../slice-builder.js';
import { xlsxRowCells } from './xlsx-cell.js';
import { IrregularSheetError } from './irregular-sheet-error.js';
import { workbookInReadingOrder } from './workbook-in-reading-order.js';
import { sheetXmlRows, type SheetRow } from './xlsx-sheet-xml.js';

/** What exceljs's streaming reader tells about a worksheet and the workbook (not in its typings). */
interface WorksheetStream extends AsyncIterable<{ number: number; values: unknown }> {
  id: number | string;
  name?: string;
  state?: string;
  /** The sheet's XML as it comes out of the zip (or exceljs's temporary copy of it). */
  iterator: AsyncIterable<Buffer>;
}
interface WorkbookStream extends AsyncIterable<WorksheetStream> {
  model?: { sheets?: WorkbookSheet[] };
  properties?: { model?: { date1904?: boolean } };
  /** With sharedStrings: 'cache', the table by index: texts, or { richText } objects. */
  sharedStrings?: unknown[];
  stream?: { destroy(): void };
}

/** How a sheet's rows are read: by sheetXmlRows, or (for XML it leaves alone) by exceljs's own WorksheetReader. */
type RowSource = 'sheet-xml' | 'exceljs';

/**
 * exceljs's streaming reader alone: the package entry also loads the whole workbook
 * model, writers and CSV support, which costs each worker thread more than 100 ms of
 * start-up on every import. exceljs is pinned (4.4), and this path is its public
 * `stream.xlsx.WorkbookReader`.
 */
const WorkbookReader = createRequire(import.meta.url)('exceljs/lib/stream/xlsx/workbook-reader.js') as new (
  input: string | Readable,
  options: Record<string, string>,
) => WorkbookStream;

interface SheetReading {
  position: number;
  name: string;
  mapping: ColumnMapping;
  slice: EncodedSlice;
}

/**
 * Reads one sheet of a workbook with exceljs's streaming reader, sheet by sheet as
 * they come in the zip. The header is found in the sheet's own first rows. Without
 * task.sheet, the first sheet (in workbook order, hidden ones left out) with a
 * recognisable header is read; later sheets are only probed. exceljs unzips and reads
 * the workbook and its shared strings; each sheet's XML goes to sheetXmlRows, several
 * times faster than exceljs's rows, and a workbook with sheet XML that it leaves alone
 * is read again with exceljs's own rows.
 */
export async function readXlsxSheet(task: XlsxSheetTask): Promise<{ sheet: string; mapping: ColumnMapping; slice: EncodedSlice }> {
  try {
    return await readWorkbookAgainIfLost(task, 'sheet-xml');
  } catch (error) {
    if (!(error instanceof IrregularSheetError)) throw error;
    return readWorkbookAgainIfLost(task, 'exceljs');
  }
}

/**
 * exceljs 4.4's streaming reader now and then loses a zip entry under load: workbook.xml
 * (no sheet names, or "cannot read properties of undefined (reading 'sheets')") or the
 * shared strings (empty text cells), about one read in ten of a valid workbook in our
 * suite, even with the workbook parts first. The loss shows before any row is used, so
 * the read starts again, a bounded number of times.
 */
async function readWorkbookAgainIfLost(task: XlsxSheetTask, rowSource: RowSource): Promise<{ sheet: string; mapping: ColumnMapping; slice: EncodedSlice }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readWorkbook(task, rowSource);
    } catch (error) {
      if (!(error instanceof LostZipEntryError)) throw error;
      if (attempt === READ_ATTEMPTS) {
        throw new RatedeckError('UNREADABLE_FILE', `${basename(task.path)} could not be read: its workbook parts went missing in ${READ_ATTEMPTS} reads.`, { file: task.path });
      }
    }
  }
}

const READ_ATTEMPTS = 4;

class LostZipEntryError extends Error {}

async function readWorkbook(task: XlsxSheetTask, rowSource: RowSource): Promise<{ sheet: string; mapping: ColumnMapping; slice: EncodedSlice }> {
  const { input, parts } = await workbookInReadingOrder(task.path);
  const reader = new WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const file = basename(task.path);
  let chosen: SheetReading | null = null;
  const probedHeads: { position: number; name: string; head: HeadRow[] }[] = [];
  try {
    for await (const worksheet of reader) {
      if ((parts.has('xl/workbook.xml') && reader.model === undefined) || (parts.has('xl/sharedStrings.xml') && reader.sharedStrings === undefined)) {
        throw new LostZipEntryError();
      }
      const sheets = reader.model?.sheets ?? [];
      if (sheets.length > LIMITS.deck.sheets) {
        throw new RatedeckError('UNSUPPORTED_FILE', `${file} has ${sheets.length} sheets, more than the ${LIMITS.deck.sheets} ratedeck reads in one workbook (docs/limits.md); save the deck's sheet on its own, or as CSV.`, { file: task.path });
      }
      const position = sheets.findIndex((sheet) => String(sheet.id) === String(worksheet.id));
      const name = worksheet.name ?? `Sheet${worksheet.id}`;
      const date1904 = reader.properties?.model?.date1904 === true;
      if (task.sheet !== null) {
        if (!isSelected(task.sheet, name, position, sheets)) continue;
        const reading = await readSheet(rowsOf(worksheet, reader, rowSource), task, `${file}, sheet "${name}"`, date1904, true);
        chosen = { position, name, ...reading.found! };
        break;
      }
      if (isHidden(worksheet)) continue;
      if (chosen !== null && chosen.position < position) continue;
      const reading = await readSheet(rowsOf(worksheet, reader, rowSource), task, `${file}, sheet "${name}"`, date1904, false);
      if (reading.found) chosen = { position, name, ...reading.found };
      else probedHeads.push({ position, name, head: reading.head });
    }
  } catch (error) {
    // The same loss, seen inside exceljs before the sheet reaches us.
    if (error instanceof TypeError && parts.has('xl/workbook.xml') && reader.model === undefined) throw new LostZipEntryError();
    throw error;
  } finally {
    reader.stream?.destroy();
  }
  if (chosen) return { sheet: chosen.name, mapping: chosen.mapping, slice: chosen.slice };
  const sheets = reader.model?.sheets ?? [];
  if (task.sheet !== null) {
    const sheetList = describeSheets(sheets);
    throw new RatedeckError('BAD_OPTION', `--sheet: ${file} has no sheet "${task.sheet}"; its sheets are ${sheetList}. Choose one with --sheet <name or number>.`, {
      sheet: task.sheet,
    });
  }
  throw noSheetError(file, sheets, probedHeads, task);
}

/** --sheet names a sheet exactly, else ignoring case and outer spaces, else by its 1-based number. */
function isSelected(wanted: string, name: string, position: number, sheets: readonly { name: string }[]): boolean {
  if (sheets.some((sheet) => sheet.name === wanted)) return name === wanted;
  const loose = (text: string) => text.trim().toLowerCase();
  if (sheets.some((sheet) => loose(sheet.name) === loose(wanted))) return loose(name) === loose(wanted);
  return /^\d+$/.test(wanted.trim()) && position === Number(wanted) - 1;
}

/**
 * The sheet's entries, or (probing, no header in its first rows) its head for the
 * error message. `required` makes a missing header an error right away.
 */
async function readSheet(
  rows: AsyncIterable<SheetRow[]>,
  task: XlsxSheetTask,
  source: string,
  date1904: boolean,
  required: boolean,
): Promise<{ found: { mapping: ColumnMapping; slice: EncodedSlice } | null; head: HeadRow[] }> {
  const head: HeadRow[] = [];
  let mapping = task.header.header ? null : findHeader([], task.header, source, 0)!.mapping;
  let normaliser = mapping ? new RowNormaliser(mapping, task.cells, date1904) : null;
  const wantedRow = task.header.headerRow;
  reading: for await (const batch of rows) {
    for (const row of batch) {
      if (normaliser) {
        normaliser.accept(row.cells, row.number);
        continue;
      }
      if (row.number > (wantedRow ?? HEADER_SEARCH_ROWS)) break reading;
      head.push({ row: row.number, cells: row.cells });
      if (wantedRow !== undefined && row.number !== wantedRow) continue;
      const found = findHeader(head, task.header, source, 0);
      if (found) {
        mapping = found.mapping;
        normaliser = new RowNormaliser(mapping, task.cells, date1904);
      }
    }
  }
  if (normaliser && mapping) return { found: { mapping, slice: normaliser.finish() }, head };
  if (required) {
    if (head.length === 0) throw new RatedeckError('INVALID_DECK', `${source} is empty: it has no rows.`, {});
    detectHeader(head, task.header, source, 0);
  }
  return { found: null, head };
}

/** A worksheet's rows in batches, from its XML or, when asked, through exceljs's WorksheetReader. */
function rowsOf(worksheet: WorksheetStream, reader: WorkbookStream, rowSource: RowSource): AsyncIterable<SheetRow[]> {
  if (rowSource === 'sheet-xml') return sheetXmlRows(worksheet.iterator, reader.sharedStrings);
  return (async function* () {
    for await (const row of worksheet) yield [{ number: row.number, cells: xlsxRowCells(row.values) }];
  })();
}

/**
 * No sheet has a header: says why for the first sheet read (empty, or what its head
 * lacks), and names the hidden sheets, which are read only when chosen with --sheet.
 */
function noSheetError(file: string, sheets: readonly WorkbookSheet[], probed: { position: number; name: string; head: HeadRow[] }[], task: XlsxSheetTask): RatedeckError {
  if (sheets.length === 0) return new RatedeckError('INVALID_DECK', `${file} holds no worksheets: its workbook lists none.`, {});
  const first = probed.sort((a, b) => a.position - b.position)[0];
  let why = '';
  if (first && first.head.length === 0) why = ` Sheet "${first.name}" is empty.`;
  else if (first) {
    try {
      detectHeader(first.head, task.header, `sheet "${first.name}"`, 0);
    } catch (error) {
      if (error instanceof RatedeckError) why = ` In ${error.message}`;
    }
  }
  const hidden = sheets.filter(isHidden);
  const hiddenHint =
    hidden.length === 0 ? '' : ` Hidden sheets are read only when chosen: ${hidden.length === sheets.length ? 'every sheet is hidden; ' : ''}give --sheet "${hidden[0]!.name}" to read ${hidden.length === 1 ? 'the hidden one' : 'one of them'}.`;
  const sheetList = describeSheets(sheets);
  const what = probed.length === 0 ? 'no visible sheet to read' : `no sheet has a recognisable header in its first ${HEADER_SEARCH_ROWS} rows`;
  return new RatedeckError('INVALID_DECK', `${file}: ${what}; its sheets are ${sheetList}. Choose one with --sheet <name or number>.${why}${hiddenHint}`, { sheets: sheetList });
}

interface WorkbookSheet {
  id: number;
  name: string;
  state?: string;
}

function isHidden(sheet: { state?: string }): boolean {
  return sheet.state === 'hidden' || sheet.state === 'veryHidden';
}

function describeSheets(sheets: readonly WorkbookSheet[]): string {
  return sheets.map((sheet, index) => `${index + 1}. "${sheet.name}"${isHidden(sheet) ? ' (hidden)' : ''}`).join(', ') || 'none';
}
