import { describe, expect, it } from 'vitest';
import type { RoundingMode } from '../src/money/decimal.js';
import { authorizeCall } from '../src/rating/authorize-call.js';
import { rateCall } from '../src/rating/rate-call.js';
import type { DurationRounding, RatingPolicy } from '../src/rating/rating-policy.js';

/**
 * The rating function against a straightforward oracle written with BigInt
 * only: whole seconds from tenths by integer arithmetic, billing increment by
 * increment in a loop, cost as an exact fraction rounded by integer division.
 */

const SCALE = 1_000_000n; // rates and fees carry at most 6 decimals here

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(next: () => number, values: readonly T[]): T {
  return values[Math.floor(next() * values.length)];
}

function scaledText(units: bigint): string {
  const whole = units / SCALE;
  const fraction = (units % SCALE).toString().padStart(6, '0');
  return `${whole}.${fraction}`;
}

function oracleSeconds(tenths: bigint, mode: DurationRounding): number {
  const whole = tenths / 10n;
  const rest = tenths % 10n;
  const up = mode === 'up' ? rest > 0n : mode === 'down' ? false : mode === 'half-up' ? rest >= 5n : rest > 5n;
  return Number(whole + (up ? 1n : 0n));
}

function oracleBilled(seconds: number, initial: number, subsequent: number): number {
  let billed = initial;
  while (billed < seconds) billed += subsequent;
  return billed;
}

/** numerator / denominator rounded to `places` decimals by `mode`, as fixed text. */
function oracleRound(numerator: bigint, denominator: bigint, places: number, mode: RoundingMode): string {
  const scaled = numerator * 10n ** BigInt(places);
  const quotient = scaled / denominator;
  const remainder = scaled % denominator;
  let result = quotient;
  if (remainder !== 0n) {
    const twice = remainder * 2n;
    const above = twice > denominator;
    const half = twice === denominator;
    if (mode === 'up') result += 1n;
    else if (mode === 'half-up' && (above || half)) result += 1n;
    else if (mode === 'half-down' && above) result += 1n;
    else if (mode === 'half-even' && (above || (half && quotient % 2n === 1n))) result += 1n;
  }
  const text = result.toString().padStart(places + 1, '0');
  return places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
}

function oracleCost(rate: bigint, fee: bigint, billed: number, places: number, mode: RoundingMode): string {
  // fee + rate × billed / 60, all over SCALE
  return oracleRound(fee * 60n + rate * BigInt(billed), 60n * SCALE, places, mode);
}

const MODES: RoundingMode[] = ['up', 'down', 'half-up', 'half-down', 'half-even'];
const DURATION_MODES: DurationRounding[] = ['up', 'down', 'half-up', 'half-down'];
const INCREMENTS = [1, 6, 10, 12, 15, 30, 60];

describe('rating function against a BigInt oracle', () => {
  it('agrees on 5000 random calls (increments, rates, fees, durations, grace, rounding)', () => {
    const next = random(20_261_204);
    for (let call = 0; call < 5000; call++) {
      const initial = pick(next, [0, ...INCREMENTS]);
      const subsequent = pick(next, INCREMENTS);
      const rate = BigInt(Math.floor(next() * 2_000_000)); // up to 2.000000/min
      const fee = next() < 0.5 ? 0n : BigInt(Math.floor(next() * 200_000));
      const tenths = BigInt(Math.floor(next() * 40_000)); // up to 4000.0 s
      const policy: RatingPolicy = {
        precision: Math.floor(next() * 7),
        rounding: pick(next, MODES),
        durationRounding: pick(next, DURATION_MODES),
        gracePeriod: next() < 0.5 ? 0 : Math.floor(next() * 10),
      };
      const durationText = `${tenths / 10n}.${tenths % 10n}`;
      const charge = rateCall({ rate: scaledText(rate), connectionFee: scaledText(fee), increments: { initial, subsequent } }, durationText, policy);
      const seconds = oracleSeconds(tenths, policy.durationRounding);
      const free = seconds === 0 || seconds <= policy.gracePeriod;
      const billed = free ? 0 : oracleBilled(seconds, initial, subsequent);
      const cost = free ? oracleRound(0n, 1n, policy.precision, policy.rounding) : oracleCost(rate, fee, billed, policy.precision, policy.rounding);
      expect({ seconds: charge.seconds, billed: charge.billedSeconds, cost: charge.cost }, `${durationText} s at ${scaledText(rate)} ${initial}/${subsequent} fee ${scaledText(fee)} ${JSON.stringify(policy)}`).toEqual({ seconds, billed, cost });
    }
  });
});

describe('authorization against a loop over increments', () => {
  it('agrees on 2000 random credits and routes', () => {
    const next = random(42);
    for (let trial = 0; trial < 2000; trial++) {
      const initial = pick(next, [0, ...INCREMENTS]);
      const subsequent = pick(next, INCREMENTS);
      const rate = BigInt(1 + Math.floor(next() * 500_000));
      const fee = next() < 0.5 ? 0n : BigInt(Math.floor(next() * 50_000));
      const credit = BigInt(Math.floor(next() * 3_000_000));
      const precision = Math.floor(next() * 6);
      const rounding = pick(next, MODES);
      const cap = pick(next, [600, 3600, 14_400]);
      const tariff = { rate: scaledText(rate), connectionFee: scaledText(fee), increments: { initial, subsequent } };
      const answer = authorizeCall(tariff, { precision, rounding }, scaledText(credit), cap);
      // Reference: walk k = 0, 1, 2, … while the rounded cost fits the credit.
      const fits = (billed: number) => {
        const cost = oracleCost(rate, fee, billed, precision, rounding);
        return BigInt(cost.replace('.', '')) * 10n ** BigInt(6 - precision) <= credit;
      };
      const label = `${scaledText(credit)} on ${scaledText(rate)} ${initial}/${subsequent} fee ${scaledText(fee)} ${precision} ${rounding} cap ${cap}`;
      if (!fits(initial)) {
        expect(answer.allowed, label).toBe(false);
        continue;
      }
      let billed = initial;
      while (billed < cap && fits(billed + subsequent)) billed += subsequent;
      expect({ allowed: answer.allowed, maxSeconds: answer.maxSeconds }, label).toEqual({ allowed: true, maxSeconds: Math.min(billed, cap) });
    }
  });
});
