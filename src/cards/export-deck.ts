import { isInForce, formatIncrements, type RateEntry } from '../model/rate-entry.js';
import { entriesOf, type EntryTable } from '../model/entry-table.js';
import { formatTime } from '../model/iso-time.js';

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_COLUMNS = ['prefix', 'destination', 'rate', 'connection_fee', 'increments', 'effective_from', 'effective_to'] as const;

/** The entries in force at `at`, ordered by prefix. */
export function entriesInForce(table: EntryTable, at: number): RateEntry[] {
  const entries: RateEntry[] = [];
  for (const entry of entriesOf(table)) if (isInForce(entry, at)) entries.push(entry);
  return entries.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

export function exportRow(entry: RateEntry): string[] {
  return [
    entry.prefix,
    entry.destination ?? '',
    entry.rate,
    entry.connectionFee,
    formatIncrements(entry.increments),
    formatTime(entry.effectiveFrom) ?? '',
    formatTime(entry.effectiveTo) ?? '',
  ];
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvLine(fields: readonly string[]): string {
  return fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(',') + '\n';
}

export function entriesToCsv(entries: RateEntry[]): string {
  let text = csvLine(EXPORT_COLUMNS);
  for (const entry of entries) text += csvLine(exportRow(entry));
  return text;
}

export interface XlsxHeaderBlock {
  rows: [string, string][];
}

/**
 * An XLSX workbook of the entries (one sheet, "Rates"); text cells throughout,
 * so rates keep every digit as written. An optional header block (label/value
 * pairs) sits above the table, as carriers' own notices do.
 */
export async function entriesToXlsx(entries: RateEntry[], headerBlock?: XlsxHeaderBlock): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Rates');
  if (headerBlock) {
    for (const row of headerBlock.rows) sheet.addRow(row);
    sheet.addRow([]);
  }
  sheet.addRow([...EXPORT_COLUMNS]).font = { bold: true };
  for (const entry of entries) sheet.addRow(exportRow(entry));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
