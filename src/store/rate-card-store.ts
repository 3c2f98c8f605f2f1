import { allocateEntryTable, NO_TEXT, type EntryTable } from '../model/entry-table.js';
import { TextInterner } from '../model/text-interner.js';
import type { Db } from './database.js';
import { TariffInterner } from './tariff-interner.js';

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

export function getRevision(db: Db, revisionId: number): RevisionInfo | null {
  const row = db.prepare(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE id = ?`).get(revisionId) as RevisionRow | undefined;
  return row ? toInfo(row) : null;
}

export function listRevisions(db: Db, cardId: number): RevisionInfo[] {
  return (db.prepare(`SELECT ${REVISION_COLUMNS} FROM revisions WHERE card_id = ? ORDER BY number`).all(cardId) as RevisionRow[]).map(toInfo);
}

/** Every entry of a revision (its whole effective-dated history), in stored order. */
export function readRevisionEntries(db: Db, revisionId: number): EntryTable {
  const range = db.prepare('SELECT first_entry_id AS first, last_entry_id AS last, entry_count AS count FROM revisions WHERE id = ?').get(revisionId) as
    | { first: number | null; last: number | null; count: number }
    | undefined;
  const n = range?.first == null ? 0 : range.count;
  const table = allocateEntryTable(n);
  if (n === 0) return table;
  const texts = new TextInterner(table.texts);
  const optional = (text: string | null): number => (text === null ? NO_TEXT : texts.id(text));
  // Local tariff and destination per stored id, filled on first sight.
  const tariffs: (LocalTariff | undefined)[] = [];
  const destinations = new Map<number, number>();
  const tariffRow = db.prepare('SELECT rate, connection_fee, initial_increment, subsequent_increment, inter_rate, intra_rate, indeterminate_rate FROM tariffs WHERE id = ?').raw();
  const destinationName = db.prepare('SELECT name FROM destinations WHERE id = ?').pluck();
  const rows = db.prepare('SELECT prefix, destination_id, tariff_id, effective_from, effective_to FROM entries WHERE id BETWEEN ? AND ?').raw();
  const CHUNK = 10_000;
  let i = 0;
  // Chunks of .all(): measurably faster than a row iterator, and bounded in memory.
  for (let start = range!.first!; start <= range!.last!; start += CHUNK) {
    const chunk = rows.all(start, Math.min(start + CHUNK - 1, range!.last!)) as [string, number | null, number, number, number | null][];
    for (const [prefix, destinationId, tariffId, from, to] of chunk) {
      let tariff = tariffs[tariffId];
      if (!tariff) {
        const [rate, fee, initial, subsequent, inter, intra, indeterminate] = tariffRow.get(tariffId) as [string, string, number, number, string | null, string | null, string | null];
        tariff = { rate: texts.id(rate), fee: texts.id(fee), initial, subsequent, inter: optional(inter), intra: optional(intra), indeterminate: optional(indeterminate) };
        tariffs[tariffId] = tariff;
      }
      let destination = NO_TEXT;
      if (destinationId !== null) {
        destination = destinations.get(destinationId) ?? NO_TEXT;
        if (destination === NO_TEXT) {
          destination = texts.id(destinationName.get(destinationId) as string);
          destinations.set(destinationId, destination);
        }
      }
      table.prefix[i] = prefix;
      table.destination[i] = destination;
      table.rate[i] = tariff.rate;
      table.connectionFee[i] = tariff.fee;
      table.initialIncrement[i] = tariff.initial;
      table.subsequentIncrement[i] = tariff.subsequent;
      table.interRate[i] = tariff.inter;
      table.intraRate[i] = tariff.intra;
      table.indeterminateRate[i] = tariff.indeterminate;
      table.effectiveFrom[i] = from;
      table.effectiveTo[i] = to ?? Infinity;
      i++;
    }
  }
  return table;
}

interface LocalTariff {
  rate: number;
  fee: number;
  initial: number;
  subsequent: number;
  inter: number;
  intra: number;
  indeterminate: number;
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
  const openEnded = table.effectiveTo.every((to) => to === Infinity);
  const width = openEnded ? 4 : 5;
  const row = `(${revisionId}, ?, ?, ?, ?${openEnded ? ', NULL' : ', ?'})`;
  const columns = `INSERT INTO entries (revision_id, prefix, destination_id, tariff_id, effective_from, effective_to) VALUES `;
  const insertBatch = db.prepare(columns + Array(BATCH).fill(row).join(', '));
  const insertOne = db.prepare(columns + row);
  const batch = new Array<unknown>(BATCH * width);
  const one = new Array<unknown>(width);
  const fill = (target: unknown[], offset: number, i: number): void => {
    const destination = table.destination[i]!;
    target[offset] = table.prefix[i];
    target[offset + 1] = destination === NO_TEXT ? null : destinationIds[destination];
    target[offset + 2] = tariffs.idOf(i);
    target[offset + 3] = table.effectiveFrom[i];
    if (!openEnded) {
      const to = table.effectiveTo[i]!;
      target[offset + 4] = to === Infinity ? null : to;
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
 * tariffs table. New tariffs get their ids at once (ids are bound, so entries may be
 * written first) and are inserted by insertNew() in the same transaction.
 */
class StoredTariffs {
  private readonly interner: TariffInterner;
  /** stored[t]: the stored id of local tariff t, 0 until looked up. */
  private stored = new Uint32Array(1024);
  private readonly existing = new Map<string, number>();
  private readonly added: unknown[][] = [];
  private nextId: number;

  constructor(
    private readonly db: Db,
    private readonly table: EntryTable,
  ) {
    this.interner = new TariffInterner(table);
    for (const row of db.prepare('SELECT id, rate, connection_fee, initial_increment, subsequent_increment, inter_rate, intra_rate, indeterminate_rate FROM tariffs').raw().iterate() as IterableIterator<unknown[]>) {
      this.existing.set(JSON.stringify(row.slice(1)), row[0] as number);
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
    insertRows(this.db, 'INSERT INTO tariffs (id, rate, connection_fee, initial_increment, subsequent_increment, inter_rate, intra_rate, indeterminate_rate) VALUES ', 8, this.added);
  }

  private lookUp(i: number): number {
    const table = this.table;
    const text = (id: number): string | null => (id === NO_TEXT ? null : table.texts[id]!);
    const values = [
      table.texts[table.rate[i]!]!,
      table.texts[table.connectionFee[i]!]!,
      table.initialIncrement[i]!,
      table.subsequentIncrement[i]!,
      text(table.interRate[i]!),
      text(table.intraRate[i]!),
      text(table.indeterminateRate[i]!),
    ];
    const key = JSON.stringify(values);
    let tariffId = this.existing.get(key);
    if (tariffId === undefined) {
      tariffId = this.nextId++;
      this.existing.set(key, tariffId);
      this.added.push([tariffId, ...values]);
    }
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
