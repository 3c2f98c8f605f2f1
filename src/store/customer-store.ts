import { plural } from '../text/plural.js';
import { RatedeckError } from '../errors.js';
import { Decimal } from '../money/decimal.js';
import { amountInCurrency } from '../provisioning/money-amount.js';
import type { AuditRecorder } from './audit-log.js';
import { nameKey, validateName } from './carrier-store.js';
import { cardIdFor, latestRevision } from './rate-card-store.js';
import type { Db } from './database.js';

/** `archived` is what `customer remove --force` leaves: history kept, no authentication. */
export type CustomerStatus = 'active' | 'inactive' | 'archived';

export interface Customer {
  id: number;
  name: string;
  /** ISO 4217; fixed once set, because payments, charges and rates are in it. */
  currency: string;
  /** Exact decimal text in its canonical form (formatMoney): 0 prepaid, positive postpaid credit, negative prepaid buffer. */
  debitLimit: string;
  status: CustomerStatus;
  /** The longest call authorization allows, in seconds; null: DEFAULT_MAX_CALL_SECONDS (14,400). */
  maxCallSeconds: number | null;
  createdAt: number;
  archivedAt: number | null;
}

export interface NewCustomer {
  name: string;
  currency: string;
  /** Any exact decimal text; stored in the canonical form show prints ("50" USD becomes "50.00"). */
  debitLimit: string;
}

export interface CustomerChanges {
  debitLimit?: string;
  status?: 'active' | 'inactive';
  /** Accepted only when it is the customer's currency already: a currency never changes. */
  currency?: string;
  maxCallSeconds?: number;
}

const COLUMNS = 'id, name, currency, debit_limit AS debitLimit, status, max_call_seconds AS maxCallSeconds, created_at AS createdAt, archived_at AS archivedAt';

/** The customer named `name` (ignoring case), archived ones included, or null. */
export function findCustomer(db: Db, name: string): Customer | null {
  return (db.prepare(`SELECT ${COLUMNS} FROM customers WHERE name_key = ?`).get(nameKey(name)) as Customer | undefined) ?? null;
}

export function getCustomer(db: Db, name: string): Customer {
  const customer = findCustomer(db, name);
  if (!customer) {
    throw new RatedeckError('NOT_FOUND', `No customer named "${name}". \`ratedeck customer list\` shows the customers.`, { customer: name });
  }
  return customer;
}

export function getCustomerById(db: Db, id: number): Customer {
  const customer = db.prepare(`SELECT ${COLUMNS} FROM customers WHERE id = ?`).get(id) as Customer | undefined;
  if (!customer) throw new RatedeckError('NOT_FOUND', `No customer with id ${id}.`, { id });
  return customer;
}

/** Customers by name; archived ones only when asked for. */
export function listCustomers(db: Db, includeArchived = false): Customer[] {
  const where = includeArchived ? '' : "WHERE status <> 'archived'";
  return db.prepare(`SELECT ${COLUMNS} FROM customers ${where} ORDER BY name_key`).all() as Customer[];
}

/** A customer that may still be changed: archived customers are read-only history. */
export function getActiveCustomer(db: Db, name: string): Customer {
  const customer = getCustomer(db, name);
  if (customer.status === 'archived') {
    throw new RatedeckError(
      'CONFLICT',
      `Customer "${customer.name}" was archived on ${new Date(customer.archivedAt!).toISOString()}; its history is read-only.`,
      { customer: customer.name },
    );
  }
  return customer;
}

/** Call inside a write transaction: the uniqueness check and the insert must see the same data. */
export function addCustomer(db: Db, input: NewCustomer, audit: AuditRecorder): Customer {
  const name = validateName(input.name, 'Customer');
  const existing = findCustomer(db, name);
  if (existing) {
    const archived = existing.status === 'archived' ? ' (archived; archived names stay reserved so their history is unambiguous)' : '';
    throw new RatedeckError('CONFLICT', `A customer named "${existing.name}" already exists${archived}; names are unique ignoring case.`, {
      customer: existing.name,
    });
  }
  db.prepare('INSERT INTO customers (name, name_key, currency, debit_limit, status, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    name,
    nameKey(name),
    input.currency,
    amountInCurrency(input.debitLimit, input.currency, '--debit-limit'),
    'active',
    audit.now,
  );
  const customer = getCustomer(db, name);
  audit.record({ objectKind: 'customer', object: name, customer, newValue: auditView(customer) });
  return customer;
}

