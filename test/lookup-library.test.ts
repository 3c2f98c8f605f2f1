import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRatedeck, RatedeckError, type RateEntry } from '../src/index.js';
import { entryTableFrom } from '../src/model/entry-table.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';

const JAN = Date.UTC(2025, 0, 1);
const MAR = Date.UTC(2025, 2, 1);

function entry(prefix: string, rate: string, from = JAN): RateEntry {
  return { prefix, destination: `Destination ${prefix}`, rate, connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: from, effectiveTo: null };
}

let directory: string;
let path: string;

function importRevision(entries: RateEntry[]): void {
  const db = openDatabase(path);
  writeTransaction(db, () => {
    const carrier = db.prepare("SELECT id FROM carriers WHERE name_key = 'acme'").pluck().get() as number;
    writeRevision(db, cardIdFor(db, 'carrier', carrier, true)!, { mode: 'full' }, entryTableFrom(entries));
  });
  db.close();
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-library-'));
  path = join(directory, 'store.db');
  const db = openDatabase(path);
  addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
  db.prepare("INSERT INTO customers (name, name_key, currency, created_at) VALUES ('Bob', 'bob', 'USD', 0)").run();
  db.close();
  importRevision([entry('44', '0.0100'), entry('4477', '0.0700', MAR)]);
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the library API for billing jobs', () => {
  it("a carrier's card as of a time answers lookups with whole entries", () => {
    const store = openRatedeck(path);
    try {
      const card = store.carrierCard('acme', { at: '2025-02-01T00:00:00Z' });
      expect(card.revision?.number).toBe(1);
      expect(card.lookup('+44 7700 900123')).toEqual({ ...entry('44', '0.0100'), prefix: '44' });
      expect(card.lookup('+44 7700 900123', MAR)?.rate).toBe('0.0700');
      expect(card.lookup('+33 1 42 86 82 00')).toBeNull();
      expect(() => card.lookup('+44 77OO')).toThrow(RatedeckError);
    } finally {
      store.close();
    }
  });

  it('a card taken after a new import sees it; one taken before keeps its revision', () => {
    const store = openRatedeck(path);
    try {
      const before = store.carrierCard('Acme', { at: MAR });
      importRevision([entry('44', '0.0200')]);
      const after = store.carrierCard('Acme', { at: MAR });
      expect(before.lookup('447700900123')?.rate).toBe('0.0700');
      expect(after.lookup('447700900123')).toMatchObject({ prefix: '44', rate: '0.0200' });
      expect(after.revision?.number).toBe(2);
    } finally {
      store.close();
    }
  });

  it('unknown carriers and customers without a sell card are NOT_FOUND', () => {
    const store = openRatedeck(path);
    try {
      expect(() => store.carrierCard('Nobody')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
      expect(() => store.customerCard('bob')).toThrow(/customer Bob has no sell rate card yet; build one with `ratedeck price`/);
      expect(() => store.carrierCard('Acme', { at: 'next tuesday' })).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
    } finally {
      store.close();
    }
  });
});
