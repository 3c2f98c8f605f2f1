import { isRatedeckError } from '../errors.js';
import { latestCardRevision, noCardError, type CardOwner } from '../store/card-owner.js';
import type { Db } from '../store/database.js';
import { readRevisionEntries, type CardOwnerKind, type RevisionInfo } from '../store/rate-card-store.js';
import { readTrieSnapshot, storeTrieSnapshot } from '../store/trie-snapshot-store.js';
import { buildPrefixTrie } from '../trie/build-prefix-trie.js';
import type { PrefixTrie } from '../trie/prefix-trie.js';
import { decodeTrieSnapshot, encodeTrieSnapshot, TRIE_SNAPSHOT_FORMAT } from '../trie/trie-snapshot.js';

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
  const latest = latestCardRevision(db, { kind: ownerKind, id: ownerId });
  if (!latest) return null;
  const { cardId, revision } = latest;
  const stored = readStoredTrie(db, cardId, revision.id);
  if (stored) return { cardId, trie: stored, revision, source: 'snapshot' };
  const bytes = buildCardSnapshot(db, cardId, revision.id);
  storeTrieSnapshot(db, cardId, revision.id, TRIE_SNAPSHOT_FORMAT, bytes);
  return { cardId, trie: decodeTrieSnapshot(bytes).trie, revision, source: 'built' };
}

/** The owner's card compiled for lookups; NOT_FOUND, saying how to create one, when it has none. */
export function requireCardTrie(db: Db, owner: CardOwner): CardTrie {
  const card = loadCardTrie(db, owner.kind, owner.id);
  if (!card) throw noCardError(owner);
  return card;
}

/**
 * The snapshot bytes of revision `revisionId` of card `cardId`: the stored
 * ones, or built now and stored for next time (`built` says which). A worker
 * thread can run this.
 */
export function cardSnapshot(db: Db, cardId: number, revisionId: number): { bytes: Uint8Array; built: boolean } {
  const stored = readStoredSnapshot(db, cardId, revisionId);
  if (stored) return { bytes: stored, built: false };
  const bytes = buildCardSnapshot(db, cardId, revisionId);
  storeTrieSnapshot(db, cardId, revisionId, TRIE_SNAPSHOT_FORMAT, bytes);
  return { bytes, built: true };
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
function readStoredSnapshot(db: Db, cardId: number, revisionId: number): Uint8Array | null {
  const data = readTrieSnapshot(db, cardId, revisionId, TRIE_SNAPSHOT_FORMAT);
  if (!data) return null;
  try {
    const { meta } = decodeTrieSnapshot(data);
    return meta.cardId === cardId && meta.revisionId === revisionId ? data : null;
  } catch (error) {
    if (isRatedeckError(error)) return null;
    throw error;
  }
}
