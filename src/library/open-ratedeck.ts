import { requireCardTrie } from '../cards/card-trie-loader.js';
import { RatedeckError } from '../errors.js';
import { findCardOwner } from '../store/card-owner.js';
import { openDatabase, resolveDatabasePath } from '../store/database.js';
import type { CardOwnerKind } from '../store/rate-card-store.js';
import { RateCard, type TimeInput } from './rate-card.js';

/** The library's entry point for billing jobs: a store, and its cards ready for lookups. */
export interface Ratedeck {
  /** A carrier's buy card as of its latest revision; `at` sets the default lookup time. */
  carrierCard(name: string, options?: { at?: TimeInput }): RateCard;
  /** A customer's sell card as of its latest revision; `at` sets the default lookup time. */
  customerCard(name: string, options?: { at?: TimeInput }): RateCard;
  /** Closes the store; cards already taken keep working, taking another is BAD_OPTION. */
  close(): void;
}

/**
 * Opens a ratedeck store (path, else $RATEDECK_DB, else ./ratedeck.db).
 * The store must exist: a typo in the path is NOT_FOUND and a file that is
 * not a ratedeck database UNREADABLE_FILE, never a new empty database.
 * Cards are loaded from their stored snapshots, so taking a million-prefix
 * card costs milliseconds; take it again to see a newer import.
 */
export function openRatedeck(path?: string): Ratedeck {
  const databasePath = resolveDatabasePath(path);
  const db = openDatabase(databasePath, { mustExist: true });
  let closed = false;
  const card = (kind: CardOwnerKind, name: string, at: TimeInput | undefined): RateCard => {
    if (closed) {
      throw new RatedeckError(
        'BAD_OPTION',
        `The ratedeck store ${databasePath} is closed, so no ${kind} card can be taken from it; take cards before close(), or open it again with openRatedeck().`,
        { path: databasePath, closed: true },
      );
    }
    if (typeof name !== 'string') {
      throw new RatedeckError('INVALID_VALUE', `${kind}Card: ${name === null || name === undefined ? String(name) : `a ${typeof name}`} is not a name; expected the ${kind}'s name as text, e.g. ${kind}Card('Acme').`, { kind });
    }
    const owner = findCardOwner(db, kind, name);
    const { trie, revision } = requireCardTrie(db, owner);
    return new RateCard(trie, { owner, revision, at });
  };
  return {
    carrierCard: (name, options) => card('carrier', name, options?.at),
    customerCard: (name, options) => card('customer', name, options?.at),
    close: () => {
      closed = true;
      db.close();
    },
  };
}
