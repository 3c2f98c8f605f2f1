import { requireCardTrie } from '../cards/card-trie-loader.js';
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
  close(): void;
}

/**
 * Opens a ratedeck store (path, else $RATEDECK_DB, else ./ratedeck.db).
 * Cards are loaded from their stored snapshots, so taking a million-prefix
 * card costs milliseconds; take it again to see a newer import.
 */
export function openRatedeck(path?: string): Ratedeck {
  const db = openDatabase(resolveDatabasePath(path));
  const card = (kind: CardOwnerKind, name: string, at: TimeInput | undefined): RateCard => {
    const owner = findCardOwner(db, kind, name);
    const { trie, revision } = requireCardTrie(db, owner);
    return new RateCard(trie, { owner, revision, at });
  };
  return {
    carrierCard: (name, options = {}) => card('carrier', name, options.at),
    customerCard: (name, options = {}) => card('customer', name, options.at),
    close: () => db.close(),
  };
}
