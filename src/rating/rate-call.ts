import { RatedeckError } from '../errors.js';
import { Decimal } from '../money/decimal.js';
import type { Increments } from '../model/rate-entry.js';
import { wholeSecondsOf } from './call-duration.js';
import { exactCost, roundFraction } from './exact-cost.js';
import { billedSeconds, rateSteps } from './rate-steps.js';
import type { RatingPolicy } from './rating-policy.js';

/** The money fields of the matched entry that price a call; decimals as exact text. */
export interface CallTariff {
  /** Per minute, for the call's jurisdiction (see chooseJurisdictionRate). */
  rate: string;
  connectionFee: string;
  increments: Increments;
}

/** What one call costs, and how it got there. */
export interface CallCharge {
  /** The call's duration in whole seconds, after durationRounding. */
  seconds: number;
  /** Seconds charged after the increments; 0 for a call within the grace period. */
  billedSeconds: number;
  /** The cost rounded once to the policy's precision, with exactly that many decimals. */
  cost: string;
  /**
   * The last step's record: the cost before rounding. Exact when it ends
   * (0.05 × 24 / 60 + 0.15 = 0.17); a rate over 60 s can repeat
   * (0.01 × 7 / 60 = 0.0011666…), which is then given to 20 places.
   */
  costBeforeRounding: string;
  /** True when the call cost nothing because it was 0 s or within the grace period. */
  withinGrace: boolean;
}

/**
 * Rates one call: fractional seconds become whole by the policy's
 * durationRounding; a call of 0 s or not above gracePeriod costs 0, the
 * connection fee included; otherwise billed seconds follow the increments
 * and cost = connectionFee + rate × billed / 60, rounded once, per call,
 * to `precision` places with `rounding`.
 *
 * `duration` is the CDR's billable seconds as text or number. A duration that
 * is not 0 or more seconds, or a tariff whose decimals are not numbers, is an
 * INVALID_VALUE error (the CDR readers report bad durations per record
 * before calling this).
 */
export function rateCall(tariff: CallTariff, duration: string | number, policy: RatingPolicy): CallCharge {
  const seconds = wholeSecondsOf(duration, policy.durationRounding);
  if (seconds === null) {
    throw new RatedeckError('INVALID_VALUE', `call duration: expected seconds of 0 or more such as 37 or 9.1, got ${JSON.stringify(duration)}.`, {
      reason: 'BAD_DURATION',
      value: duration,
    });
  }
  return rateWholeSeconds(tariff, seconds, policy);
}

/** rateCall for a duration already in whole seconds. */
function rateWholeSeconds(tariff: CallTariff, seconds: number, policy: RatingPolicy): CallCharge {
  if (seconds === 0 || seconds <= policy.gracePeriod) {
    return { seconds, billedSeconds: 0, cost: roundFraction(0n, 1n, policy.precision, policy.rounding), costBeforeRounding: '0', withinGrace: true };
  }
  const { initial, subsequent } = tariff.increments;
  if (!Number.isInteger(initial) || initial < 0 || !Number.isInteger(subsequent) || subsequent < 1) {
    throw new RatedeckError('INVALID_VALUE', `increments: expected whole seconds initial/subsequent such as 30/6 (subsequent at least 1), got ${initial}/${subsequent}.`, {
      field: 'increments',
      value: `${initial}/${subsequent}`,
    });
  }
  const billed = billedSeconds(rateSteps(tariff.increments), seconds);
  const exact = exactCost(tariff.rate, tariff.connectionFee, billed, policy.precision, policy.rounding);
  return {
    seconds,
    billedSeconds: billed,
    cost: exact.cost,
    // Read by few callers; bulk rating never pays for it.
    get costBeforeRounding() {
      return exact.costBeforeRounding;
    },
    withinGrace: false,
  };
}

/** A tariff decimal as a Decimal, or an INVALID_VALUE error naming the field. */
export function decimalOf(text: string, field: string): Decimal {
  let value: Decimal;
  try {
    value = new Decimal(text);
  } catch {
    throw new RatedeckError('INVALID_VALUE', `${field}: expected a decimal such as "0.0150", got ${JSON.stringify(text)}.`, { field, value: text });
  }
  if (!value.isFinite() || value.isNegative()) {
    throw new RatedeckError('INVALID_VALUE', `${field}: expected a decimal of 0 or more such as "0.0150", got ${JSON.stringify(text)}.`, { field, value: text });
  }
  return value;
}
