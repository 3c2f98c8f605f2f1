/**
 * Hostile and careless CSV decks (issue 9): encodings, unterminated quotes, delimiters,
 * out-of-range amounts, international prefixes, --map slips and limits. readDeck runs the
 * compiled worker from dist/: run `npx tsc -p .` first (npm test does).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeck, type ReadDeckOptions } from '../src/deck/read-deck.js';
import { entriesOf } from '../src/model/entry-table.js';
import { cutCsvByteRanges } from '../src/deck/pool/csv-byte-ranges.js';
import type { CsvRangeTask } from '../src/deck/deck-task.js';
import { readCsvBytes, IrregularCsvError } from '../src/deck/worker/csv/read-csv-bytes.js';
import { readCsvRange, readCsvRangeWithPapaparse } from '../src/deck/worker/csv/read-csv-range.js';
import { parseRateCell } from '../src/deck/cells/rate-cell.js';
import { deckError, lines } from './deck-reading-helpers.js';
import { LIMITS } from '../src/limits.js';
import { DeckAssembler } from '../src/deck/assemble/deck-assembler.js';
import { RowNormaliser } from '../src/deck/cells/row-normaliser.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => join(root, 'fixtures', name);
const work = mkdtempSync(join(tmpdir(), 'ratedeck-deck-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const IMPORT_TIME = Date.UTC(2025, 5, 1);
const base: ReadDeckOptions = { defaultIncrements: { initial: 60, subsequent: 60 }, defaultEffectiveFrom: IMPORT_TIME };
const read = (path: string, options: Partial<ReadDeckOptions> = {}) => readDeck(path, { ...base, ...options });
const write = (name: string, content: string | Buffer) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};
const destinations = async (path: string, options: Partial<ReadDeckOptions> = {}) =>
  [...entriesOf((await read(path, options)).entries)].map((entry) => entry.destination);

describe('encodings', () => {
  it('Côte d’Ivoire and € “ ” Š ž from a Windows-1252 deck read as Windows-1252, not Latin-1', async () => {
    expect(await destinations(fixture('windows-1252.csv'))).toEqual(['Côte d’Ivoire', '€ “quoted” Š ž']);
  });
  it('the same deck read by the papaparse path (a joined destination) decodes the same', async () => {
    const path = write('joined-1252.csv', Buffer.from('Country,Area,Code,Rate\nC\xf4te d\x92Ivoire,\x80 \x93x\x94,225,0.21\n', 'latin1'));
    expect(await destinations(path, { map: { destination: 'Country+Area' } })).toEqual(['Côte d’Ivoire € “x”']);
  });
  it('a 0xE9 byte after 2 MB of ASCII makes the whole file Windows-1252: Réunion, not R�union', async () => {
    const rows: string[] = ['Destination,Code,Rate'];
    for (let code = 0; rows.length < 70_000; code++) rows.push(`Somewhere plain,${100000 + code},0.0100`);
    const ascii = Buffer.from(rows.join('\n') + '\n');
    expect(ascii.length).toBeGreaterThan(2 << 20);
    const path = write('late-1252.csv', Buffer.concat([ascii, Buffer.from('R\xe9union,262,0.0500\n', 'latin1')]));
    const result = await read(path);
    expect(result.errors).toEqual([]);
    const last = [...entriesOf(result.entries)].at(-1)!;
    expect(last).toMatchObject({ prefix: '262', destination: 'Réunion' });
    expect(result.rows.at(-1)).toBe(70_001);
  });
  it('a UTF-8 deck whose first multi-byte character falls past the head keeps its byte offsets', async () => {
    const rows: string[] = ['Destination,Code,Rate'];
    for (let code = 0; rows.length < 70_000; code++) rows.push(`Österreich,${100000 + code},0.0100`);
    const path = write('utf8-long.csv', rows.join('\n') + '\nRéunion,262,0.0500\n');
    const result = await read(path);
    expect(result.errors).toEqual([]);
    expect(result.entries.length).toBe(70_000);
    expect([...entriesOf(result.entries)].at(-1)).toMatchObject({ prefix: '262', destination: 'Réunion' });
  });
  it('a UTF-16 deck, with or without its byte-order mark, is refused saying how to convert it', async () => {
    const text = 'Destination,Code,Rate\r\nFrance,33,0.0100\r\n';
    for (const [name, bytes] of [
      ['bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['no-bom.csv', Buffer.from(text, 'utf16le')],
    ] as const) {
      const error = await deckError(read(write(name, bytes)));
      expect(error.code).toBe('UNSUPPORTED_FILE');
      expect(error.message).toMatch(/is UTF-16 text; save it as "CSV UTF-8"/);
    }
  });
});

const UNCLOSED = ['Destination,Code,Rate', 'UK,44,0.02', 'France,33,0.03', 'Spain,34,0.04', 'Italy,39,0.05', 'Greece,30,0.06', '"Germany,49,0.07', 'Austria,43,0.08', ''].join('\n');

function rangeTask(path: string, byteStart: number, byteEnd: number, columns: CsvRangeTask['columns']['columns']): CsvRangeTask {
  return {
    kind: 'csv-range', path, byteStart, byteEnd, encoding: 'utf-8', delimiter: ',', lineBreak: '\n', quotedLineBreaks: true, expectedEntries: 8,
    columns: { columns, labels: {} },
    cells: { prepend: '', decimalComma: false, defaultIncrements: { initial: 60, subsequent: 60 } },
  };
}

describe('a quote never closed', () => {
  it('the quote opened on line 7 is never closed: the deck is refused naming file and line, not row 7 "no rate" and row 8 gone', async () => {
    const error = await deckError(read(write('unclosed.csv', UNCLOSED)));
    expect(error.code).toBe('INVALID_DECK');
    expect(error.message).toMatch(/^unclosed\.csv: the quote opened on line 7 is never closed/);
    expect(error.details).toMatchObject({ file: 'unclosed.csv', line: 7 });
  });
  it('the byte reader leaves it to papaparse, and the papaparse path reports its line in the range without reading the swallowed row', async () => {
    const path = write('unclosed-range.csv', UNCLOSED);
    const start = UNCLOSED.indexOf('UK');
    for (const columns of [{ destination: [0], prefix: [1], rate: [2] }, { destination: [0, 0], prefix: [1], rate: [2] }]) {
      const task = rangeTask(path, start, Buffer.byteLength(UNCLOSED), columns);
      if (columns.destination.length === 1) expect(() => readCsvBytes(task)).toThrow(IrregularCsvError);
      for (const reading of [await readCsvRange(task), await readCsvRangeWithPapaparse(task)]) {
        expect(reading.unclosedQuoteLine).toBe(5);
        expect(reading.slice.count).toBe(5);
        expect(reading.slice.errors).toEqual([]);
      }
    }
  });
  it('the byte-range cutter never cuts after an unclosed quote: its range runs to the end of the file', async () => {
    const text = UNCLOSED.repeat(1).replace('Austria,43,0.08\n', 'Austria,43,0.08\n'.repeat(50));
    const path = write('unclosed-cut.csv', text);
    const handle = await open(path, 'r');
    try {
      const ranges = [];
      for await (const range of cutCsvByteRanges(handle, { dataStart: 0, fileSize: text.length, delimiter: 0x2c, lineBreak: 0x0a, rangeCount: 8, chunkBytes: 16 })) ranges.push(range);
      const last = ranges.at(-1)!;
      expect(last.byteStart).toBeLessThanOrEqual(text.indexOf('"Germany'));
      expect(last.byteEnd).toBe(text.length);
    } finally {
      await handle.close();
    }
  });
  it('in a deck of many byte ranges, the quote opened past the head is reported at its own line', async () => {
    const rows = ['Destination,Code,Rate'];
    for (let code = 0; rows.length < 100_000; code++) rows.push(`Somewhere,${100000 + code},0.0100`);
    rows.push('"Nowhere,262,0.05', 'After,263,0.06', '');
    const error = await deckError(read(write('unclosed-late.csv', rows.join('\n')), { threads: 3 }));
    expect(error.message).toMatch(/^unclosed-late\.csv: the quote opened on line 100001 is never closed/);
  });
});

describe('delimiters', () => {
  it('a pipe-delimited deck is read as pipe-separated, not refused with no hint', async () => {
    const path = write('pipes.csv', 'Destination|Code|Rate\nUnited Kingdom|44|0.0200\n"France | Paris"|331|0.0300\n');
    expect(lines(await read(path))).toEqual(['2 44 United Kingdom 0.0200 0 60/60 2025-06-01T00:00..', '3 331 France | Paris 0.0300 0 60/60 2025-06-01T00:00..']);
  });
  it('a comma deck with pipes in its names stays a comma deck', async () => {
    const path = write('comma-pipes.csv', 'Destination,Code,Rate\nUK | Mobile|x,447,0.0200\nFR|y,33,0.0300\n');
    expect(lines(await read(path))).toEqual(['2 447 UK | Mobile|x 0.0200 0 60/60 2025-06-01T00:00..', '3 33 FR|y 0.0300 0 60/60 2025-06-01T00:00..']);
  });
});

describe('amounts out of range', () => {
  it('a rate of 1e100000000 is a row error saying it is out of range, in milliseconds, and the other rows import', async () => {
    const path = write('huge-rate.csv', 'Code,Rate,Connection Fee\n44,1e100000000,0\n33,0.0300,1e400\n34,0.0400,0\n');
    const started = performance.now();
    const result = await read(path);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.errors.map((error) => [error.row, error.reason])).toEqual([
      [2, expect.stringContaining('"1e100000000" is out of range: its absolute value is 10^9 or more')],
      [3, expect.stringContaining('"1e400" is out of range: its absolute value is 10^9 or more')],
    ]);
    expect(lines(result)).toEqual(['4 34 - 0.0400 0 60/60 2025-06-01T00:00..']);
  });
  it('rate cells say why a decimal is out of range: digits, places, magnitude, and doubles such as 1e300 from XLSX', () => {
    expect(parseRateCell('1e400')).toEqual({ kind: 'invalid', reason: '"1e400" is out of range: its absolute value is 10^9 or more; at most 999999999 is accepted' });
    expect(parseRateCell('0.1234567890123456789012345678901')).toMatchObject({ reason: expect.stringContaining('it has 31 significant digits; at most 30') });
    expect(parseRateCell('1e-40')).toMatchObject({ reason: expect.stringContaining('it has 40 decimal places; at most 30') });
    expect(parseRateCell(1e300)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('"1e+300" is out of range') });
    expect(parseRateCell(1e-300)).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('300 decimal places') });
    expect(parseRateCell(2339)).toEqual({ kind: 'rate', rate: '2339' });
    expect(parseRateCell(0.15840000000000001)).toEqual({ kind: 'rate', rate: '0.1584' });
  });
});

describe('international prefixes and --prepend', () => {
  it('codes written 0044 or 011 33 are refused with a hint naming the prefix and --strip-prefix', async () => {
    const path = write('intl.csv', 'Code,Rate\n0044,0.02\n"011 33",0.03\n34,0.04\n');
    const result = await read(path);
    expect(result.errors.map((error) => [error.row, error.reason])).toEqual([
      [2, '"0044" starts with 00, the international dialling prefix, not part of a dial code; give --strip-prefix 00 to drop it'],
      [3, '"011 33" starts with 011, the North American international dialling prefix, not part of a dial code; give --strip-prefix 011 to drop it'],
    ]);
    expect(lines(result)).toEqual(['4 34 - 0.04 0 60/60 2025-06-01T00:00..']);
  });
  it('--strip-prefix 00 drops it from the codes that start with it, and leaves the others', async () => {
    const path = write('intl-strip.csv', 'Code,Rate\n0044,0.02\n"00 33",0.03\n34,0.04\n');
    expect(lines(await read(path, { stripPrefix: '00' }))).toEqual(['2 44 - 0.02 0 60/60 2025-06-01T00:00..', '3 33 - 0.03 0 60/60 2025-06-01T00:00..', '4 34 - 0.04 0 60/60 2025-06-01T00:00..']);
    expect(lines(await read(write('intl-011.csv', 'Code,Rate\n"011 33",0.03\n'), { stripPrefix: '011' }))).toEqual(['2 33 - 0.03 0 60/60 2025-06-01T00:00..']);
  });
  it('--prepend 1 on codes that all start with 1 is refused instead of giving 11201… without a word', async () => {
    const error = await deckError(read(write('prepended.csv', 'Code,Rate\n1201200,0.02\n1201201,0.03\n'), { prepend: '1' }));
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toBe('--prepend 1: every code in prepended.csv already starts with 1 (1201200 would become 11201200); import it without --prepend.');
  });
  it('--prepend 1 on codes of which some start with 1 imports them with a warning', async () => {
    const result = await read(write('some-prepended.csv', 'Code,Rate\n1201200,0.02\n201201,0.03\n201202,0.03\n'), { prepend: '1' });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual(['--prepend 1: 1 of 3 codes were already written starting with 1 (1201200 became 11201200); check they should not be imported without it.']);
  });
});

describe('limits of a deck file (docs/limits.md, "Deck files")', () => {
  it('a 500,000-character destination name is a row error showing its start and length, not the whole name; the other rows import', async () => {
    const path = write('long-name.csv', `Prefix,Destination,Rate\n44,${'U'.repeat(500_000)},0.01\n33,France,0.02\n`);
    const result = await read(path);
    expect([...entriesOf(result.entries)].map((entry) => entry.destination)).toEqual(['France']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 2, column: 'Destination', reason: `a destination name of 500000 characters; at most ${LIMITS.deck.destinationLength} are accepted` });
    expect(result.errors[0]!.value).toBe(`${'U'.repeat(120)}… (500000 characters)`);
  });
  it('a line longer than 1 MiB is a row error naming its line, through the byte reader and papaparse alike', async () => {
    const long = `${'9'.repeat(LIMITS.deck.recordBytes + 10)}`;
    const content = `Prefix,Destination,Rate\n44,UK,0.01\n33,"${long}",0.02\n49,Germany,0.03\n`;
    for (const [name, options] of [
      ['long-line.csv', {}],
      ['long-line-joined.csv', { map: { prefix: '1+1' } }],
    ] as const) {
      const result = await read(write(name, content), options);
      expect(result.errors.map((error) => [error.row, error.column, error.reason])).toEqual([[3, null, `a line of ${LIMITS.deck.recordBytes + 16} characters; at most ${LIMITS.deck.recordBytes} are read from one line (docs/limits.md)`]]);
      expect(result.entries.length).toBe(2);
    }
  });
  it('Excel errors saved into a CSV as text (#N/A) are row errors that say what the cell shows', async () => {
    const result = await read(write('excel-errors.csv', 'Prefix,Destination,Rate\n44,UK,#N/A\n33,#VALUE!,0.02\n49,Germany,0.03\n'));
    expect(result.errors.map((error) => [error.row, error.column, error.value])).toEqual([
      [2, 'Rate', '#N/A'],
      [3, 'Destination', '#VALUE!'],
    ]);
    expect(result.errors[0]!.reason).toBe('the cell shows the Excel error #N/A (a lookup found no value), not a value; expected a decimal such as 0.0470, $0.047 or 1.82E-3');
  });
  it('a file over 1 GiB is refused before a byte of it is parsed', async () => {
    const path = join(work, 'huge.csv');
    writeFileSync(path, 'Prefix,Rate\n44,0.01\n');
    const handle = await open(path, 'r+');
    await handle.truncate(LIMITS.deck.fileBytes + 1);
    await handle.close();
    const error = await deckError(read(path));
    expect(error.code).toBe('UNSUPPORTED_FILE');
    expect(error.message).toContain(`is ${LIMITS.deck.fileBytes + 1} bytes, more than the ${LIMITS.deck.fileBytes} bytes ratedeck reads as one deck`);
  });
  it('more than 10,000,000 rows in one deck is refused naming the deck, as the slices are joined', () => {
    const mapping = { columns: { prefix: [0], rate: [1] }, labels: { prefix: 'Prefix', rate: 'Rate' } } as never;
    const emptySlice = (rowsRead: number) => ({ ...new RowNormaliser(mapping, { prepend: '', decimalComma: false, defaultIncrements: base.defaultIncrements }).finish(), rowsRead });
    const assembler = new DeckAssembler({ mapping, defaultEffectiveFrom: IMPORT_TIME, source: 'big.csv' }, 0);
    assembler.add(emptySlice(LIMITS.deck.rows), 0);
    expect(() => assembler.add(emptySlice(1), LIMITS.deck.rows)).toThrow(`big.csv has more than ${LIMITS.deck.rows} rows`);
  });
});
