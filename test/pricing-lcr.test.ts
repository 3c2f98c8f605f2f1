import { describe, expect, it } from 'vitest';
import { RatedeckError } from '../src/errors.js';
import { entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { leastCostRoute, type RouteCarrier } from '../src/pricing/lcr.js';
import { answerLcr, parseRateOptions, type RouteCustomer } from '../src/pricing/lcr-request.js';
import { buildPrefixTrie } from '../src/trie/build-prefix-trie.js';
import { rateEntry } from './rate-entry-factory.js';

const AT = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;

type Row = Partial<RateEntry> & { prefix: string; rate: string };

function compiled(rows: Row[]) {
  return buildPrefixTrie(
    entryTableFrom(
      rows.map((row) => rateEntry({ effectiveFrom: AT - DAY, ...row })),
    ),
  );
}

function carrier(name: string, currency: string, rows: Row[] | null): RouteCarrier {
  return { name, currency, card: rows === null ? null : compiled(rows) };
}

const noRate = () => new Error('unexpected conversion');

describe('least-cost routing', () => {
  // A's 44 is cheap, but B lists 4477: B's own longest prefix decides B's cost for a 4477 number.
  const carriers = [
    carrier('A', 'USD', [
      { prefix: '44', rate: '0.0100' },
      { prefix: '447', rate: '0.0900', increments: { initial: 1, subsequent: 1 } },
    ]),
    carrier('B', 'USD', [
      { prefix: '44', rate: '0.0050' },
      { prefix: '4477', rate: '0.0500', increments: { initial: 30, subsequent: 6 } },
    ]),
    carrier('C', 'USD', [{ prefix: '33', rate: '0.0010' }]),
    carrier('D', 'USD', null),
  ];

  it('each carrier is costed at its own longest prefix before sorting: 4477 is B at 0.0500, then A at 447', () => {
    const routes = leastCostRoute('447700900123', carriers, { at: AT, currency: 'USD', exchangeRates: {}, missingRate: noRate });
    expect(routes).toEqual([
      { carrier: 'B', prefix: '4477', rate: '0.0500', currency: 'USD', increments: '30/6', profitable: null },
      { carrier: 'A', prefix: '447', rate: '0.0900', currency: 'USD', increments: '1/1', profitable: null },
      { carrier: 'C', prefix: null, rate: null, currency: 'USD', increments: null, profitable: null },
      { carrier: 'D', prefix: null, rate: null, currency: 'USD', increments: null, profitable: null },
    ]);
  });

  it('a 4478 number falls back to each carrier’s 447 / 44 and ranks B’s 44 first', () => {
    const routes = leastCostRoute('447800900123', carriers, { at: AT, currency: 'USD', exchangeRates: {}, missingRate: noRate });
    expect(routes.slice(0, 2).map((route) => [route.carrier, route.prefix, route.rate])).toEqual([
      ['B', '44', '0.0050'],
      ['A', '447', '0.0900'],
    ]);
  });

  it('costs are converted exactly before comparing, equal costs keep carrier order', () => {
    const routes = leastCostRoute(
      '4420',
      [carrier('Euro', 'EUR', [{ prefix: '44', rate: '0.0100' }]), carrier('Pound', 'GBP', [{ prefix: '44', rate: '0.0100' }]), carrier('Dollar', 'USD', [{ prefix: '44', rate: '0.0117' }])],
      { at: AT, currency: 'USD', exchangeRates: { EUR: '1.1700', GBP: '1.2500' }, missingRate: noRate },
    );
    expect(routes.map((route) => [route.carrier, route.rate])).toEqual([
      ['Euro', '0.0117'],
      ['Dollar', '0.0117'],
      ['Pound', '0.0125'],
    ]);
  });

  it('a carrier whose entry starts later is not routed yet', () => {
    const later = [carrier('Later', 'USD', [{ prefix: '49', rate: '0.0010', effectiveFrom: AT + DAY }])];
    expect(leastCostRoute('4930', later, { at: AT, currency: 'USD', exchangeRates: {}, missingRate: noRate })[0]!.prefix).toBeNull();
  });
});

describe('loss protection and options', () => {
  const carriers = [
    carrier('Cheap', 'USD', [{ prefix: '44', rate: '0.0100' }]),
    carrier('Dear', 'EUR', [{ prefix: '44', rate: '0.0200' }]),
    carrier('Exact', 'USD', [{ prefix: '44', rate: '0.0150' }]),
  ];
  const customer: RouteCustomer = { name: 'Globex', currency: 'USD', card: compiled([{ prefix: '44', rate: '0.0150' }]), exchangeRates: { EUR: '1.1000' } };

  it('with a customer, routes costing more than its sell rate are unprofitable; equal cost is profitable', () => {
    const routes = answerLcr({ number: '+44 20 7946 0000', at: AT, customer }, carriers);
    expect(routes.map((route) => [route.carrier, route.rate, route.profitable, route.sellRate])).toEqual([
      ['Cheap', '0.0100', true, '0.0150'],
      ['Exact', '0.0150', true, '0.0150'],
      ['Dear', '0.022', false, '0.0150'],
    ]);
  });

  it('a number the customer does not sell: profitability unknown (null), not a loss, and sellRate null says why', () => {
    const routes = answerLcr({ number: '4420', at: AT, customer: { ...customer, card: compiled([{ prefix: '33', rate: '1' }]) } }, carriers);
    expect(routes.map((route) => [route.carrier, route.profitable, route.sellRate])).toEqual([
      ['Cheap', null, null],
      ['Exact', null, null],
      ['Dear', null, null],
    ]);
  });

  it('a sell card that starts after --at: every route is unjudged, none marked unprofitable', () => {
    const later = compiled([{ prefix: '44', rate: '0.0150', effectiveFrom: AT + DAY }]);
    const before = answerLcr({ number: '4420', at: AT, customer: { ...customer, card: later } }, carriers);
    expect(before.every((route) => route.profitable === null && route.sellRate === null)).toBe(true);
    const after = answerLcr({ number: '4420', at: AT + DAY, customer: { ...customer, card: later } }, carriers);
    expect(after.map((route) => route.profitable)).toEqual([true, true, false]);
  });

  it('without a customer, routes carry no sellRate field at all', () => {
    expect(answerLcr({ number: '4420', at: AT, currency: 'USD', rates: { EUR: '1.1' } }, carriers).every((route) => !('sellRate' in route))).toBe(true);
  });

  it('carriers in one currency need no rate; mixed currencies need --currency and a --rate naming the missing one', () => {
    const usd = carriers.filter((c) => c.currency === 'USD');
    expect(answerLcr({ number: '4420', at: AT }, usd)[0]!.currency).toBe('USD');
    expect(() => answerLcr({ number: '4420', at: AT }, carriers)).toThrow(/price in EUR, USD: give the currency .* e\.g\. --currency EUR --rate USD=1\.0850\./);
    expect(() => answerLcr({ number: '4420', at: AT, currency: 'USD' }, carriers)).toThrow(/Carrier "Dear" prices in EUR: give --rate EUR=<USD per EUR>/);
    const converted = answerLcr({ number: '4420', at: AT, currency: 'USD', rates: parseRateOptions(['eur=1.0850']) }, carriers);
    expect(converted.find((route) => route.carrier === 'Dear')!.rate).toBe('0.0217');
  });

  it('a customer plan without the carrier currency names the missing exchange rate', () => {
    const attempt = () => answerLcr({ number: '4420', at: AT, customer: { ...customer, exchangeRates: {} } }, carriers);
    expect(attempt).toThrow(RatedeckError);
    expect(attempt).toThrow(/no exchangeRates\.EUR/);
  });

  it('a malformed number and a malformed --rate are clear errors', () => {
    expect(() => answerLcr({ number: '44x', at: AT }, carriers)).toThrow(/not a phone number/);
    expect(() => parseRateOptions(['EUR:1.08'])).toThrow(/--rate "EUR:1.08": expected <currency>=<positive decimal>/);
    expect(() => parseRateOptions(['EUR=0'])).toThrow(/expected <currency>=<positive decimal>/);
  });
});
