import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRatedeck, RatedeckError, type RateCard, type Ratedeck } from '../src/index.js';
import { entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';

/** Issue 9: what a billing job may hand the library by mistake gets a RatedeckError with a sentence. */

function entry(prefix: string, rate: string): RateEntry {
  return { prefix, destination: `Destination ${prefix}`, rate, connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: Date.UTC(2025, 0, 1), effectiveTo: null };
}

let directory: string;
let path: string;
let store: Ratedeck;
let card: RateCard;

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-library-hostile-'));
  path = join(directory, 'store.db');
  const db = openDatabase(path);
  writeTransaction(db, () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full' }, entryTableFrom([entry('44', '0.0100'), entry('4477', '0.0700')]));
  });
  db.close();
  store = openRatedeck(path);
  card = store.carrierCard('Acme');
});

afterAll(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('card.lookup given a JS number', () => {
  it('card.lookup(447700900123), a safe integer, finds 4477 as the text "447700900123" does', () => {
    expect(card.lookup(447700900123)).toEqual(card.lookup('447700900123'));
    expect(card.lookup(447700900123)?.prefix).toBe('4477');
    expect(card.lookupResult(4420)).toMatchObject({ number: '4420', entry: { prefix: '44' } });
  });

  it('card.lookup(4477009001.5) is INVALID_VALUE: not a whole number', () => {
    const error = thrown(() => card.lookup(4477009001.5));
    expect(error).toBeInstanceOf(RatedeckError);
    expect(error).toMatchObject({ code: 'INVALID_VALUE', message: expect.stringMatching(/^The number 4477009001\.5 is not a whole number; a phone number given as a JS number must be a whole, non-negative safe integer/) });
  });

  it('card.lookup(2 ** 60) is INVALID_VALUE: above Number.MAX_SAFE_INTEGER, its digits are not exact', () => {
    expect(() => card.lookup(2 ** 60)).toThrow(/is above Number.MAX_SAFE_INTEGER, so its digits are not exact/);
    expect(() => card.lookup(-447700900123)).toThrow(/is negative/);
    expect(() => card.lookup(Number.NaN)).toThrow(expect.objectContaining({ code: 'INVALID_VALUE' }));
    expect(card.lookupResult(2 ** 60)).toEqual({ number: String(2 ** 60), error: expect.stringMatching(/MAX_SAFE_INTEGER/) });
  });
});

describe('values that are no number at all', () => {
  it('card.lookup(null) is a RatedeckError INVALID_VALUE with a sentence, not a TypeError', () => {
    const error = thrown(() => card.lookup(null as unknown as string));
    expect(error).toBeInstanceOf(RatedeckError);
    expect(error).toMatchObject({ code: 'INVALID_VALUE', message: 'null is not a phone number; expected text such as "+44 7700 900123" or a safe integer such as 447700900123.' });
    expect(() => card.lookup(undefined as unknown as string)).toThrow(/^undefined is not a phone number/);
    expect(() => card.lookup({ number: '44' } as unknown as string)).toThrow(/^An object is not a phone number/);
    expect(card.lookupResult(null as unknown as string)).toEqual({ number: 'null', error: expect.stringMatching(/is not a phone number/) });
  });

  it('card.lookup(number, null) is INVALID_VALUE naming at, not a TypeError', () => {
    expect(() => card.lookup('4420', null as unknown as string)).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', message: expect.stringMatching(/^at: "null" is not a time/) }));
  });

  it('carrierCard(null) is INVALID_VALUE: not a name', () => {
    expect(() => store.carrierCard(null as unknown as string)).toThrow(expect.objectContaining({ code: 'INVALID_VALUE', message: "carrierCard: null is not a name; expected the carrier's name as text, e.g. carrierCard('Acme')." }));
  });
});

describe('a closed or missing store', () => {
  it('carrierCard() after close() is a RatedeckError saying the store is closed; cards taken before keep working', () => {
    const closing = openRatedeck(path);
    const taken = closing.carrierCard('Acme');
    closing.close();
    const error = thrown(() => closing.carrierCard('Acme'));
    expect(error).toBeInstanceOf(RatedeckError);
    expect(error).toMatchObject({ code: 'BAD_OPTION', message: `The ratedeck store ${path} is closed, so no carrier card can be taken from it; take cards before close(), or open it again with openRatedeck().` });
    expect(() => closing.customerCard('Bob')).toThrow(/is closed, so no customer card/);
    expect(taken.lookup('4420')?.prefix).toBe('44');
  });

  it('openRatedeck on a path that does not exist is NOT_FOUND and creates no file', () => {
    const missing = join(directory, 'typo.db');
    expect(() => openRatedeck(missing)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/^There is no database .*typo\.db/) }));
    expect(existsSync(missing)).toBe(false);
  });

  it('openRatedeck on a CSV deck is UNREADABLE_FILE and leaves the deck as it was', () => {
    const deck = join(directory, 'deck.csv');
    copyFileSync(join(import.meta.dirname, '..', 'fixtures', 'sample-carrier.csv'), deck);
    const before = readFileSync(deck);
    expect(() => openRatedeck(deck)).toThrow(expect.objectContaining({ code: 'UNREADABLE_FILE', message: expect.stringMatching(/is not a ratedeck database \(not an SQLite file\)/) }));
    expect(readFileSync(deck).equals(before)).toBe(true);
    expect(existsSync(deck + '-wal')).toBe(false);
  });
});
