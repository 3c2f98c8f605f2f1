import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Decimal } from '../src/money/decimal.js';
import { formatMoney } from '../src/provisioning/money-amount.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratedeck, ratedeckAsync, ratedeckJson, temporaryDirectory, type CliResult } from './provisioning-cli.js';

let temporary: ReturnType<typeof temporaryDirectory>;
beforeAll(() => {
  temporary = temporaryDirectory();
});
afterAll(() => temporary.remove());

const BUSY_MESSAGE = /is busy: another ratedeck process is writing\. Try again\./;

function count(db: string, sql: string): unknown {
  const store = new Database(db, { readonly: true });
  try {
    return store.prepare(sql).pluck().get();
  } finally {
    store.close();
  }
}

/** A process either did its change (0), lost a uniqueness race (4, only where `conflictAllowed`), or was told the store is busy (5). */
function expectCleanOutcome(result: CliResult, conflictAllowed: boolean): void {
  if (result.status === 5) expect(result.stderr).toMatch(BUSY_MESSAGE);
  else if (result.status === 4 && conflictAllowed) expect(result.stderr).toMatch(/already/);
  else expect(result.status, result.stderr).toBe(0);
}

describe('two operators provisioning at once', () => {
  it('sixteen processes at once: each change is whole or absent, and uniqueness holds across processes', async () => {
    const db = join(temporary.dir, 'parallel.db');
    ratedeckJson(db, ['customer', 'add', 'Base', '--currency', 'USD']);
    ratedeckJson(db, ['customer', 'add', 'Other', '--currency', 'USD']);
    const auditBefore = count(db, 'SELECT COUNT(*) FROM audit') as number;

    const distinct = Array.from({ length: 6 }, (_, i) => ratedeckAsync(db, ['customer', 'add', `Parallel ${i}`, '--currency', 'USD']));
    const twins = [ratedeckAsync(db, ['customer', 'add', 'Twin', '--currency', 'USD']), ratedeckAsync(db, ['customer', 'add', 'twin', '--currency', 'EUR'])];
    const sharedAddress = ['Base', 'Other'].map((name) => ratedeckAsync(db, ['customer', 'auth', 'add-ip', name, '192.0.2.10']));
    const sharedUsername = ['Base', 'Other'].map((name) => ratedeckAsync(db, ['customer', 'auth', 'add-user', name, 'twin-user', '--generate']));
    const payments = Array.from({ length: 4 }, () => ratedeckAsync(db, ['customer', 'payment', 'add', 'Base', '--amount', '1.000001']));

    const [distinctResults, twinResults, addressResults, usernameResults, paymentResults] = await Promise.all(
      [distinct, twins, sharedAddress, sharedUsername, payments].map((group) => Promise.all(group)),
    );
    distinctResults!.forEach((result) => expectCleanOutcome(result, false));
    paymentResults!.forEach((result) => expectCleanOutcome(result, false));
    for (const pair of [twinResults!, addressResults!, usernameResults!]) {
      pair.forEach((result) => expectCleanOutcome(result, true));
      // At most one of two racing claims on the same name, address or username wins.
      expect(pair.filter((result) => result.status === 0).length).toBeLessThanOrEqual(1);
    }

    const succeeded = (results: CliResult[]): number => results.filter((result) => result.status === 0).length;
    expect(count(db, "SELECT COUNT(*) FROM customers WHERE name LIKE 'Parallel %'")).toBe(succeeded(distinctResults!));
    expect(count(db, "SELECT COUNT(*) FROM customers WHERE name_key = 'twin'")).toBe(succeeded(twinResults!));
    expect(count(db, 'SELECT COUNT(*) FROM ip_auth')).toBe(succeeded(addressResults!));
    expect(count(db, 'SELECT COUNT(*) FROM sip_users')).toBe(succeeded(usernameResults!));
    expect(count(db, 'SELECT COUNT(*) FROM payments')).toBe(succeeded(paymentResults!));
    // Nothing half-written: one audit row per change that succeeded, none for a refused or busy one.
    const changes = [distinctResults!, twinResults!, addressResults!, usernameResults!, paymentResults!].reduce((sum, group) => sum + succeeded(group), 0);
    expect((count(db, 'SELECT COUNT(*) FROM audit') as number) - auditBefore).toBe(changes);
    expect(count(db, 'PRAGMA integrity_check')).toBe('ok');
    const balance = formatMoney(new Decimal('1.000001').times(succeeded(paymentResults!)), 'USD');
    expect(ratedeckJson(db, ['customer', 'show', 'Base']).balance).toBe(balance);
  });

  it('a writer held past the busy timeout makes the second process exit 5 with a clear "busy" error, having written nothing', () => {
    const db = join(temporary.dir, 'busy.db');
    ratedeckJson(db, ['customer', 'add', 'Base', '--currency', 'USD']);
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const blocked = ratedeck(db, ['customer', 'add', 'Blocked', '--currency', 'USD']);
      expect(blocked.status).toBe(5);
      expect(blocked.stderr).toMatch(BUSY_MESSAGE);
      // It waited for the other writer (busy_timeout) before giving up.
      expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(count(db, "SELECT COUNT(*) FROM customers WHERE name = 'Blocked'")).toBe(0);
    expect(count(db, 'SELECT COUNT(*) FROM audit')).toBe(1);
    expect(ratedeck(db, ['customer', 'add', 'Blocked', '--currency', 'USD']).status).toBe(0);
  });
});
