import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCardSnapshot } from '../src/cards/card-trie-loader.js';
import { entryTableFrom } from '../src/model/entry-table.js';
import { priceCustomer } from '../src/pricing/price-customer.js';
import { lcrRoutes } from '../src/server/lcr-routes.js';
import { startLookupServer, type RunningLookupServer } from '../src/server/lookup-server.js';
import { ROUTES } from '../src/server/routes.js';
import { auditedTransaction } from '../src/store/audit-log.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { addCustomer } from '../src/store/customer-store.js';
import { openDatabase, writeTransaction, type Db } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { rateEntry } from './rate-entry-factory.js';

const JAN = Date.UTC(2025, 0, 1);

let directory: string;
let server: RunningLookupServer;
let builder: Db;

function card(rows: [string, string][]) {
  return entryTableFrom(
    rows.map(([prefix, rate]) => rateEntry({ prefix, rate, effectiveFrom: JAN })),
  );
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-lcr-http-'));
  const databasePath = join(directory, 'store.db');
  const db = openDatabase(databasePath);
  writeTransaction(db, () => {
    const cards: [string, string, [string, string][]][] = [
      ['Acme', 'USD', [['44', '0.0100'], ['447', '0.0500']]],
      ['Euro Tel', 'EUR', [['44', '0.0200'], ['4477', '0.0200']]],
      ['Empty', 'USD', []],
    ];
    for (const [name, currency, rows] of cards) {
      const carrier = addCarrier(db, { name, currency, hosts: [] });
      if (rows.length > 0) writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full' }, card(rows));
    }
  });
  auditedTransaction(db, 'customer add', (audit) => addCustomer(db, { name: 'Globex', currency: 'USD', debitLimit: '0' }, audit));
  const plan = { precision: 4, rounding: 'up', exchangeRates: { EUR: '1.1000' }, default: { percent: '10' } };
  priceCustomer(db, { customer: 'Globex', plan, planSource: 'plan.json', carriers: ['Acme', 'Euro Tel'], compact: 'min', at: JAN, effective: JAN });
  db.close();
  // Mounted beside the lookup routes, as `ratedeck serve` mounts them; snapshots built in-process.
  builder = openDatabase(databasePath);
  server = await startLookupServer({
    databasePath,
    port: 0,
    routes: [...ROUTES, ...lcrRoutes],
    loadSnapshot: async (cardId, revisionId) => buildCardSnapshot(builder, cardId, revisionId),
  });
});

afterAll(async () => {
  await server?.close();
  builder?.close();
  rmSync(directory, { recursive: true, force: true });
});

async function get(query: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/v1/lcr?${query}`);
  return { status: response.status, body: await response.json() };
}

describe('GET /v1/lcr', () => {
  it('with a customer: its currency, its plan’s rates, and loss protection', async () => {
    const { status, body } = await get('number=%2B447800900123&customer=Globex');
    expect(status).toBe(200);
    // Sell card 447: min(Acme 0.05, Euro Tel's 44 0.022) × 1.1 = 0.0242.
    expect(body).toEqual([
      { carrier: 'Euro Tel', prefix: '44', rate: '0.022', currency: 'USD', increments: '60/60', profitable: true, sellRate: '0.0242' },
      { carrier: 'Acme', prefix: '447', rate: '0.0500', currency: 'USD', increments: '60/60', profitable: false, sellRate: '0.0242' },
      { carrier: 'Empty', prefix: null, rate: null, currency: 'USD', increments: null, profitable: null, sellRate: '0.0242' },
    ]);
  });

  it('with a currency and rates given as parameters', async () => {
    const { status, body } = await get('number=447700900123&currency=USD&rate=EUR%3D1.0850');
    expect(status).toBe(200);
    expect((body as { carrier: string; prefix: string; rate: string }[]).slice(0, 2)).toMatchObject([
      { carrier: 'Euro Tel', prefix: '4477', rate: '0.0217' },
      { carrier: 'Acme', prefix: '447', rate: '0.0500' },
    ]);
  });

  it('bad requests are 400 with the reason; an unknown customer is 404', async () => {
    expect(await get('customer=Globex')).toMatchObject({ status: 400, body: { error: expect.stringContaining('Parameter number is missing') } });
    expect(await get('number=4420&currency=USD')).toMatchObject({ status: 400, body: { error: expect.stringContaining('give rate=EUR=<USD per EUR>, e.g. rate=EUR=1.0850.') } });
    expect(await get('number=44x')).toMatchObject({ status: 400, body: { code: 'INVALID_VALUE' } });
    expect(await get('number=4420&customer=Nobody')).toMatchObject({ status: 404 });
  });

  it('carriers in two currencies and no currency given: the error shows the query syntax, not CLI flags', async () => {
    const { status, body } = await get('number=4477123');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: 'The carriers price in EUR, USD: give the currency to show costs in and an exchange rate for each other currency, e.g. currency=EUR&rate=USD=1.0850.',
      code: 'BAD_OPTION',
    });
    expect(((await get('number=4477123&currency=USD&rate=EUR:1')).body as { error: string }).error).toBe(
      'Parameter rate "EUR:1": expected <currency>=<positive decimal>, e.g. rate=EUR=1.0850.',
    );
    expect(((await get('number=4477123&customer=Globex&currency=USD&rate=EUR%3D1.1')).body as { error: string }).error).toBe(
      'With a customer, costs are in its currency, converted with the exchange rates of the plan it was priced with: give no currency or rate (received currency=USD&rate=EUR=1.1).',
    );
  });
});
