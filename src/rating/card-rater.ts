import { Decimal, decimalText } from '../money/decimal.js';
import type { RateEntry } from '../model/rate-entry.js';
import type { CallRecord } from './cdr/cdr-record.js';
import type { NanpStateTable } from './jurisdiction/nanp-state-table.js';
import { rateCallRecord, type RatedCall } from './rate-call-record.js';
import type { RatingPolicy } from './rating-policy.js';

/** What rating needs of a compiled card (a PrefixTrie has it). */
export interface RatingLookup {
  /** The entry in force at `at` for the longest matching prefix of `digits`, or -1. */
  lookup(digits: string, at: number): number;
  entry(index: number, digits: string): RateEntry;
}

/** One card calls are rated on: whose it is, its currency and the policy its calls are priced with. */
export interface RatingCard {
  kind: 'customer' | 'carrier';
  name: string;
  currency: string;
  card: RatingLookup;
  policy: RatingPolicy;
}

/**
 * Rates call records on one card: each record's number looked up at its
 * rating time (answer, else start), so a call is priced by the card in force
 * when it was answered. An entry is the same object for every call that
 * matches it (an index names one node, so one prefix), which saves an
 * allocation per call on the hot path.
 */
export class CardRater {
  readonly card: RatingCard;
  readonly #states: NanpStateTable;
  readonly #entries = new Map<number, RateEntry>();

  constructor(card: RatingCard, states: NanpStateTable) {
    this.card = card;
    this.#states = states;
  }

  rate(record: CallRecord): RatedCall {
    const { policy } = this.card;
    if (!record.answered || record.number === null || (record.error && record.error.reason === 'bad record')) {
      return rateCallRecord(record, null, policy, this.#states);
    }
    if (record.ratingTime === null) {
      const error = record.error ?? { reason: 'bad time' as const, message: 'the record has neither an answer time nor a start time' };
      return { ...UNRATED, reason: error.reason, error: error.message };
    }
    return rateCallRecord(record, this.#match(record.number, record.ratingTime), policy, this.#states);
  }

  #match(digits: string, at: number): RateEntry | null {
    const index = this.card.card.lookup(digits, at);
    if (index === -1) return null;
    let entry = this.#entries.get(index);
    if (entry === undefined) {
      // Bounded: a million-prefix card must not end up held twice, as objects.
      if (this.#entries.size >= MAX_CACHED_ENTRIES) this.#entries.clear();
      this.#entries.set(index, (entry = this.card.card.entry(index, digits)));
    }
    return entry;
  }
}

/** Entries kept as objects between calls; enough for the hot destinations of any traffic. */
const MAX_CACHED_ENTRIES = 10_000;

const UNRATED: Omit<RatedCall, 'reason' | 'error'> = {
  status: 'unrated',
  jurisdiction: null,
  prefix: null,
  destination: null,
  rate: null,
  billedSeconds: 0,
  cost: null,
};

/** The carrier leg of a call seen from the customer: its cost in the customer's currency and the margin. */
export interface CallMargin {
  /** The carrier's cost converted to the customer's currency, rounded to the customer's precision half-up; null when the carrier leg is not rated. */
  carrierCost: string | null;
  /** Customer charge minus converted carrier cost; null unless both legs are rated. */
  margin: string | null;
}

/**
 * Compares the two legs of one call. `factor` turns the carrier's currency
 * into the customer's (the exchange rate of the plan the customer card was
 * priced with; null when the currencies are the same).
 */
export function callMargin(customerCall: RatedCall, carrierCall: RatedCall, factor: Decimal | null, precision: number): CallMargin {
  if (carrierCall.status !== 'rated') return { carrierCost: null, margin: null };
  const converted = factor === null ? new Decimal(carrierCall.cost!) : new Decimal(carrierCall.cost!).times(factor).toDecimalPlaces(precision, Decimal.ROUND_HALF_UP);
  const places = Math.max(precision, converted.decimalPlaces());
  const carrierCost = decimalText(converted, places);
  if (customerCall.status !== 'rated') return { carrierCost, margin: null };
  const margin = new Decimal(customerCall.cost!).minus(converted);
  return { carrierCost, margin: decimalText(margin, Math.max(places, margin.decimalPlaces())) };
}
