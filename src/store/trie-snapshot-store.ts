import { isRatedeckError } from '../errors.js';
import { writeTransaction, type Db } from './database.js';
import { latestRevision } from './rate-card-store.js';

// The snapshots table caches one compiled trie per card: the bytes of its
// latest revision in one format version. The store keeps bytes only; what
// they mean (and whether they still decode) is the trie's business.

/** The stored snapshot bytes of exactly this revision in format `formatVersion`, or null. */
export function readTrieSnapshot(db: Db, cardId: number, revisionId: number, formatVersion: number): Uint8Array | null {
  const data = db
    .prepare('SELECT data FROM snapshots WHERE card_id = ? AND revision_id = ? AND format_version = ?')
    .pluck()
    .get(cardId, revisionId, formatVersion) as Buffer | undefined;
  return data ?? null;
}

/**
 * Stores a card's snapshot in a short write transaction, without waiting for
 * a busy database (an import holds the write lock for seconds). Returns
 * whether it was stored; it is not when the database is busy or read-only,
 * or when a newer revision was committed meanwhile.
 */
export function storeTrieSnapshot(db: Db, cardId: number, revisionId: number, formatVersion: number, bytes: Uint8Array): boolean {
  const previousTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return writeTransaction(db, () => {
      const latest = latestRevision(db, cardId);
      if (latest?.id !== revisionId) return false;
      db.prepare(
        `INSERT INTO snapshots (card_id, revision_id, format_version, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (card_id) DO UPDATE SET revision_id = excluded.revision_id, format_version = excluded.format_version, data = excluded.data`,
      ).run(cardId, revisionId, formatVersion, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
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
