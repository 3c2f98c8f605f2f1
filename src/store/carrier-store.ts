import { plural } from '../text/plural.js';
import { RatedeckError } from '../errors.js';
import { formatHostAddress, type HostAddress, type SwitchAddress } from '../provisioning/network-address.js';
import type { AuditRecorder } from './audit-log.js';
import type { Db } from './database.js';
import { cardIdFor, listRevisions } from './rate-card-store.js';

export interface CarrierHost {
  host: string;
  port: number | null;
  protocol: string | null;
}

export interface Carrier {
  id: number;
  name: string;
  currency: string;
  createdAt: number;
  hosts: CarrierHost[];
}

export interface NewCarrier {
  name: string;
  currency: string;
  hosts: (HostAddress & { protocol?: string | null })[];
}

/** Carrier names are unique ignoring case, as operators type them. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

export function validateName(name: string, what: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100 || /[\u0000-\u001f]/.test(trimmed)) {
    throw new RatedeckError('INVALID_VALUE', `${what} name "${name}" is not usable; expected 1 to 100 printable characters.`, { value: name });
  }
  return trimmed;
}

export interface CarrierChanges {
  currency?: string;
  addHosts?: SwitchAddress[];
  /** Host texts as `carrier show` lists them; a bare host removes it with every port and protocol. */
  removeHosts?: SwitchAddress[];
}

/** Call inside a write transaction. With `audit` (the CLI always passes one), the addition is recorded. */
export function addCarrier(db: Db, carrier: NewCarrier, now = Date.now(), audit?: AuditRecorder): Carrier {
  const name = validateName(carrier.name, 'Carrier');
  if (findCarrier(db, name)) {
    throw new RatedeckError('CONFLICT', `A carrier named "${name}" already exists (names are unique ignoring case).`, { name });
  }
  const id = Number(
    db.prepare('INSERT INTO carriers (name, name_key, currency, created_at) VALUES (?, ?, ?, ?)').run(name, nameKey(name), carrier.currency, now)
      .lastInsertRowid,
  );
  insertHosts(db, id, [], carrier.hosts);
  const added = getCarrier(db, name);
  audit?.record({ objectKind: 'carrier', object: added.name, newValue: auditView(added) });
  return added;
}

/**
 * Changes hosts and, while the carrier has no rate card revision, its
 * currency: once a deck is imported its rates are in that currency.
 */
export function updateCarrier(db: Db, name: string, changes: CarrierChanges, audit: AuditRecorder): Carrier {
  const before = getCarrier(db, name);
  if (changes.currency !== undefined && changes.currency !== before.currency) {
    const revisions = revisionCount(db, before.id);
    if (revisions > 0) {
      throw new RatedeckError(
        'CONFLICT',
        `The currency of carrier "${before.name}" is ${before.currency} and cannot change: its rate card has ${plural(revisions, 'revision')} in ${before.currency}. Add a new carrier for ${changes.currency}.`,
        { carrier: before.name, currency: before.currency, received: changes.currency },
      );
    }
    db.prepare('UPDATE carriers SET currency = ? WHERE id = ?').run(changes.currency, before.id);
  }
  for (const host of changes.removeHosts ?? []) {
    const ids = db
      .prepare('SELECT id FROM carrier_hosts WHERE carrier_id = ? AND host = ? AND (? IS NULL OR port = ?) AND (? IS NULL OR protocol = ?)')
      .pluck()
      .all(before.id, host.host, host.port, host.port, host.protocol, host.protocol) as number[];
    if (ids.length === 0) {
      throw new RatedeckError(
        'NOT_FOUND',
        `Carrier "${before.name}" has no host ${formatHostAddress(host)}; its hosts: ${before.hosts.map(formatHostAddress).join(', ') || 'none'}.`,
        { carrier: before.name, host: formatHostAddress(host) },
      );
    }
    for (const id of ids) db.prepare('DELETE FROM carrier_hosts WHERE id = ?').run(id);
  }
  insertHosts(db, before.id, hostsOf(db, before.id), changes.addHosts ?? []);
  const after = getCarrier(db, before.name);
  if (JSON.stringify(auditView(before)) !== JSON.stringify(auditView(after))) {
    audit.record({ objectKind: 'carrier', object: after.name, oldValue: auditView(before), newValue: auditView(after) });
  }
  return after;
}

export interface CarrierRemoval {
  carrier: Carrier;
  revisionsRemoved: number;
}

