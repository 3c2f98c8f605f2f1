import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratedeck, ratedeckJson, temporaryDirectory } from './provisioning-cli.js';

let temporary: ReturnType<typeof temporaryDirectory>;
let db: string;

beforeAll(() => {
  temporary = temporaryDirectory();
  db = join(temporary.dir, 'refusals.db');
  ratedeckJson(db, ['customer', 'add', 'Acme', '--currency', 'USD']);
  ratedeckJson(db, ['customer', 'add', 'Globex', '--currency', 'USD']);
  ratedeckJson(db, ['customer', 'auth', 'add-ip', 'Acme', '198.51.100.7']);
  ratedeckJson(db, ['customer', 'auth', 'add-ip', 'Acme', '203.0.113.0/24', '--tech-prefix', '11']);
  ratedeckJson(db, ['customer', 'auth', 'add-user', 'Acme', 'acme-trunk1', '--generate']);
});
afterAll(() => temporary.remove());

function auditRows(): number {
  const store = new Database(db, { readonly: true });
  try {
    return store.prepare('SELECT COUNT(*) FROM audit').pluck().get() as number;
  } finally {
    store.close();
  }
}

/** Every refusal: the exit code, words of its message, and nothing written (the audit log did not grow). */
function refused(args: string[], exit: number, message: string | RegExp, input?: string): void {
  const before = auditRows();
  const result = ratedeck(db, args, input);
  expect(result.status, result.stderr).toBe(exit);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.startsWith('ratedeck: ') || result.stderr.startsWith('error: ')).toBe(true);
  expect(auditRows()).toBe(before);
}

