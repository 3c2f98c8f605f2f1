import { RatedeckError } from '../errors.js';
import { parseIsoTime } from '../model/iso-time.js';
import { canonicalDecimal, shortestRoundTrip } from '../money/decimal.js';
import { CardRater } from '../rating/card-rater.js';
import type { CallRecord } from '../rating/cdr/cdr-record.js';
import { rewriteNumber } from '../rating/cdr/number-rewrite.js';
import type { NanpStateTable } from '../rating/jurisdiction/nanp-state-table.js';
import { RatingSummary, type RatedCall, type RatingSummaryJson } from '../rating/rate-call-record.js';
import { ChargeWriter } from '../store/charge-store.js';
import { getActiveCustomer } from '../store/customer-store.js';
import { writeTransaction, type Db } from '../store/database.js';
import type { OpenedRatingCard } from './rating-cards.js';

/** One answered call as a switch posts it after the call. */
export interface PostedCall {
  id: string | null;
  number: string;
  caller: string | null;
  /** ISO 8601 answer time. */
  answer: string;
  /** Billed seconds, as a number or decimal text. */
  seconds: number | string;
}

export interface RatedPostedCall extends Omit<RatedCall, 'reason'> {
  id: string | null;
}

export interface RatedPostedCalls {
  calls: RatedPostedCall[];
  summary: RatingSummaryJson;
  /** With charge: the distinct call ids charged. */
  charged?: number;
}

/** The source charges written by POST /v1/rate are recorded with. */
const POSTED_CALLS_SOURCE = 'POST /v1/rate';

/**
 * Rates posted calls on one card as `ratedeck rate` rates a file's records
 * (each at its answer time), and with `charge` (a customer card) records
 * each rated call with an id as a charge, all in one transaction: a call id
 * posted again replaces its charge.
 */
export function ratePostedCalls(db: Db, card: OpenedRatingCard, calls: readonly PostedCall[], states: NanpStateTable, charge: boolean): RatedPostedCalls {
  if (charge && card.kind !== 'customer') {
    throw new RatedeckError('BAD_OPTION', '"charge": true charges a customer; post "customer" instead of "carrier".', { field: 'charge' });
  }
  const rater = new CardRater(card, states);
  const summary = new RatingSummary(card.currency, card.policy.precision);
  const records = calls.map(callRecordOf);
  const rated = records.map((record) => {
    const call = rater.rate(record);
    summary.add(call);
    return call;
  });
  const answer: RatedPostedCalls = {
    calls: rated.map(({ reason: _reason, ...call }, i) => ({ id: records[i]!.id, ...call })),
    summary: summary.toJSON(),
  };
  if (charge) {
    answer.charged = writeTransaction(db, () => {
      const writer = new ChargeWriter(db, getActiveCustomer(db, card.name));
      const ids = new Set<string>();
      rated.forEach((call, i) => {
        const record = records[i]!;
        if (call.status !== 'rated' || record.id === null) return;
        writer.charge({ callId: record.id, amount: call.cost!, callTime: record.ratingTime, billedSeconds: call.billedSeconds, source: POSTED_CALLS_SOURCE });
        ids.add(record.id);
      });
      return ids.size;
    });
  }
  return answer;
}

function callRecordOf(call: PostedCall, index: number): CallRecord {
  let error: CallRecord['error'] = null;
  const rewritten = rewriteNumber(call.number, []);
  if ('error' in rewritten) error = { reason: 'bad number', message: rewritten.error };
  const caller = call.caller ? rewriteNumber(call.caller, []) : null;
  const answerTime = parseIsoTime(call.answer);
  if (answerTime === null) error ??= { reason: 'bad time', message: `answer "${call.answer}" is not a time; expected one such as 2025-03-01T12:00:00Z` };
  const secondsText = typeof call.seconds === 'number' ? (Number.isFinite(call.seconds) && call.seconds >= 0 ? shortestRoundTrip(call.seconds) : '') : call.seconds.trim();
  const seconds = /^\d*\.?\d+$/.test(secondsText) ? canonicalDecimal(secondsText) : null;
  if (seconds === null) error ??= { reason: 'bad duration', message: `seconds ${JSON.stringify(call.seconds)} is not a duration; expected seconds of 0 or more such as 37 or 9.1` };
  return {
    line: index + 1,
    fields: [],
    id: call.id,
    number: 'digits' in rewritten ? rewritten.digits : null,
    caller: caller && 'digits' in caller ? caller.digits : null,
    answered: true,
    startTime: null,
    answerTime,
    ratingTime: answerTime,
    seconds,
    error,
  };
}
