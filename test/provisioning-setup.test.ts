import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { entryTableFrom } from '../src/model/entry-table.js';
import { openDatabase } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { ratedeck, ratedeckJson, temporaryDirectory } from './provisioning-cli.js';

let temporary: ReturnType<typeof temporaryDirectory>;
beforeAll(() => {
  temporary = temporaryDirectory();
});
afterAll(() => temporary.remove());

/** Writes one revision straight into a card, as an import or a pricing run would. */
function writeCard(db: string, ownerKind: 'carrier' | 'customer', ownerName: string): void {
  const store = openDatabase(db);
  try {
    const table = ownerKind === 'carrier' ? 'carriers' : 'customers';
    const ownerId = store.prepare(`SELECT id FROM ${table} WHERE name = ?`).pluck().get(ownerName) as number;
    const entries = entryTableFrom([
      { prefix: '44', destination: 'United Kingdom', rate: '0.0100', connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: 0, effectiveTo: null },
    ]);
    store.transaction(() => writeRevision(store, cardIdFor(store, ownerKind, ownerId, true)!, { mode: ownerKind === 'carrier' ? 'full' : 'priced', source: 'test' }, entries))();
  } finally {
    store.close();
  }
}

describe('the whole initial set-up, as docs/provisioning.md gives it', () => {
  it('carrier, customer, IP auth, generated SIP user and a completed payment add up to the documented customer show', () => {
    const db = join(temporary.dir, 'setup.db');
    const carrier = ratedeckJson(db, ['carrier', 'add', 'Acme Telecom', '--host', '203.0.113.10:5060/udp', '--currency', 'USD']);
    expect(carrier.hosts).toEqual([{ host: '203.0.113.10', port: 5060, protocol: 'udp', address: '203.0.113.10:5060/udp' }]);

    const customer = ratedeckJson(db, ['customer', 'add', 'Globex Retail', '--currency', 'usd', '--debit-limit', '50']);
    expect(customer).toMatchObject({ name: 'Globex Retail', currency: 'USD', debitLimit: '50.00', balance: '0.00', available: '50.00' });

    ratedeckJson(db, ['customer', 'auth', 'add-ip', 'Globex Retail', '198.51.100.20', '--port', '5060', '--protocol', 'udp']);
    const user = ratedeckJson<{ username: string; password: string }>(db, ['customer', 'auth', 'add-user', 'Globex Retail', 'globex-trunk1', '--generate']);
    expect(Object.keys(user)).toEqual(['username', 'password']);
    expect(user.password).toMatch(/^[A-Za-z0-9]{24}$/);
    ratedeckJson(db, ['customer', 'payment', 'add', 'Globex Retail', '--amount', '100.00', '--description', 'first top-up']);

    const shown = ratedeckJson(db, ['customer', 'show', 'globex retail']);
    expect(Object.keys(shown)).toEqual(['name', 'currency', 'debitLimit', 'status', 'balance', 'available', 'ipAuth', 'sipUsers', 'payments', 'rateCard']);
    expect(shown).toMatchObject({
      name: 'Globex Retail',
      currency: 'USD',
      debitLimit: '50.00',
      status: 'active',
      balance: '100.00',
      available: '150.00',
      ipAuth: [{ address: '198.51.100.20', kind: 'ipv4', port: 5060, protocol: 'udp', techPrefix: null }],
      sipUsers: [{ username: 'globex-trunk1', realm: 'ratedeck' }],
      payments: [{ id: 1, amount: '100.00', status: 'completed', description: 'first top-up' }],
      rateCard: null,
    });

    // The switch's view: the address and the generated credential both lead to the customer.
    expect(ratedeckJson(db, ['auth', 'check-ip', '198.51.100.20']).customer).toBe('Globex Retail');
    // The source as a switch logs it, address:port, as add-ip and carrier add --host take it: the entry's port must match.
    expect(ratedeckJson(db, ['auth', 'check-ip', '198.51.100.20:5060/udp']).customer).toBe('Globex Retail');
    expect(ratedeck(db, ['auth', 'check-ip', '198.51.100.20:5070']).status).toBe(3);
    expect(ratedeckJson(db, ['auth', 'check-user', 'globex-trunk1', '--password-stdin'], user.password + '\n').customer).toBe('Globex Retail');
    const text = ratedeck(db, ['customer', 'show', 'Globex Retail']);
    expect(text.stdout).toContain('debit limit  50.00 (postpaid: credit of 50.00 USD)');

    // Audit: one row per change, in order, with the command that made it.
    const audit = ratedeckJson<{ command: string; objectKind: string }[]>(db, ['audit']);
    expect(audit.map((entry) => entry.command)).toEqual(['carrier add', 'customer add', 'customer auth add-ip', 'customer auth add-user', 'customer payment add']);
  });
});