describe('provisioning refusals: a clear message and a non-zero exit', () => {
  it('a dotted quad out of range is a bad address, not a domain', () => {
    refused(['customer', 'auth', 'add-ip', 'Globex', '999.1.1.1'], 1, /"999\.1\.1\.1" is not usable: an IPv4 address: 999 is not a number from 0 to 255; expected .* e\.g\. 203\.0\.113\.5/);
  });

  it.each([
    ['pbx', 'at least two labels'],
    ['203.0.113.5/24', 'the block is 203.0.113.0/24'],
    ['10.0.0.0/40', 'from 0 to 32'],
    ['203.0.113.5:70000', '"70000" is not a port'],
    ['2001:db8:::1', 'hexadecimal'],
  ])('bad address %s: %s', (address, reason) => {
    refused(['customer', 'auth', 'add-ip', 'Globex', address], 1, reason);
  });

  it('the same address on a second customer is refused, naming who has it', () => {
    refused(['customer', 'auth', 'add-ip', 'Globex', '198.51.100.7'], 4, /198\.51\.100\.7 already authenticates another customer, "Acme", and that entry has no tech prefix/);
  });

  it('the same address twice on one customer is refused too', () => {
    refused(['customer', 'auth', 'add-ip', 'Acme', '198.51.100.7'], 4, /already authenticates customer "Acme"/);
  });

  it('a CIDR block overlapping another customer is refused', () => {
    refused(['customer', 'auth', 'add-ip', 'Globex', '198.51.100.0/25'], 4, /198\.51\.100\.0\/25 overlaps 198\.51\.100\.7, which authenticates another customer, "Acme"/);
  });

  it('an overlapping block with the same tech prefix, or with none, is refused; a distinct tech prefix is accepted', () => {
    refused(['customer', 'auth', 'add-ip', 'Globex', '203.0.113.9', '--tech-prefix', '11'], 4, /both entries use tech prefix 11/);
    refused(['customer', 'auth', 'add-ip', 'Globex', '203.0.113.9'], 4, /the new entry has no tech prefix \(the existing one uses 11\)/);
    expect(ratedeck(db, ['customer', 'auth', 'add-ip', 'Globex', '203.0.113.9', '--tech-prefix', '22']).status).toBe(0);
  });

  it('bad port, protocol and tech prefix, and an SRV name with a port', () => {
    refused(['customer', 'auth', 'add-ip', 'Globex', '192.0.2.1', '--port', '70000'], 1, /--port: "70000" is not a port/);
    refused(['customer', 'auth', 'add-ip', 'Globex', '192.0.2.1', '--protocol', 'sctp'], 1, /expected udp, tcp or tls/);
    refused(['customer', 'auth', 'add-ip', 'Globex', '192.0.2.1', '--tech-prefix', '12#'], 1, /expected 1 to 15 digits/);
    refused(['customer', 'auth', 'add-ip', 'Globex', '_sip._udp.pbx.example.com', '--port', '5060'], 1, /an SRV name lists its own ports/);
    refused(['customer', 'auth', 'add-ip', 'Globex', '_sip._udp.pbx.example.com', '--protocol', 'tls'], 1, /contradicts the SRV name, which asks for udp/);
  });

  it('a duplicate username is refused across customers and ignoring case', () => {
    refused(['customer', 'auth', 'add-user', 'Globex', 'ACME-trunk1', '--generate'], 4, /SIP username "acme-trunk1" is already used by customer "Acme"/);
  });

  it('a short password is refused without being repeated', () => {
    refused(['customer', 'auth', 'add-user', 'Globex', 'globex1', '--password-stdin'], 1, /too short: 8 characters; expected at least 12/, 'Sh0rt-pw\n');
    expect(ratedeck(db, ['customer', 'auth', 'add-user', 'Globex', 'globex1', '--password-stdin'], 'Sh0rt-pw\n').stderr).not.toContain('Sh0rt-pw');
  });

  it('a password on the command line is refused, as an option or as an extra argument, and never echoed', () => {
    refused(['customer', 'auth', 'add-user', 'Globex', 'globex2', '--password', 'Visible-In-ps-123'], 64, /A password on the command line is not accepted: other users see it in `ps`/);
    const extra = ratedeck(db, ['customer', 'auth', 'add-user', 'Globex', 'globex2', 'Visible-In-ps-123']);
    expect(extra.status).toBe(64);
    expect(extra.stderr).toMatch(/too many arguments/);
    expect(extra.stderr + extra.stdout).not.toContain('Visible-In-ps-123');
    refused(['auth', 'check-user', 'acme-trunk1', '--password', 'Visible-In-ps-123'], 64, /not accepted/);
  });

  it('add-user needs exactly one of --password-stdin and --generate', () => {
    refused(['customer', 'auth', 'add-user', 'Globex', 'globex3'], 64, /exactly one of --password-stdin or --generate/);
    refused(['customer', 'auth', 'add-user', 'Globex', 'globex3', '--generate', '--password-stdin'], 64, /exactly one/);
  });

  it.each([
    ['12.3456789', '7 decimal places'],
    ['1e2', 'exponent notation'],
    ['1,000', 'thousands separators'],
    ['USD10', 'no currency sign'],
    ['0', 'a zero amount changes nothing'],
  ])('bad amount %s: %s', (amount, reason) => {
    refused(['customer', 'payment', 'add', 'Acme', '--amount', amount], 1, reason);
  });

  it('a missing amount, a bad status and a bad debit limit are refused', () => {
    refused(['customer', 'payment', 'add', 'Acme'], 64, /--amount is required/);
    refused(['customer', 'payment', 'add', 'Acme', '--amount', '5', '--status', 'paid'], 1, /expected completed, pending or cancelled/);
    refused(['customer', 'add', 'Initech', '--currency', 'USD', '--debit-limit', 'lots'], 1, /--debit-limit: "lots" is not an amount/);
    refused(['customer', 'payment', 'set-status', '999', 'completed'], 3, /No payment with id 999/);
    refused(['customer', 'payment', 'set-status', 'abc', 'completed'], 1, /is not a payment id/);
  });

  it.each([
    [['customer', 'show', 'Nobody']],
    [['customer', 'set', 'Nobody', '--status', 'inactive']],
    [['customer', 'remove', 'Nobody']],
    [['customer', 'auth', 'add-ip', 'Nobody', '192.0.2.50']],
    [['customer', 'auth', 'add-user', 'Nobody', 'nobody1', '--generate']],
    [['customer', 'auth', 'list', 'Nobody']],
    [['customer', 'payment', 'add', 'Nobody', '--amount', '5']],
    [['customer', 'payment', 'list', 'Nobody']],
  ])('unknown customer: %j', (args) => {
    refused(args, 3, /No customer named "Nobody". `ratedeck customer list` shows the customers./);
  });

  it('unknown currency, missing currency and a duplicate customer name', () => {
    refused(['customer', 'add', 'Initech', '--currency', 'XYZ'], 1, /--currency: unknown currency "XYZ"; expected an ISO 4217 code such as USD/);
    refused(['customer', 'add', 'Initech'], 64, /--currency is required/);
    refused(['carrier', 'add', 'Tata', '--currency', 'DOLLARS'], 1, /unknown currency "DOLLARS"/);
    refused(['customer', 'add', 'ACME', '--currency', 'USD'], 4, /A customer named "Acme" already exists; names are unique ignoring case/);
  });

  it('customer set with nothing to change, or a status that is not one', () => {
    refused(['customer', 'set', 'Acme'], 64, /nothing to change/);
    refused(['customer', 'set', 'Acme', '--status', 'archived'], 1, /expected active or inactive/);
  });

  it('auth checks answer "no customer" with exit 3', () => {
    const ip = ratedeck(db, ['auth', 'check-ip', '192.0.2.200']);
    expect([ip.status, ip.stdout.trim()]).toEqual([3, '192.0.2.200 authenticates as no customer.']);
    const wrong = ratedeck(db, ['auth', 'check-user', 'acme-trunk1', '--password-stdin'], 'not-the-password\n');
    expect([wrong.status, wrong.stdout.trim()]).toEqual([3, 'acme-trunk1 authenticates as no customer: wrong password.']);
    expect(ratedeck(db, ['auth', 'check-user', 'nobody', '--password-stdin'], 'whatever-password\n').stdout).toContain('unknown username');
  });
});
