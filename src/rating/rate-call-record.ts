import { Decimal, decimalText } from '../money/decimal.js';
import type { RateEntry } from '../model/rate-entry.js';
import type { CallRecord } from './cdr/cdr-record.js';
import { callJurisdiction, chooseJurisdictionRate, type Jurisdiction } from './jurisdiction/call-jurisdiction.js';
import type { NanpStateTable } from './jurisdiction/nanp-state-table.js';
import { rateCall } from './rate-call.js';
import type { RatingPolicy } from './rating-policy.js';

export type RatedStatus = 'rated' | 'unanswered' | 'unrated';

/** Why a call is unrated: the reader's reasons, or no entry on the card for its number. */
export type UnratedReason = NonNullable<CallRecord['error']>['reason'] | 'no match';

/** The columns `ratedeck rate` appends to the input columns, in order. */
export const RATED_COLUMNS = ['status', 'jurisdiction', 'prefix', 'destination', 'rate', 'billed_seconds', 'cost', 'error'] as const;

/** One call's result; money as exact decimal text. */
export interface RatedCall {
  status: RatedStatus;
  jurisdiction: Jurisdiction | null;
  prefix: string | null;
  destination: string | null;
  rate: string | null;
  billedSeconds: number;
  cost: string | null;
  reason: UnratedReason | null;
  error: string | null;
}

/**
 * Rates one call record against the entry its number matched on the card in
 * force at `record.ratingTime` (the lookup is the caller's; null when
 * nothing matched or the number is bad). An unanswered record is
 * `unanswered` whatever its number; an answered one whose number is bad or
 * matches nothing is `unrated` whatever its duration; then a bad time or
 * duration makes it `unrated`. `states` decides the jurisdiction of an entry
 * with inter/intra/indeterminate rates.
 */
export function rateCallRecord(record: CallRecord, match: RateEntry | null, policy: RatingPolicy, states: NanpStateTable): RatedCall {
  const base = { jurisdiction: null, prefix: match?.prefix ?? null, destination: match?.destination ?? null, rate: null, billedSeconds: 0, cost: null };
  if (!record.answered) return { ...base, status: 'unanswered', reason: null, error: null };
  const error = record.error;
  if (error && (error.reason === 'bad record' || error.reason === 'bad number')) return { ...base, status: 'unrated', reason: error.reason, error: error.message };
  if (match === null || record.number === null) {
    return { ...base, status: 'unrated', reason: 'no match', error: `no entry on the card matches ${record.number ?? 'the number'}` };
  }
  if (error || record.seconds === null) {
    return { ...base, status: 'unrated', reason: error?.reason ?? 'bad duration', error: error?.message ?? 'no duration' };
  }
  const chosen = chooseJurisdictionRate(match, () => callJurisdiction(states, record.number!, record.caller));
  const charge = rateCall({ rate: chosen.rate, connectionFee: match.connectionFee, increments: match.increments }, record.seconds, policy);
  // Written out, not spread from `base`: this is the hot path of bulk rating.
  return {
    status: 'rated',
    jurisdiction: chosen.jurisdiction,
    prefix: match.prefix,
    destination: match.destination,
    rate: chosen.rate,
    billedSeconds: charge.billedSeconds,
    cost: charge.cost,
    reason: null,
    error: null,
  };
}

/** The appended output cells of a rated call, in RATED_COLUMNS order. */
export function ratedCells(call: RatedCall): string[] {
  return [call.status, call.jurisdiction ?? '', call.prefix ?? '', call.destination ?? '', call.rate ?? '', String(call.billedSeconds), call.cost ?? '', call.error ?? ''];
}

/** `ratedeck rate --json`'s summary object. */
export interface RatingSummaryJson {
  calls: number;
  rated: number;
  unanswered: number;
  unrated: number;
  billedSeconds: number;
  /** The sum of the per-call rounded costs. */
  cost: string;
  currency: string;
  errors: Record<string, number>;
}

/** Adds up rated calls: counts by status and reason, billed seconds, and the sum of per-call rounded costs. */
export class RatingSummary {
  readonly #currency: string;
  readonly #precision: number;
  #calls = 0;
  #rated = 0;
  #unanswered = 0;
  #billedSeconds = 0;
  /**
   * The cost sum in units of 10^-precision: a call's cost has exactly
   * `precision` decimals, so the sum is integer addition (a double while it
   * stays exact, then BigInt), not a Decimal per call. A cost with other
   * places (not from rateCall) is added as a Decimal.
   */
  #units = 0;
  #bigUnits = 0n;
  #otherCost = new Decimal(0);
  readonly #errors: Record<string, number> = {};

  constructor(currency: string, precision: number) {
    this.#currency = currency;
    this.#precision = precision;
  }

  add(call: RatedCall): void {
    this.#calls++;
    if (call.status === 'rated') {
      this.#rated++;
      this.#billedSeconds += call.billedSeconds;
      this.#addCost(call.cost!);
    } else if (call.status === 'unanswered') this.#unanswered++;
    else this.#errors[call.reason!] = (this.#errors[call.reason!] ?? 0) + 1;
  }

  #addCost(cost: string): void {
    const precision = this.#precision;
    const dot = cost.length - precision - 1;
    if (precision === 0 ? cost.includes('.') : cost.charCodeAt(dot) !== 46 || cost.indexOf('.') !== dot) {
      this.#otherCost = this.#otherCost.plus(cost);
      return;
    }
    const units = Number(precision === 0 ? cost : cost.slice(0, dot) + cost.slice(dot + 1));
    if (!Number.isSafeInteger(units) || units + this.#units > Number.MAX_SAFE_INTEGER) {
      this.#bigUnits += BigInt(this.#units);
      this.#units = 0;
      if (!Number.isSafeInteger(units)) {
        this.#otherCost = this.#otherCost.plus(cost);
        return;
      }
    }
    this.#units += units;
  }

  /** The sum of the per-call rounded costs. */
  get cost(): Decimal {
    return new Decimal((this.#bigUnits + BigInt(this.#units)).toString()).dividedBy(new Decimal(10).pow(this.#precision)).plus(this.#otherCost);
  }

  toJSON(): RatingSummaryJson {
    return {
      calls: this.#calls,
      rated: this.#rated,
      unanswered: this.#unanswered,
      unrated: this.#calls - this.#rated - this.#unanswered,
      billedSeconds: this.#billedSeconds,
      cost: decimalText(this.cost, Math.max(this.#precision, this.#otherCost.decimalPlaces())),
      currency: this.#currency,
      errors: { ...this.#errors },
    };
  }
}
