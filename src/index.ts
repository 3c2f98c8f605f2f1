// The library's public API: exactly what the README's library section and
// docs/library-api.md document, one block per area. Everything else in src/
// is internal and may change freely.

// Errors
export { RatedeckError, isRatedeckError, type ErrorCode } from './errors.js';

// Rate entries
export type { RateEntry, Increments } from './model/rate-entry.js';
export { entryTableFrom, type EntryTable } from './model/entry-table.js';

// Rate cards for billing jobs
export { openRatedeck, type Ratedeck } from './library/open-ratedeck.js';
export { RateCard, type NumberInput, type RateCardOptions, type TimeInput } from './library/rate-card.js';
export type { NumberLookup } from './trie/lookup-number.js';
export type { CardOwner } from './store/card-owner.js';
export type { CardOwnerKind, RevisionInfo } from './store/rate-card-store.js';

// Lower level: tries, numbers, snapshots
export { buildPrefixTrie } from './trie/build-prefix-trie.js';
export { PrefixTrie } from './trie/prefix-trie.js';
export { normalizeNumber, type NormalizedNumber } from './model/normalize-number.js';
export { encodeTrieSnapshot, decodeTrieSnapshot, type TrieSnapshotMeta } from './trie/trie-snapshot.js';
