import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratedeck, ratedeckJson, temporaryDirectory } from './provisioning-cli.js';

let dir: string;
let removeDir: () => void;
let fresh = 0;

beforeAll(() => {
  ({ dir, remove: removeDir } = temporaryDirectory());
});
afterAll(() => removeDir());

/** A customer priced 0.10/min 60/60 with a 0.01 fee on 4479 (and cost + 20 % on 44), holding `paid` in completed payments. */
function customerWith(paid: string, debitLimit = '0'): string {
  const db = join(dir, `authorize-${fresh++}.db`);
  const deck = join(dir, `deck-${fresh}.csv`);
  const plan = join(dir, `plan-${fresh}.json`);
  writeFileSync(deck, 'Destination,Prefix,Rate,Connection Fee,Increments\nUnited Kingdom,44,0.0100,0,1/1\nUK Premium,4479,0.0500,0.0050,60/60\n');
  writeFileSync(plan, JSON.stringify({ precision: 4, rounding: 'half-up', default: { percent: '20' }, rules: [{ prefix: '4479', price: '0.1000', connectionFee: '0.0100' }] }));
  for (const args of [
    ['carrier', 'add', 'Acme'],
    ['deck', 'import', deck, '--carrier', 'Acme', '--effective', '2020-01-01'],
    ['customer', 'add', 'Globex', '--currency', 'USD', '--debit-limit', debitLimit],
    ['price', '--customer', 'Globex', '--plan', plan, '--carrier', 'Acme', '--at', '2020-01-02', '--effective', '2020-01-01'],
    ['customer', 'payment', 'add', 'Globex', '--amount', paid],
  ]) {
    const result = ratedeck(db, args);
    if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  }
  return db;
}

const authorize = (db: string, ...args: string[]) => ratedeckJson<Record<string, unknown>>(db, ['authorize', '--customer', 'Globex', ...args]);

describe('ratedeck authorize through the built CLI', () => {
  it('0.50 available on a 0.10/min 60/60 route with a 0.01 fee allows 240 s', () => {
    const db = customerWith('0.50');
    expect(authorize(db, '447900000001')).toEqual({
      allowed: true,
      reason: null,
      prefix: '4479',
      rate: '0.1000',
      increments: '60/60',
      connectionFee: '0.0100',
      available: '0.50',
      maxSeconds: 240,
      jurisdiction: null,
    });
  });

  it('credit that does not cover the first increment plus the fee is refused', () => {
    const db = customerWith('0.10');
    expect(authorize(db, '447900000001')).toMatchObject({ allowed: false, reason: 'INSUFFICIENT_CREDIT', available: '0.10', maxSeconds: 0 });
  });

  it("a large debit limit gets the cap: 14,400 s by default, the customer's --max-call-seconds once set", () => {
    const db = customerWith('1', '1000000');
    expect(authorize(db, '447900000001')).toMatchObject({ allowed: true, maxSeconds: 14_400 });
    expect(ratedeck(db, ['customer', 'set', 'Globex', '--max-call-seconds', '3600']).status).toBe(0);
    expect(authorize(db, '447900000001')).toMatchObject({ allowed: true, maxSeconds: 3600 });
    expect(ratedeck(db, ['customer', 'set', 'Globex', '--max-call-seconds', '0']).status).toBe(64);
  });

  it('no route on the card, an inactive customer and an archived one are refused; a bad number exits 1', () => {
    const db = customerWith('5');
    expect(authorize(db, '33140000000')).toMatchObject({ allowed: false, reason: 'NO_ROUTE', prefix: null });
    expect(ratedeck(db, ['authorize', '--customer', 'Globex', 'not-a-number']).status).toBe(1);
    expect(ratedeck(db, ['customer', 'set', 'Globex', '--status', 'inactive']).status).toBe(0);
    expect(authorize(db, '447900000001')).toMatchObject({ allowed: false, reason: 'CUSTOMER_INACTIVE' });
    expect(ratedeck(db, ['customer', 'remove', 'Globex', '--force']).status).toBe(0);
    expect(authorize(db, '447900000001')).toMatchObject({ allowed: false, reason: 'CUSTOMER_ARCHIVED' });
  });

  it('charges lower what is available: a rated and charged call moves the answer', () => {
    const db = customerWith('0.50');
    const calls = join(dir, 'one-call.csv');
    writeFileSync(calls, 'id,number,answer,seconds\nx-1,447900000002,2020-02-10T10:00:00Z,61\n');
    // 61 s on 60/60 bills 120 s: 0.01 + 0.20 = 0.21; 0.29 left allows 120 s (0.21), not 180 s (0.31).
    expect(ratedeck(db, ['rate', calls, '--customer', 'Globex', '--charge', '--out', join(dir, 'one-call-out.csv')]).status).toBe(0);
    expect(authorize(db, '447900000001', '--at', '2020-03-01T00:00:00Z')).toMatchObject({ allowed: true, available: '0.29', maxSeconds: 120 });
  });
});
