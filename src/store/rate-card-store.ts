import { ENTRY_COLUMNS, ENTRY_STORED_COLUMNS, TARIFF_COLUMNS } from '../model/entry-schema.js';
import { EntryTableBuilder, NO_TEXT, type EntryTable } from '../model/entry-table.js';
import { TariffInterner } from '../model/tariff-interner.js';
import type { Db } from './database.js';

export type CardOwnerKind = 'carrier' | 'customer';
export type RevisionMode = 'full' | 'partial' | 'priced';

export interface RevisionInfo {
  id: number;
  cardId: number;
  number: number;
  createdAt: number;
  mode: RevisionMode;
  source: string | null;
  sheet: string | null;
  entryCount: number;
  details: Record<string, unknown>;
}

export interface NewRevision {
  mode: RevisionMode;
  source?: string | null;
  sheet?: string | null;
  details?: Record<string, unknown>;
  createdAt?: number;
}

/** The card id of an owner's rate card, created on first use when `create` is set. */
export function cardIdFor(db: Db, ownerKind: CardOwnerKind, ownerId: number, create: boolean): number | null {
  const row = db.prepare('SELECT id FROM rate_cards WHERE owner_kind = ? AND owner_id = ?').get(ownerKind, ownerId) as { id: number } | undefined;
  if (row) return row.id;
  if (!create) return null;
  return Number(db.prepare('INSERT INTO rate_cards (owner_kind, owner_id) VALUES (?, ?)').run(ownerKind, ownerId).lastInsertRowid);
}

const REVISION_COLUMNS =
  'id, card_id AS cardId, number, created_at AS createdAt, mode, source, sheet, entry_count AS entryCount, details, first_entry_id AS firstEntryId, last_entry_id AS lastEntryId';

interface RevisionRow extends Omit<RevisionInfo, 'details'> {
  details: string;
  firstEntryId: number | null;
  lastEntryId: number | null;
}

function toInfo(row: RevisionRow): RevisionInfo {
  const { firstEntryId: _first, lastEntryId: _last, details, ...rest } = row;
  return { ...rest, details: JSON.parse(details) as Record<string, unknown> };
}

export function latestRevision(db: Db, cardId: number): RevisionInfo | null {
  const row = db.prepare(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE card_id = ? ORDER BY number DESC LIMIT 1`).get(cardId) as
    | RevisionRow
    | undefined;
  return row ? toInfo(row) : null;
}

function getRevision(db: Db, revisionId: number): RevisionInfo | null {
  const row = db.prepare(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE id = ?`).get(revisionId) as RevisionRow | undefined;
  return row ? toInfo(row) : null;
}

