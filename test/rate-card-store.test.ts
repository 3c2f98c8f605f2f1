import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLUMN_NAMES, ENTRY_COLUMNS } from '../src/model/entry-schema.js';
import { entriesOf, entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction, type Db } from '../src/store/database.js';
import { cardIdFor, latestRevision, listRevisions, readRevisionEntries, writeRevision } from '../src/store/rate-card-store.js';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratedeck-store-'));
  db = openDatabase(join(dir, 'test.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const entries: RateEntry[] = Array.from({ length: 250 }, (_, i) => ({
  prefix: String(4400 + i),
  destination: i % 2 ? 'United Kingdom, Mobile' : null,
  rate: i % 3 ? '0.04700' : '0.0100',
  connectionFee: '0',
  increments: { initial: 30, subsequent: 6 },
  interRate: i === 7 ? '0.0082' : null,
  intraRate: null,
  indeterminateRate: null,
  effectiveFrom: Date.UTC(2025, 0, 1, 12, 30, 0, 250),
  effectiveTo: i === 3 ? Date.UTC(2026, 0, 1) : null,
}));

describe('rate card revisions in SQLite', () => {
  it('a revision reads back exactly as written, trailing zeros and all', () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    const revision = writeTransaction(db, () => writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full', source: 'a.csv' }, entryTableFrom(entries)));
    expect(revision.number).toBe(1);
    expect(revision.entryCount).toBe(250);
    expect([...entriesOf(readRevisionEntries(db, revision.id))]).toEqual(entries);
    const stored = db.prepare("SELECT DISTINCT typeof(rate) AS type, rate FROM entry_details WHERE rate = '0.04700'").all();
    expect(stored).toEqual([{ type: 'text', rate: '0.04700' }]);
    expect(db.prepare('SELECT COUNT(*) FROM tariffs').pluck().get()).toBe(3);
  });

  it('revisions number up per card and the latest is the current state', () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    const cardId = cardIdFor(db, 'carrier', carrier.id, true)!;
    writeTransaction(db, () => writeRevision(db, cardId, { mode: 'full' }, entryTableFrom(entries.slice(0, 10))));
    const second = writeTransaction(db, () => writeRevision(db, cardId, { mode: 'partial' }, entryTableFrom(entries.slice(0, 20))));
    expect(latestRevision(db, cardId)?.id).toBe(second.id);
    expect(listRevisions(db, cardId).map((r) => [r.number, r.entryCount])).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(readRevisionEntries(db, second.id).length).toBe(20);
  });

  it('a failed write leaves the previous revision untouched', () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    const cardId = cardIdFor(db, 'carrier', carrier.id, true)!;
    writeTransaction(db, () => writeRevision(db, cardId, { mode: 'full' }, entryTableFrom(entries)));
    expect(() =>
      writeTransaction(db, () => {
        writeRevision(db, cardId, { mode: 'full' }, entryTableFrom(entries.slice(0, 5)));
        throw new Error('killed half-way');
      }),
    ).toThrow('killed half-way');
    expect(listRevisions(db, cardId)).toHaveLength(1);
    expect(db.prepare('SELECT COUNT(*) FROM entries').pluck().get()).toBe(250);
  });
});

describe('the store holds every entry column the schema declares', () => {
  it('each column has its SQL column in the table it is stored in', () => {
    const columnsOf = (table: string) => new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name));
    const tables = { tariff: columnsOf('tariffs'), destination: columnsOf('entries'), entry: columnsOf('entries') };
    for (const name of COLUMN_NAMES) {
      const { stored, sql } = ENTRY_COLUMNS[name];
      expect(tables[stored].has(sql), `${name} (${stored} column ${sql})`).toBe(true);
    }
  });
});
