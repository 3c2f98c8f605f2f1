import { describe, expect, it } from 'vitest';
import { joinCodeCells, parseCodeCell } from '../src/deck/cells/code-cell.js';
import { DateTableBuilder } from '../src/deck/cells/date-table-builder.js';
import { parseDateCell } from '../src/deck/cells/date-cell.js';
import { RowNormaliser } from '../src/deck/cells/row-normaliser.js';
import { parseIncrementsCell, parseSecondsCell } from '../src/deck/cells/increments-cell.js';
import { parseRateCell } from '../src/deck/cells/rate-cell.js';
import { xlsxCellValue, xlsxRowCells } from '../src/deck/worker/xlsx/xlsx-cell.js';
import { NONE } from '../src/deck/slice-builder.js';

const codes = (value: Parameters<typeof parseCodeCell>[0], prepend?: string) => {
  const cell = parseCodeCell(value, prepend);
  return cell.kind === 'codes' ? cell.codes : cell.kind;
};
const rate = (value: Parameters<typeof parseRateCell>[0], decimalComma = false) => {
  const cell = parseRateCell(value, decimalComma);
  return cell.kind === 'rate' ? cell.rate : cell.kind;
};
/** A date cell as the reader takes it: an id in its column's date table, whose times the decided order picks. */
const time = (value: Parameters<typeof parseDateCell>[0], order: 'DMY' | 'MDY' = 'DMY') => {
  const builder = new DateTableBuilder();
  const id = builder.idOf(value);
  if (id === NONE) return 'absent';
  if (typeof id === 'string') return 'invalid';
  const table = builder.finish();
  const at = (order === 'DMY' ? table.dayFirst : table.monthFirst)[id]!;
  return Number.isNaN(at) ? 'no date in that order' : new Date(at).toISOString();
};
/** Whether the reader takes a row with no code and this rate cell for data (an error), not a note it skips. */
const rowWithoutCodeIsData = (rateCell: string | null) => {
  const normaliser = new RowNormaliser({ columns: { prefix: [0], rate: [1] }, labels: {} }, { prepend: '', decimalComma: false, defaultIncrements: { initial: 60, subsequent: 60 } });
  normaliser.accept(['', rateCell], 1);
  return normaliser.finish().skippedRows === 0;
};

describe('code cells', () => {
  it('a plain code is itself', () => {
    expect(codes('4477')).toEqual(['4477']);
  });
  it('+, spaces and quotes are stripped: +44 77 and \'4477\' are 4477', () => {
    expect(codes('+44 77')).toEqual(['4477']);
    expect(codes("'4477'")).toEqual(['4477']);
    expect(codes('"4477"')).toEqual(['4477']);
    expect(codes('+9377')).toEqual(['9377']);
  });
  it('93-76 is country code and area code joined: 9376', () => {
    expect(codes('93-76')).toEqual(['9376']);
    expect(codes('52-2262349')).toEqual(['522262349']);
  });
  it('a list separated by commas or semicolons gives one code each', () => {
    expect(codes('3763, 3764, 3766')).toEqual(['3763', '3764', '3766']);
    expect(codes('93-70; 93-72')).toEqual(['9370', '9372']);
    expect(codes('26371,26373 , 26377,')).toEqual(['26371', '26373', '26377']);
  });
  it('--prepend goes in front of every code: 6-digit NPA-NXX 201200 becomes 1201200', () => {
    expect(codes('201200', '1')).toEqual(['1201200']);
    expect(codes('3763, 3764', '1')).toEqual(['13763', '13764']);
    expect(codes(201200, '1')).toEqual(['1201200']);
  });
  it('numeric XLSX cells are whole numbers', () => {
    expect(codes(4477)).toEqual(['4477']);
    expect(codes(44.5)).toBe('invalid');
    expect(codes(-44)).toBe('invalid');
  });
  it('an empty cell is absent, also with --prepend', () => {
    expect(codes(null)).toBe('absent');
    expect(codes('')).toBe('absent');
    expect(codes('  ', '1')).toBe('absent');
    expect(codes('', '1')).toBe('absent');
  });
  it('anything that is not 1–15 digits is invalid, with a reason', () => {
    expect(parseCodeCell('44x7')).toEqual({ kind: 'invalid', reason: expect.stringContaining('"44x7" is not a dial code') });
    expect(parseCodeCell('1234567890123456')).toEqual({ kind: 'invalid', reason: expect.stringContaining('16 digits') });
    expect(codes('123456789012345')).toEqual(['123456789012345']);
    expect(codes('Prices valid from 1 May')).toBe('invalid');
  });
  it('NPA+NXX joins the cells as written: 201 and 200 are 201200', () => {
    expect(joinCodeCells([201, 200])).toBe('201200');
    expect(joinCodeCells([' 201', '200 '])).toBe('201200');
    expect(joinCodeCells([null, null])).toBeNull();
  });
});

