/**
 * Every real deck in ../shared/decks (the two Twilio price lists excepted: their
 * origin-dependent prices come with a later issue), read with the invocation,
 * gives exactly the entries and row errors of an independent reading of the file: a few
 * lines of plain parsing per deck (papaparse for CSV, exceljs's full workbook reader for
 * XLSX), sharing no code with src/deck. Needs the compiled worker: `npx tsc -p .` first.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readDeck, type DeckReadResult, type ReadDeckOptions } from '../src/deck/read-deck.js';
import { entriesOf } from '../src/model/entry-table.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const deck = (name: string) => resolve(repoRoot, '../shared/decks', name);

const IMPORT_TIME = Date.UTC(2025, 5, 1);
const base: ReadDeckOptions = { defaultIncrements: { initial: 60, subsequent: 60 }, defaultEffectiveFrom: IMPORT_TIME };

/** What one entry should be; absent parts take the defaults the issue names. */
interface Expected {
  row: number;
  prefix: string;
  destination?: string | null;
  rate: string;
  fee?: string;
  increments?: string;
  from?: number;
  to?: number | null;
  us?: [string, string, string];
}

const iso = (time: number) => new Date(time).toISOString();
const format = (e: Expected) =>
  `${e.row} ${e.prefix} ${e.destination ?? '-'} ${e.rate} ${e.fee ?? '0'} ${e.increments ?? '60/60'} ${iso(e.from ?? IMPORT_TIME)} ${e.to ? iso(e.to) : ''} ${e.us?.join(' ') ?? ''}`;
function actual(result: DeckReadResult): string[] {
  return [...entriesOf(result.entries)].map((entry, index) =>
    format({
      row: result.rows[index]!,
      prefix: entry.prefix,
      destination: entry.destination,
      rate: entry.rate,
      fee: entry.connectionFee,
      increments: `${entry.increments.initial}/${entry.increments.subsequent}`,
      from: entry.effectiveFrom,
      to: entry.effectiveTo,
      us: entry.interRate === null ? undefined : [entry.interRate, entry.intraRate!, entry.indeterminateRate!],
    }),
  );
}

/** CSV rows with their file line (1-based), read with papaparse on the whole text. */
function csvRows(name: string): { line: number; cells: string[] }[] {
  const text = readFileSync(deck(name), 'utf8').replace(/^\ufeff/, '');
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: false }).data;
  // None of these decks has a quoted field spanning lines, so row i is line i + 1.
  return rows.map((cells, index) => ({ line: index + 1, cells })).filter((row) => row.cells.join('') !== '');
}

const utcDay = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

