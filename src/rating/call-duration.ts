import type { DurationRounding } from './rating-policy.js';

const DURATION_TEXT = /^(\d*)(?:\.(\d*))?$/;

/**
 * The whole seconds of a CDR's duration, given as text ("9.1", "37") or as a
 * number (read through its shortest decimal text, so 9.1 is 9.1 and not
 * 9.0999999999999996447), rounded by `mode`: `up` 9.1 → 10, `down` 9.9 → 9,
 * `half-up` 9.5 → 10, `half-down` 9.5 → 9 and 9.51 → 10. Exact: the decision
 * is made on the decimal digits, never on a float. Null when the value is not
 * a duration of 0 or more seconds in plain decimal notation.
 */
export function wholeSecondsOf(value: string | number, mode: DurationRounding): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    text = String(value);
    if (text.includes('e')) return value < 1 ? (mode === 'up' && value > 0 ? 1 : 0) : Math.round(value);
  } else text = value.trim();
  const match = DURATION_TEXT.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return null;
  const whole = match[1] === '' ? 0 : Number(match[1]);
  if (!Number.isSafeInteger(whole)) return null;
  const fraction = match[2] ?? '';
  return whole + (roundsUp(fraction, mode) ? 1 : 0);
}

function roundsUp(fraction: string, mode: DurationRounding): boolean {
  const nonZero = /[1-9]/.test(fraction);
  if (!nonZero || mode === 'down') return false;
  if (mode === 'up') return true;
  const first = fraction.charCodeAt(0) - 48;
  if (first !== 5) return first > 5;
  return mode === 'half-up' || /[1-9]/.test(fraction.slice(1));
}