describe('balances and debit limits', () => {
  it('only completed payments count; a negative debit limit is a prepaid buffer; amounts stay exact', () => {
    const db = join(temporary.dir, 'balance.db');
    ratedeckJson(db, ['customer', 'add', 'Initech', '--currency', 'EUR', '--debit-limit', '-5']);
    ratedeckJson(db, ['customer', 'payment', 'add', 'Initech', '--amount', '20.000125']);
    ratedeckJson(db, ['customer', 'payment', 'add', 'Initech', '--amount', '-0.1', '--description', 'DID purchase']);
    const pending = ratedeckJson<{ id: number }>(db, ['customer', 'payment', 'add', 'Initech', '--amount', '500', '--status', 'pending']);
    const cancelled = ratedeckJson<{ id: number }>(db, ['customer', 'payment', 'add', 'Initech', '--amount', '70', '--status', 'cancelled']);
    expect(ratedeckJson(db, ['customer', 'show', 'Initech'])).toMatchObject({ balance: '19.900125', available: '14.900125', debitLimit: '-5.00' });

    ratedeckJson(db, ['customer', 'payment', 'set-status', String(pending.id), 'completed']);
    expect(ratedeckJson(db, ['customer', 'show', 'Initech'])).toMatchObject({ balance: '519.900125', available: '514.900125' });

    const refused = ratedeck(db, ['customer', 'payment', 'set-status', String(cancelled.id), 'completed']);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toContain('a cancelled payment is final');

    const list = ratedeckJson<{ amount: string; status: string }[]>(db, ['customer', 'payment', 'list', 'Initech']);
    expect(list.map((payment) => [payment.amount, payment.status])).toEqual([
      ['20.000125', 'completed'],
      ['-0.10', 'completed'],
      ['500.00', 'completed'],
      ['70.00', 'cancelled'],
    ]);
    expect(Object.keys(list[0]!)).toEqual(['id', 'amount', 'status', 'description', 'createdAt']);
  });

  it('customer show reports the latest revision of the customer sell card', () => {
    const db = join(temporary.dir, 'card.db');
    ratedeckJson(db, ['customer', 'add', 'Umbrella', '--currency', 'GBP']);
    writeCard(db, 'customer', 'Umbrella');
    writeCard(db, 'customer', 'Umbrella');
    expect(ratedeckJson(db, ['customer', 'show', 'Umbrella']).rateCard).toMatchObject({ revision: 2, mode: 'priced', source: 'test', historyEntries: 1 });
  });
});

