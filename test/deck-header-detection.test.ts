import { describe, expect, it } from 'vitest';
import type { CellValue } from '../src/deck/cells/cell-value.js';
import { fieldForHeader, normaliseHeaderName } from '../src/deck/deck-fields.js';
import { detectHeader, findHeader, type HeaderOptions, type HeadRow } from '../src/deck/sniff/header-detection.js';
import { checkMapOption } from '../src/deck/sniff/map-option.js';
import { RatedeckError } from '../src/errors.js';

const rows = (...cells: CellValue[][]): HeadRow[] => cells.map((row, index) => ({ row: index + 1, cells: row }));
const options = (extra: Partial<HeaderOptions> = {}): HeaderOptions => ({ map: {}, header: true, ...extra });

function deckError(run: () => unknown): RatedeckError {
  try {
    run();
  } catch (error) {
    if (error instanceof RatedeckError) return error;
    throw error;
  }
  throw new Error('expected a RatedeckError');
}

describe('column names', () => {
  it('compare ignoring case, spaces, underscores and punctuation', () => {
    expect(normaliseHeaderName('Rates (USD / Min)')).toBe('ratesusdmin');
    expect(fieldForHeader('Rates (USD / Min)')).toBe('rate');
    expect(fieldForHeader('PRICE_PER_MINUTE')).toBe('rate');
    expect(fieldForHeader('Price / min')).toBe('rate');
    expect(fieldForHeader('Price($)')).toBe('rate');
    expect(fieldForHeader('Dial-Code')).toBe('prefix');
    expect(fieldForHeader('NPANXX')).toBe('prefix');
    expect(fieldForHeader('Connection charge')).toBe('connectionFee');
    expect(fieldForHeader('Charge period')).toBe('increments');
    expect(fieldForHeader('First Interval')).toBe('initialIncrement');
    expect(fieldForHeader('Valid From')).toBe('effectiveFrom');
    expect(fieldForHeader('End Date')).toBe('effectiveTo');
  });
  it('US decks: Inter. rate, Intra. rate and Ind. rate, but never a bare intrastate', () => {
    expect(fieldForHeader('Inter. rate')).toBe('interRate');
    expect(fieldForHeader('Interstate')).toBe('interRate');
    expect(fieldForHeader('Intra. rate')).toBe('intraRate');
    expect(fieldForHeader('Intrastate Rate')).toBe('intraRate');
    expect(fieldForHeader('Ind. rate')).toBe('indeterminateRate');
    expect(fieldForHeader('Indeterminate')).toBe('indeterminateRate');
    expect(fieldForHeader('intrastate')).toBeNull();
  });
  it('names are whole: Rate Change and Country Code are nothing', () => {
    expect(fieldForHeader('Rate Change')).toBeNull();
    expect(fieldForHeader('Country Code')).toBeNull();
    expect(fieldForHeader('Target Pattern Name')).toBeNull();
  });
});

