import { RatedeckError } from '../errors.js';
import type { HostAddress } from '../provisioning/network-address.js';
import type { Db } from './database.js';

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

export function addCarrier(db: Db, carrier: NewCarrier, now = Date.now()): Carrier {
  const name = validateName(carrier.name, 'Carrier');
  if (findCarrier(db, name)) {
    throw new RatedeckError('CONFLICT', `A carrier named "${name}" already exists (names are unique ignoring case).`, { name });
  }
  const id = Number(
    db.prepare('INSERT INTO carriers (name, name_key, currency, created_at) VALUES (?, ?, ?, ?)').run(name, nameKey(name), carrier.currency, now)
      .lastInsertRowid,
  );
  const insertHost = db.prepare('INSERT INTO carrier_hosts (carrier_id, host, port, protocol) VALUES (?, ?, ?, ?)');
  for (const host of carrier.hosts) insertHost.run(id, host.host, host.port, host.protocol ?? null);
  return getCarrier(db, name);
}

export function findCarrier(db: Db, name: string): Carrier | null {
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