describe('real CSV decks', () => {
  it('sdf-az-2010.csv: two increment columns, dates with microseconds, 9 codes without a rate reported by file line', async () => {
    const result = await readDeck(deck('sdf-az-2010.csv'), base);
    const rows = csvRows('sdf-az-2010.csv').slice(1);
    const withRate = rows.filter((row) => row.cells[4] !== '');
    expect(actual(result)).toEqual(
      withRate.map(({ line, cells: [destination, prefix, first, next, rate, , start] }) =>
        format({ row: line, prefix: prefix!, destination, rate: rate!, increments: `${first}/${next}`, from: Date.parse(`${start!.replace(' ', 'T')}Z`) }),
      ),
    );
    const missing = rows.filter((row) => row.cells[4] === '');
    expect(missing).toHaveLength(9);
    expect(result.errors.map((error) => [error.row, error.column, error.value])).toEqual(missing.map((row) => [row.line, 'Rate', '']));
    expect(result.errors.map((error) => error.row)).toEqual([583, 7151, 24073, 24127, 24128, 24129, 24130, 24131, 27393]);
    expect(result).toMatchObject({ rowsRead: 27_523, skippedRows: 0 });
  });

  it('ivoz-prices.csv --map "destination=Target Pattern Name": codes with +, charge period 1 is 1/1', async () => {
    const result = await readDeck(deck('ivoz-prices.csv'), { ...base, map: { destination: 'Target Pattern Name' } });
    const expected = csvRows('ivoz-prices.csv')
      .slice(1)
      .map(({ line, cells: [name, prefix, rate, fee, period] }) =>
        format({ row: line, prefix: prefix!.replace('+', ''), destination: name, rate: rate!, fee, increments: `${period}/${period}` }),
      );
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
    expect(expected).toHaveLength(4_743);
  });

  it('ivoz-prices-2018-lost-decimals.csv: read as written (273 stays 273)', async () => {
    const result = await readDeck(deck('ivoz-prices-2018-lost-decimals.csv'), base);
    const expected = csvRows('ivoz-prices-2018-lost-decimals.csv')
      .slice(1)
      .map(({ line, cells: [, , prefix, rate, fee, period] }) => format({ row: line, prefix: prefix!.replace('+', ''), rate: rate!, fee, increments: `${period}/${period}` }));
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
  });

  it('vinculum-az-2024-noheader.csv --no-header --map destination=1 --map prefix=2 --map rate=3', async () => {
    const result = await readDeck(deck('vinculum-az-2024-noheader.csv'), { ...base, header: false, map: { destination: '1', prefix: '2', rate: '3' } });
    const expected = csvRows('vinculum-az-2024-noheader.csv').map(({ line, cells: [destination, prefix, rate] }) => format({ row: line, prefix: prefix!, destination, rate: rate! }));
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
    expect(expected).toHaveLength(8_348);
  });

  it('impact-notice-2024-noheader.csv: nine columns by number, increments in two of them', async () => {
    const result = await readDeck(deck('impact-notice-2024-noheader.csv'), {
      ...base,
      header: false,
      map: { destination: '1', prefix: '3', rate: '5', effectiveFrom: '7', initialIncrement: '8', subsequentIncrement: '9' },
    });
    const expected = csvRows('impact-notice-2024-noheader.csv').map(({ line, cells }) =>
      format({ row: line, prefix: cells[2]!, destination: cells[0], rate: cells[4]!, increments: `${cells[7]}/${cells[8]}`, from: Date.parse(`${cells[6]}T00:00:00Z`) }),
    );
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
    expect(expected).toHaveLength(358);
  });

  it('us-npanxx-scrubbing-2018.csv --prepend 1', async () => {
    const result = await readDeck(deck('us-npanxx-scrubbing-2018.csv'), { ...base, prepend: '1' });
    const expected = csvRows('us-npanxx-scrubbing-2018.csv')
      .slice(1)
      .map(({ line, cells: [npanxx, rate] }) => format({ row: line, prefix: `1${npanxx}`, rate: rate! }));
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
    expect(expected).toHaveLength(184_215);
  });

  it('us-inter-intra-2025.csv --map prefix=1 --map rate=2 --map effectiveFrom=5: dates 3/31/25 read month first', async () => {
    const result = await readDeck(deck('us-inter-intra-2025.csv'), { ...base, map: { prefix: '1', rate: '2', effectiveFrom: '5' } });
    const expected = csvRows('us-inter-intra-2025.csv')
      .slice(1)
      .map(({ line, cells: [prefix, rate, , , effective] }) => {
        const [month, day, year] = effective!.split('/').map(Number);
        return format({ row: line, prefix: prefix!, rate: rate!, from: utcDay(2000 + year!, month!, day!) });
      });
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
    expect(expected).toHaveLength(58_020);
  });
});

/** Rows of one sheet with exceljs's full (non-streaming) workbook reader. */
async function sheetRows(name: string, sheetName: string): Promise<{ row: number; values: unknown[] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(deck(name));
  const rows: { row: number; values: unknown[] }[] = [];
  workbook.getWorksheet(sheetName)!.eachRow((row, number) => rows.push({ row: number, values: row.values as unknown[] }));
  return rows;
}
const result = (value: unknown): unknown => (value !== null && typeof value === 'object' && 'result' in value ? (value as { result: unknown }).result : value);
/** Rates in these workbooks are plain doubles whose shortest text has no exponent. */
const decimalText = (value: unknown) => {
  const text = String(result(value));
  if (/e/i.test(text)) throw new Error(`${text} needs expanding: the independent reading assumes plain decimals`);
  return text;
};

