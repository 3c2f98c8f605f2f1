import type { Increments } from '../model/rate-entry.js';

/**
 * A billing step as data, in the style of CGRateS's rates: from
 * `intervalStart` seconds into the call, time is charged in whole blocks of
 * `increment` seconds. 30/6 billing is two steps: {0, 30} and {30, 6}.
 */
export interface RateStep {
  intervalStart: number;
  increment: number;
}

/** The steps of `initial/subsequent` increments. */
export function rateSteps(increments: Increments): RateStep[] {
  const steps: RateStep[] = [];
  if (increments.initial > 0) steps.push({ intervalStart: 0, increment: increments.initial });
  steps.push({ intervalStart: increments.initial, increment: increments.subsequent });
  return steps;
}

/**
 * Billed seconds of a call of `seconds` whole seconds (> 0) under `steps`.
 * Each step bills the part of the call that falls in it as an integer ceiling
 * of blocks: quotient plus (remainder ≠ 0). A step's last block may run past
 * the next step's start (a 1 s call on 30/6 bills 30 s): steps built by
 * rateSteps start each step where the previous one's blocks end, so the sum
 * is `initial` for a call of at most `initial` seconds, else
 * `initial + ceil((seconds − initial) / subsequent) × subsequent`.
 */
export function billedSeconds(steps: readonly RateStep[], seconds: number): number {
  let billed = 0;
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index];
    const end = index + 1 < steps.length ? steps[index + 1].intervalStart : Infinity;
    const part = Math.min(seconds, end) - step.intervalStart;
    if (part <= 0) break;
    billed += blocks(part, step.increment) * step.increment;
  }
  return billed;
}

/** Whole blocks of `increment` needed to cover `seconds`: quotient plus (remainder ≠ 0). */
export function blocks(seconds: number, increment: number): number {
  const quotient = Math.floor(seconds / increment);
  return quotient + (seconds % increment !== 0 ? 1 : 0);
}
