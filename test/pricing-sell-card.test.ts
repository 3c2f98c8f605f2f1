import { describe, expect, it } from 'vitest';
import { RatedeckError } from '../src/errors.js';
import { entriesOf, entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { validateMarginPlan } from '../src/pricing/margin-plan.js';
import { buildSellCard, type CompactMode, type CostCard, type SellCard } from '../src/pricing/sell-card-builder.js';
import { rateEntry } from './rate-entry-factory.js';

const AT = Date.UTC(2025, 0, 1);
const EFFECTIVE = Date.UTC(2025, 0, 2);
const DAY = 86_400_000;

type Row = Partial<RateEntry> & { prefix: string; rate: string };

function card(name: string, currency: string, rows: Row[]): CostCard {
  const entries: RateEntry[] = rows.map((row) => rateEntry({ effectiveFrom: AT - DAY, ...row }));
  return { name, currency, table: entryTableFrom(entries) };
}

function price(cards: CostCard[], fields: Record<string, unknown>, compact: CompactMode = 'min', currency = 'USD'): SellCard {
  const plan = validateMarginPlan({ precision: 4, rounding: 'up', ...fields });
  return buildSellCard(cards, { plan, currency, at: AT, effective: EFFECTIVE, compact });
}

function byCode(built: SellCard): Record<string, RateEntry> {
  return Object.fromEntries([...entriesOf(built.table)].map((entry) => [entry.prefix, entry]));
}

function rates(built: SellCard): Record<string, string> {
  return Object.fromEntries(Object.entries(byCode(built)).map(([code, entry]) => [code, entry.rate]));
}

describe('one carrier', () => {
  it('sell entries start at --effective, open-ended, with the carrier destination', () => {
    const built = price([card('A', 'USD', [{ prefix: '44', rate: '0.0100', destination: 'UK' }])], { default: { percent: '20' } });
    expect(byCode(built)['44']).toMatchObject({ destination: 'UK', rate: '0.0120', effectiveFrom: EFFECTIVE, effectiveTo: null });
    expect(built.summary).toEqual({ entries: 1, blocked: 0, belowCost: [], incrementWarnings: [] });
  });

  it('only entries in force at --at are priced', () => {
    const built = price(
      [
        card('A', 'USD', [
          { prefix: '44', rate: '0.0100', effectiveTo: AT - 1 },
          { prefix: '44', rate: '0.0200', effectiveFrom: AT - 1 },
          { prefix: '45', rate: '0.0300', effectiveFrom: AT + DAY },
        ]),
      ],
      {},
    );
    expect(rates(built)).toEqual({ '44': '0.0200' });
  });

  it('EUR costs are converted with exchangeRates before the mark-up', () => {
    const built = price([card('A', 'EUR', [{ prefix: '49', rate: '0.0100', connectionFee: '0.01' }])], {
      exchangeRates: { EUR: '1.0850' },
      default: { percent: '20' },
    });
    // 0.0100 EUR = 0.01085 USD; × 1.20 = 0.01302, up → 0.0131. Fee 0.01085 up → 0.0109.
    expect(byCode(built)['49']).toMatchObject({ rate: '0.0131', connectionFee: '0.0109' });
  });

  it('a carrier currency without an exchange rate is a plan error naming the rate', () => {
    const attempt = () => price([card('Acme', 'GBP', [{ prefix: '44', rate: '0.01' }])], {});
    expect(attempt).toThrow(RatedeckError);
    expect(attempt).toThrow(/exchangeRates\.GBP: expected the USD value of one GBP.*carrier "Acme" prices in GBP/);
  });

  it('block leaves codes out and counts them; a longer rule prefix sells again', () => {
    const built = price(
      [
        card('A', 'USD', [
          { prefix: '882', rate: '1.0000' },
          { prefix: '88213', rate: '1.0000' },
          { prefix: '8825', rate: '1.0000' },
          { prefix: '44', rate: '0.0100' },
        ]),
      ],
      { rules: [{ prefix: '882', block: true }, { prefix: '8825', percent: '10' }] },
    );
    expect(rates(built)).toEqual({ '8825': '1.1000', '44': '0.0100' });
    expect(built.summary.blocked).toBe(2);
  });

  it('connection fee: the rule fee as written, else the carrier fee rounded; increments likewise', () => {
    const built = price(
      [
        card('A', 'USD', [
          { prefix: '1', rate: '0.0100', connectionFee: '0.00123', increments: { initial: 30, subsequent: 6 } },
          { prefix: '44', rate: '0.0100', connectionFee: '0.00123', increments: { initial: 30, subsequent: 6 } },
        ]),
      ],
      { rules: [{ prefix: '1', increments: '60/60', connectionFee: '0.0100' }] },
    );
    expect(byCode(built)['1']).toMatchObject({ connectionFee: '0.0100', increments: { initial: 60, subsequent: 60 } });
    expect(byCode(built)['44']).toMatchObject({ connectionFee: '0.0013', increments: { initial: 30, subsequent: 6 } });
  });

  it('sold on shorter increments than bought (buy 60/60, sell 1/1) is an increment warning', () => {
    const built = price([card('A', 'USD', [{ prefix: '7', rate: '0.0100' }])], { rules: [{ prefix: '7', increments: '1/1' }] });
    expect(built.summary.incrementWarnings).toEqual([{ prefix: '7', bought: '60/60', sold: '1/1' }]);
  });

  it('a price under cost, and down rounding under cost, are reported in belowCost', () => {
    const built = price(
      [
        card('A', 'USD', [
          { prefix: '8816', rate: '1.5000' },
          { prefix: '2', rate: '0.12345' },
        ]),
      ],
      { rounding: 'down', rules: [{ prefix: '8816', price: '1.2000' }] },
    );
    expect(built.summary.belowCost).toEqual([
      { prefix: '8816', buy: '1.5', sell: '1.2000' },
      { prefix: '2', buy: '0.12345', sell: '0.1234' },
    ]);
  });

  it('US jurisdictional rates are marked up with the same rule', () => {
    const built = price([card('A', 'USD', [{ prefix: '1201555', rate: '0.0100', interRate: '0.0100', intraRate: '0.0200', indeterminateRate: null }])], {
      default: { percent: '10' },
    });
    expect(byCode(built)['1201555']).toMatchObject({ interRate: '0.0110', intraRate: '0.0220', indeterminateRate: null });
  });

  it('many codes sharing rates are priced per rule, not per first-seen code', () => {
    const rows: Row[] = [];
    for (let i = 0; i < 50; i++) rows.push({ prefix: `44${i}`, rate: '0.0100' }, { prefix: `33${i}`, rate: '0.0100' });
    const built = rates(price([card('A', 'USD', rows)], { default: { percent: '20' }, rules: [{ prefix: '44', percent: '50' }] }));
    expect(built['4449']).toBe('0.0150');
    expect(built['3349']).toBe('0.0120');
  });
});

describe('multi-carrier union', () => {
  // A knows 44 and 447; B knows 44 and 4477. Each carrier's cost for a code is its own longest prefix.
  const a = card('A', 'USD', [
    { prefix: '44', rate: '0.0500', destination: 'UK', increments: { initial: 1, subsequent: 1 }, connectionFee: '0.0010' },
    { prefix: '447', rate: '0.1000', destination: 'UK Mobile', increments: { initial: 1, subsequent: 1 }, connectionFee: '0.0010' },
  ]);
  const b = card('B', 'USD', [
    { prefix: '44', rate: '0.0600', destination: 'United Kingdom', increments: { initial: 60, subsequent: 1 }, connectionFee: '0.0020' },
    { prefix: '4477', rate: '0.0200', destination: 'UK Vodafone', increments: { initial: 30, subsequent: 6 } },
  ]);
  const c = card('C', 'USD', [{ prefix: '33', rate: '0.0300' }]);

  it('447 in one deck, 4477 in another: min resolves each carrier before comparing', () => {
    const built = byCode(price([a, b, c], {}));
    expect(Object.keys(built).sort()).toEqual(['33', '44', '447', '4477']);
    expect(built['44']).toMatchObject({ rate: '0.0500', destination: 'UK' });
    // B has no 447: its cost for 447 is its 44 at 0.0600, cheaper than A's 447 at 0.1000.
    expect(built['447']).toMatchObject({ rate: '0.0600', destination: 'UK Mobile', increments: { initial: 60, subsequent: 1 }, connectionFee: '0.0020' });
    expect(built['4477']).toMatchObject({ rate: '0.0200', destination: 'UK Vodafone', increments: { initial: 30, subsequent: 6 } });
    // C matches none of the 44 codes and is left out; 33 comes from C alone.
    expect(built['33']!.rate).toBe('0.0300');
  });

  it('max takes the highest cost, the highest fee and the longest increments', () => {
    const built = byCode(price([a, b], {}, 'max'));
    expect(built['44']).toMatchObject({ rate: '0.0600', connectionFee: '0.0020', increments: { initial: 60, subsequent: 1 } });
    expect(built['447']).toMatchObject({ rate: '0.1000', connectionFee: '0.0020', increments: { initial: 60, subsequent: 1 } });
    expect(built['4477']).toMatchObject({ rate: '0.1000', connectionFee: '0.0010', increments: { initial: 30, subsequent: 6 } });
  });

  it('avg takes the mean of the carriers that match, before the mark-up', () => {
    const built = rates(price([a, b, c], { default: { percent: '10' } }, 'avg'));
    expect(built).toEqual({ '44': '0.0605', '447': '0.0880', '4477': '0.0660', '33': '0.0330' });
  });

  it('costs in two currencies are compared after conversion', () => {
    const euro = card('E', 'EUR', [{ prefix: '44', rate: '0.0500' }]);
    const built = byCode(price([euro, a], { exchangeRates: { EUR: '1.1000' } }));
    // 0.05 EUR = 0.055 USD, dearer than A's 0.05 USD.
    expect(built['44']!.rate).toBe('0.0500');
    expect(byCode(price([euro, a], { exchangeRates: { EUR: '0.9000' } }))['44']!.rate).toBe('0.0450');
  });

  it('a code that starts later in one deck does not enter the union, and does not shadow its parent', () => {
    const later = card('L', 'USD', [
      { prefix: '44', rate: '0.0400' },
      { prefix: '4478', rate: '0.0010', effectiveFrom: AT + DAY },
    ]);
    const built = rates(price([a, later], {}));
    expect(built).toEqual({ '44': '0.0400', '447': '0.0400' });
  });

  it('a rule on the union code applies whichever carrier is cheapest', () => {
    const built = rates(price([a, b], { rules: [{ prefix: '447', percent: '100' }] }));
    expect(built).toEqual({ '44': '0.0500', '447': '0.1200', '4477': '0.0400' });
  });
});
