import { RatedeckError } from '../errors.js';
import { isRoundingMode, ROUNDING_MODES, type RoundingMode } from '../money/decimal.js';

/** How fractional seconds become whole seconds before billing. */
export const DURATION_ROUNDINGS = ['up', 'down', 'half-up', 'half-down'] as const;
export type DurationRounding = (typeof DURATION_ROUNDINGS)[number];

/**
 * How one call is priced. `precision` and `rounding` round the call's cost
 * once, by decimal places; `durationRounding` turns a fractional duration
 * into whole seconds; a call of `gracePeriod` seconds or less costs nothing.
 */
export interface RatingPolicy {
  precision: number;
  rounding: RoundingMode;
  durationRounding: DurationRounding;
  gracePeriod: number;
}

/** A carrier card's policy: 4 places half-up, durations rounded up, no grace. */
export const CARRIER_RATING_POLICY: Readonly<RatingPolicy> = Object.freeze({
  precision: 4,
  rounding: 'half-up',
  durationRounding: 'up',
  gracePeriod: 0,
});

function isDurationRounding(value: string): value is DurationRounding {
  return (DURATION_ROUNDINGS as readonly string[]).includes(value);
}

/**
 * A complete policy from a base (a customer's plan precision and rounding, or
 * CARRIER_RATING_POLICY) and the overrides given (`--precision`, `--rounding`,
 * `--duration-rounding`, `--grace`). Each bad value is a BAD_OPTION error
 * naming the field, what it expects and what it received.
 */
export function ratingPolicy(
  base: Pick<RatingPolicy, 'precision' | 'rounding'> & Partial<RatingPolicy>,
  overrides: Partial<RatingPolicy> = {},
): RatingPolicy {
  const policy: RatingPolicy = {
    precision: overrides.precision ?? base.precision,
    rounding: overrides.rounding ?? base.rounding,
    durationRounding: overrides.durationRounding ?? base.durationRounding ?? 'up',
    gracePeriod: overrides.gracePeriod ?? base.gracePeriod ?? 0,
  };
  checkRatingPolicy(policy);
  return policy;
}

function checkRatingPolicy(policy: RatingPolicy): void {
  if (!Number.isInteger(policy.precision) || policy.precision < 0 || policy.precision > 12) {
    throw policyError('precision', 'a whole number of decimal places from 0 to 12 such as 4', policy.precision);
  }
  if (typeof policy.rounding !== 'string' || !isRoundingMode(policy.rounding)) {
    throw policyError('rounding', `one of ${Object.keys(ROUNDING_MODES).join(', ')} such as half-up`, policy.rounding);
  }
  if (typeof policy.durationRounding !== 'string' || !isDurationRounding(policy.durationRounding)) {
    throw policyError('durationRounding', `one of ${DURATION_ROUNDINGS.join(', ')} such as up`, policy.durationRounding);
  }
  if (!Number.isInteger(policy.gracePeriod) || policy.gracePeriod < 0) {
    throw policyError('gracePeriod', 'a whole number of seconds of 0 or more such as 3', policy.gracePeriod);
  }
}

function policyError(field: keyof RatingPolicy, expected: string, received: unknown): RatedeckError {
  const got = JSON.stringify(received) ?? String(received);
  return new RatedeckError('BAD_OPTION', `rating policy ${field}: expected ${expected}, got ${got}.`, {
    option: field,
    expected,
    received: got,
  });
}
