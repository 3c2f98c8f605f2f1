import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTableFrom } from '../src/model/entry-table.js';
import { openDatabase } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { ratedeck, ratedeckJson, temporaryDirectory } from './provisioning-cli.js';

/** Provisioning edge cases through the built CLI (`npx tsc -p .` first): unknown names in audit, addresses with spaces, money as stored and shown, counts as sentences. */

let temporary: ReturnType<typeof temporaryDirectory>;
beforeAll(() => {
  temporary = temporaryDirectory();
});
afterAll(() => temporary.remove());

type AuditRow = { command: string; objectKind: string; newValue: Record<string, unknown> | null };

/** What SQLite holds, read outside the CLI. */
function stored<T>(db: string, sql: string, ...parameters: unknown[]): T {
  const store = openDatabase(db);
  try {
    return store.prepare(sql).pluck().get(...parameters) as T;
  } finally {
    store.close();
  }
}

describe('provisioning edge cases: unknown names, spaces, money forms, plurals', () => {
  it('audit --customer with a name never seen is NOT_FOUND (exit 3), not an empty table', () => {
    const db = join(temporary.dir, 'audit.db');
    ratedeckJson(db, ['customer', 'add', 'Globex', '--currency', 'USD']);
    const typo = ratedeck(db, ['audit', '--customer', 'nobody']);
    expect(typo.status).toBe(3);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe(
      'ratedeck: No customer named "nobody", and no audit entry under that name (deleted customers keep theirs); `ratedeck customer list --all` shows the customers.\n',
    );
    expect(JSON.parse(ratedeck(db, ['audit', '--customer', 'nobody', '--json']).stdout)).toMatchObject({ error: { code: 'NOT_FOUND', customer: 'nobody' } });
    // A known customer with nothing since --since is an empty list, not an error.
    expect(ratedeckJson<unknown[]>(db, ['audit', '--customer', 'GLOBEX', '--since', '2999-01-01T00:00:00Z'])).toEqual([]);
  });

  it("a deleted customer's trail is still found by audit --customer", () => {
    const db = join(temporary.dir, 'audit-deleted.db');
    ratedeckJson(db, ['customer', 'add', 'Initech', '--currency', 'USD']);
    ratedeckJson(db, ['customer', 'remove', 'Initech']);
    expect(ratedeck(db, ['customer', 'show', 'Initech']).status).toBe(3);
    const trail = ratedeckJson<AuditRow[]>(db, ['audit', '--customer', 'initech']);
    expect(trail.map((row) => row.command)).toEqual(['customer add', 'customer remove']);
  });

  it('an address with a space is refused for the space, not for "two labels"', () => {
    const db = join(temporary.dir, 'address.db');
    ratedeckJson(db, ['customer', 'add', 'Globex', '--currency', 'USD']);
    const refused = ratedeck(db, ['customer', 'auth', 'add-ip', 'Globex', 'foo bar']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^ratedeck: address "foo bar" is not usable: spaces are not allowed in an address or domain name; expected an IPv4/);
    expect(ratedeck(db, ['auth', 'check-ip', 'pbx.example .com']).stderr).toContain('spaces are not allowed in an address or domain name');
  });

  it('--debit-limit 50 (USD) is "50.00" in the database, the audit and customer show alike', () => {
    const db = join(temporary.dir, 'debit.db');
    expect(ratedeckJson(db, ['customer', 'add', 'Globex', '--currency', 'USD', '--debit-limit', '50'])).toMatchObject({ debitLimit: '50.00' });
    expect(stored<string>(db, "SELECT debit_limit FROM customers WHERE name = 'Globex'")).toBe('50.00');
    expect(ratedeckJson(db, ['customer', 'show', 'Globex'])).toMatchObject({ debitLimit: '50.00' });
    const [added] = ratedeckJson<AuditRow[]>(db, ['audit', '--customer', 'Globex']);
    expect(added!.newValue).toMatchObject({ debitLimit: '50.00' });

    // Extra places are kept; a JPY limit has no minor units.
    ratedeckJson(db, ['customer', 'set', 'Globex', '--debit-limit', '-12.125']);
    expect(stored<string>(db, "SELECT debit_limit FROM customers WHERE name = 'Globex'")).toBe('-12.125');
    ratedeckJson(db, ['customer', 'add', 'Nintendo', '--currency', 'JPY', '--debit-limit', '1000.00']);
    expect(stored<string>(db, "SELECT debit_limit FROM customers WHERE name = 'Nintendo'")).toBe('1000');
  });

  it('setting the same debit limit in another spelling ("50" for "50.00") changes nothing and records nothing', () => {
    const db = join(temporary.dir, 'debit-same.db');
    ratedeckJson(db, ['customer', 'add', 'Globex', '--currency', 'USD', '--debit-limit', '50.00']);
    ratedeckJson(db, ['customer', 'set', 'Globex', '--debit-limit', '50']);
    expect(ratedeckJson<AuditRow[]>(db, ['audit', '--customer', 'Globex']).map((row) => row.command)).toEqual(['customer add']);
  });

  it('a payment of 100 is "100.00" in the database, the audit and both listings', () => {
    const db = join(temporary.dir, 'payment.db');
    ratedeckJson(db, ['customer', 'add', 'Globex', '--currency', 'USD']);
    expect(ratedeckJson(db, ['customer', 'payment', 'add', 'Globex', '--amount', '100'])).toMatchObject({ amount: '100.00', balance: '100.00' });
    expect(stored<string>(db, 'SELECT amount FROM payments')).toBe('100.00');
    expect(ratedeckJson<{ amount: string }[]>(db, ['customer', 'payment', 'list', 'Globex'])).toEqual([expect.objectContaining({ amount: '100.00' })]);
    expect(ratedeck(db, ['customer', 'payment', 'list', 'Globex']).stdout).toMatch(/\n1\s+100\.00\s+completed/);
    const payment = ratedeckJson<AuditRow[]>(db, ['audit', '--customer', 'Globex']).find((row) => row.objectKind === 'payment');
    expect(payment!.newValue).toMatchObject({ amount: '100.00' });
  });

  it('counts read as sentences: "1 payment, 0 charges and 0 rate card revisions", "(1 revision)"', () => {
    const db = join(temporary.dir, 'plurals.db');
    ratedeckJson(db, ['customer', 'add', 'Globex', '--currency', 'USD']);
    ratedeckJson(db, ['customer', 'payment', 'add', 'Globex', '--amount', '5']);
    expect(ratedeck(db, ['customer', 'remove', 'Globex']).stderr).toContain('has 1 payment, 0 charges and 0 rate card revisions;');

    ratedeckJson(db, ['carrier', 'add', 'Acme']);
    const store = openDatabase(db);
    const carrierId = store.prepare("SELECT id FROM carriers WHERE name = 'Acme'").pluck().get() as number;
    const entry = { prefix: '44', destination: null, rate: '0.0100', connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: 0, effectiveTo: null };
    store.transaction(() => writeRevision(store, cardIdFor(store, 'carrier', carrierId, true)!, { mode: 'full' }, entryTableFrom([entry])))();
    store.close();
    expect(ratedeck(db, ['carrier', 'remove', 'Acme', '--force']).stdout).toBe('Removed carrier Acme with its rate card (1 revision).\n');
  });
});
