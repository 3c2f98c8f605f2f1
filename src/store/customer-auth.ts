import { RatedeckError } from '../errors.js';
import { parseAuthAddress, type AuthAddress } from '../provisioning/auth-address.js';
import type { AuditRecorder } from './audit-log.js';
import { getActiveCustomer } from './customer-store.js';
import type { Db } from './database.js';
import { removeIpAuth } from './ip-auth-store.js';
import { removeSipUser } from './sip-user-store.js';

export type RemovedAuth = { kind: 'ip'; address: string; techPrefix: string | null } | { kind: 'sip-user'; username: string };

/**
 * `customer auth remove`: the customer's IP entries for `target` (only the
 * one with `techPrefix` when given), else its SIP user named `target`: a
 * username may look like a domain name (alice.smith). NOT_FOUND when neither.
 */
export function removeCustomerAuth(db: Db, customerName: string, target: string, techPrefix: string | undefined, audit: AuditRecorder): RemovedAuth[] {
  const customer = getActiveCustomer(db, customerName);
  const address = tryAuthAddress(target);
  const entries = address ? removeIpAuth(db, customer, address, techPrefix, audit) : [];
  if (entries.length > 0) return entries.map((entry) => ({ kind: 'ip', address: entry.address, techPrefix: entry.techPrefix }));
  const user = removeSipUser(db, customer, target.trim(), audit);
  if (user) return [{ kind: 'sip-user', username: user.username }];
  throw new RatedeckError(
    'NOT_FOUND',
    `Customer "${customer.name}" has no IP entry or SIP user "${target}". \`ratedeck customer auth list ${customer.name}\` shows them.`,
    { customer: customer.name, target },
  );
}

function tryAuthAddress(text: string): AuthAddress | null {
  try {
    return parseAuthAddress(text);
  } catch {
    return null;
  }
}
