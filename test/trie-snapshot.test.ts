import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction, type Db } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { buildPrefixTrie } from '../src/trie/build-prefix-trie.js';
import { loadCardTrie } from '../src/cards/card-trie-loader.js';
import { TARIFF_WORDS } from '../src/trie/prefix-trie.js';
import { decodeTrieSnapshot, encodeTrieSnapshot, TRIE_SNAPSHOT_FORMAT } from '../src/trie/trie-snapshot.js';

const JAN = Date.UTC(2025, 0, 1);
const MAR = Date.UTC(2025, 2, 1);

function entry(prefix: string, rate: string, from = JAN, destination: string | null = 'Ünited Kingdom'): RateEntry {
  return {
    prefix,
    destination,
    rate,
    connectionFee: '0.0100',
    increments: { initial: 30, subsequent: 6 },
    interRate: null,
    intraRate: null,
    indeterminateRate: null,
    effectiveFrom: from,
    effectiveTo: null,
  };
}

const DECK = [entry('44', '0.0100'), entry('447', '0.0500', JAN, null), entry('4477', '0.0700', MAR)];
const NUMBERS = ['447700900123', '447800900123', '442079460000', '33123', '4'];

describe('trie snapshot bytes', () => {
  it('format 2 holds 7-word tariffs: a tariff column added to entry-schema.ts bumps TRIE_SNAPSHOT_FORMAT (stored snapshots are then rebuilt)', () => {
    expect({ format: TRIE_SNAPSHOT_FORMAT, tariffWords: TARIFF_WORDS }).toEqual({ format: 2, tariffWords: 7 });
  });

  it('a decoded snapshot answers exactly as the trie it was encoded from', () => {
    const trie = buildPrefixTrie(entryTableFrom(DECK));
    const bytes = encodeTrieSnapshot(trie, { cardId: 7, revisionId: 42 });
    const { trie: decoded, meta } = decodeTrieSnapshot(bytes);
    expect(meta).toEqual({ cardId: 7, revisionId: 42 });
    expect(decoded.prefixCount).toBe(3);
    expect(decoded.byteLength).toBe(trie.byteLength);
    for (const at of [JAN, MAR]) {
      for (const number of NUMBERS) {
        const index = trie.lookup(number, at);
        expect(decoded.lookup(number, at)).toBe(index);
        if (index !== -1) expect(decoded.entry(index, number)).toEqual(trie.entry(index, number));
      }
    }
  });

  it('bytes that do not start on a 16-byte boundary (a Buffer slice) still decode', () => {
    const bytes = encodeTrieSnapshot(buildPrefixTrie(entryTableFrom(DECK)), { cardId: 1, revisionId: 1 });
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const { trie } = decodeTrieSnapshot(shifted.subarray(3));
    expect(trie.entry(trie.lookup('447700900123', MAR), '447700900123').rate).toBe('0.0700');
  });

  it('another format version is refused as unsupported', () => {
    const bytes = encodeTrieSnapshot(buildPrefixTrie(entryTableFrom(DECK)), { cardId: 1, revisionId: 1 });
    new DataView(bytes.buffer).setUint32(8, TRIE_SNAPSHOT_FORMAT + 1, true);
    expect(() => decodeTrieSnapshot(bytes)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FILE' }));
  });

  it('a damaged or truncated snapshot is refused, not read', () => {
    const bytes = encodeTrieSnapshot(buildPrefixTrie(entryTableFrom(DECK)), { cardId: 1, revisionId: 1 });
    expect(() => decodeTrieSnapshot(bytes.slice(0, bytes.byteLength - 16))).toThrow(/damaged/);
    const badMagic = bytes.slice();
    badMagic[0] = 0;
    expect(() => decodeTrieSnapshot(badMagic)).toThrow(/damaged/);
    expect(() => decodeTrieSnapshot(new Uint8Array(10))).toThrow(/damaged/);
  });
});

describe('card tries stored as snapshots in SQLite', () => {
  let directory: string;
  let db: Db;
  let carrierId: number;
  let cardId: number;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'ratedeck-trie-snapshot-'));
    db = openDatabase(join(directory, 'store.db'));
    carrierId = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] }).id;
    cardId = cardIdFor(db, 'carrier', carrierId, true)!;
  });

  afterEach(() => {
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const importRevision = (entries: RateEntry[]): number => writeTransaction(db, () => writeRevision(db, cardId, { mode: 'full' }, entryTableFrom(entries)).id);
  const snapshotRow = (): { revision_id: number; format_version: number } | undefined =>
    db.prepare('SELECT revision_id, format_version FROM snapshots WHERE card_id = ?').get(cardId) as never;

  it('a carrier without a card, or a card without revisions, has no trie', () => {
    expect(loadCardTrie(db, 'carrier', carrierId + 1)).toBeNull();
    expect(loadCardTrie(db, 'carrier', carrierId)).toBeNull();
  });

  it('the first load builds and stores the snapshot, the next one decodes it', () => {
    const revision = importRevision(DECK);
    const first = loadCardTrie(db, 'carrier', carrierId)!;
    expect(first.source).toBe('built');
    expect(snapshotRow()).toEqual({ revision_id: revision, format_version: TRIE_SNAPSHOT_FORMAT });
    const second = loadCardTrie(db, 'carrier', carrierId)!;
    expect(second.source).toBe('snapshot');
    expect(second.revision.id).toBe(revision);
    expect(second.trie.entry(second.trie.lookup('447700900123', MAR), '447700900123').rate).toBe('0.0700');
  });

  it('a snapshot of an older revision is stale: the new revision is built and replaces it', () => {
    importRevision(DECK);
    loadCardTrie(db, 'carrier', carrierId);
    const newer = importRevision([entry('44', '0.0200')]);
    const card = loadCardTrie(db, 'carrier', carrierId)!;
    expect(card.source).toBe('built');
    expect(card.revision.id).toBe(newer);
    expect(card.trie.entry(card.trie.lookup('447700900123', MAR), '447700900123')).toMatchObject({ prefix: '44', rate: '0.0200' });
    expect(snapshotRow()?.revision_id).toBe(newer);
  });

  it('a snapshot in an older format, or damaged, is rebuilt', () => {
    importRevision(DECK);
    loadCardTrie(db, 'carrier', carrierId);
    db.prepare('UPDATE snapshots SET format_version = 0').run();
    expect(loadCardTrie(db, 'carrier', carrierId)!.source).toBe('built');
    expect(snapshotRow()?.format_version).toBe(TRIE_SNAPSHOT_FORMAT);
    db.prepare("UPDATE snapshots SET data = x'00112233'").run();
    expect(loadCardTrie(db, 'carrier', carrierId)!.source).toBe('built');
    expect(loadCardTrie(db, 'carrier', carrierId)!.source).toBe('snapshot');
  });

  it('while another process holds the write lock, the trie is served from memory without waiting', () => {
    importRevision(DECK);
    const writer = new Database(join(directory, 'store.db'));
    writer.prepare('BEGIN IMMEDIATE').run();
    try {
      const started = performance.now();
      const card = loadCardTrie(db, 'carrier', carrierId)!;
      expect(performance.now() - started).toBeLessThan(1000);
      expect(card.source).toBe('built');
      expect(snapshotRow()).toBeUndefined();
    } finally {
      writer.prepare('ROLLBACK').run();
      writer.close();
    }
    expect(loadCardTrie(db, 'carrier', carrierId)!.source).toBe('built');
    expect(snapshotRow()).toBeDefined();
  });
});
