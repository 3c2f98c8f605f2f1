/**
 * readDeck on XLSX workbooks written with exceljs, through the real worker pool (the
 * compiled worker in dist/: run `npx tsc -p .` first; npm test does).
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_XLSX_HEADER_ROW, SAMPLE_XLSX_RATES, writeSampleCarrierXlsx } from '../fixtures/make-fixtures.js';
import { readDeck, type ReadDeckOptions } from '../src/deck/read-deck.js';
import { entriesOf } from '../src/model/entry-table.js';
import { deckError, lines } from './deck-reading-helpers.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'ratedeck-deck-xlsx-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const IMPORT_TIME = Date.UTC(2025, 5, 1);
const base: ReadDeckOptions = { defaultIncrements: { initial: 60, subsequent: 60 }, defaultEffectiveFrom: IMPORT_TIME };
const read = (path: string, options: Partial<ReadDeckOptions> = {}) => readDeck(path, { ...base, ...options });


/** A one-sheet deck of `rows` rates. */
function rateSheet(name: string, rows: number): Promise<string> {
  return workbook(name, (book) => {
    const sheet = book.addWorksheet('Rates');
    sheet.addRow(['Prefix', 'Destination', 'Rate']);
    for (let i = 0; i < rows; i++) sheet.addRow([String(100000 + i), `Destination ${i}`, 0.01]);
  });
}

async function workbook(name: string, build: (book: ExcelJS.Workbook) => void): Promise<string> {
  const book = new ExcelJS.Workbook();
  build(book);
  const path = join(work, name);
  await book.xlsx.writeFile(path);
  return path;
}

describe('the demo carrier workbook', () => {
  it('finds the Rates sheet (the cover has no header) and its header under the notice block', async () => {
    const result = await read(join(root, 'fixtures', 'sample-carrier.xlsx'));
    expect(result).toMatchObject({ format: 'xlsx', sheet: 'Rates', errors: [] });
    expect(result.rowsRead).toBe(SAMPLE_XLSX_RATES.length + 1);
    expect(result.skippedRows).toBe(1);
    expect(result.entries.length).toBe(SAMPLE_XLSX_RATES.length);
    expect(result.rows[0]).toBe(SAMPLE_XLSX_HEADER_ROW + 1);
    const all = lines(result);
    expect(all).toContain('15 4477 United Kingdom - Mobile Vodafone 0.0875 0.01 30/6 2025-01-01T00:00..');
    expect(all).toContain('16 4477 United Kingdom - Mobile Vodafone 0.0765 0.01 30/6 2027-01-01T00:00..');
    // A formula's cached result, a float artefact, and a code written 93-70.
    expect(all).toContain('20 336 France - Mobile 0.0945 0 60/60 2025-01-01T00:00..');
    expect(all).toContain('24 9370 Afghanistan - Mobile AWCC 0.1584 0 60/60 2025-03-01T00:00..');
    expect(all).toContain('25 9376 Afghanistan - Mobile Areeba 0.183 0 60/60 2025-03-01T00:00..');
  });
  it('the committed fixture is what fixtures/make-fixtures.ts writes', async () => {
    const fresh = join(work, 'fresh-sample.xlsx');
    await writeSampleCarrierXlsx(fresh);
    expect(lines(await read(fresh))).toEqual(lines(await read(join(root, 'fixtures', 'sample-carrier.xlsx'))));
  });
  it('--sheet by name or 1-based number; an unknown sheet lists the sheets there are', async () => {
    const path = join(root, 'fixtures', 'sample-carrier.xlsx');
    expect((await read(path, { sheet: 'rates' })).sheet).toBe('Rates');
    expect((await read(path, { sheet: '2' })).sheet).toBe('Rates');
    const error = await deckError(read(path, { sheet: 'Pricing' }));
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toContain('has no sheet "Pricing"; its sheets are 1. "Cover", 2. "Rates", 3. "Code Changes"');
    const noHeader = await deckError(read(path, { sheet: 'Cover' }));
    expect(noHeader.message).toContain('no recognisable header');
  });
});

