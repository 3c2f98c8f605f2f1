import { isInForce, formatIncrements, type RateEntry } from '../model/rate-entry.js';
import { entriesOf, type EntryTable } from '../model/entry-table.js';
import { formatTime } from '../model/iso-time.js';
import { COLUMN_NAMES, ENTRY_COLUMNS, type ColumnDeclaration } from '../model/entry-schema.js';

export type ExportFormat = 'csv' | 'xlsx';

/** An export column after the prefix, with the entry column it shows (the increments share one: 30/6). */
interface ExportedColumn {
  label: string;
  column: (typeof COLUMN_NAMES)[number];
  whenUsed: boolean;
}

const EXPORTED: readonly ExportedColumn[] = [...new Set(COLUMN_NAMES.map((name) => ENTRY_COLUMNS[name].exported).filter((label) => label !== null))].map(
  (label) => {
    const column = COLUMN_NAMES.find((name) => ENTRY_COLUMNS[name].exported === label)!;
    const declaration: ColumnDeclaration = ENTRY_COLUMNS[column];
    return { label, column, whenUsed: declaration.exportedWhenUsed === true };
  },
);
const ALWAYS_EXPORTED = EXPORTED.filter((exported) => !exported.whenUsed);

/** The header of an export without optional columns: the prefix, then the entry columns in declaration order. */
export const EXPORT_COLUMNS: readonly string[] = ['prefix', ...ALWAYS_EXPORTED.map((exported) => exported.label)];

/** The columns an export of `entries` shows: the plain ones, and each optional one some entry has (US inter/intra rates). */
function exportedColumns(entries: readonly RateEntry[]): readonly ExportedColumn[] {
  const fields = entries as unknown as readonly Record<string, unknown>[];
  return EXPORTED.filter((exported) => !exported.whenUsed || fields.some((entry) => entry[exported.column] !== null && entry[exported.column] !== undefined));
}

/** The header row for `columns`. */
function exportHeader(columns: readonly ExportedColumn[] = ALWAYS_EXPORTED): string[] {
  return ['prefix', ...columns.map((exported) => exported.label)];
}

/** The entries in force at `at`, ordered by prefix. */
export function entriesInForce(table: EntryTable, at: number): RateEntry[] {
  const entries: RateEntry[] = [];
  for (const entry of entriesOf(table)) if (isInForce(entry, at)) entries.push(entry);
  return entries.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

export function exportRow(entry: RateEntry, columns: readonly ExportedColumn[] = ALWAYS_EXPORTED): string[] {
  const fields = entry as unknown as Record<string, string | number | null>;
  const row = [entry.prefix];
  for (const { column } of columns) {
    const kind = ENTRY_COLUMNS[column].kind;
    if (kind === 'seconds') row.push(formatIncrements(entry.increments));
    else if (kind === 'time') row.push(formatTime(fields[column] as number | null) ?? '');
    else row.push((fields[column] as string | null) ?? '');
  }
  return row;
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvLine(fields: readonly string[]): string {
  return fields.map((field) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(',') + '\n';
}

export function entriesToCsv(entries: RateEntry[]): string {
  const columns = exportedColumns(entries);
  let text = csvLine(exportHeader(columns));
  for (const entry of entries) text += csvLine(exportRow(entry, columns));
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
  const columns = exportedColumns(entries);
  sheet.addRow(exportHeader(columns)).font = { bold: true };
  for (const entry of entries) sheet.addRow(exportRow(entry, columns));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
