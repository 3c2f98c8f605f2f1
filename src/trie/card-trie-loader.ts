import { isRatedeckError } from '../errors.js';
import { writeTransaction, type Db } from '../store/database.js';
import { cardIdFor, latestRevision, readRevisionEntries, type CardOwnerKind, type RevisionInfo } from '../store/rate-card-store.js';
import { buildPrefixTrie } from './build-prefix-trie.js';
import type { PrefixTrie } from './prefix-trie.js';
import { decodeTrieSnapshot, encodeTrieSnapshot, TRIE_SNAPSHOT_FORMAT } from './trie-snapshot.js';

/** A card's latest revision, compiled for lookups. */
export interface CardTrie {
  cardId: number;
  trie: PrefixTrie;
  revision: RevisionInfo;
  /** 'snapshot': decoded from the stored snapshot; 'built': compiled now from the revision's entries. */
  source: 'snapshot' | 'built';
}

/**
 * The trie of an owner's rate card as of its latest revision, or null when
 * the owner has no card (or a card without revisions). A snapshot stored for
 * that revision in the current format is decoded; otherwise (none, an older
 * revision, an older format, damaged) the trie is built from the entries and
 * the new snapshot stored, unless the database is busy or read-only, in which
 * case the caller still gets the trie and the next load tries again.
 */
export function loadCardTrie(db: Db, ownerKind: CardOwnerKind, ownerId: number): CardTrie | null {
  const cardId = cardIdFor(db, ownerKind, ownerId, false);
  if (cardId === null) return null;
  const revision = latestRevision(db, cardId);
  if (!revision) return null;
  const stored = readStoredTrie(db, cardId, revision.id);
  if (stored) return { cardId, trie: stored, revision, source: 'snapshot' };
  const bytes = buildCardSnapshot(db, cardId, revision.id);
  storeTrieSnapshot(db, cardId, revision.id, bytes);
  return { cardId, trie: decodeTrieSnapshot(bytes).trie, revision, source: 'built' };
}

/** Compiles revision `revisionId` of card `cardId` and encodes it (a worker thread can run this). */
export function buildCardSnapshot(db: Db, cardId: number, revisionId: number): Uint8Array {
  const trie = buildPrefixTrie(readRevisionEntries(db, revisionId));
  return encodeTrieSnapshot(trie, { cardId, revisionId });
}

/** The stored trie of exactly this revision in the current format, or null. */
export function readStoredTrie(db: Db, cardId: number, revisionId: number): PrefixTrie | null {
  const bytes = readStoredSnapshot(db, cardId, revisionId);
  return bytes ? decodeTrieSnapshot(bytes).trie : null;
}

/**
 * The stored snapshot bytes of exactly this revision in the current format,
 * checked to decode, or null (none, stale, or damaged: only a cache miss,
 * since the entries are the truth).
 */
export function readStoredSnapshot(db: Db, cardId: number, revisionId: number): Uint8Array | null {
  const data = db
    .prepare('SELECT data FROM snapshots WHERE card_id = ? AND revision_id = ? AND format_version = ?')
    .pluck()
    .get(cardId, revisionId, TRIE_SNAPSHOT_FORMAT) as Buffer | undefined;
  if (!data) return null;
  try {
    const { meta } = decodeTrieSnapshot(data);
    return meta.cardId === cardId && meta.revisionId === revisionId ? data : null;
  } catch (error) {
    if (isRatedeckError(error)) return null;
    throw error;
  }
}

/**
 * Stores a card's snapshot in a short write transaction, without waiting for
 * a busy database (an import holds the write lock for seconds). Returns
 * whether it was stored; it is not when the database is busy or read-only,
 * or when a newer revision was committed meanwhile.
 */
export function storeTrieSnapshot(db: Db, cardId: number, revisionId: number, bytes: Uint8Array): boolean {
  const previousTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return writeTransaction(db, () => {
      const latest = latestRevision(db, cardId);
      if (latest?.id !== revisionId) return false;
      db.prepare(
        `INSERT INTO snapshots (card_id, revision_id, format_version, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (card_id) DO UPDATE SET revision_id = excluded.revision_id, format_version = excluded.format_version, data = excluded.data`,
      ).run(cardId, revisionId, TRIE_SNAPSHOT_FORMAT, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return true;
    });
  } catch (error) {
    if (isRatedeckError(error) && error.code === 'BUSY') return false;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') return false;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${previousTimeout}`);
  }
}