/**
 * Deletes a carrier. Refused while its rate card has revisions, unless
 * `force`, which deletes the card with its whole history too.
 */
export function removeCarrier(db: Db, name: string, force: boolean, audit: AuditRecorder): CarrierRemoval {
  const carrier = getCarrier(db, name);
  const cardId = cardIdFor(db, 'carrier', carrier.id, false);
  const revisions = cardId === null ? [] : listRevisions(db, cardId);
  if (revisions.length > 0 && !force) {
    throw new RatedeckError(
      'CONFLICT',
      `Carrier "${carrier.name}" has a rate card with ${plural(revisions.length, 'revision')}; removing the carrier would delete them. Use --force to remove it with its rate card.`,
      { carrier: carrier.name, revisions: revisions.length },
    );
  }
  if (cardId !== null) {
    // A revision's entries are one contiguous id range, so this delete walks the rowid b-tree, not the table.
    for (const range of db.prepare('SELECT first_entry_id AS first, last_entry_id AS last FROM revisions WHERE card_id = ?').all(cardId) as {
      first: number | null;
      last: number | null;
    }[]) {
      if (range.first !== null) db.prepare('DELETE FROM entries WHERE id BETWEEN ? AND ?').run(range.first, range.last);
    }
    db.prepare('DELETE FROM snapshots WHERE card_id = ?').run(cardId);
    db.prepare('DELETE FROM revisions WHERE card_id = ?').run(cardId);
    db.prepare('DELETE FROM rate_cards WHERE id = ?').run(cardId);
  }
  db.prepare('DELETE FROM carrier_hosts WHERE carrier_id = ?').run(carrier.id);
  db.prepare('DELETE FROM carriers WHERE id = ?').run(carrier.id);
  audit.record({ objectKind: 'carrier', object: carrier.name, oldValue: { ...auditView(carrier), rateCardRevisions: revisions.length } });
  return { carrier, revisionsRemoved: revisions.length };
}

function revisionCount(db: Db, carrierId: number): number {
  const cardId = cardIdFor(db, 'carrier', carrierId, false);
  return cardId === null ? 0 : listRevisions(db, cardId).length;
}

/** Inserts hosts, refusing one listed twice (same host, port and protocol). */
function insertHosts(db: Db, carrierId: number, existing: CarrierHost[], hosts: NewCarrier['hosts']): void {
  const seen = new Set(existing.map((host) => formatHostAddress(host)));
  const insertHost = db.prepare('INSERT INTO carrier_hosts (carrier_id, host, port, protocol) VALUES (?, ?, ?, ?)');
  for (const host of hosts) {
    const text = formatHostAddress({ host: host.host, port: host.port, protocol: host.protocol ?? null });
    if (seen.has(text)) throw new RatedeckError('CONFLICT', `Host ${text} is listed twice for this carrier.`, { host: text });
    seen.add(text);
    insertHost.run(carrierId, host.host, host.port, host.protocol ?? null);
  }
}

function auditView(carrier: Carrier): Record<string, unknown> {
  return { name: carrier.name, currency: carrier.currency, hosts: carrier.hosts.map(formatHostAddress) };
}

function findCarrier(db: Db, name: string): Carrier | null {
  const row = db.prepare('SELECT id, name, currency, created_at AS createdAt FROM carriers WHERE name_key = ?').get(nameKey(name)) as
    | Omit<Carrier, 'hosts'>
    | undefined;
  if (!row) return null;
  return { ...row, hosts: hostsOf(db, row.id) };
}

export function getCarrier(db: Db, name: string): Carrier {
  const carrier = findCarrier(db, name);
  if (!carrier) {
    throw new RatedeckError('NOT_FOUND', `No carrier named "${name}". \`ratedeck carrier list\` shows the carriers.`, { name });
  }
  return carrier;
}

export function listCarriers(db: Db): Carrier[] {
  const rows = db.prepare('SELECT id, name, currency, created_at AS createdAt FROM carriers ORDER BY name_key').all() as Omit<Carrier, 'hosts'>[];
  return rows.map((row) => ({ ...row, hosts: hostsOf(db, row.id) }));
}

function hostsOf(db: Db, carrierId: number): CarrierHost[] {
  return db.prepare('SELECT host, port, protocol FROM carrier_hosts WHERE carrier_id = ? ORDER BY id').all(carrierId) as CarrierHost[];
}
