import { RatedeckError } from '../errors.js';
import { checkPassword, validateUsername } from '../provisioning/password-policy.js';
import { digestHa1, passwordMatchesHa1 } from '../provisioning/sip-digest.js';
import type { AuditRecorder } from './audit-log.js';
import type { Customer, CustomerStatus } from './customer-store.js';
import type { Db } from './database.js';

const DEFAULT_SIP_REALM = 'ratedeck';

/** A SIP user as anyone may see it: no password and no HA1. */
export interface SipUser {
  id: number;
  customerId: number;
  customer: string;
  customerStatus: CustomerStatus;
  username: string;
  realm: string;
  createdAt: number;
}

export type SipCheck = { user: SipUser; reason: null } | { user: SipUser | null; reason: 'unknown username' | 'wrong password' };

const COLUMNS = `sip_users.id, customer_id AS customerId, customers.name AS customer, customers.status AS customerStatus,
                 username, realm, sip_users.created_at AS createdAt`;
const SELECT = `SELECT ${COLUMNS} FROM sip_users JOIN customers ON customers.id = sip_users.customer_id`;

/** The digest realm of this database (settings key `sip_realm`), `ratedeck` when unset. */
function getSipRealm(db: Db): string {
  const realm = db.prepare("SELECT value FROM settings WHERE key = 'sip_realm'").pluck().get() as string | undefined;
  return realm ?? DEFAULT_SIP_REALM;
}

export function listSipUsers(db: Db, customerId?: number): SipUser[] {
  if (customerId === undefined) return db.prepare(`${SELECT} ORDER BY sip_users.id`).all() as SipUser[];
  return db.prepare(`${SELECT} WHERE customer_id = ? ORDER BY sip_users.id`).all(customerId) as SipUser[];
}

/**
 * Stores HA1 = MD5(username:realm:password) and forgets the password. The
 * realm is kept per user: an HA1 is only valid for the realm it was made with.
 * Usernames are unique across customers, ignoring case so that `Alice` and
 * `alice` cannot be mistaken for each other on a phone's display.
 */
export function addSipUser(db: Db, customer: Customer, credentials: { username: string; password: string }, audit: AuditRecorder): SipUser {
  const username = validateUsername(credentials.username);
  checkPassword(credentials.password, username);
  const taken = db.prepare(`${SELECT} WHERE lower(username) = lower(?)`).get(username) as SipUser | undefined;
  if (taken) {
    const owner = taken.customerId === customer.id ? 'this customer' : `customer "${taken.customer}"`;
    throw new RatedeckError('CONFLICT', `SIP username "${taken.username}" is already used by ${owner}; usernames are unique across all customers, ignoring case.`, {
      username,
      existingCustomer: taken.customer,
    });
  }
  const realm = getSipRealm(db);
  const id = Number(
    db
      .prepare('INSERT INTO sip_users (customer_id, username, realm, ha1, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(customer.id, username, realm, digestHa1(username, realm, credentials.password), audit.now).lastInsertRowid,
  );
  const user = db.prepare(`${SELECT} WHERE sip_users.id = ?`).get(id) as SipUser;
  audit.record({ objectKind: 'sip-user', object: username, customer, newValue: { username, realm } });
  return user;
}

export function removeSipUser(db: Db, customer: Customer, username: string, audit: AuditRecorder): SipUser | null {
  const user = db.prepare(`${SELECT} WHERE customer_id = ? AND username = ?`).get(customer.id, username) as SipUser | undefined;
  if (!user) return null;
  db.prepare('DELETE FROM sip_users WHERE id = ?').run(user.id);
  audit.record({ objectKind: 'sip-user', object: user.username, customer, oldValue: { username: user.username, realm: user.realm } });
  return user;
}

/** What a registrar does: find the user (exact username, as in the digest) and compare HA1 in constant time. */
export function checkSipCredentials(db: Db, username: string, password: string): SipCheck {
  const row = db.prepare(`SELECT ${COLUMNS}, ha1 FROM sip_users JOIN customers ON customers.id = sip_users.customer_id WHERE username = ?`).get(username) as
    | (SipUser & { ha1: string })
    | undefined;
  if (!row) return { user: null, reason: 'unknown username' };
  const { ha1, ...user } = row;
  return passwordMatchesHa1(user.username, user.realm, password, ha1) ? { user, reason: null } : { user, reason: 'wrong password' };
}
