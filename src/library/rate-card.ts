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

/**
 * A dialled number as a billing job holds it: text as dialled (`+44 7700 900123`), or its
 * digits as a JS number (`447700900123`): every E.164 number (15 digits at most) is a safe
 * integer, so a number read from a CDR as a JSON number keeps its digits.
 */
export type NumberInput = string | number;

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
   * 900123`, or a safe integer, 447700900123) at `at`, or null when no prefix
   * in force matches. A malformed number, or a value that is neither text nor
   * a safe integer, throws INVALID_VALUE; use lookupResult to get it as a value.
   */
  lookup(number: NumberInput, at?: TimeInput): RateEntry | null {
    const result = this.lookupResult(number, at);
    if ('error' in result) throw new RatedeckError('INVALID_VALUE', result.error, { number: result.number });
    return result.entry;
  }

  /** Like lookup, but a malformed number comes back as `{ number, error }` instead of throwing. */
  lookupResult(number: NumberInput, at?: TimeInput): NumberLookup {
    const time = this.timeOf(at);
    const text = numberText(number);
    if (typeof text !== 'string') return text;
    return lookupNumber(this.trie, text, time);
  }

  private timeOf(at: TimeInput | undefined): number {
    if (at !== undefined) return toTime(at, 'at');
    return this.at ?? Date.now();
  }
}

const NUMBER_EXAMPLE = 'expected text such as "+44 7700 900123" or a safe integer such as 447700900123';

/**
 * The text of a dialled number given as a NumberInput, or why it is none. The value comes
 * from JavaScript callers, so anything may arrive (null from a missing CDR field): each
 * gets a sentence, never a TypeError from deep inside.
 */
function numberText(value: unknown): string | { number: string; error: string } {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return String(value);
    const problem = !Number.isFinite(value) || !Number.isInteger(value) ? 'is not a whole number' : value < 0 ? 'is negative' : 'is above Number.MAX_SAFE_INTEGER, so its digits are not exact';
    return { number: String(value), error: `The number ${String(value)} ${problem}; a phone number given as a JS number must be a whole, non-negative safe integer (pass it as text otherwise); ${NUMBER_EXAMPLE}.` };
  }
  return { number: String(value), error: `${describeValue(value)} is not a phone number; ${NUMBER_EXAMPLE}.` };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'An array';
  if (value instanceof Date) return 'A Date';
  if (typeof value === 'object') return 'An object';
  return `The ${typeof value} ${String(value)}`;
}

/** Epoch milliseconds from a TimeInput; INVALID_VALUE naming `what` otherwise. */
function toTime(value: TimeInput, what: string): number {
  const time = typeof value === 'number' ? value : value instanceof Date ? value.getTime() : typeof value === 'string' ? parseIsoTime(value) : null;
  if (time === null || !Number.isFinite(time)) {
    throw new RatedeckError(
      'INVALID_VALUE',
      `${what}: ${JSON.stringify(String(value))} is not a time; expected epoch milliseconds, a Date, or ISO 8601 such as 2025-03-01T12:00:00Z.`,
      { value: String(value) },
    );
  }
  return time;
}
