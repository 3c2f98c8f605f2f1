/**
 * Independent readings of the real decks in ../shared/decks, with the invocation
 * for each: a few lines of plain parsing per deck (papaparse on the whole text for CSV,
 * exceljs's full, non-streaming workbook reader for XLSX), sharing no code with src/. The
 * tests compare what ratedeck reads (real-decks-reading) and what it stores and exports
 * (real-decks-export) against these, so each reading states the deck's layout directly
 * rather than detecting anything.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { sharedDeck } from './shared-decks.js';

export const realDeck = sharedDeck;

/**
 * One entry as the deck states it. Absent parts take the defaults the issue names:
 * destination none, connection fee 0, increments 60/60, effective from the import's
 * `--effective` time, open-ended; `us` holds inter/intra/indeterminate rates.
 */
export interface OracleEntry {
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

export interface CsvRow {
  line: number;
  cells: string[];
}

/** CSV rows with their file line (1-based), read with papaparse on the whole text; blank lines dropped. */
export function csvRows(name: string): CsvRow[] {
  const text = readFileSync(realDeck(name), 'utf8').replace(/^\ufeff/, '');
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: false }).data;
  // None of these decks has a quoted field spanning lines, so row i is line i + 1.
  return rows.map((cells, index) => ({ line: index + 1, cells })).filter((row) => row.cells.join('') !== '');
}

export const utcDay = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** sdf-az-2010.csv: the entries of the rows with a rate, and the rows without one (row errors). */
export function readSdfAz2010(): { entries: OracleEntry[]; missingRate: CsvRow[] } {
  const rows = csvRows('sdf-az-2010.csv').slice(1);
  const entries = rows
    .filter((row) => row.cells[4] !== '')
    .map(({ line, cells: [destination, prefix, first, next, rate, , start] }) => ({
      row: line,
      prefix: prefix!,
      destination,
      rate: rate!,
      increments: `${first}/${next}`,
      from: Date.parse(`${start!.replace(' ', 'T')}Z`),
    }));
  return { entries, missingRate: rows.filter((row) => row.cells[4] === '') };
}

/** ivoz-prices.csv --map "destination=Target Pattern Name": codes with +, charge period N is N/N. */
export function readIvozPrices(): OracleEntry[] {
  return csvRows('ivoz-prices.csv')
    .slice(1)
    .map(({ line, cells: [name, prefix, rate, fee, period] }) => ({
      row: line,
      prefix: prefix!.replace('+', ''),
      destination: name,
      rate: rate!,
      fee,
      increments: `${period}/${period}`,
    }));
}

/** ivoz-prices-2018-lost-decimals.csv: destination from "Destination Name"; prices as written. */
export function readIvozPricesLostDecimals(): OracleEntry[] {
  return csvRows('ivoz-prices-2018-lost-decimals.csv')
    .slice(1)
    .map(({ line, cells: [destination, , prefix, rate, fee, period] }) => ({
      row: line,
      prefix: prefix!.replace('+', ''),
      destination,
      rate: rate!,
      fee,
      increments: `${period}/${period}`,
    }));
}

/** vinculum-az-2024-noheader.csv --no-header --map destination=1 --map prefix=2 --map rate=3. */
export function readVinculum(): OracleEntry[] {
  return csvRows('vinculum-az-2024-noheader.csv').map(({ line, cells: [destination, prefix, rate] }) => ({ row: line, prefix: prefix!, destination, rate: rate! }));
}

/** impact-notice-2024-noheader.csv: nine columns by number, increments in columns 8 and 9. */
export function readImpactNotice(): OracleEntry[] {
  return csvRows('impact-notice-2024-noheader.csv').map(({ line, cells }) => ({
    row: line,
    prefix: cells[2]!,
    destination: cells[0],
    rate: cells[4]!,
    increments: `${cells[7]}/${cells[8]}`,
    from: Date.parse(`${cells[6]}T00:00:00Z`),
  }));
}

/** us-npanxx-scrubbing-2018.csv --prepend 1. */
export function readUsNpanxxScrubbing(): OracleEntry[] {
  return csvRows('us-npanxx-scrubbing-2018.csv')
    .slice(1)
    .map(({ line, cells: [npanxx, rate] }) => ({ row: line, prefix: `1${npanxx}`, rate: rate! }));
}

/** us-inter-intra-2025.csv --map prefix=1 --map rate=2 --map effectiveFrom=5: dates M/D/YY. */
export function readUsInterIntra(): OracleEntry[] {
  return csvRows('us-inter-intra-2025.csv')
    .slice(1)
    .map(({ line, cells: [prefix, rate, , , effective] }) => {
      const [month, day, year] = effective!.split('/').map(Number);
      return { row: line, prefix: prefix!, rate: rate!, from: utcDay(2000 + year!, month!, day!) };
    });
}

/** Rows of one sheet with exceljs's full (non-streaming) workbook reader; `values` is 1-based. */
export async function sheetRows(name: string, sheetName: string): Promise<{ row: number; values: unknown[] }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(realDeck(name));
  const rows: { row: number; values: unknown[] }[] = [];
  workbook.getWorksheet(sheetName)!.eachRow((row, number) => rows.push({ row: number, values: row.values as unknown[] }));
  return rows;
}

/** A formula cell's cached result, or the cell's value. */
export const cellResult = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && 'result' in value ? (value as { result: unknown }).result : value;

/** Rates in these workbooks are plain doubles whose shortest text has no exponent. */
export const decimalText = (value: unknown) => {
  const text = String(cellResult(value));
  if (/e/i.test(text)) throw new Error(`${text} needs expanding: the independent reading assumes plain decimals`);
  return text;
};

/** us-npa-nxx-2025.xlsx --map prefix=NPA+NXX --prepend 1 --map "rate=Inter. rate" --map effectiveFrom=Effective. */
export async function readUsNpaNxx(): Promise<OracleEntry[]> {
  const rows = await sheetRows('us-npa-nxx-2025.xlsx', 'range_new');
  return rows.slice(1).map(({ row, values: [, npa, nxx, inter, intra, ind, effective] }) => ({
    row,
    prefix: `1${npa}${nxx}`,
    rate: decimalText(inter),
    from: (effective as Date).getTime(),
    us: [decimalText(inter), decimalText(intra), decimalText(ind)] as [string, string, string],
  }));
}

/** airtel-2023-wholesale.xlsx --sheet Pricing: header on row 15, formula cells, Pulse as increments. */
export async function readAirtel(): Promise<OracleEntry[]> {
  const rows = await sheetRows('airtel-2023-wholesale.xlsx', 'Pricing');
  return rows
    .filter(({ row }) => row > 15)
    .map(({ row, values }) => ({
      row,
      prefix: String(cellResult(values[4])),
      destination: String(values[1]),
      rate: decimalText(values[5]),
      increments: String(values[9]),
      from: (values[6] as Date).getTime(),
    }));
}

/** tata-2023-rate-notice.xlsx --sheet "Rate Changes": header on row 22, codes 93-76, dates 21-Sep-18, footer notes skipped. */
export async function readTata(): Promise<OracleEntry[]> {
  const rows = await sheetRows('tata-2023-rate-notice.xlsx', 'Rate Changes');
  return rows
    .filter(({ row, values }) => row > 22 && typeof values[3] === 'number')
    .map(({ row, values: [, destination, code, price, effective] }) => {
      const [day, month, year] = String(effective).split('-');
      return {
        row,
        prefix: String(code).replace('-', ''),
        destination: String(destination),
        rate: decimalText(price),
        from: utcDay(2000 + Number(year), MONTHS.indexOf(month!) + 1, Number(day)),
      };
    });
}
