import { NO_TEXT, type EntryTable } from '../model/entry-table.js';
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
  const n = range?.count ?? 0;
  const texts: string[] = [];
  const decimalIds = new Map<number, number>();
  const destinationIds = new Map<number, number>();
  const decimalText = db.prepare('SELECT value FROM decimals WHERE id = ?').pluck();
  const destinationText = db.prepare('SELECT name FROM destinations WHERE id = ?').pluck();
  const local = (cache: Map<number, number>, lookup: typeof decimalText, id: number | null): number => {
    if (id === null) return NO_TEXT;
    let index = cache.get(id);
    if (index === undefined) {
      index = texts.length;
      texts.push(lookup.get(id) as string);
      cache.set(id, index);
    }
    return index;
  };
  const table: EntryTable = {
    length: n,
    texts,
    prefix: new Array<string>(n),
    destination: new Int32Array(n),
    rate: new Int32Array(n),
    connectionFee: new Int32Array(n),
    initialIncrement: new Uint32Array(n),
    subsequentIncrement: new Uint32Array(n),
    interRate: new Int32Array(n),
    intraRate: new Int32Array(n),
    indeterminateRate: new Int32Array(n),
    effectiveFrom: new Float64Array(n),
    effectiveTo: new Float64Array(n),
  };
  if (n === 0 || range?.first == null) return table;
  const rows = db
    .prepare(
      `SELECT prefix, destination_id, rate_id, connection_fee_id, initial_increment, subsequent_increment,
              inter_rate_id, intra_rate_id, indeterminate_rate_id, effective_from, effective_to
         FROM entries WHERE id BETWEEN ? AND ? ORDER BY id`,
    )
    .raw();
  let i = 0;
  for (const row of rows.iterate(range.first, range.last) as IterableIterator<unknown[]>) {
    table.prefix[i] = row[0] as string;
    table.destination[i] = local(destinationIds, destinationText, row[1] as number | null);
    table.rate[i] = local(decimalIds, decimalText, row[2] as number);
    table.connectionFee[i] = local(decimalIds, decimalText, row[3] as number);
    table.initialIncrement[i] = row[4] as number;
    table.subsequentIncrement[i] = row[5] as number;
    table.interRate[i] = local(decimalIds, decimalText, row[6] as number | null);
    table.intraRate[i] = local(decimalIds, decimalText, row[7] as number | null);
    table.indeterminateRate[i] = local(decimalIds, decimalText, row[8] as number | null);
    table.effectiveFrom[i] = row[9] as number;
    table.effectiveTo[i] = (row[10] as number | null) ?? Infinity;
    i++;
  }
  return table;
}

const BATCH = 100;
const ENTRY_COLUMNS = 12;

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

  const { decimalIds, destinationIds } = internTexts(db, table);
  const maxId = (db.prepare('SELECT MAX(id) FROM entries').pluck().get() as number | null) ?? 0;
  const firstId = maxId + 1;
  const insertBatch = db.prepare(
    `INSERT INTO entries (id, revision_id, prefix, destination_id, rate_id, connection_fee_id, initial_increment, subsequent_increment,
       inter_rate_id, intra_rate_id, indeterminate_rate_id, effective_from, effective_to) VALUES ` +
      Array(BATCH).fill(`(?, ${revisionId}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).join(', '),
  );
  const insertOne = db.prepare(
    `INSERT INTO entries (id, revision_id, prefix, destination_id, rate_id, connection_fee_id, initial_increment, subsequent_increment,
       inter_rate_id, intra_rate_id, indeterminate_rate_id, effective_from, effective_to) VALUES (?, ${revisionId}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const values = new Array<unknown>(BATCH * ENTRY_COLUMNS);
  const optional = (ids: Map<number, number>, id: number): number | null => (id === NO_TEXT ? null : ids.get(id)!);
  const fill = (target: unknown[], offset: number, i: number): void => {
    target[offset] = firstId + i;
    target[offset + 1] = table.prefix[i];
    target[offset + 2] = optional(destinationIds, table.destination[i]!);
    target[offset + 3] = decimalIds.get(table.rate[i]!);
    target[offset + 4] = decimalIds.get(table.connectionFee[i]!);
    target[offset + 5] = table.initialIncrement[i];
    target[offset + 6] = table.subsequentIncrement[i];
    target[offset + 7] = optional(decimalIds, table.interRate[i]!);
    target[offset + 8] = optional(decimalIds, table.intraRate[i]!);
    target[offset + 9] = optional(decimalIds, table.indeterminateRate[i]!);
    target[offset + 10] = table.effectiveFrom[i];
    const to = table.effectiveTo[i]!;
    target[offset + 11] = to === Infinity ? null : to;
  };
  let i = 0;
  for (; i + BATCH <= table.length; i += BATCH) {
    for (let j = 0; j < BATCH; j++) fill(values, j * ENTRY_COLUMNS, i + j);
    insertBatch.run(values);
  }
  const one = new Array<unknown>(ENTRY_COLUMNS);
  for (; i < table.length; i++) {
    fill(one, 0, i);
    insertOne.run(one);
  }
  if (table.length > 0) {
    db.prepare('UPDATE revisions SET first_entry_id = ?, last_entry_id = ? WHERE id = ?').run(firstId, firstId + table.length - 1, revisionId);
  }
  return getRevision(db, revisionId)!;
}

function internTexts(db: Db, table: EntryTable): { decimalIds: Map<number, number>; destinationIds: Map<number, number> } {
  const asDecimal = new Set<number>();
  const asDestination = new Set<number>();
  for (let i = 0; i < table.length; i++) {
    asDecimal.add(table.rate[i]!);
    asDecimal.add(table.connectionFee[i]!);
    asDecimal.add(table.interRate[i]!);
    asDecimal.add(table.intraRate[i]!);
    asDecimal.add(table.indeterminateRate[i]!);
    asDestination.add(table.destination[i]!);
  }
  asDecimal.delete(NO_TEXT);
  asDestination.delete(NO_TEXT);
  const insertDecimal = db.prepare('INSERT OR IGNORE INTO decimals (value) VALUES (?)');
  const decimalId = db.prepare('SELECT id FROM decimals WHERE value = ?').pluck();
  const insertDestination = db.prepare('INSERT OR IGNORE INTO destinations (name) VALUES (?)');
  const destinationId = db.prepare('SELECT id FROM destinations WHERE name = ?').pluck();
  const decimalIds = new Map<number, number>();
  for (const id of asDecimal) {
    insertDecimal.run(table.texts[id]);
    decimalIds.set(id, decimalId.get(table.texts[id]) as number);
  }
  const destinationIds = new Map<number, number>();
  for (const id of asDestination) {
    insertDestination.run(table.texts[id]);
    destinationIds.set(id, destinationId.get(table.texts[id]) as number);
  }
  return { decimalIds, destinationIds };
}