describe('real XLSX decks', () => {
  it('us-npa-nxx-2025.xlsx --map prefix=NPA+NXX --prepend 1 --map "rate=Inter. rate" --map effectiveFrom=Effective', async () => {
    const [deckResult, rows] = await Promise.all([
      readDeck(deck('us-npa-nxx-2025.xlsx'), { ...base, prepend: '1', map: { prefix: 'NPA+NXX', rate: 'Inter. rate', effectiveFrom: 'Effective' } }),
      sheetRows('us-npa-nxx-2025.xlsx', 'range_new'),
    ]);
    const expected = rows.slice(1).map(({ row, values: [, npa, nxx, inter, intra, ind, effective] }) =>
      format({ row, prefix: `1${npa}${nxx}`, rate: decimalText(inter), from: (effective as Date).getTime(), us: [decimalText(inter), decimalText(intra), decimalText(ind)] }),
    );
    expect(deckResult).toMatchObject({ sheet: 'range_new', errors: [] });
    expect(actual(deckResult)).toEqual(expected);
    expect(expected).toHaveLength(65_535);
  });

  it('airtel-2023-wholesale.xlsx --sheet Pricing: header on row 15 under a notice, formula cells, Pulse 1/1 and 30/6', async () => {
    const [deckResult, rows] = await Promise.all([
      readDeck(deck('airtel-2023-wholesale.xlsx'), {
        ...base,
        sheet: 'Pricing',
        map: { prefix: 'Complete Code', rate: 'Rates (USD / Min)', increments: 'Pulse', effectiveFrom: 'Valid From' },
      }),
      sheetRows('airtel-2023-wholesale.xlsx', 'Pricing'),
    ]);
    const expected = rows
      .filter(({ row }) => row > 15)
      .map(({ row, values }) =>
        format({ row, prefix: String(result(values[4])), destination: String(values[1]), rate: decimalText(values[5]), increments: String(values[9]), from: (values[6] as Date).getTime() }),
      );
    expect(deckResult).toMatchObject({ sheet: 'Pricing', errors: [], skippedRows: 0 });
    expect(actual(deckResult)).toEqual(expected);
    expect(expected).toHaveLength(18_254);
    expect(new Set(expected.map((line) => line.split(' ').at(-4)))).toEqual(new Set(['1/1', '60/60', '30/6', '60/1']));
  });

  it('airtel-2023-wholesale.xlsx without --sheet picks Pricing, the first sheet in workbook order with a header', async () => {
    const deckResult = await readDeck(deck('airtel-2023-wholesale.xlsx'), { ...base, map: { rate: 'Rates (USD / Min)' } });
    expect(deckResult.sheet).toBe('Pricing');
    expect(deckResult.entries.length).toBe(18_254);
  });

  it('tata-2023-rate-notice.xlsx --sheet "Rate Changes": header on row 22, codes 93-76, dates 21-Sep-18, float artefacts, footer notes skipped', async () => {
    const [deckResult, rows] = await Promise.all([
      readDeck(deck('tata-2023-rate-notice.xlsx'), {
        ...base,
        sheet: 'Rate Changes',
        map: { prefix: 'City Code(s)', rate: 'Price($)', effectiveFrom: 'Effective Date' },
      }),
      sheetRows('tata-2023-rate-notice.xlsx', 'Rate Changes'),
    ]);
    const data = rows.filter(({ row, values }) => row > 22 && typeof values[3] === 'number');
    const expected = data.map(({ row, values: [, destination, code, price, effective] }) => {
      const [day, month, year] = String(effective).split('-');
      return format({
        row,
        prefix: String(code).replace('-', ''),
        destination: String(destination),
        rate: decimalText(price),
        from: utcDay(2000 + Number(year), MONTHS.indexOf(month!) + 1, Number(day)),
      });
    });
    expect(deckResult).toMatchObject({ sheet: 'Rate Changes', errors: [] });
    expect(actual(deckResult)).toEqual(expected);
    expect(expected).toHaveLength(106_262);
    expect(deckResult.skippedRows).toBe(deckResult.rowsRead - 106_262);
    expect(expected.some((line) => line.includes(' 0.1584 '))).toBe(true);
  });
});