export function listRevisions(db: Db, cardId: number): RevisionInfo[] {
  return (db.prepare(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE card_id = ? ORDER BY number`).all(cardId) as RevisionRow[]).map(toInfo);
}

/** The tariffs table's columns, in TARIFF_COLUMNS order. */
const TARIFF_SQL = TARIFF_COLUMNS.map((name) => ENTRY_COLUMNS[name].sql).join(', ');
/** The entries table's own columns besides prefix, destination and tariff (the times). */
const ENTRY_SQL = ENTRY_STORED_COLUMNS.map((name) => ENTRY_COLUMNS[name].sql);

/** Every entry of a revision (its whole effective-dated history), in stored order. */
export function readRevisionEntries(db: Db, revisionId: number): EntryTable {
  const range = db.prepare('SELECT first_entry_id AS first, last_entry_id AS last, entry_count AS count FROM revisions WHERE id = ?').get(revisionId) as
    | { first: number | null; last: number | null; count: number }
    | undefined;
  const n = range?.first == null ? 0 : range.count;
  const builder = new EntryTableBuilder(n);
  if (n === 0) return builder.build();
  builder.reserve(n);
  const table = builder.table;
  // Fixed arrays of columns, for the loop over a million rows.
  const tariffColumns = TARIFF_COLUMNS.map((name) => table[name]);
  const tariffIsText = TARIFF_COLUMNS.map((name) => ENTRY_COLUMNS[name].kind === 'text');
  const timeColumns = ENTRY_STORED_COLUMNS.map((name) => table[name]);
  // Local tariff (its column values, texts as local ids) and destination per stored id, filled on first sight.
  const tariffs: (Float64Array | undefined)[] = [];
  const destinations = new Map<number, number>();
  const tariffRow = db.prepare(`SELECT ${TARIFF_SQL} FROM tariffs WHERE id = ?`).raw();
  const destinationName = db.prepare('SELECT name FROM destinations WHERE id = ?').pluck();
  const rows = db.prepare(`SELECT prefix, destination_id, tariff_id, ${ENTRY_SQL.join(', ')} FROM entries WHERE id BETWEEN ? AND ?`).raw();
  const CHUNK = 10_000;
  let i = 0;
  // Chunks of .all(): measurably faster than a row iterator, and bounded in memory.
  for (let start = range!.first!; start <= range!.last!; start += CHUNK) {
    const chunk = rows.all(start, Math.min(start + CHUNK - 1, range!.last!)) as unknown[][];
    for (const row of chunk) {
      const tariffId = row[2] as number;
      let tariff = tariffs[tariffId];
      if (!tariff) {
        const stored = tariffRow.get(tariffId) as (string | number | null)[];
        tariff = Float64Array.from(stored, (value, k) => (tariffIsText[k] ? builder.internOptional(value as string | null) : (value as number)));
        tariffs[tariffId] = tariff;
      }
      const destinationId = row[1] as number | null;
      let destination = NO_TEXT;
      if (destinationId !== null) {
        destination = destinations.get(destinationId) ?? NO_TEXT;
        if (destination === NO_TEXT) {
          destination = builder.intern(destinationName.get(destinationId) as string);
          destinations.set(destinationId, destination);
        }
      }
      table.prefix[i] = row[0] as string;
      table.destination[i] = destination;
      for (let k = 0; k < tariffColumns.length; k++) tariffColumns[k]![i] = tariff[k]!;
      for (let k = 0; k < timeColumns.length; k++) timeColumns[k]![i] = (row[3 + k] as number | null) ?? Infinity;
      i++;
    }
  }
  return builder.build();
}

const BATCH = 200;

/**
 * Writes a new revision holding `table` as the card's whole state. Call it
 * inside the caller's write transaction: entries are inserted in one
 * contiguous id range with multi-row statements, and no secondary index.
 */
export function writeRevision(db: Db, cardId: number, revision: NewRevision, table: EntryTable): RevisionInfo {
  const previous = db.prepare('SELECT MAX(number) FROM revisions WHERE card_id = ?').pluck().get(cardId) as number | null;
  const number = (previous ?? 0) + 1;
  const createdAt = revision.createdAt ?? Date.now();
  const revisionId = Number(
    db
      .prepare(
        'INSERT INTO revisions (card_id, number, created_at, mode, source, sheet, entry_count, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(cardId, number, createdAt, revision.mode, revision.source ?? null, revision.sheet ?? null, table.length, JSON.stringify(revision.details ?? {}))
      .lastInsertRowid,
  );
  if (table.length === 0) return getRevision(db, revisionId)!;

  const tariffs = new StoredTariffs(db, table);
  const destinationIds = storeDestinations(db, table);
  // With the write lock held, SQLite numbers each new row max(id) + 1, so the
  // revision's entries get one contiguous range without binding an id per row.
  const firstId = ((db.prepare('SELECT MAX(id) FROM entries').pluck().get() as number | null) ?? 0) + 1;
  // Most decks give no end dates: a NULL written into the statement is one value
  // fewer to bind per entry, which SQLite's insert loop feels over a million rows.
  const timeColumns = ENTRY_STORED_COLUMNS.map((name) => table[name]);
  const bound = ENTRY_STORED_COLUMNS.map((name, k) => !(ENTRY_COLUMNS[name].optional && timeColumns[k]!.every((time) => time === Infinity)));
  const boundColumns = timeColumns.filter((_, k) => bound[k]);
  const width = 3 + boundColumns.length;
  const row = `(${revisionId}, ?, ?, ?${bound.map((isBound) => (isBound ? ', ?' : ', NULL')).join('')})`;
  const columns = `INSERT INTO entries (revision_id, prefix, destination_id, tariff_id, ${ENTRY_SQL.join(', ')}) VALUES `;
  const insertBatch = db.prepare(columns + Array(BATCH).fill(row).join(', '));
  const insertOne = db.prepare(columns + row);
  const batch = new Array<unknown>(BATCH * width);
  const one = new Array<unknown>(width);
  const fill = (target: unknown[], offset: number, i: number): void => {
    const destination = table.destination[i]!;
    target[offset] = table.prefix[i];
    target[offset + 1] = destination === NO_TEXT ? null : destinationIds[destination];
    target[offset + 2] = tariffs.idOf(i);
    for (let k = 0; k < boundColumns.length; k++) {
      const time = boundColumns[k]![i]!;
      target[offset + 3 + k] = time === Infinity ? null : time;
    }
  };
  let i = 0;
  for (; i + BATCH <= table.length; i += BATCH) {
    for (let j = 0; j < BATCH; j++) fill(batch, j * width, i + j);
    insertBatch.run(batch);
  }
  let lastId = i > 0 ? Number((db.prepare('SELECT last_insert_rowid()').pluck().get() as number)) : firstId - 1;
  for (; i < table.length; i++) {
    fill(one, 0, i);
    lastId = Number(insertOne.run(one).lastInsertRowid);
  }
  if (lastId !== firstId + table.length - 1) throw new Error(`entries of revision ${revisionId} are not one id range (${firstId}..${lastId})`);
  tariffs.insertNew();
  db.prepare('UPDATE revisions SET first_entry_id = ?, last_entry_id = ? WHERE id = ?').run(firstId, firstId + table.length - 1, revisionId);
  return getRevision(db, revisionId)!;
}

/**
 * The stored tariff id of each entry, worked out as the entries are inserted: entries
 * are numbered by TariffInterner, and only each distinct tariff is matched against the
 * stored tariffs, which are read into a table of their own (`known`) and interned by the
 * same TariffInterner. New tariffs get their ids at once (ids are bound, so entries may
 * be written first) and are inserted by insertNew() in the same transaction.
 */
class StoredTariffs {
  private readonly interner: TariffInterner;
  /** stored[t]: the stored id of local tariff t, 0 until looked up. */
  private stored = new Uint32Array(1024);
  /** The stored tariffs, then each new one, one row each, interned by knownTariffs. */
  private readonly known: EntryTableBuilder;
  private readonly knownTariffs: TariffInterner;
  /** knownIds[t]: the stored id of known tariff t. */
  private readonly knownIds: number[] = [];
  private readonly added: unknown[][] = [];
  private nextId: number;

  constructor(
    private readonly db: Db,
    private readonly table: EntryTable,
  ) {
    this.interner = new TariffInterner(table);
    this.known = new EntryTableBuilder(1024);
    this.knownTariffs = new TariffInterner(this.known.table);
    const isText = TARIFF_COLUMNS.map((name) => ENTRY_COLUMNS[name].kind === 'text');
    for (const row of db.prepare(`SELECT id, ${TARIFF_SQL} FROM tariffs`).raw().iterate() as IterableIterator<unknown[]>) {
      const index = this.known.reserve();
      const t = this.known.table;
      TARIFF_COLUMNS.forEach((name, k) => {
        const value = row[k + 1];
        t[name][index] = isText[k] ? this.known.internOptional(value as string | null) : (value as number);
      });
      const tariff = this.knownTariffs.idOf(index);
      if (tariff === this.knownIds.length) this.knownIds.push(row[0] as number);
    }
    this.nextId = ((db.prepare('SELECT MAX(id) FROM tariffs').pluck().get() as number | null) ?? 0) + 1;
  }

  idOf(i: number): number {
    const local = this.interner.idOf(i);
    if (local >= this.stored.length) {
      const bigger = new Uint32Array(this.stored.length * 2);
      bigger.set(this.stored);
      this.stored = bigger;
    }
    return this.stored[local] || (this.stored[local] = this.lookUp(i));
  }

  insertNew(): void {
    insertRows(this.db, `INSERT INTO tariffs (id, ${TARIFF_SQL}) VALUES `, TARIFF_COLUMNS.length + 1, this.added);
  }

  private lookUp(i: number): number {
    this.known.addFrom(this.table, i);
    const index = this.known.length - 1;
    const tariff = this.knownTariffs.idOf(index);
    if (tariff < this.knownIds.length) return this.knownIds[tariff]!;
    const tariffId = this.nextId++;
    this.knownIds.push(tariffId);
    const t = this.known.table;
    const values = TARIFF_COLUMNS.map((name) => {
      const value = t[name][index]!;
      return ENTRY_COLUMNS[name].kind !== 'text' ? value : value === NO_TEXT ? null : t.texts[value]!;
    });
    this.added.push([tariffId, ...values]);
    return tariffId;
  }
}

/** Stored destination id per text id (only for texts used as destinations). */
function storeDestinations(db: Db, table: EntryTable): Int32Array {
  const ids = new Int32Array(table.texts.length).fill(-1);
  const insert = db.prepare('INSERT OR IGNORE INTO destinations (name) VALUES (?)');
  const find = db.prepare('SELECT id FROM destinations WHERE name = ?').pluck();
  for (let i = 0; i < table.length; i++) {
    const text = table.destination[i]!;
    if (text === NO_TEXT || ids[text] !== -1) continue;
    insert.run(table.texts[text]);
    ids[text] = find.get(table.texts[text]) as number;
  }
  return ids;
}

/** Multi-row INSERTs of `rows` (each `width` values), 100 rows a statement. */
function insertRows(db: Db, insertPrefix: string, width: number, rows: unknown[][]): void {
  const placeholders = (count: number): string => Array(count).fill(`(${Array(width).fill('?').join(', ')})`).join(', ');
  const full = db.prepare(insertPrefix + placeholders(100));
  let i = 0;
  for (; i + 100 <= rows.length; i += 100) full.run(rows.slice(i, i + 100).flat());
  if (i < rows.length) db.prepare(insertPrefix + placeholders(rows.length - i)).run(rows.slice(i).flat());
}