describe('finding the header', () => {
  it('the header under a notice block is the first row naming a code and a rate column', () => {
    const found = detectHeader(
      rows(['Bharti Airtel Ltd.'], [], ['Currency:', 'USD'], ['Rate: see below'], ['Destination', 'Country Code', 'Complete Code', 'Rates (USD / Min)', 'Pulse'], ['Abkhazia', '7', '79407', 0.3, '1/1']),
      options(),
      'deck.xlsx',
    );
    expect(found.headerIndex).toBe(4);
    expect(found.mapping.columns).toEqual({ destination: [0], prefix: [2], rate: [3], increments: [4] });
    expect(found.mapping.labels).toMatchObject({ prefix: 'Complete Code', rate: 'Rates (USD / Min)' });
  });
  it('increments in two columns: First Interval and Sub Interval', () => {
    const found = detectHeader(rows(['Destination', 'Prefix', 'First Interval', 'Sub Interval', 'Rate', 'Status', 'Start Date', 'End Date']), options(), 'sdf.csv');
    expect(found.mapping.columns).toEqual({
      destination: [0],
      prefix: [1],
      initialIncrement: [2],
      subsequentIncrement: [3],
      rate: [4],
      effectiveFrom: [6],
      effectiveTo: [7],
    });
  });
  it('--map by header name (exact or loose), by 1-based number, and NPA+NXX joins', () => {
    const head = rows(['NPA', 'NXX', 'Inter. rate', 'Intra. rate', 'Ind. rate', 'Effective']);
    const found = detectHeader(head, options({ map: { prefix: 'NPA+NXX', rate: 'inter rate', effectiveFrom: '6' } }), 'us.xlsx');
    expect(found.mapping.columns).toEqual({ prefix: [0, 1], rate: [2], effectiveFrom: [5], interRate: [2], intraRate: [3], indeterminateRate: [4] });
    expect(found.mapping.labels.prefix).toBe('NPA+NXX');
  });
  it('a duplicate header name needs the column number, and a mapped field ignores its aliases', () => {
    const head = rows(['prefix', 'rate (inter)', 'intrastate', 'intrastate', 'effective']);
    expect(detectHeader(head, options({ map: { prefix: '1', rate: '2', effectiveFrom: '5' } }), 'us.csv').mapping.columns).toEqual({
      prefix: [0],
      rate: [1],
      effectiveFrom: [4],
    });
    const error = deckError(() => detectHeader(head, options({ map: { prefix: '1', rate: '2', intraRate: 'intrastate' } }), 'us.csv'));
    expect(error.message).toContain('columns 3 and 4 are both named "intrastate"');
  });
  it('two columns matching one field stop the import, naming both and asking for --map', () => {
    const error = deckError(() => detectHeader(rows(['ISO', 'Country', 'Description', 'Price / min', 'Destination Prefixes']), options(), 'twilio.csv'));
    expect(error.code).toBe('INVALID_DECK');
    expect(error.message).toContain('"Country" (column 2) and "Description" (column 3)');
    expect(error.message).toContain('--map destination=');
    const chosen = detectHeader(rows(['ISO', 'Country', 'Description', 'Price / min', 'Destination Prefixes']), options({ map: { destination: 'Description' } }), 'twilio.csv');
    expect(chosen.mapping.columns.destination).toEqual([2]);
  });
  it('an increments column and a first/sub interval pair cannot both be used', () => {
    const error = deckError(() => detectHeader(rows(['Code', 'Rate', 'Increments', 'First Interval', 'Sub Interval']), options(), 'x.csv'));
    expect(error.message).toContain('all give increments');
    const mapped = detectHeader(rows(['Code', 'Rate', 'Increments', 'First Interval', 'Sub Interval']), options({ map: { increments: 'Increments' } }), 'x.csv');
    expect(mapped.mapping.columns.initialIncrement).toBeUndefined();
  });
  it('no header in the first 60 rows: says what was looked for and how to point at it', () => {
    const error = deckError(() => detectHeader(rows(['a', 'b'], ['1', '2']), options(), 'deck.csv'));
    expect(error.code).toBe('INVALID_DECK');
    expect(error.message).toContain('no recognisable header in rows 1–2');
    expect(error.message).toContain('"dial code"');
    expect(error.message).toContain('--header-row');
    expect(error.message).toContain('--map');
    expect(findHeader(rows(['a', 'b']), options(), 'deck.csv')).toBeNull();
  });
  it('a --map naming a header that does not exist is an error naming the columns there are', () => {
    const error = deckError(() => detectHeader(rows(['Destination', 'Code', 'Rate']), options({ map: { rate: 'Price per minute' } }), 'deck.csv'));
    expect(error.code).toBe('INVALID_DECK');
    expect(error.message).toContain('--map rate names no column of the header on row 1');
    expect(error.message).toContain('"Code" (column 2)');
  });
  it('a header without a rate column says so', () => {
    const error = deckError(() => detectHeader(rows(['Destination', 'City Code(s)', 'Tariff', 'Effective Date']), options({ map: { prefix: 'City Code(s)' }, headerRow: 1 }), 'tata.xlsx'));
    expect(error.message).toContain('has no rate column');
  });
  it('--header-row picks the row as the user numbers it', () => {
    const found = detectHeader(rows(['Code', 'Rate'], ['x'], ['Prefix', 'Price']), options({ headerRow: 3 }), 'deck.csv');
    expect(found.headerIndex).toBe(2);
    expect(found.mapping.labels).toEqual({ prefix: 'Prefix', rate: 'Price' });
  });
  it('--no-header takes column numbers only, and needs prefix and rate', () => {
    const found = detectHeader(rows(['Afghanistan', '9370', '0.1249']), options({ header: false, map: { destination: '1', prefix: '2', rate: '3' } }), 'vinculum.csv');
    expect(found).toEqual({ headerIndex: -1, mapping: { columns: { destination: [0], prefix: [1], rate: [2] }, labels: { destination: 'column 1', prefix: 'column 2', rate: 'column 3' } } });
    expect(deckError(() => detectHeader(rows(['a', '1']), options({ header: false, map: { prefix: '2' } }), 'x.csv')).message).toContain('--map rate is missing');
    expect(deckError(() => detectHeader(rows(['a', '1']), options({ header: false, map: { prefix: 'Code', rate: '2' } }), 'x.csv')).code).toBe('BAD_OPTION');
  });
  it('a column number past the widest row is refused', () => {
    expect(deckError(() => detectHeader(rows(['a', '1', '2']), options({ header: false, map: { prefix: '2', rate: '9' } }), 'x.csv')).message).toContain('at most 3 columns');
  });
});

describe('the --map option', () => {
  it('rejects unknown fields, empty values and joins of fields other than prefix and destination', () => {
    expect(() => checkMapOption({ price: 'Rate' })).toThrow(/"price" is not a field/);
    expect(() => checkMapOption({ rate: ' ' })).toThrow(/needs a header name/);
    expect(deckError(() => detectHeader(rows(['A', 'B', 'Rate']), options({ map: { prefix: 'A', rate: 'B+Rate' } }), 'x.csv')).code).toBe('BAD_OPTION');
  });
});
