import { RatedeckError } from '../errors.js';
import { authAddressCovers, authAddressesOverlap, parseAuthAddress, techPrefixesSeparate, type AuthAddress, type AuthAddressKind } from '../provisioning/auth-address.js';
import type { Transport } from '../provisioning/network-address.js';
import type { AuditRecorder } from './audit-log.js';
import type { Customer, CustomerStatus } from './customer-store.js';
import type { Db } from './database.js';

export interface IpAuthEntry {
  id: number;
  customerId: number;
  customer: string;
  customerStatus: CustomerStatus;
  /** Canonical address text (see parseAuthAddress). */
  address: string;
  kind: AuthAddressKind;
  port: number | null;
  protocol: Transport | null;
  techPrefix: string | null;
  createdAt: number;
}

export interface NewIpAuth {
  address: AuthAddress;
  port: number | null;
  protocol: Transport | null;
  techPrefix: string | null;
}

const SELECT = `SELECT ip_auth.id, customer_id AS customerId, customers.name AS customer, customers.status AS customerStatus,
                       address, kind, port, protocol, tech_prefix AS techPrefix, ip_auth.created_at AS createdAt
                  FROM ip_auth JOIN customers ON customers.id = ip_auth.customer_id`;

/** A customer's entries, or every entry when `customerId` is omitted. */
export function listIpAuth(db: Db, customerId?: number): IpAuthEntry[] {
  if (customerId === undefined) return db.prepare(`${SELECT} ORDER BY ip_auth.id`).all() as IpAuthEntry[];
  return db.prepare(`${SELECT} WHERE customer_id = ? ORDER BY ip_auth.id`).all(customerId) as IpAuthEntry[];
}

function entryAddress(entry: IpAuthEntry): AuthAddress {
  return parseAuthAddress(entry.address);
}

/**
 * Adds an entry after checking it against every stored one, inside the
 * caller's write transaction so that two processes cannot both pass the check.
 */
export function addIpAuth(db: Db, customer: Customer, entry: NewIpAuth, audit: AuditRecorder): IpAuthEntry {
  for (const existing of listIpAuth(db)) {
    if (!authAddressesOverlap(entryAddress(existing), entry.address)) continue;
    if (techPrefixesSeparate(existing.techPrefix, entry.techPrefix)) continue;
    throw new RatedeckError('CONFLICT', conflictMessage(existing, customer, entry), {
      address: entry.address.text,
      existingAddress: existing.address,
      existingCustomer: existing.customer,
      existingTechPrefix: existing.techPrefix,
    });
  }
  const id = Number(
    db
      .prepare('INSERT INTO ip_auth (customer_id, address, kind, port, protocol, tech_prefix, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(customer.id, entry.address.text, entry.address.kind, entry.port, entry.protocol, entry.techPrefix, audit.now).lastInsertRowid,
  );
  const added = db.prepare(`${SELECT} WHERE ip_auth.id = ?`).get(id) as IpAuthEntry;
  audit.record({ objectKind: 'ip-auth', object: added.address, customer, newValue: auditView(added) });
  return added;
}

function conflictMessage(existing: IpAuthEntry, customer: Customer, entry: NewIpAuth): string {
  const same = existing.address === entry.address.text;
  const where = same ? `${entry.address.text} already authenticates` : `${entry.address.text} overlaps ${existing.address}, which authenticates`;
  const owner = existing.customerId === customer.id ? `customer "${existing.customer}"` : `another customer, "${existing.customer}"`;
  const prefixes =
    existing.techPrefix !== null && existing.techPrefix === entry.techPrefix
      ? `both entries use tech prefix ${existing.techPrefix}`
      : existing.techPrefix === null
        ? 'that entry has no tech prefix'
        : `the new entry has no tech prefix (the existing one uses ${existing.techPrefix})`;
  return (
    `${where} ${owner}, and ${prefixes}; calls from those addresses could not be told apart. ` +
    'Give each entry its own tech prefix (--tech-prefix), or remove the other entry first.'
  );
}

/**
 * Removes the customer's entries with this address (canonical comparison), or
 * only the one with `techPrefix` when given. Returns what was removed (maybe nothing).
 */
export function removeIpAuth(db: Db, customer: Customer, address: AuthAddress, techPrefix: string | undefined, audit: AuditRecorder): IpAuthEntry[] {
  const matching = listIpAuth(db, customer.id).filter(
    (entry) => entry.address === address.text && (techPrefix === undefined || entry.techPrefix === techPrefix),
  );
  for (const entry of matching) {
    db.prepare('DELETE FROM ip_auth WHERE id = ?').run(entry.id);
    audit.record({ objectKind: 'ip-auth', object: entry.address, customer, oldValue: auditView(entry) });
  }
  return matching;
}

/**
 * Every entry covering `query`: the exact address or a block containing it
 * (names match exactly). More than one only when tech prefixes separate them.
 */
export function findIpAuthCandidates(db: Db, query: AuthAddress): IpAuthEntry[] {
  return listIpAuth(db).filter((entry) => authAddressCovers(entryAddress(entry), query));
}

function auditView(entry: IpAuthEntry): Record<string, unknown> {
  return { address: entry.address, kind: entry.kind, port: entry.port, protocol: entry.protocol, techPrefix: entry.techPrefix };
}
