import { RatedeckError } from '../errors.js';
import type { EntryTable } from '../model/entry-table.js';
import type { RateEntry } from '../model/rate-entry.js';
import { parseIsoTime } from '../model/iso-time.js';
import type { CardOwner } from '../store/card-owner.js';
import type { RevisionInfo } from '../store/rate-card-store.js';
import { buildPrefixTrie } from '../trie/build-prefix-trie.js';
import { lookupNumber, type NumberLookup } from '../trie/lookup-number.js';
import type { PrefixTrie } from '../trie/prefix-trie.js';

/** A time as a billing job holds it: epoch milliseconds, a Date, or ISO 8601 text. */
export type TimeInput = number | Date | string;

export interface RateCardOptions {
  /** The default time of lookups; without it each lookup uses the current time. */
  at?: TimeInput;
  owner?: CardOwner | null;
  revision?: RevisionInfo | null;
}

/**
 * One rate card, compiled, answering "which entry applies to this number at
 * this time". It holds no database handle: a new import is seen by taking the
 * card again (`store.carrierCard(name)`).
 */
export class RateCard {
  readonly trie: PrefixTrie;
  readonly owner: CardOwner | null;
  readonly revision: RevisionInfo | null;
  /** The default lookup time, or null for "now at each lookup". */
  readonly at: number | null;

  constructor(trie: PrefixTrie, options: RateCardOptions = {}) {
    this.trie = trie;
    this.owner = options.owner ?? null;
    this.revision = options.revision ?? null;
    this.at = options.at === undefined ? null : toTime(options.at, 'at');
  }

  /** A card over entries held in memory (a priced card not yet stored, a test deck). */
  static fromEntries(table: EntryTable, options: RateCardOptions = {}): RateCard {
    return new RateCard(buildPrefixTrie(table), options);
  }

  /**
   * The entry that applies to `number` (written as people dial it, `+44 7700
   * 900123`) at `at`, or null when no prefix in force matches. A malformed
   * number throws INVALID_VALUE; use lookupResult to get it as a value.
   */
  lookup(number: string, at?: TimeInput): RateEntry | null {
    const result = this.lookupResult(number, at);
    if ('error' in result) throw new RatedeckError('INVALID_VALUE', result.error, { number });
    return result.entry;
  }

  /** Like lookup, but a malformed number comes back as `{ number, error }` instead of throwing. */
  lookupResult(number: string, at?: TimeInput): NumberLookup {
    return lookupNumber(this.trie, number, this.timeOf(at));
  }

  private timeOf(at: TimeInput | undefined): number {
    if (at !== undefined) return toTime(at, 'at');
    return this.at ?? Date.now();
  }
}

/** Epoch milliseconds from a TimeInput; INVALID_VALUE naming `what` otherwise. */
function toTime(value: TimeInput, what: string): number {
  const time = typeof value === 'number' ? value : value instanceof Date ? value.getTime() : parseIsoTime(value);
  if (time === null || !Number.isFinite(time)) {
    throw new RatedeckError(
      'INVALID_VALUE',
      `${what}: ${JSON.stringify(String(value))} is not a time; expected epoch milliseconds, a Date, or ISO 8601 such as 2025-03-01T12:00:00Z.`,
      { value: String(value) },
    );
  }
  return time;
}
