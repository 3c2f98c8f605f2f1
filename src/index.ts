// The library's public API: a plain list of re-exports, one block per area.

// Errors
export { RatedeckError, isRatedeckError, type ErrorCode } from './errors.js';

// Rate entries
export { isInForce, formatIncrements, type RateEntry, type Increments } from './model/rate-entry.js';
export { entryTableFrom, entriesOf, type EntryTable } from './model/entry-table.js';

// Longest-prefix lookups
export { openRatedeck, type Ratedeck } from './trie/open-ratedeck.js';
export { RateCard, toTime, type RateCardOptions, type TimeInput } from './trie/rate-card.js';
export { buildPrefixTrie } from './trie/build-prefix-trie.js';
export { PrefixTrie } from './trie/prefix-trie.js';
export { normalizeNumber, MAX_NUMBER_DIGITS, type NormalizedNumber } from './trie/normalize-number.js';
export { lookupNumber, toLookupJson, LookupJsonWriter, type NumberLookup, type LookupJson } from './trie/lookup-number.js';
export { encodeTrieSnapshot, decodeTrieSnapshot, TRIE_SNAPSHOT_FORMAT, type TrieSnapshotMeta } from './trie/trie-snapshot.js';
export { loadCardTrie, type CardTrie } from './trie/card-trie-loader.js';
export { findCardOwner, requireCardTrie, type CardOwner } from './trie/card-owner.js';

// HTTP service
export { startLookupServer, type LookupServerOptions, type RunningLookupServer } from './server/lookup-server.js';
