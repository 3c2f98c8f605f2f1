import type { Cell } from 'exceljs';
import { revisionSources, type CardExport } from '../cards/export-card.js';
import { csvLine, entriesInForce, EXPORT_COLUMNS, exportRow, type ExportFormat } from '../cards/export-deck.js';
import type { RateEntry } from '../model/rate-entry.js';
import { formatTime } from '../model/iso-time.js';
import { requireLatestRevision } from '../store/card-owner.js';
import { getCustomer } from '../store/customer-store.js';
import type { Db } from '../store/database.js';
import { readRevisionEntries } from '../store/rate-card-store.js';
import { pricedDetailsOf } from './priced-revision.js';

/**
 * A cell that starts with one of these is read as a formula by spreadsheet
 * programs (a destination named `=HYPERLINK(…)`, `+44 mobile`, `-Mobile`,
 * `@SUM(…)`), and tab and carriage return start the same trick after a
 * delimiter. The sell card goes to a customer, so such cells must stay text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * For CSV, whose cells have no type: a leading apostrophe, as OWASP advises,
 * which spreadsheet programs read as "this is text" and hide.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * XLSX keeps the text as it is: its string cells are never evaluated, and an
 * apostrophe there would be a visible stray character. Excel's Text number
 * format ("@") keeps the cell text when the customer edits it too (exceljs
 * 4.4 cannot write the quotePrefix style, which would do the same).
 */
function protectXlsxCell(cell: Cell): void {
  if (typeof cell.value === 'string' && FORMULA_START.test(cell.value)) cell.numFmt = '@';
}

/** The header block above an XLSX sell card. */
export interface SellCardHeader {
  customer: string;
  currency: string;
  /** When the sell rates took effect (the priced revision's --effective), or null if unknown. */
  effective: number | null;
}

/** CSV of sell entries: the deck export columns, every cell neutralised with an apostrophe. */
function sellCardCsv(entries: readonly RateEntry[]): string {
  let text = csvLine(EXPORT_COLUMNS);
  for (const entry of entries) text += csvLine(exportRow(entry).map(neutraliseCell));
  return text;
}

/**
 * An XLSX sell card, ready to send: a header block (customer, currency,
 * effective date), a blank row, then the table. Text cells throughout, so
 * rates keep every decimal as priced ("0.1200"); a cell that would start a
 * formula keeps its text and gets the Text format.
 */
async function sellCardXlsx(entries: readonly RateEntry[], header: SellCardHeader): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Rates');
  const effective = formatTime(header.effective);
  sheet.addRow(['Customer', header.customer]).eachCell(protectXlsxCell);
  sheet.addRow(['Currency', header.currency]);
  sheet.addRow(['Effective date', effective ? effective.slice(0, 10) : '']);
  for (let row = 1; row <= 3; row++) sheet.getCell(row, 1).font = { bold: true };
  sheet.addRow([]);
  sheet.addRow([...EXPORT_COLUMNS]).font = { bold: true };
  for (const entry of entries) sheet.addRow(exportRow(entry)).eachCell(protectXlsxCell);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type SellCardExport = CardExport;

/**
 * `ratedeck deck export --customer <name>`: the customer's sell entries in
 * force at `at`, by prefix, as CSV or XLSX. NOT_FOUND when the customer has
 * no sell card yet.
 */
export async function exportSellCard(db: Db, customerName: string, options: { at: number; format: ExportFormat }): Promise<SellCardExport> {
  const customer = getCustomer(db, customerName);
  const { cardId, revision } = requireLatestRevision(db, { kind: 'customer', id: customer.id, name: customer.name });
  const entries = entriesInForce(readRevisionEntries(db, revision.id), options.at);
  const effective = pricedDetailsOf(revision)?.effective ?? null;
  const data =
    options.format === 'csv' ? sellCardCsv(entries) : await sellCardXlsx(entries, { customer: customer.name, currency: customer.currency, effective });
  return { data, entries: entries.length, revision: revision.number, sources: revisionSources(db, cardId) };
}
