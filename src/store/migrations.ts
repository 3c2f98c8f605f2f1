/**
 * Schema migrations, applied in order; the database records the version it
 * is at (PRAGMA user_version and schema_migrations). Never edit a migration
 * that has shipped: append a new one.
 *
 * Money and rates are TEXT (exact decimal strings). Rate-card entries refer
 * to interned tariffs and destinations, and carry no secondary index: a
 * revision's entries are one contiguous id range (revisions.first_entry_id ..
 * last_entry_id), so a million-row load maintains only the rowid b-tree.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  INSERT INTO settings (key, value) VALUES ('sip_realm', 'ratedeck');

  CREATE TABLE carriers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE carrier_hosts (
    id INTEGER PRIMARY KEY,
    carrier_id INTEGER NOT NULL REFERENCES carriers(id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    port INTEGER,
    protocol TEXT
  );

  CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL,
    debit_limit TEXT NOT NULL DEFAULT '0',
    status TEXT NOT NULL DEFAULT 'active',
    created_at INTEGER NOT NULL,
    archived_at INTEGER
  );

  CREATE TABLE ip_auth (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    address TEXT NOT NULL,
    kind TEXT NOT NULL,
    port INTEGER,
    protocol TEXT,
    tech_prefix TEXT,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE sip_users (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    username TEXT NOT NULL UNIQUE,
    realm TEXT NOT NULL,
    ha1 TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    amount TEXT NOT NULL,
    status TEXT NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX payments_by_customer ON payments(customer_id);

  CREATE TABLE charges (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    amount TEXT NOT NULL,
    description TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX charges_by_customer ON charges(customer_id);

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    command TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object TEXT NOT NULL,
    customer_id INTEGER,
    old_value TEXT,
    new_value TEXT
  );
  CREATE INDEX audit_by_customer ON audit(customer_id, at);

  CREATE TABLE rate_cards (
    id INTEGER PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('carrier', 'customer')),
    owner_id INTEGER NOT NULL,
    UNIQUE (owner_kind, owner_id)
  );

  CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    card_id INTEGER NOT NULL REFERENCES rate_cards(id),
    number INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    mode TEXT NOT NULL,
    source TEXT,
    sheet TEXT,
    entry_count INTEGER NOT NULL,
    first_entry_id INTEGER,
    last_entry_id INTEGER,
    details TEXT NOT NULL DEFAULT '{}',
    UNIQUE (card_id, number)
  );

  CREATE TABLE destinations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
  );

  -- A tariff is everything an entry charges, interned: decks repeat a few
  -- thousand of them over up to millions of codes.
  CREATE TABLE tariffs (
    id INTEGER PRIMARY KEY,
    rate TEXT NOT NULL,
    connection_fee TEXT NOT NULL,
    initial_increment INTEGER NOT NULL,
    subsequent_increment INTEGER NOT NULL,
    inter_rate TEXT,
    intra_rate TEXT,
    indeterminate_rate TEXT
  );

  CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL,
    prefix TEXT NOT NULL,
    destination_id INTEGER,
    tariff_id INTEGER NOT NULL,
    effective_from INTEGER NOT NULL,
    effective_to INTEGER
  );

  -- For people reading the database with SQL: entries with their texts.
  CREATE VIEW entry_details AS
    SELECT e.id, e.revision_id, e.prefix, d.name AS destination, t.rate, t.connection_fee,
           t.initial_increment, t.subsequent_increment, t.inter_rate, t.intra_rate, t.indeterminate_rate,
           e.effective_from, e.effective_to
      FROM entries e JOIN tariffs t ON t.id = e.tariff_id LEFT JOIN destinations d ON d.id = e.destination_id;

  CREATE TABLE snapshots (
    card_id INTEGER PRIMARY KEY,
    revision_id INTEGER NOT NULL,
    format_version INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  `,
  // 2: the audit trail keeps the customer's name, so `ratedeck audit --customer`
  // still finds the changes of a customer that was since deleted.
  `
  ALTER TABLE audit ADD COLUMN customer_name TEXT;
  CREATE INDEX audit_by_customer_name ON audit(customer_name COLLATE NOCASE, at);
  `,
  // 3: call rating. A charge is one rated call, keyed by (customer, call id):
  // rating a call id again replaces its charge (upsert on charges_by_call).
  // amount is the call's exact rounded cost (TEXT) in `currency`; call_time
  // the time it was rated at (answer, else start); source the CDR file (or
  // "POST /v1/rate"). Older rows (call_id NULL) never collide. A customer's
  // max_call_seconds caps authorization (NULL: the default 14,400 s).
  `
  ALTER TABLE charges ADD COLUMN call_id TEXT;
  ALTER TABLE charges ADD COLUMN currency TEXT;
  ALTER TABLE charges ADD COLUMN call_time INTEGER;
  ALTER TABLE charges ADD COLUMN billed_seconds INTEGER;
  ALTER TABLE charges ADD COLUMN source TEXT;
  ALTER TABLE charges ADD COLUMN rated_at INTEGER;
  CREATE UNIQUE INDEX charges_by_call ON charges(customer_id, call_id);
  ALTER TABLE customers ADD COLUMN max_call_seconds INTEGER;
  `,
];