describe('rate cells', () => {
  it('keeps the decimal exactly as written: 0.04700 stays 0.04700', () => {
    expect(rate('0.04700')).toBe('0.04700');
    expect(rate(' 0.047 ')).toBe('0.047');
    expect(rate('.5')).toBe('0.5');
    expect(rate('0')).toBe('0');
  });
  it('$0.047 is 0.047', () => {
    expect(rate('$0.047')).toBe('0.047');
    expect(rate('0.047 €')).toBe('0.047');
  });
  it('1.82E-3 is 0.00182', () => {
    expect(rate('1.82E-3')).toBe('0.00182');
    expect(rate('2e-4')).toBe('0.0002');
  });
  it('0,047 is a decimal only with a decimal comma (semicolon files, --decimal-comma)', () => {
    expect(rate('0,047', true)).toBe('0.047');
    expect(rate('0,047')).toBe('invalid');
    expect(rate('1,234.5', true)).toBe('invalid');
  });
  it('a numeric XLSX cell reads as its shortest round-trip: 0.15840000000000001 is 0.1584', () => {
    expect(rate(0.15840000000000001)).toBe('0.1584');
    expect(rate(1.82e-3)).toBe('0.00182');
    expect(rate(0.1 + 0.2)).toBe('0.30000000000000004');
  });
  it('negative and non-numeric rates are refused with a reason', () => {
    expect(parseRateCell('-0.01')).toEqual({ kind: 'negative', reason: '-0.01 is negative; expected an amount of zero or more' });
    expect(parseRateCell(-0.01).kind).toBe('negative');
    expect(parseRateCell('n/a')).toEqual({ kind: 'invalid', reason: expect.stringContaining('"n/a" is not an amount') });
    expect(rate('0.04.7')).toBe('invalid');
  });
  it('a negative rate is still a number (the row is an error, not a note); text is not', () => {
    expect(rowWithoutCodeIsData('-0.01')).toBe(true);
    expect(rowWithoutCodeIsData('see notes')).toBe(false);
    expect(rowWithoutCodeIsData(null)).toBe(false);
  });
});

