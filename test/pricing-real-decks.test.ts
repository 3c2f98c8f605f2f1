import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDeck } from '../src/cards/import-deck.js';
import { entriesOf } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { priceCustomer, type PriceSummary } from '../src/pricing/price-customer.js';
import { auditedTransaction } from '../src/store/audit-log.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { addCustomer, getCustomer } from '../src/store/customer-store.js';
import { openDatabase, type Db } from '../src/store/database.js';
import { cardIdFor, latestRevision, readRevisionEntries } from '../src/store/rate-card-store.js';
import { sharedDecksDir, sharedDecksMissing } from './shared-decks.js';

const decks = sharedDecksDir ?? '';
const IMPORTED = Date.UTC(2024, 0, 1);
const AT = Date.UTC(2025, 0, 1);
const EFFECTIVE = Date.UTC(2025, 0, 2);

// Ivoz prices in EUR (converted at 1.0850), Vinculum in USD; the customer buys in USD.
const PLAN = {
  precision: 4,
  rounding: 'up',
  minMargin: '0.0010',
  minRate: '0.0050',
  exchangeRates: { EUR: '1.0850' },
  default: { percent: '20' },
  rules: [
    { prefix: '93', percent: '10' },
    { destination: '*cellular*', add: '0.0030' },
    { prefix: '3554', price: '0.3000' },
    { prefix: '21320', price: '0.0100' },
    { prefix: '6827', block: true },
  ],
};

let directory: string;
let db: Db;
let summary: PriceSummary;
let sold: Map<string, RateEntry>;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-pricing-real-'));
  db = openDatabase(join(directory, 'store.db'));
  addCarrier(db, { name: 'Ivoz', currency: 'EUR', hosts: [] });
  addCarrier(db, { name: 'Vinculum', currency: 'USD', hosts: [] });
  auditedTransaction(db, 'customer add', (audit) => addCustomer(db, { name: 'Globex', currency: 'USD', debitLimit: '0' }, audit));
  const common = { mode: 'full' as const, skipInvalid: false, dryRun: false, defaultIncrements: { initial: 60, subsequent: 60 }, defaultEffectiveFrom: IMPORTED };
  const ivoz = await importDeck(db, { ...common, carrier: 'Ivoz', file: join(decks, 'ivoz-prices.csv'), map: { destination: 'Target Pattern Name' } });
  const vinculum = await importDeck(db, {
    ...common,
    carrier: 'Vinculum',
    file: join(decks, 'vinculum-az-2024-noheader.csv'),
    header: false,
    map: { destination: '1', prefix: '2', rate: '3' },
  });
  expect([ivoz.committed, vinculum.committed]).toEqual([true, true]);

  summary = priceCustomer(db, { customer: 'Globex', plan: PLAN, planSource: 'plan.json', carriers: ['Ivoz', 'Vinculum'], compact: 'min', at: AT, effective: EFFECTIVE });
  const customerCard = cardIdFor(db, 'customer', getCustomer(db, 'Globex').id, false)!;
  sold = new Map([...entriesOf(readRevisionEntries(db, latestRevision(db, customerCard)!.id))].map((entry) => [entry.prefix, entry]));
});

afterAll(() => {
  db?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe.skipIf(sharedDecksMissing)('a sell card from ivoz-prices.csv (EUR) and vinculum-az-2024 (USD)', () => {
  // Each case: the code, what each deck says about it, and the hand computation.
  it.each([
    // Vinculum 9371 0.1249 USD; Ivoz only has 937 at 0.261 EUR = 0.283185 USD. Min 0.1249, rule 93: ×1.10 = 0.13739 → up 0.1374.
    ['9371', '0.1374', 'Afghanistan-cellular AWCC', '0.0000', '60/60'],
    // Both list 9376: Ivoz 0.273 EUR = 0.296205, Vinculum 0.1179. ×1.10 = 0.12969 → 0.1297; destination of the first carrier named.
    ['9376', '0.1297', 'Afghanistan', '0.0000', '60/60'],
    // Vinculum 21365 0.29 (Algeria-cellular Mobilis), Ivoz 2136 0.392 EUR. No prefix rule: the *cellular* rule, default's 20 %: 0.29 × 1.2 + 0.003 = 0.351.
    ['21365', '0.3510', 'Algeria-cellular Mobilis', '0.0000', '60/60'],
    // Ivoz 35589 0.204 EUR = 0.22134; Vinculum's own longest prefix is 355 at 0.128: cheaper. Default 20 %: 0.1536.
    ['35589', '0.1536', 'Albania', '0.0000', '60/60'],
    // Rule 3554 is an absolute price: 0.3000 whatever the cost (Vinculum's 355, 0.128).
    ['3554249', '0.3000', 'Albania', '0.0000', '60/60'],
    // Ivoz alone (Cook Islands): 0.738 EUR = 0.80073 USD × 1.2 = 0.960876 → 0.9609; its fee 0.738 EUR → 0.80073 → 0.8008; charge period 1.
    ['682', '0.9609', 'Cook Islands', '0.8008', '1/1'],
    // Ivoz alone: 0.012 EUR = 0.01302 × 1.2 = 0.015624 → 0.0157 (above minMargin's 0.01402 and minRate); fee 0.01302 → 0.0131.
    ['1800', '0.0157', 'United States', '0.0131', '1/1'],
  ])('code %s sells at %s', (code, rate, destination, connectionFee, increments) => {
    const entry = sold.get(code);
    expect(entry).toBeDefined();
    expect(entry).toMatchObject({ rate, destination, connectionFee, effectiveFrom: EFFECTIVE, effectiveTo: null });
    expect(`${entry!.increments.initial}/${entry!.increments.subsequent}`).toBe(increments);
  });

  it('a blocked code is left out, a price under cost is reported', () => {
    expect(sold.has('6827')).toBe(false);
    expect(summary.blocked).toBe(1);
    // 21320: Vinculum 0.0419, priced at 0.0100.
    expect(summary.belowCost).toContainEqual({ prefix: '21320', buy: '0.0419', sell: '0.0100' });
  });

  it('the union holds every code either deck lists', () => {
    // 4,743 + 8,348 codes, 878 of them in both, one blocked.
    expect(summary.entries).toBe(4743 + 8348 - 878 - 1);
    expect(sold.size).toBe(summary.entries);
  });
});
