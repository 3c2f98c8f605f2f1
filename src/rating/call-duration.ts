import { Decimal, ROUNDING_MODES, type RoundingMode } from '../money/decimal.js';
import type { DurationRounding } from './rating-policy.js';

const DURATION_TEXT = /^\d+(\.\d*)?$|^\.\d+$/;

// The duration modes are money's modes of the same names (no half-even for seconds).
const DURATION_ROUNDING_MODES: Record<DurationRounding, (typeof ROUNDING_MODES)[RoundingMode]> = {
  up: ROUNDING_MODES.up,
  down: ROUNDING_MODES.down,
  'half-up': ROUNDING_MODES['half-up'],
  'half-down': ROUNDING_MODES['half-down'],
};

/**
 * The exact duration a CDR gives, as text ("9.1", "37") or as a number
 * (read through its shortest decimal text, so 9.1 is 9.1 and not
 * 9.0999999999999996447). Null when it is not a duration of 0 or more
 * seconds in plain decimal notation.
 */
export function parseDuration(value: string | number): Decimal | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    return new Decimal(String(value));
  }
  const text = value.trim();
  if (!DURATION_TEXT.test(text)) return null;
  return new Decimal(text);
}

/** Whole seconds of an exact duration by `mode` (`up`: 9.1 → 10, `half-up`: 9.5 → 10, `half-down`: 9.5 → 9). */
export function wholeSeconds(duration: Decimal, mode: DurationRounding): number {
  return duration.toDecimalPlaces(0, DURATION_ROUNDING_MODES[mode]).toNumber();
}
