/**
 * Every real deck in ../shared/decks (the two Twilio price lists excepted: their
 * origin-dependent prices come with a later issue), read with the invocation,
 * gives exactly the entries and row errors of an independent reading of the file
 * (test/real-deck-oracle.ts: a few lines of plain parsing per deck, papaparse for CSV,
 * exceljs's full workbook reader for XLSX, sharing no code with src/). Needs the compiled
 * worker: `npx tsc -p .` first.
 */
import { describe, expect, it } from 'vitest';
import { readDeck, type DeckReadResult, type ReadDeckOptions } from '../src/deck/read-deck.js';
import { entriesOf } from '../src/model/entry-table.js';
import {
  readAirtel,
  readImpactNotice,
  readIvozPrices,
  readIvozPricesLostDecimals,
  readSdfAz2010,
  readTata,
  readUsInterIntra,
  readUsNpaNxx,
  readUsNpanxxScrubbing,
  readVinculum,
  realDeck as deck,
  type OracleEntry as Expected,
} from './real-deck-oracle.js';
import { sharedDecksMissing } from './shared-decks.js';

const IMPORT_TIME = Date.UTC(2025, 5, 1);
const base: ReadDeckOptions = { defaultIncrements: { initial: 60, subsequent: 60 }, defaultEffectiveFrom: IMPORT_TIME };

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

describe.skipIf(sharedDecksMissing)('real CSV decks', () => {
  it('sdf-az-2010.csv: two increment columns, dates with microseconds, 9 codes without a rate reported by file line', async () => {
    const result = await readDeck(deck('sdf-az-2010.csv'), base);
    const { entries, missingRate: missing } = readSdfAz2010();
    expect(actual(result)).toEqual(entries.map(format));
    expect(missing).toHaveLength(9);
    expect(result.errors.map((error) => [error.row, error.column, error.value])).toEqual(missing.map((row) => [row.line, 'Rate', '']));
    expect(result.errors.map((error) => error.row)).toEqual([583, 7151, 24073, 24127, 24128, 24129, 24130, 24131, 27393]);
    expect(result).toMatchObject({ rowsRead: 27_523, skippedRows: 0 });
  });

  it('ivoz-prices.csv --map "destination=Target Pattern Name": codes with +, charge period 1 is 1/1', async () => {
    const result = await readDeck(deck('ivoz-prices.csv'), { ...base, map: { destination: 'Target Pattern Name' } });
    const expected = readIvozPrices().map(format);
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
    expect(expected).toHaveLength(4_743);
  });

  it('ivoz-prices-2018-lost-decimals.csv: read as written (273 stays 273)', async () => {
    const result = await readDeck(deck('ivoz-prices-2018-lost-decimals.csv'), base);
    const expected = readIvozPricesLostDecimals().map(format);
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
  });

  it('vinculum-az-2024-noheader.csv --no-header --map destination=1 --map prefix=2 --map rate=3', async () => {
    const result = await readDeck(deck('vinculum-az-2024-noheader.csv'), { ...base, header: false, map: { destination: '1', prefix: '2', rate: '3' } });
    const expected = readVinculum().map(format);
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
    const expected = readImpactNotice().map(format);
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
    expect(expected).toHaveLength(358);
  });

  it('us-npanxx-scrubbing-2018.csv --prepend 1', async () => {
    const result = await readDeck(deck('us-npanxx-scrubbing-2018.csv'), { ...base, prepend: '1' });
    const expected = readUsNpanxxScrubbing().map(format);
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
    expect(expected).toHaveLength(184_215);
  });

  it('us-inter-intra-2025.csv --map prefix=1 --map rate=2 --map effectiveFrom=5: dates 3/31/25 read month first', async () => {
    const result = await readDeck(deck('us-inter-intra-2025.csv'), { ...base, map: { prefix: '1', rate: '2', effectiveFrom: '5' } });
    const expected = readUsInterIntra().map(format);
    expect(result.errors).toEqual([]);
    expect(actual(result)).toEqual(expected);
    expect(expected).toHaveLength(58_020);
  });
});

describe.skipIf(sharedDecksMissing)('real XLSX decks', () => {
  it('us-npa-nxx-2025.xlsx --map prefix=NPA+NXX --prepend 1 --map "rate=Inter. rate" --map effectiveFrom=Effective', async () => {
    const [deckResult, oracle] = await Promise.all([
      readDeck(deck('us-npa-nxx-2025.xlsx'), { ...base, prepend: '1', map: { prefix: 'NPA+NXX', rate: 'Inter. rate', effectiveFrom: 'Effective' } }),
      readUsNpaNxx(),
    ]);
    const expected = oracle.map(format);
    expect(deckResult).toMatchObject({ sheet: 'range_new', errors: [] });
    expect(actual(deckResult)).toEqual(expected);
    expect(expected).toHaveLength(65_535);
  });

  it('airtel-2023-wholesale.xlsx --sheet Pricing: header on row 15 under a notice, formula cells, Pulse 1/1 and 30/6', async () => {
    const [deckResult, oracle] = await Promise.all([
      readDeck(deck('airtel-2023-wholesale.xlsx'), {
        ...base,
        sheet: 'Pricing',
        map: { prefix: 'Complete Code', rate: 'Rates (USD / Min)', increments: 'Pulse', effectiveFrom: 'Valid From' },
      }),
      readAirtel(),
    ]);
    const expected = oracle.map(format);
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
    const [deckResult, oracle] = await Promise.all([
      readDeck(deck('tata-2023-rate-notice.xlsx'), {
        ...base,
        sheet: 'Rate Changes',
        map: { prefix: 'City Code(s)', rate: 'Price($)', effectiveFrom: 'Effective Date' },
      }),
      readTata(),
    ]);
    const expected = oracle.map(format);
    expect(deckResult).toMatchObject({ sheet: 'Rate Changes', errors: [] });
    expect(actual(deckResult)).toEqual(expected);
    expect(expected).toHaveLength(106_262);
    expect(deckResult.skippedRows).toBe(deckResult.rowsRead - 106_262);
    expect(expected.some((line) => line.includes(' 0.1584 '))).toBe(true);
  });
});
