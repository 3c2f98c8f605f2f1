import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTableFrom } from '../src/model/entry-table.js';
import { priceCustomer } from '../src/pricing/price-customer.js';
import { exportSellCard, neutraliseCell } from '../src/pricing/sell-card-export.js';
import { auditedTransaction } from '../src/store/audit-log.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { addCustomer } from '../src/store/customer-store.js';
import { openDatabase, writeTransaction, type Db } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { rateEntry } from './rate-entry-factory.js';

const JAN = Date.UTC(2025, 0, 1);
const FEB = Date.UTC(2025, 1, 1);

let directory: string;
let db: Db;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-sell-export-'));
  db = openDatabase(join(directory, 'store.db'));
  const rows: [string, string][] = [
    ['44', '=HYPERLINK("http://evil.example","UK")'],
    ['447', '-Mobile'],
    ['33', '+33 France'],
    ['49', '@Germany'],
    ['1', 'United States'],
  ];
  writeTransaction(db, () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    const table = entryTableFrom(
      rows.map(([prefix, destination]) => rateEntry({ prefix, destination, rate: '0.0100', effectiveFrom: JAN })),
    );
    writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full' }, table);
  });
  auditedTransaction(db, 'customer add', (audit) => addCustomer(db, { name: 'Globex', currency: 'USD', debitLimit: '0' }, audit));
  const plan = { precision: 4, rounding: 'up', default: { percent: '20' } };
  priceCustomer(db, { customer: 'Globex', plan, planSource: 'plan.json', carriers: ['Acme'], compact: 'min', at: JAN, effective: FEB });
});

afterAll(() => {
  db?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the customer-ready sell card', () => {
  it('cells that would start a formula get a leading apostrophe; others are untouched', () => {
    expect(['=1+1', '+44', '-Mobile', '@SUM(A1)', '\tx', 'United Kingdom', '0.0120', ''].map(neutraliseCell)).toEqual([
      "'=1+1",
      "'+44",
      "'-Mobile",
      "'@SUM(A1)",
      "'\tx",
      'United Kingdom',
      '0.0120',
      '',
    ]);
  });

  it('XLSX: a header block (customer, currency, effective date), then the table, formula-like cells kept as typed in Text format', async () => {
    const exported = await exportSellCard(db, 'globex', { at: FEB, format: 'xlsx' });
    expect(exported).toMatchObject({ entries: 5, revision: 1 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Uint8Array.from(exported.data as Buffer).buffer);
    const sheet = workbook.getWorksheet('Rates')!;
    const row = (n: number): unknown[] => (sheet.getRow(n).values as unknown[]).slice(1);
    expect([row(1), row(2), row(3)]).toEqual([
      ['Customer', 'Globex'],
      ['Currency', 'USD'],
      ['Effective date', '2025-02-01'],
    ]);
    expect(row(5)).toEqual(['prefix', 'destination', 'rate', 'connection_fee', 'increments', 'effective_from', 'effective_to']);
    const table = [6, 7, 8, 9, 10].map((n) => row(n).slice(0, 3));
    // No stray apostrophe: an XLSX string cell is never evaluated, so the text stays what was priced.
    expect(table).toEqual([
      ['1', 'United States', '0.0120'],
      ['33', '+33 France', '0.0120'],
      ['44', '=HYPERLINK("http://evil.example","UK")', '0.0120'],
      ['447', '-Mobile', '0.0120'],
      ['49', '@Germany', '0.0120'],
    ]);
    // Each is a string cell in Excel's Text format ("@"), so it stays text when the customer edits it too.
    for (const n of [7, 8, 9, 10]) {
      const cell = sheet.getRow(n).getCell(2);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.numFmt).toBe('@');
    }
    expect(sheet.getRow(6).getCell(2).numFmt).toBeUndefined();
    // Nothing became a formula cell.
    sheet.eachRow((excelRow) => excelRow.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('XLSX: a customer named "=Evil Cust" appears as typed in the header block, in Text format', async () => {
    auditedTransaction(db, 'customer add', (audit) => addCustomer(db, { name: '=Evil Cust', currency: 'USD', debitLimit: '0' }, audit));
    const plan = { precision: 4, rounding: 'up', default: { percent: '20' } };
    priceCustomer(db, { customer: '=Evil Cust', plan, planSource: 'plan.json', carriers: ['Acme'], compact: 'min', at: JAN, effective: FEB });
    const exported = await exportSellCard(db, '=Evil Cust', { at: FEB, format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Uint8Array.from(exported.data as Buffer).buffer);
    const customerCell = workbook.getWorksheet('Rates')!.getCell(1, 2);
    expect(customerCell.value).toBe('=Evil Cust');
    expect(customerCell.numFmt).toBe('@');
    const csv = (await exportSellCard(db, '=Evil Cust', { at: FEB, format: 'csv' })).data as string;
    expect(csv).toContain(`447,'-Mobile,0.0120,`);
  });

  it('CSV: the same columns, the same neutralising', async () => {
    const exported = await exportSellCard(db, 'Globex', { at: FEB, format: 'csv' });
    const lines = (exported.data as string).trim().split('\n');
    expect(lines[0]).toBe('prefix,destination,rate,connection_fee,increments,effective_from,effective_to');
    expect(lines).toContain(`44,"'=HYPERLINK(""http://evil.example"",""UK"")",0.0120,0.0000,60/60,2025-02-01T00:00:00.000Z,`);
    expect(lines).toContain(`447,'-Mobile,0.0120,0.0000,60/60,2025-02-01T00:00:00.000Z,`);
  });

  it('before its effective date the card has nothing in force; a customer without a card is NOT_FOUND', async () => {
    expect((await exportSellCard(db, 'Globex', { at: JAN, format: 'csv' })).entries).toBe(0);
    auditedTransaction(db, 'customer add', (audit) => addCustomer(db, { name: 'Initech', currency: 'USD', debitLimit: '0' }, audit));
    await expect(exportSellCard(db, 'Initech', { at: FEB, format: 'csv' })).rejects.toThrow(/has no sell rate card yet; build one with `ratedeck price/);
  });
});