describe('workbooks as carriers send them', () => {
  it('numeric NPA and NXX joined with --prepend, E-notation rates, Excel serial dates, US rates', async () => {
    const path = await workbook('us.xlsx', (book) => {
      const sheet = book.addWorksheet('range');
      sheet.addRow(['NPA', 'NXX', 'Inter. rate', 'Intra. rate', 'Ind. rate', 'Effective']);
      sheet.addRow([201, 200, 1.82e-3, 0.001963, 0.00182, 45940]);
      const dated = sheet.addRow([201, 201, 0.00455, 0.0041, 0.00455, new Date(Date.UTC(2025, 9, 10))]);
      dated.getCell(6).numFmt = 'm/d/yy';
    });
    const result = await read(path, { map: { prefix: 'NPA+NXX', rate: 'Inter. rate', effectiveFrom: 'Effective' }, prepend: '1' });
    expect(result.errors).toEqual([]);
    expect(lines(result)).toEqual(['2 1201200 - 0.00182 0 60/60 2025-10-10T00:00..', '3 1201201 - 0.00455 0 60/60 2025-10-10T00:00..']);
    expect([...entriesOf(result.entries)].map((entry) => [entry.interRate, entry.intraRate, entry.indeterminateRate])).toEqual([
      ['0.00182', '0.001963', '0.00182'],
      ['0.00455', '0.0041', '0.00455'],
    ]);
  });
  it('a hidden sheet is not the default; rich-text and formula headers are read as their text', async () => {
    const path = await workbook('hidden.xlsx', (book) => {
      const hidden = book.addWorksheet('Old', { state: 'hidden' });
      hidden.addRow(['Code', 'Rate']);
      hidden.addRow(['44', 0.5]);
      const current = book.addWorksheet('Current');
      current.addRow([{ richText: [{ text: 'Dial ' }, { font: { bold: true }, text: 'Code' }] }, { formula: '"Pri"&"ce"', result: 'Price' }, 'Valid From']);
      current.addRow(['44', 0.02, '21-Sep-18']);
    });
    const result = await read(path);
    expect(result.sheet).toBe('Current');
    expect(lines(result)).toEqual(['2 44 - 0.02 0 60/60 2018-09-21T00:00..']);
    expect((await read(path, { sheet: '1' })).sheet).toBe('Old');
  });
  it('--header-row, D/M/Y text dates decided from the sheet, and row errors with sheet rows', async () => {
    const path = await workbook('dmy.xlsx', (book) => {
      const sheet = book.addWorksheet('Tarifs');
      sheet.addRow(['Code', 'Rate', 'Start Date']);
      sheet.addRow(['Notes: the real header is below']);
      sheet.addRow(['Prefix', 'Price', 'Effective']);
      sheet.addRow(['33', 0.01, '13/01/2025']);
      sheet.addRow(['34', 'free', '02/03/2025']);
      sheet.addRow(['351', 0.02, '02/03/2025']);
    });
    const result = await read(path, { headerRow: 3 });
    expect(lines(result)).toEqual(['4 33 - 0.01 0 60/60 2025-01-13T00:00..', '6 351 - 0.02 0 60/60 2025-03-02T00:00..']);
    expect(result.errors).toEqual([{ row: 5, column: 'Price', value: 'free', reason: expect.stringContaining('"free" is not an amount') }]);
  });
  it('a workbook in the 1904 date system reads its serial dates right', async () => {
    const path = await workbook('mac.xlsx', (book) => {
      book.properties.date1904 = true;
      const sheet = book.addWorksheet('Rates');
      sheet.addRow(['Code', 'Rate', 'Effective']);
      sheet.addRow(['44', 0.01, 44197]);
    });
    expect(lines(await read(path))).toEqual(['2 44 - 0.01 0 60/60 2025-01-02T00:00..']);
  });
  it('no sheet with a header: the error lists the sheets and what the first lacks', async () => {
    const path = await workbook('none.xlsx', (book) => {
      book.addWorksheet('Notes').addRow(['Nothing here']);
      book.addWorksheet('Prices').addRow(['Destination', 'Tariff']);
    });
    const error = await deckError(read(path));
    expect(error.code).toBe('INVALID_DECK');
    expect(error.message).toContain('no sheet has a recognisable header');
    expect(error.message).toContain('1. "Notes", 2. "Prices"');
  });
  it('a workbook cut short (a partial download) is unreadable and says so, without exceljs words such as FILE_ENDED', async () => {
    const whole = readFileSync(await rateSheet('whole.xlsx', 2000));
    for (const share of [0.3, 0.6, 0.95]) {
      const path = join(work, `cut-${share}.xlsx`);
      writeFileSync(path, whole.subarray(0, Math.floor(whole.length * share)));
      const error = await deckError(read(path));
      expect(error.code).toBe('UNREADABLE_FILE');
      expect(error.message).toContain(`cut-${share}.xlsx is cut short`);
      expect(error.message).not.toMatch(/FILE_ENDED|undefined|Error:/);
    }
    const promised = join(work, 'broken.xlsx');
    writeFileSync(promised, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('xl/workbook.xml is promised but this is no zip')]));
    expect((await deckError(read(promised))).message).toContain('is cut short');
  });
  it('a corrupt workbook (damaged bytes inside its sheet) is unreadable, exit 2, naming the part, and never hangs', async () => {
    const path = await rateSheet('corrupt.xlsx', 2000);
    const bytes = readFileSync(path);
    // The sheet's compressed data starts after its local header; overwrite some of it.
    const sheet = bytes.indexOf('xl/worksheets/sheet1.xml');
    bytes.fill(0x41, sheet + 200, sheet + 600);
    writeFileSync(path, bytes);
    const error = await deckError(read(path));
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.message).toMatch(/^corrupt\.xlsx is damaged: its part xl\/worksheets\/sheet1\.xml (does not decompress|does not match its checksum|unpacks to)/);
    expect(error.message).toContain('Get the file again');
  });
  it('a zip directory that does not hold together is damaged, not a hang', async () => {
    const path = await rateSheet('bad-directory.xlsx', 10);
    const bytes = readFileSync(path);
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bytes.writeUInt32LE(bytes.readUInt32LE(end + 16) + 7, end + 16);
    writeFileSync(path, bytes);
    const error = await deckError(read(path));
    expect(error.code).toBe('UNREADABLE_FILE');
    expect(error.message).toContain("bad-directory.xlsx is damaged: its directory's entry 1");
  });
  it('Excel error cells (#N/A, #VALUE!, #REF!) are row errors that show the error as the cell does', async () => {
    const path = await workbook('errors.xlsx', (book) => {
      const sheet = book.addWorksheet('Rates');
      sheet.addRow(['Prefix', 'Destination', 'Rate']);
      sheet.addRow(['44', 'United Kingdom', 0.01]);
      sheet.addRow(['33', 'France', { error: '#N/A' }]);
      sheet.addRow(['49', { error: '#VALUE!' }, 0.02]);
      sheet.addRow([{ error: '#REF!' }, 'Spain', 0.03]);
      sheet.addRow(['39', 'Italy', { formula: 'VLOOKUP(A6,Z:Z,2,0)', result: { error: '#N/A' } }]);
    });
    const result = await read(path);
    expect(result.entries.length).toBe(1);
    expect(result.errors.map((error) => [error.row, error.column, error.value, error.reason.slice(0, 50)])).toEqual([
      [3, 'Rate', '#N/A', 'the cell shows the Excel error #N/A (a lookup foun'],
      [4, 'Destination', '#VALUE!', 'the cell shows the Excel error #VALUE! (a formula '],
      [5, 'Prefix', '#REF!', 'the cell shows the Excel error #REF! (a formula re'],
      [6, 'Rate', '#N/A', 'the cell shows the Excel error #N/A (a lookup foun'],
    ]);
    expect(result.errors[0]!.reason).toContain('expected a decimal such as 0.0470');
  });
  it('an empty sheet, chosen or the only visible one, says it is empty; hidden sheets are named with the --sheet that reads them', async () => {
    const path = await workbook('hidden.xlsx', (book) => {
      const hidden = book.addWorksheet('Rates 2025');
      hidden.state = 'hidden';
      hidden.addRow(['Prefix', 'Rate']);
      hidden.addRow(['44', 0.01]);
      book.addWorksheet('Blank');
    });
    const error = await deckError(read(path));
    expect(error.code).toBe('INVALID_DECK');
    expect(error.message).toContain('its sheets are 1. "Rates 2025" (hidden), 2. "Blank"');
    expect(error.message).toContain('Sheet "Blank" is empty.');
    expect(error.message).toContain('give --sheet "Rates 2025" to read the hidden one');
    expect(error.message).not.toContain('first 0 rows');
    expect((await deckError(read(path, { sheet: 'Blank' }))).message).toBe('hidden.xlsx, sheet "Blank" is empty: it has no rows.');
    expect((await read(path, { sheet: 'Rates 2025' })).entries.length).toBe(1);
  });
  it('a sheet whose only row is a note names that row, not "the first 1 rows"', async () => {
    const path = await workbook('note.xlsx', (book) => {
      const sheet = book.addWorksheet('Notes');
      sheet.getCell('A5').value = 'Following changes are approved by:';
    });
    const error = await deckError(read(path, { sheet: 'Notes' }));
    expect(error.message).toContain('note.xlsx, sheet "Notes": no recognisable header: its only row is row 5 ("Following changes are approved by:")');
  });
});
