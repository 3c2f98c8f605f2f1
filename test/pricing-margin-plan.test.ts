import { describe, expect, it } from 'vitest';
import { RatedeckError } from '../src/errors.js';
import { entriesOf, entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { parseMarginPlan, validateMarginPlan, type MarginPlan } from '../src/pricing/margin-plan.js';
import { buildSellCard, type CostCard } from '../src/pricing/sell-card-builder.js';

const AT = Date.UTC(2025, 0, 1);

function card(name: string, currency: string, rows: (Partial<RateEntry> & { prefix: string; rate: string })[]): CostCard {
  const entries: RateEntry[] = rows.map((row) => ({
    destination: null,
    connectionFee: '0',
    increments: { initial: 60, subsequent: 60 },
    interRate: null,
    intraRate: null,
    indeterminateRate: null,
    effectiveFrom: AT - 1000,
    effectiveTo: null,
    ...row,
  }));
  return { name, currency, table: entryTableFrom(entries) };
}

function plan(fields: Record<string, unknown>): MarginPlan {
  return validateMarginPlan({ precision: 4, rounding: 'up', ...fields });
}

/** Sell rates by code for one USD carrier deck priced with `fields`. */
function sell(fields: Record<string, unknown>, rows: (Partial<RateEntry> & { prefix: string; rate: string })[], currency = 'USD'): Record<string, string> {
  const built = buildSellCard([card('A', currency, rows)], { plan: plan(fields), currency: 'USD', at: AT, effective: AT });
  return Object.fromEntries([...entriesOf(built.table)].map((entry) => [entry.prefix, entry.rate]));
}

function planFailure(value: unknown): RatedeckError {
  try {
    validateMarginPlan(value, 'plan.json');
  } catch (error) {
    expect(error).toBeInstanceOf(RatedeckError);
    expect((error as RatedeckError).code).toBe('BAD_PLAN');
    return error as RatedeckError;
  }
  throw new Error('expected the plan to be rejected');
}

describe('margin plan validation', () => {
  it('the issue example plan is accepted, amounts kept as written', () => {
    const parsed = parseMarginPlan(
      JSON.stringify({
        precision: 4,
        rounding: 'up',
        minMargin: '0.0010',
        minRate: '0.0050',
        exchangeRates: { EUR: '1.0850' },
        default: { percent: '20' },
        rules: [
          { prefix: '44', percent: '15' },
          { prefix: '447', percent: '10', add: '0.0020' },
          { prefix: '8816', price: '1.2000' },
          { destination: '*mobile*', add: '0.0030' },
          { prefix: '1', increments: '6/6', connectionFee: '0.0100' },
          { prefix: '882', block: true },
        ],
      }),
    );
    expect(parsed.exchangeRates.EUR).toBe('1.0850');
    expect(parsed.minMargin).toBe('0.0010');
    expect(parsed.rules[4]).toMatchObject({ prefix: '1', increments: { initial: 6, subsequent: 6 }, connectionFee: '0.0100', path: 'rules[4]' });
  });

  it('"percent": "-150" is refused for its sign: the message states the range (0 or more) and why, and points at "price"', () => {
    const error = planFailure({ precision: 4, rounding: 'up', rules: [{ prefix: '44', percent: '-150' }] });
    expect(error.message).toBe(
      'plan.json: rules[0].percent: expected a value of 0 or more such as "15" (a margin plan marks costs up, never down; to sell a code under cost, give its rule a "price"), got "-150".',
    );
    expect(planFailure({ precision: 4, rounding: 'up', default: { add: '-0.001' } }).message).toContain('default.add: expected a value of 0 or more such as "0.0020" (a margin plan marks costs up');
  });

  it('a JSON number for money names the path, the quoted form and what was received', () => {
    const error = planFailure({ precision: 4, rounding: 'up', rules: [{ prefix: '1' }, { prefix: '2' }, { prefix: '3' }, { prefix: '44', percent: 15 }] });
    expect(error.message).toBe('plan.json: rules[3].percent: expected a decimal string such as "15", got 15.');
  });

  it.each([
    [{ rounding: 'up' }, 'precision: expected a whole number from 0 to 10 such as 4, got nothing'],
    [{ precision: 4, rounding: 'ceil' }, 'rounding: expected one of "up", "down", "half-up", "half-down", "half-even", such as "up", got "ceil"'],
    [{ precision: 4, rounding: 'up', precent: '20' }, 'precent: expected no such field'],
    [{ precision: 4, rounding: 'up', default: { price: '1.0000' } }, 'default.price: expected no "price" in default'],
    [{ precision: 4, rounding: 'up', default: { block: true } }, 'default.block: expected no "block" in default'],
    [{ precision: 4, rounding: 'up', rules: [{ prefix: '44', destination: 'UK*' }] }, 'rules[0]: expected exactly one of "prefix" or "destination"'],
    [{ precision: 4, rounding: 'up', rules: [{ percent: '5' }] }, 'rules[0]: expected exactly one of "prefix" or "destination"'],
    [{ precision: 4, rounding: 'up', rules: [{ prefix: 44 }] }, 'rules[0].prefix: expected a string of 1 to 15 digits such as "447", got 44'],
    [{ precision: 4, rounding: 'up', rules: [{ prefix: '44' }, { prefix: '44', add: '1' }] }, `rules[1].prefix: expected each prefix in one rule only ("44" is already rules[0]'s)`],
    [{ precision: 4, rounding: 'up', rules: [{ prefix: '44', price: '1', percent: '5' }] }, 'rules[0].percent: expected no "percent" beside "price"'],
    [{ precision: 4, rounding: 'up', rules: [{ prefix: '44', block: true, add: '1' }] }, 'rules[0].add: expected no "add" beside "block": true'],
    [{ precision: 2, rounding: 'up', rules: [{ prefix: '44', price: '1.234' }] }, 'rules[0].price: expected at most 2 decimal places'],
    [{ precision: 4, rounding: 'up', rules: [{ prefix: '44', increments: '60-60' }] }, 'rules[0].increments: expected seconds as "initial/subsequent" such as "6/6"'],
    [{ precision: 4, rounding: 'up', minMargin: '-0.01' }, 'minMargin: expected a value of 0 or more such as "0.0010", got "-0.01"'],
    [{ precision: 4, rounding: 'up', exchangeRates: { eur: '1.08' } }, 'exchangeRates.eur: expected an ISO 4217 currency code in capitals'],
    [{ precision: 4, rounding: 'up', exchangeRates: { EUR: '0' } }, 'exchangeRates.EUR: expected a positive decimal string such as "1.0850", got "0"'],
    [{ precision: 4, rounding: 'up', exchangeRates: { EUR: 1.085 } }, 'exchangeRates.EUR: expected a positive decimal string such as "1.0850", got 1.085'],
  ])('rejects %j', (value, message) => {
    expect(planFailure(value).message).toContain(message);
  });

  it('a file that is not JSON is a plan error naming the file', () => {
    expect(() => parseMarginPlan('{ "precision": 4,', 'ops/plan.json')).toThrow(/ops\/plan\.json: not valid JSON/);
  });
});

describe('rule precedence', () => {
  const rules = {
    default: { percent: '20' },
    rules: [
      { prefix: '44', percent: '15' },
      { prefix: '447', percent: '10', add: '0.0020' },
      { destination: '*mobile*', add: '0.0030' },
      { destination: 'UK*', percent: '50' },
    ],
  };

  it('4477 takes the 447 rule: the longest rule prefix wins', () => {
    const sold = sell(rules, [
      { prefix: '4477', rate: '0.1000', destination: 'UK Mobile' },
      { prefix: '441', rate: '0.1000', destination: 'UK Mobile' },
    ]);
    expect(sold['4477']).toBe('0.1120'); // 0.1 × 1.10 + 0.002
    expect(sold['441']).toBe('0.1150'); // 0.1 × 1.15: a prefix rule beats any destination rule
  });

  it('without a prefix rule the first matching destination glob applies, case-insensitive', () => {
    const sold = sell(rules, [{ prefix: '33', rate: '0.1000', destination: 'UK MOBILE roaming' }]);
    // '*mobile*' comes first; its fields override default's, so default's 20 % still applies.
    expect(sold['33']).toBe('0.1230'); // 0.1 × 1.20 + 0.003
  });

  it('the second destination rule applies when the first does not match; ? is one character', () => {
    const sold = sell({ default: { percent: '20' }, rules: [{ destination: 'F?ance' }, { destination: 'uk*', percent: '50' }] }, [
      { prefix: '33', rate: '0.1000', destination: 'France' },
      { prefix: '34', rate: '0.1000', destination: 'Frannce' },
      { prefix: '35', rate: '0.1000', destination: 'UK Fixed' },
      { prefix: '36', rate: '0.1000' },
    ]);
    expect(sold).toEqual({ '33': '0.1200', '34': '0.1200', '35': '0.1500', '36': '0.1200' });
  });

  it('percent and add that neither the rule nor the default gives are 0', () => {
    expect(sell({ rules: [{ prefix: '49', add: '0.0100' }] }, [{ prefix: '49', rate: '0.1000' }, { prefix: '48', rate: '0.1000' }])).toEqual({
      '49': '0.1100',
      '48': '0.1000',
    });
  });
});

describe('the margin formula', () => {
  it('price is the sell rate as written: no floors, even under cost', () => {
    const plan = { minRate: '0.5000', minMargin: '0.1000', rules: [{ prefix: '8816', price: '1.2' }] };
    expect(sell(plan, [{ prefix: '88161', rate: '1.5000' }])).toEqual({ '88161': '1.2000' });
  });

  it('minMargin lifts a mark-up that earns less than it', () => {
    expect(sell({ minMargin: '0.0010', default: { percent: '1' } }, [{ prefix: '1', rate: '0.0100' }])).toEqual({ '1': '0.0110' });
  });

  it('minRate lifts a cheap code to the least any rate may be', () => {
    expect(sell({ minRate: '0.0050', default: { percent: '20' } }, [{ prefix: '1', rate: '0.0010' }])).toEqual({ '1': '0.0050' });
  });

  it.each([
    ['up', '0.1001', '0.1002', '0.1001'],
    ['down', '0.1000', '0.1001', '0.1000'],
    ['half-up', '0.1001', '0.1002', '0.1001'],
    ['half-down', '0.1000', '0.1001', '0.1001'],
    ['half-even', '0.1000', '0.1002', '0.1001'],
  ])('rounding %s: 0.10005 → %s, 0.10015 → %s, 0.100051 → %s', (rounding, even, odd, overHalf) => {
    const sold = sell({ rounding }, [
      { prefix: '1', rate: '0.10005' },
      { prefix: '2', rate: '0.10015' },
      { prefix: '3', rate: '0.100051' },
    ]);
    expect(sold).toEqual({ '1': even, '2': odd, '3': overHalf });
  });

  it('rounds by decimal places, never significant digits: 123.4567 to 2 places', () => {
    expect(sell({ precision: 2, rounding: 'down' }, [{ prefix: '1', rate: '123.4567' }])).toEqual({ '1': '123.45' });
    expect(sell({ precision: 2, rounding: 'up' }, [{ prefix: '1', rate: '123.4567' }])).toEqual({ '1': '123.46' });
    expect(sell({ precision: 4, rounding: 'half-even' }, [{ prefix: '1', rate: '123.45675' }])).toEqual({ '1': '123.4568' });
  });
});

describe('hostile plans', () => {
  it('a key given twice is refused with its line, column and path, not silently the last', () => {
    const text = '{\n  "precision": 4,\n  "rounding": "up",\n  "default": { "percent": "20", "percent": "2" }\n}';
    const error = (() => {
      try {
        parseMarginPlan(text, 'ops/plan.json');
      } catch (caught) {
        return caught as RatedeckError;
      }
      throw new Error('accepted');
    })();
    expect(error.code).toBe('BAD_PLAN');
    expect(error.message).toBe('ops/plan.json, line 4 column 33: the key "percent" is given twice in default; give each key once.');
    expect(error.details).toMatchObject({ line: 4, column: 33 });
  });

  it('a plan nested past the JSON depth limit is refused before it is walked', () => {
    const deep = '{"precision": 4, "rounding": "up", "default": ' + '['.repeat(100) + ']'.repeat(100) + '}';
    expect(() => parseMarginPlan(deep, 'deep.json')).toThrow(/deep\.json, line 1 column \d+: it nests deeper than 32 levels/);
  });

  it.each([
    ['default.percent', { default: { percent: '1e2' } }, 'default.percent: expected a decimal string written in plain digits, such as "15" (exponent notation is not accepted for money or percentages), got "1e2".'],
    ['rules[0].price', { rules: [{ prefix: '44', price: '1.2E-1' }] }, 'rules[0].price: expected a decimal string written in plain digits'],
    ['exchangeRates.EUR', { exchangeRates: { EUR: '1.085e0' } }, 'exchangeRates.EUR: expected a positive decimal string written in plain digits'],
  ])('"1e2" as %s is refused as exponent notation, as payments refuse it', (_path, fields, message) => {
    expect(planFailure({ precision: 4, rounding: 'up', ...fields }).message).toContain(message);
  });

  it.each([
    ['"1e100000"', '1e100000', 'its absolute value is 10^9 or more'],
    ['a billion percent', '1000000000', 'its absolute value is 10^9 or more'],
    ['31 significant digits', '1.' + '1'.repeat(30), 'it has 31 significant digits; at most 30 are accepted'],
    ['31 decimal places', '0.' + '0'.repeat(30) + '1', 'it has 31 decimal places; at most 30 are accepted'],
  ])('a plan percent of %s is refused saying why, before it is expanded', (_name, percent, why) => {
    const started = performance.now();
    const message = planFailure({ precision: 4, rounding: 'up', default: { percent } }).message;
    expect(message).toContain('default.percent: expected a decimal string within the limits of docs/limits.md (');
    expect(message).toContain(why);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