describe('date cells', () => {
  it('ISO dates without a time are 00:00 UTC', () => {
    expect(time('2025-03-01')).toBe('2025-03-01T00:00:00.000Z');
  });
  it('ISO dates with a time, fractions and zones: a time without zone is UTC', () => {
    expect(time('2010-06-26 06:55:00')).toBe('2010-06-26T06:55:00.000Z');
    expect(time('2010-07-02 11:06:58.484053')).toBe('2010-07-02T11:06:58.484Z');
    expect(time('2025-03-01T12:00')).toBe('2025-03-01T12:00:00.000Z');
    expect(time('2025-03-01T12:00:00+01:00')).toBe('2025-03-01T11:00:00.000Z');
    expect(time('2025-03-01T12:00:00Z')).toBe('2025-03-01T12:00:00.000Z');
  });
  it('21-Sep-18 is 2018-09-21; two-digit years follow Excel (00–29 are 2000s)', () => {
    expect(time('21-Sep-18')).toBe('2018-09-21T00:00:00.000Z');
    expect(time('07-Aug-2018')).toBe('2018-08-07T00:00:00.000Z');
    expect(time('21 September 2018')).toBe('2018-09-21T00:00:00.000Z');
    expect(time('Sep 21, 2018')).toBe('2018-09-21T00:00:00.000Z');
    expect(time('01-Jan-45')).toBe('1945-01-01T00:00:00.000Z');
  });
  it('Excel serials, as numeric cells or text: 45658 is 2025-01-01', () => {
    expect(time(45658)).toBe('2025-01-01T00:00:00.000Z');
    expect(time('45658')).toBe('2025-01-01T00:00:00.000Z');
    expect(time(45658.5)).toBe('2025-01-01T12:00:00.000Z');
    const cell = parseDateCell(44197, true);
    expect(cell.kind === 'time' && new Date(cell.time).toISOString()).toBe('2025-01-02T00:00:00.000Z');
  });
  it('3/31/25 reads only month first, 31/03/2025 only day first, 03/04/2025 both ways', () => {
    expect(time('3/31/25', 'MDY')).toBe('2025-03-31T00:00:00.000Z');
    expect(time('3/31/25', 'DMY')).toBe('no date in that order');
    expect(time('31/03/2025', 'DMY')).toBe('2025-03-31T00:00:00.000Z');
    expect(time('31.03.2025', 'MDY')).toBe('no date in that order');
    expect(time('03/04/2025', 'DMY')).toBe('2025-04-03T00:00:00.000Z');
    expect(time('03/04/2025', 'MDY')).toBe('2025-03-04T00:00:00.000Z');
  });
  it('numeric dates may carry a time, with AM/PM as US exports write it', () => {
    expect(time('3/31/2025 12:00:00 AM', 'MDY')).toBe('2025-03-31T00:00:00.000Z');
    expect(time('3/31/2025 2:30 PM', 'MDY')).toBe('2025-03-31T14:30:00.000Z');
    expect(time('02/04/2025 14:30', 'DMY')).toBe('2025-04-02T14:30:00.000Z');
  });
  it('20250301 is a compact ISO date', () => {
    expect(time('20250301')).toBe('2025-03-01T00:00:00.000Z');
  });
  it('impossible dates and other text are invalid; empty cells absent', () => {
    expect(time('2025-02-30')).toBe('invalid');
    expect(time('31/02/2025')).toBe('invalid');
    expect(time('2025-03-01 25:00')).toBe('invalid');
    expect(time('soon')).toBe('invalid');
    expect(time(0)).toBe('invalid');
    expect(time('')).toBe('absent');
    expect(time(null)).toBe('absent');
    expect(parseDateCell('soon')).toEqual({ kind: 'invalid', reason: expect.stringContaining('"soon" is not a date') });
  });
});

describe('increment cells', () => {
  const increments = (value: Parameters<typeof parseIncrementsCell>[0]) => {
    const cell = parseIncrementsCell(value);
    return cell.kind === 'increments' ? `${cell.increments.initial}/${cell.increments.subsequent}` : cell.kind;
  };
  it('60/60 and 30/6 are first/next seconds', () => {
    expect(increments('60/60')).toBe('60/60');
    expect(increments('30/6')).toBe('30/6');
    expect(increments(' 60 / 1 ')).toBe('60/1');
  });
  it('a single number N means N/N', () => {
    expect(increments('1')).toBe('1/1');
    expect(increments(60)).toBe('60/60');
  });
  it('zero, fractions, text and more than an hour are invalid; empty is absent', () => {
    expect(increments('60/0')).toBe('invalid');
    expect(increments('1.5')).toBe('invalid');
    expect(increments('per minute')).toBe('invalid');
    expect(increments('7200/60')).toBe('invalid');
    expect(increments('')).toBe('absent');
  });
  it('two columns give their seconds one by one', () => {
    expect(parseSecondsCell('30')).toEqual({ kind: 'seconds', seconds: 30 });
    expect(parseSecondsCell(6)).toEqual({ kind: 'seconds', seconds: 6 });
    expect(parseSecondsCell('6s').kind).toBe('invalid');
    expect(parseSecondsCell(null).kind).toBe('absent');
  });
});

