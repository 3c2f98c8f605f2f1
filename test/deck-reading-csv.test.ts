/**
 * readDeck on CSV decks through the real worker pool. The pool loads the compiled worker
 * from dist/: run `npx tsc -p .` first (npm test does).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeck, type ReadDeckOptions } from '../src/deck/read-deck.js';
import { deckError, lines } from './deck-reading-helpers.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => join(root, 'fixtures', name);
const work = mkdtempSync(join(tmpdir(), 'ratedeck-deck-csv-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const IMPORT_TIME = Date.UTC(2025, 5, 1);
const base: ReadDeckOptions = { defaultIncrements: { initial: 60, subsequent: 60 }, defaultEffectiveFrom: IMPORT_TIME };
const read = (path: string, options: Partial<ReadDeckOptions> = {}) => readDeck(path, { ...base, ...options });
const write = (name: string, content: string | Buffer) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);


describe('the demo carrier deck', () => {
  it('reads every row: nested prefixes, quoted names with commas, 30/6 and 60/60, fees, a future rate change', async () => {
    const result = await read(fixture('sample-carrier.csv'));
    expect(result).toMatchObject({ format: 'csv', sheet: null, rowsRead: 39, skippedRows: 0, errors: [] });
    expect(result.entries.length).toBe(39);
    const all = lines(result);
    expect(all[0]).toBe('2 1 United States 0.0090 0 6/6 2025-01-01T00:00..');
    expect(all).toContain('3 1212 United States - New York, Manhattan 0.0075 0 6/6 2025-01-01T00:00..');
    expect(all).toContain('9 4477 United Kingdom - Mobile Vodafone 0.0890 0.0100 30/6 2025-01-01T00:00..');
    expect(all).toContain('10 4477 United Kingdom - Mobile Vodafone 0.0790 0.0100 30/6 2027-01-01T00:00..');
    expect(all.filter((line) => / (44|447|4477) /.test(line))).toHaveLength(4);
  });
});

describe('European and other dialects', () => {
  it('semicolons with decimal commas, a BOM, CRLF and D.M.Y dates', async () => {
    const result = await read(fixture('semicolon-decimal-comma.csv'));
    expect(result.errors).toEqual([]);
    expect(lines(result)).toEqual([
      '2 49 Deutschland 0.0123 0 60/60 2025-03-15T00:00..',
      '3 4915 Deutschland Mobil 0.0950 0 60/60 2025-03-15T00:00..',
      '4 43 Österreich 0.0180 0.0100 60/60 2025-04-01T00:00..',
      '5 436 Österreich Mobil 0.1200 0.0100 60/60 2025-04-01T00:00..',
      '6 331 Frankreich; Paris 0.0099 0 30/6 2025-03-15T00:00..',
      '7 41 Schweiz 0.0210 0 1/1 2025-04-01T00:00..',
    ]);
  });
  it('D/M/Y dates are decided from the column: 13/01/2025 settles it, end dates follow', async () => {
    const result = await read(fixture('dmy-dates.csv'));
    expect(result.errors).toEqual([]);
    expect(lines(result)).toEqual([
      '2 353 Ireland 0.0210 0 60/60 2025-03-01T00:00..2025-12-31T00:00',
      '3 3538 Ireland - Mobile 0.0720 0 60/60 2025-03-01T00:00..',
      '4 351 Portugal 0.0190 0 60/60 2025-01-13T00:00..',
      '5 3519 Portugal - Mobile 0.0640 0 60/60 2025-04-02T00:00..',
      '6 30 Greece 0.0230 0 60/60 2024-12-25T00:00..',
      '7 306 Greece - Mobile 0.1100 0 60/60 2025-04-02T14:30..',
    ]);
  });
  it('dates that read both ways stop the import and ask for --date-format; with it they read', async () => {
    const error = await deckError(read(fixture('undecidable-dates.csv')));
    expect(error.code).toBe('INVALID_DECK');
    expect(error.message).toContain('--date-format DMY or --date-format MDY');
    const monthFirst = await read(fixture('undecidable-dates.csv'), { dateFormat: 'MDY' });
    expect(lines(monthFirst)[0]).toBe('2 56 Chile 0.0210 0 60/60 2025-01-02T00:00..');
    const dayFirst = await read(fixture('undecidable-dates.csv'), { dateFormat: 'DMY' });
    expect(lines(dayFirst)[0]).toBe('2 56 Chile 0.0210 0 60/60 2025-02-01T00:00..');
  });
  it('--date-format makes dates of the other order row errors', async () => {
    const result = await read(fixture('dmy-dates.csv'), { dateFormat: 'MDY' });
    expect(result.errors.map((error) => [error.row, error.column, error.value])).toEqual([
      [2, 'End Date', '31/12/2025'],
      [4, 'Effective Date', '13/01/2025'],
      [6, 'Effective Date', '25/12/2024'],
    ]);
    expect(result.errors[1]!.reason).toContain('is not a valid month/day/year date (as --date-format MDY asks)');
  });
  it('code lists give one entry per code, each with the row it came from', async () => {
    const result = await read(fixture('code-lists.csv'));
    expect(result.errors).toEqual([]);
    expect(result.entries.prefix).toEqual(['376', '3763', '3764', '3766', '9370', '9372', '9375', '4420', '26371', '26373', '26377']);
    expect([...result.rows]).toEqual([2, 3, 3, 3, 4, 4, 4, 5, 6, 6, 6]);
    expect(lines(result)[7]).toBe('5 4420 United Kingdom - London 0.0180 0 1/1 2025-06-01T00:00..');
  });
  it('tab-separated, with --decimal-comma and --prepend', async () => {
    const path = write('tab.tsv', 'NPANXX\tRate\n201200\t0,004356\n201201\t0,011301\n');
    const result = await read(path, { decimalComma: true, prepend: '1' });
    expect(lines(result)).toEqual(['2 1201200 - 0.004356 0 60/60 2025-06-01T00:00..', '3 1201201 - 0.011301 0 60/60 2025-06-01T00:00..']);
  });
  it('a Windows-1252 export (not UTF-8) keeps its accents', async () => {
    const path = write('latin.csv', Buffer.concat([Buffer.from('Destination,Code,Rate\nC'), Buffer.from([0xf4]), Buffer.from("te d'Ivoire,225,0.2100\n")]));
    expect(lines(await read(path))).toEqual(["2 225 Côte d'Ivoire 0.2100 0 60/60 2025-06-01T00:00.."]);
  });
  it('old Mac line breaks (CR only) and a last line without a break', async () => {
    const path = write('cr.csv', 'Code,Rate\r44,0.02\r\r33,0.03');
    const result = await read(path);
    expect(lines(result)).toEqual(['2 44 - 0.02 0 60/60 2025-06-01T00:00..', '4 33 - 0.03 0 60/60 2025-06-01T00:00..']);
    expect(result.skippedRows).toBe(1);
  });
  it('--header-row and --no-header', async () => {
    const path = write('header-row.csv', 'Code,Rate\nnot,the header\nPrefix,Price,Notes\n44,0.02,x\n');
    expect(lines(await read(path, { headerRow: 3 }))).toEqual(['4 44 - 0.02 0 60/60 2025-06-01T00:00..']);
    const bare = write('bare.csv', '\ufeffUK,44,0.02\r\nFrance,33,0.03\r\n');
    expect(lines(await read(bare, { header: false, map: { destination: '1', prefix: '2', rate: '3' } }))).toEqual([
      '1 44 UK 0.02 0 60/60 2025-06-01T00:00..',
      '2 33 France 0.03 0 60/60 2025-06-01T00:00..',
    ]);
  });
});

describe('rows that are not entries', () => {
  it('every kind of row error, with the line the user sees; notes and blank lines are skipped', async () => {
    const result = await read(fixture('row-errors.csv'));
    expect(result.rowsRead).toBe(15);
    expect(result.skippedRows).toBe(2);
    expect(lines(result)).toEqual(['5 4412 Good 0.0100 0 60/60 2025-01-01T00:00..', '17 4420 Good, with a comma 0.0200 0 30/6 2025-01-01T00:00..']);
    expect(result.errors.map((error) => [error.row, error.column, error.value])).toEqual([
      [6, 'Code', '44x7'],
      [7, 'Rate', 'n/a'],
      [8, 'Rate', '-0.0100'],
      [9, 'Effective Date', '2025-02-30'],
      [10, 'Increments', '60/0'],
      [11, 'Rate', ''],
      [13, 'Code', ''],
      [14, 'End Date', '2025-05-01'],
      [16, 'Code', '4419'],
      [18, 'Code', '1234567890123456'],
    ]);
    expect(result.errors[8]!.reason).toBe('code 4419 is listed twice for 2025-01-01T00:00:00.000Z: row 15 has rate 0.0500, this row has rate 0.0600; neither is imported');
  });
  it('a code repeated with the same rate and date is kept once; another date is a rate change', async () => {
    const path = write('repeats.csv', 'Code,Rate,Effective\n44,0.02,2025-01-01\n44,0.020,2025-01-01\n44,0.03,2025-02-01\n');
    const result = await read(path);
    expect(result.errors).toEqual([]);
    expect(lines(result)).toEqual(['2 44 - 0.02 0 60/60 2025-01-01T00:00..', '4 44 - 0.03 0 60/60 2025-02-01T00:00..']);
  });
});

describe('decks that hold more entries than rows', () => {
  it('rows listing hundreds of codes each outgrow every estimate without losing one', async () => {
    let text = 'Destination,Destination Prefixes,Price / min\n';
    const expected: string[] = [];
    for (let row = 0; row < 300; row++) {
      const codes = Array.from({ length: 57 }, (_, index) => String(1000000 + row * 100 + index));
      text += `Zone ${row},"${codes.join(', ')}",0.0${row % 10}1\n`;
      expected.push(...codes.map((code) => `${row + 2} ${code}`));
    }
    const result = await read(write('many-codes.csv', text));
    expect(result.errors).toEqual([]);
    expect(result.entries.prefix.map((code, index) => `${result.rows[index]} ${code}`)).toEqual(expected);
  });
});

describe('large decks in several slices', () => {
  it('row numbers stay those of the file across slices, with quoted names spanning lines', async () => {
    // About 2 MB, so the file is cut into three slices for three workers.
    let text = 'Destination,Code,Rate,Effective Date\n';
    const expected: string[] = [];
    let line = 2;
    for (let i = 0; i < 40_000; i++) {
      const multiLine = i % 997 === 0;
      const name = multiLine ? `"Zone ${i},\nsecond line ""quoted"""` : `Zone ${i}`;
      const code = String(100000 + i);
      text += `${name},${code},0.${String(i % 1000).padStart(4, '0')},2025-01-01\n`;
      expected.push(`${line} ${code}`);
      line += multiLine ? 2 : 1;
    }
    const path = write('large.csv', text);
    const result = await read(path, { threads: 3 });
    expect(result.errors).toEqual([]);
    expect(result.entries.length).toBe(40_000);
    expect(result.entries.prefix.map((code, index) => `${result.rows[index]} ${code}`)).toEqual(expected);
    expect(result.entries.texts).toContain('Zone 997,\nsecond line "quoted"');
    const single = await read(path, { threads: 1 });
    expect(single.entries).toEqual(result.entries);
  });
});

describe('files that are not decks', () => {
  it('missing files, directories and empty files', async () => {
    expect((await deckError(read(join(work, 'nope.csv')))).code).toBe('UNREADABLE_FILE');
    const directory = join(work, 'a-directory.csv');
    mkdirSync(directory);
    expect((await deckError(read(directory))).code).toBe('UNREADABLE_FILE');
    expect((await deckError(read(write('empty.csv', '')))).code).toBe('INVALID_DECK');
  });
  it('legacy .xls, PDF, gzip, other zips, UTF-16 and binary files are unsupported, in one sentence', async () => {
    const cases: [string, Buffer, string][] = [
      ['old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'legacy Excel 97-2003'],
      ['deck.pdf', Buffer.from('%PDF-1.7\n'), 'a PDF'],
      ['deck.csv.gz', Buffer.from([0x1f, 0x8b, 8, 0]), 'gzip'],
      // A zip's end record (signature, then 18 bytes) keeps it from reading as a zip cut short.
      ['deck.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml'), Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]), 'not an XLSX workbook'],
      ['utf16.csv', Buffer.from('\ufeffCode,Rate\n44,0.1\n', 'utf16le'), 'UTF-16'],
      ['blob.csv', Buffer.from([1, 2, 0, 3, 4]), 'binary'],
    ];
    for (const [name, content, words] of cases) {
      const error = await deckError(read(write(name, content)));
      expect([name, error.code]).toEqual([name, 'UNSUPPORTED_FILE']);
      expect(error.message).toContain(words);
    }
  });
  it('options are checked before the file is read', async () => {
    const path = fixture('sample-carrier.csv');
    expect((await deckError(read(path, { sheet: 'Rates' }))).code).toBe('BAD_OPTION');
    expect((await deckError(read(path, { prepend: '+1' }))).message).toContain('--prepend');
    expect((await deckError(read(path, { threads: 0 }))).message).toContain('options.threads must be a positive integer');
    expect((await deckError(read(path, { header: false, headerRow: 2 }))).code).toBe('BAD_OPTION');
  });
});