export function updateCustomer(db: Db, name: string, changes: CustomerChanges, audit: AuditRecorder): Customer {
  if (changes.currency !== undefined) assertSameCurrency(getCustomer(db, name), changes.currency);
  const before = getActiveCustomer(db, name);
  const debitLimit = changes.debitLimit === undefined ? before.debitLimit : amountInCurrency(changes.debitLimit, before.currency, '--debit-limit');
  const status = changes.status ?? before.status;
  const maxCallSeconds = changes.maxCallSeconds ?? before.maxCallSeconds;
  // Compared as numbers: "50" typed against a stored "50.00" changes nothing and records nothing.
  if (new Decimal(debitLimit).eq(before.debitLimit) && status === before.status && maxCallSeconds === before.maxCallSeconds) return before;
  db.prepare('UPDATE customers SET debit_limit = ?, status = ?, max_call_seconds = ? WHERE id = ?').run(debitLimit, status, maxCallSeconds, before.id);
  const after = getCustomerById(db, before.id);
  audit.record({ objectKind: 'customer', object: after.name, customer: after, oldValue: auditView(before), newValue: auditView(after) });
  return after;
}

/** Refuses a currency change: the currency is fixed once set. */
function assertSameCurrency(customer: Customer, currency: string): void {
  if (currency !== customer.currency) {
    throw new RatedeckError(
      'CONFLICT',
      `The currency of customer "${customer.name}" is ${customer.currency} and cannot change (its payments, charges and rates are in ${customer.currency}); received ${currency}. Add a new customer for ${currency}.`,
      { customer: customer.name, currency: customer.currency, received: currency },
    );
  }
}

export interface RemovalOutcome {
  customer: Customer;
  /** `deleted`: no history, so every row went; `archived`: kept for its history. */
  outcome: 'deleted' | 'archived';
}

/**
 * Deletes a customer without history. One with payments, charges or a rate
 * card is refused, unless `force`, which archives it instead: the history
 * stays, its IP and SIP authentication goes (so its switch can no longer
 * send calls) and its name stays reserved.
 */
export function removeCustomer(db: Db, name: string, force: boolean, audit: AuditRecorder): RemovalOutcome {
  const customer = getActiveCustomer(db, name);
  const history = historyOf(db, customer.id);
  const hasHistory = history.payments > 0 || history.charges > 0 || history.rateCardRevisions > 0;
  if (hasHistory && !force) {
    throw new RatedeckError(
      'CONFLICT',
      `Customer "${customer.name}" has ${plural(history.payments, 'payment')}, ${plural(history.charges, 'charge')} and ${plural(history.rateCardRevisions, 'rate card revision')}; removing it would lose that history. Use --force to archive it instead.`,
      { customer: customer.name, ...history },
    );
  }
  for (const row of db.prepare('SELECT address, tech_prefix AS techPrefix FROM ip_auth WHERE customer_id = ?').all(customer.id) as object[]) {
    audit.record({ objectKind: 'ip-auth', object: (row as { address: string }).address, customer, oldValue: row });
  }
  for (const username of db.prepare('SELECT username FROM sip_users WHERE customer_id = ?').pluck().all(customer.id) as string[]) {
    audit.record({ objectKind: 'sip-user', object: username, customer, oldValue: { username } });
  }
  db.prepare('DELETE FROM ip_auth WHERE customer_id = ?').run(customer.id);
  db.prepare('DELETE FROM sip_users WHERE customer_id = ?').run(customer.id);
  if (!hasHistory) {
    db.prepare("DELETE FROM rate_cards WHERE owner_kind = 'customer' AND owner_id = ?").run(customer.id);
    db.prepare('DELETE FROM customers WHERE id = ?').run(customer.id);
    audit.record({ objectKind: 'customer', object: customer.name, customer, oldValue: auditView(customer) });
    return { customer, outcome: 'deleted' };
  }
  db.prepare("UPDATE customers SET status = 'archived', archived_at = ? WHERE id = ?").run(audit.now, customer.id);
  const archived = getCustomerById(db, customer.id);
  audit.record({ objectKind: 'customer', object: customer.name, customer, oldValue: auditView(customer), newValue: auditView(archived) });
  return { customer: archived, outcome: 'archived' };
}

function historyOf(db: Db, customerId: number): { payments: number; charges: number; rateCardRevisions: number } {
  const count = (sql: string): number => db.prepare(sql).pluck().get(customerId) as number;
  const cardId = cardIdFor(db, 'customer', customerId, false);
  return {
    payments: count('SELECT COUNT(*) FROM payments WHERE customer_id = ?'),
    charges: count('SELECT COUNT(*) FROM charges WHERE customer_id = ?'),
    rateCardRevisions: cardId === null ? 0 : (latestRevision(db, cardId)?.number ?? 0),
  };
}

function auditView(customer: Customer): Record<string, unknown> {
  const max = customer.maxCallSeconds === null ? {} : { maxCallSeconds: customer.maxCallSeconds };
  return { name: customer.name, currency: customer.currency, debitLimit: customer.debitLimit, status: customer.status, ...max };
}