describe('XLSX cell values', () => {
  it('formulas give their cached result, rich text its text, dates their ISO time', () => {
    expect(xlsxCellValue({ formula: 'CONCATENATE("Rates (",B13," / Min)")', result: 'Rates (USD / Min)' })).toBe('Rates (USD / Min)');
    expect(xlsxCellValue({ sharedFormula: 'C16', result: 9407 })).toBe(9407);
    expect(xlsxCellValue({ richText: [{ text: 'Company Name: ' }, { text: 'JOOD' }] })).toBe('Company Name: JOOD');
    expect(xlsxCellValue({ text: 'site', hyperlink: 'https://example.com' })).toBe('site');
    expect(xlsxCellValue(new Date(Date.UTC(2025, 9, 10)))).toBe('2025-10-10T00:00:00.000Z');
    expect(xlsxCellValue({ error: '#N/A' })).toBe('#N/A');
    expect(xlsxCellValue(undefined)).toBeNull();
  });
  it('row values are 1-based and sparse; cells come back 0-based', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(xlsxRowCells([, 'Destination', , 0.5])).toEqual(['Destination', null, 0.5]);
  });
});

describe('decimal ids without string hashing', () => {
  it('the same text gets the same id; 0.1 and 0.10 stay apart; numbers meet their text', async () => {
    const { DecimalIds } = await import('../src/deck/cells/decimal-ids.js');
    const texts: string[] = [];
    const ids = new DecimalIds((text) => texts.push(text) - 1);
    expect([ids.idOf('0.1'), ids.idOf('0.10'), ids.idOf('0.1'), ids.idOf('12'), ids.idOf('1.2')]).toEqual([0, 1, 0, 2, 3]);
    expect(ids.idOfNumber(0.1)).toBe(0);
    expect(ids.idOfNumber(0.15840000000000001)).toBe(4);
    expect(texts).toEqual(['0.1', '0.10', '12', '1.2', '0.1584']);
    expect(ids.idOf('123456789012345')).toBe(5);
    expect(ids.idOf('123456789.012345')).toBe(6);
  });
  it('anything not canonical goes the slow way: signs, exponents, leading zeros, 16 digits', async () => {
    const { DecimalIds } = await import('../src/deck/cells/decimal-ids.js');
    const ids = new DecimalIds(() => 0);
    for (const text of ['-0.1', '+1', '1e-3', '00.5', '05', '.5', '5.', '1,5', '', '1234567890123456', '12345678901234567']) expect([text, ids.idOf(text)]).toEqual([text, -1]);
    expect(ids.idOfNumber(-0.5)).toBe(-1);
    expect(ids.idOfNumber(1e-7)).toBe(-1);
    expect(ids.idOfNumber(Number.NaN)).toBe(-1);
  });
  it('keeps every id through many distinct rates', async () => {
    const { DecimalIds } = await import('../src/deck/cells/decimal-ids.js');
    const texts: string[] = [];
    const ids = new DecimalIds((text) => texts.push(text) - 1);
    const values = Array.from({ length: 20_000 }, (_, i) => (i / 40_000).toFixed(5));
    const first = values.map((text) => ids.idOf(text));
    expect(values.map((text) => ids.idOf(text))).toEqual(first);
    expect(first.map((id) => texts[id])).toEqual(values);
  });
});