describe('changing and removing', () => {
  it('customer set changes limit and status but never the currency', () => {
    const db = join(temporary.dir, 'set.db');
    ratedeckJson(db, ['customer', 'add', 'Hooli', '--currency', 'USD']);
    expect(ratedeckJson(db, ['customer', 'set', 'hooli', '--debit-limit', '25.5', '--status', 'inactive'])).toMatchObject({ debitLimit: '25.50', status: 'inactive' });
    expect(ratedeckJson(db, ['customer', 'set', 'Hooli', '--currency', 'USD', '--status', 'active'])).toMatchObject({ status: 'active' });
    const refused = ratedeck(db, ['customer', 'set', 'Hooli', '--currency', 'EUR']);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toContain('The currency of customer "Hooli" is USD and cannot change');
    const audit = ratedeckJson<{ oldValue: { status: string }; newValue: { status: string } }[]>(db, ['audit', '--customer', 'HOOLI']);
    expect(audit.slice(1).map((entry) => [entry.oldValue.status, entry.newValue.status])).toEqual([['active', 'inactive'], ['inactive', 'active']]);
  });

  it('a customer with payments is archived by remove --force: history kept, authentication gone, name reserved', () => {
    const db = join(temporary.dir, 'remove.db');
    ratedeckJson(db, ['customer', 'add', 'Soylent', '--currency', 'USD']);
    ratedeckJson(db, ['customer', 'auth', 'add-ip', 'Soylent', '192.0.2.0/28']);
    ratedeckJson(db, ['customer', 'payment', 'add', 'Soylent', '--amount', '10']);
    const refused = ratedeck(db, ['customer', 'remove', 'Soylent']);
    expect(refused.status).toBe(4);
    expect(refused.stderr).toContain('Use --force to archive it instead');

    expect(ratedeckJson(db, ['customer', 'remove', 'Soylent', '--force'])).toEqual({ name: 'Soylent', outcome: 'archived' });
    expect(ratedeckJson(db, ['customer', 'show', 'Soylent'])).toMatchObject({ status: 'archived', balance: '10.00', ipAuth: [] });
    expect(ratedeck(db, ['auth', 'check-ip', '192.0.2.1']).status).toBe(3);
    expect(ratedeckJson<unknown[]>(db, ['customer', 'list'])).toEqual([]);
    expect(ratedeckJson<unknown[]>(db, ['customer', 'list', '--all'])).toHaveLength(1);
    expect(ratedeck(db, ['customer', 'add', 'soylent', '--currency', 'USD']).stderr).toContain('archived names stay reserved');
    // The freed block can go to someone else now.
    ratedeckJson(db, ['customer', 'add', 'Tyrell', '--currency', 'USD']);
    ratedeckJson(db, ['customer', 'auth', 'add-ip', 'Tyrell', '192.0.2.0/28']);
  });

  it('a customer without history is deleted, and its audit trail stays findable by name', () => {
    const db = join(temporary.dir, 'delete.db');
    ratedeckJson(db, ['customer', 'add', 'Wonka', '--currency', 'CHF']);
    ratedeckJson(db, ['customer', 'auth', 'add-user', 'Wonka', 'wonka1', '--generate']);
    expect(ratedeckJson(db, ['customer', 'remove', 'Wonka'])).toEqual({ name: 'Wonka', outcome: 'deleted' });
    expect(ratedeck(db, ['customer', 'show', 'Wonka']).status).toBe(3);
    const trail = ratedeckJson<{ command: string; objectKind: string }[]>(db, ['audit', '--customer', 'wonka']);
    expect(trail.map((entry) => `${entry.command}: ${entry.objectKind}`)).toEqual([
      'customer add: customer',
      'customer auth add-user: sip-user',
      'customer remove: sip-user',
      'customer remove: customer',
    ]);
    // The username is free again.
    ratedeckJson(db, ['customer', 'add', 'Wonka Two', '--currency', 'CHF']);
    ratedeckJson(db, ['customer', 'auth', 'add-user', 'Wonka Two', 'wonka1', '--generate']);
  });

  it('auth list and remove, by address (with tech prefix) and by username', () => {
    const db = join(temporary.dir, 'auth-remove.db');
    ratedeckJson(db, ['customer', 'add', 'Stark', '--currency', 'USD']);
    ratedeckJson(db, ['customer', 'auth', 'add-ip', 'Stark', '2001:db8::7', '--tech-prefix', '11']);
    ratedeckJson(db, ['customer', 'auth', 'add-ip', 'Stark', '2001:DB8:0::7', '--tech-prefix', '22']);
    ratedeckJson(db, ['customer', 'auth', 'add-ip', 'Stark', '_sips._tcp.pbx.stark.example']);
    ratedeckJson(db, ['customer', 'auth', 'add-user', 'Stark', 'stark.trunk', '--password-stdin'], 'correct horse battery staple\n');
    const listed = ratedeckJson<{ ipAuth: { address: string; protocol: string | null }[]; sipUsers: { username: string }[] }>(db, ['customer', 'auth', 'list', 'Stark']);
    expect(listed.ipAuth.map((entry) => entry.address)).toEqual(['2001:db8::7', '2001:db8::7', '_sips._tcp.pbx.stark.example']);
    expect(listed.ipAuth[2]!.protocol).toBe('tls');
    expect(listed.sipUsers).toEqual([{ username: 'stark.trunk', realm: 'ratedeck' }]);

    expect(ratedeckJson(db, ['auth', 'check-ip', '2001:db8::7', '--dialled', '2212125550100'])).toMatchObject({ customer: 'Stark', techPrefix: '22' });
    expect(ratedeckJson(db, ['customer', 'auth', 'remove', 'Stark', '2001:db8:0:0::7', '--tech-prefix', '22'])).toEqual([{ kind: 'ip', address: '2001:db8::7', techPrefix: '22' }]);
    expect(ratedeckJson(db, ['customer', 'auth', 'remove', 'Stark', 'stark.trunk'])).toEqual([{ kind: 'sip-user', username: 'stark.trunk' }]);
    const missing = ratedeck(db, ['customer', 'auth', 'remove', 'Stark', '203.0.113.99']);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('has no IP entry or SIP user "203.0.113.99"');
  });
});

