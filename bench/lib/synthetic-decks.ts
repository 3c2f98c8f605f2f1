import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from './seeded-random.js';


const DESTINATIONS = ['United Kingdom', 'United Kingdom, Mobile', 'France', 'Germany - Mobile', 'USA, New York', 'Nigeria "MTN"', 'India'];
const INCREMENTS = ['60/60', '30/6', '1/1', '6/6'];

/**
 * One deck row as carriers write them: destination, prefix, rate, increments,
 * effective date. Rates come from 3,000 distinct values, as in real decks (the
 * 184k-row US NPA-NXX deck in ../shared/decks has 2,979).
 */
export function syntheticRow(i: number, random: () => number): string[] {
  const prefix = String(10_000_000 + i * 7);
  const rate = (0.001 + Math.floor(random() * 3000) * 0.00013).toFixed(5);
  const month = 1 + (i % 12);
  return [DESTINATIONS[i % DESTINATIONS.length]!, prefix, rate, INCREMENTS[i % INCREMENTS.length]!, `2025-${String(month).padStart(2, '0')}-01`];
}

export const SYNTHETIC_HEADER = ['Destination', 'Prefix', 'Rate', 'Increment', 'Effective Date'];

function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export async function writeSyntheticCsv(path: string, rows: number, seed = 1): Promise<void> {
  const random = seededRandom(seed);
  const out = createWriteStream(path);
  let chunk = SYNTHETIC_HEADER.join(',') + '\r\n';
  for (let i = 0; i < rows; i++) {
    chunk += syntheticRow(i, random).map(csvField).join(',') + '\r\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

export async function writeSyntheticXlsx(path: string, rows: number, seed = 1): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const random = seededRandom(seed);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Rates');
  sheet.addRow(['Synthetic Carrier Ltd — rate notice']).commit();
  sheet.addRow([]).commit();
  sheet.addRow(SYNTHETIC_HEADER).commit();
  for (let i = 0; i < rows; i++) {
    const [destination, prefix, rate, increments, date] = syntheticRow(i, random);
    // Numeric cells for prefix and rate, a real date cell: what spreadsheets hold.
    sheet.addRow([destination, Number(prefix), Number(rate), increments, new Date(`${date}T00:00:00Z`)]).commit();
  }
  sheet.commit();
  await workbook.commit();
}
