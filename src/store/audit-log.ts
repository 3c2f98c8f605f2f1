import { RatedeckError } from '../errors.js';
import { findCustomer } from './customer-store.js';
import { writeTransaction, type Db } from './database.js';

export type AuditObjectKind = 'customer' | 'ip-auth' | 'sip-user' | 'payment' | 'carrier';

/** One change, as a store function describes it. */
export interface AuditChange {
  objectKind: AuditObjectKind;
  /** What an operator would call the object: a name, an address, a username, a payment id. */
  object: string;
  /** The customer the change concerns, if any (kept by name too, so a deleted customer's trail stays findable). */
  customer?: { id: number; name: string } | null;
  oldValue?: unknown;
  newValue?: unknown;
}

/** Handed to every provisioning store function, so no change can skip the audit trail. */
export interface AuditRecorder {
  readonly command: string;
  /** The time of the change: the audit row and the changed rows carry the same instant. */
  readonly now: number;
  record(change: AuditChange): void;
}

export interface AuditEntry {
  id: number;
  at: number;
  command: string;
  objectKind: AuditObjectKind;
  object: string;
  customer: string | null;
  oldValue: unknown;
  newValue: unknown;
}

export interface AuditFilter {
  customer?: string;
  since?: number;
}

/**
 * Runs `work` in one IMMEDIATE write transaction with a recorder bound to
 * `command`: the change and its audit rows commit together or not at all,
 * and a concurrent writer waits (busy_timeout) or gets a BUSY error.
 */
export function auditedTransaction<T>(db: Db, command: string, work: (audit: AuditRecorder) => T, now = Date.now()): T {
  return writeTransaction(db, () => work(auditRecorder(db, command, now)));
}

function auditRecorder(db: Db, command: string, now: number): AuditRecorder {
  const insert = db.prepare(
    'INSERT INTO audit (at, command, object_kind, object, customer_id, customer_name, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    command,
    now,
    record(change) {
      assertNoSecrets(change.oldValue);
      assertNoSecrets(change.newValue);
      insert.run(
        now,
        command,
        change.objectKind,
        change.object,
        change.customer?.id ?? null,
        change.customer?.name ?? null,
        change.oldValue === undefined ? null : JSON.stringify(change.oldValue),
        change.newValue === undefined ? null : JSON.stringify(change.newValue),
      );
    },
  };
}

const SECRET_KEY = /password|ha1|secret/i;

/**
 * The audit log is read by people who must never learn a SIP password or its
 * HA1 (an HA1 is as good as the password to a registrar). A store function
 * that tried to log one is a bug: fail loudly rather than write it.
 */
function assertNoSecrets(value: unknown, path = 'value'): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEY.test(key)) throw new Error(`audit ${path}.${key}: refusing to record a secret in the audit log`);
    assertNoSecrets(inner, `${path}.${key}`);
  }
}

/** Whether any audit row was recorded under this customer name (ignoring case): true for deleted customers too. */
function auditHasCustomer(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM audit WHERE customer_name = ? COLLATE NOCASE LIMIT 1').get(name.trim()) !== undefined;
}

/** Audit rows oldest first; `customer` matches the name the rows were recorded under, ignoring case. */
function listAudit(db: Db, filter: AuditFilter = {}): AuditEntry[] {
  const conditions: string[] = [];
  const parameters: unknown[] = [];
  if (filter.customer !== undefined) {
    conditions.push('customer_name = ? COLLATE NOCASE');
    parameters.push(filter.customer.trim());
  }
  if (filter.since !== undefined) {
    conditions.push('at >= ?');
    parameters.push(filter.since);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = db
    .prepare(
      `SELECT id, at, command, object_kind AS objectKind, object, customer_name AS customer, old_value AS oldValue, new_value AS newValue
         FROM audit ${where} ORDER BY at, id`,
    )
    .all(...parameters) as (Omit<AuditEntry, 'oldValue' | 'newValue'> & { oldValue: string | null; newValue: string | null })[];
  return rows.map((row) => ({
    ...row,
    oldValue: row.oldValue === null ? null : (JSON.parse(row.oldValue) as unknown),
    newValue: row.newValue === null ? null : (JSON.parse(row.newValue) as unknown),
  }));
}

/**
 * `ratedeck audit`: the rows matching `filter`. A misspelt customer name
 * must not look like "no changes": NOT_FOUND unless the customer exists or
 * rows were recorded under its name (a deleted customer keeps its trail).
 */
export function readAuditTrail(db: Db, filter: AuditFilter = {}): AuditEntry[] {
  if (filter.customer !== undefined && !findCustomer(db, filter.customer) && !auditHasCustomer(db, filter.customer)) {
    throw new RatedeckError(
      'NOT_FOUND',
      `No customer named "${filter.customer}", and no audit entry under that name (deleted customers keep theirs); \`ratedeck customer list --all\` shows the customers.`,
      { customer: filter.customer },
    );
  }
  return listAudit(db, filter);
}