describe('carriers', () => {
  it('carrier set changes hosts, and the currency only until a rate card exists; remove needs --force then', () => {
    const db = join(temporary.dir, 'carrier.db');
    ratedeckJson(db, ['carrier', 'add', 'Tata', '--host', '203.0.113.10:5060', '--host', 'sip.tata.example/tls']);
    const changed = ratedeckJson<{ currency: string; hosts: { address: string }[] }>(db, [
      'carrier', 'set', 'tata', '--currency', 'eur', '--add-host', '[2001:db8::1]:5061/tls', '--remove-host', 'sip.tata.example',
    ]);
    expect(changed.currency).toBe('EUR');
    expect(changed.hosts.map((host) => host.address)).toEqual(['203.0.113.10:5060', '[2001:db8::1]:5061/tls']);
    expect(ratedeck(db, ['carrier', 'set', 'Tata', '--add-host', '203.0.113.10:5060']).status).toBe(4);
    expect(ratedeck(db, ['carrier', 'set', 'Tata', '--remove-host', '192.0.2.1']).stderr).toContain('has no host 192.0.2.1');

    writeCard(db, 'carrier', 'Tata');
    const currency = ratedeck(db, ['carrier', 'set', 'Tata', '--currency', 'USD']);
    expect(currency.status).toBe(4);
    expect(currency.stderr).toContain('its rate card has 1 revision in EUR');
    const remove = ratedeck(db, ['carrier', 'remove', 'Tata']);
    expect(remove.status).toBe(4);
    expect(remove.stderr).toContain('Use --force');
    expect(ratedeckJson(db, ['carrier', 'remove', 'Tata', '--force'])).toEqual({ name: 'Tata', revisionsRemoved: 1 });
    expect(ratedeck(db, ['carrier', 'show', 'Tata']).status).toBe(3);
    const store = openDatabase(db);
    expect(store.prepare('SELECT (SELECT COUNT(*) FROM entries) + (SELECT COUNT(*) FROM revisions) + (SELECT COUNT(*) FROM rate_cards)').pluck().get()).toBe(0);
    store.close();
    const audit = ratedeckJson<{ command: string }[]>(db, ['audit', '--since', '2000-01-01']);
    expect(audit.map((entry) => entry.command)).toEqual(['carrier add', 'carrier set', 'carrier remove']);
  });
});
