import { Decimal as DecimalBase } from 'decimal.js';
import { LIMITS, type DecimalLimits } from '../limits.js';

/**
 * The one Decimal constructor of the project. Precision is far above any
 * rate or balance we handle, so intermediate results are exact; rounding
 * happens once, by decimal places, with a named mode (see roundTo).
 */
export const Decimal = DecimalBase.clone({ precision: 60, toExpNeg: -60, toExpPos: 60 });
export type Decimal = InstanceType<typeof Decimal>;

export const ROUNDING_MODES = {
  up: Decimal.ROUND_UP,
  down: Decimal.ROUND_DOWN,
  'half-up': Decimal.ROUND_HALF_UP,
  'half-down': Decimal.ROUND_HALF_DOWN,
  'half-even': Decimal.ROUND_HALF_EVEN,
} as const;

export type RoundingMode = keyof typeof ROUNDING_MODES;

export function isRoundingMode(value: string): value is RoundingMode {
  return Object.prototype.hasOwnProperty.call(ROUNDING_MODES, value);
}

/** Rounds to `places` decimal places (never significant digits) with the named mode. */
export function roundTo(value: Decimal, places: number, mode: RoundingMode): Decimal {
  return value.toDecimalPlaces(places, ROUNDING_MODES[mode]);
}

// The optional point is a group of its own: `\d+\.?\d*` splits a run of digits two ways at
// every length, and a 30,000-digit "1…1x" took two seconds to refuse (quadratic backtracking).
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_PARTS = /^[+-]?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/;

/**
 * Why the decimal written as `text` (already known to be one) is out of LIMITS, or null.
 * Decided from the digits and the exponent alone, before anything is expanded: "1e100000000"
 * is refused in microseconds instead of becoming a hundred-million-digit string.
 */
export function decimalLimitProblem(text: string, limits: DecimalLimits = LIMITS.decimal): string | null {
  const [, integer = '', fraction = '', exponentText] = DECIMAL_PARTS.exec(text)!;
  const exponent = exponentOf(exponentText);
  const digits = (integer + fraction).replace(/^0+/, '');
  if (digits === '') return null; // zero, however written
  const trimmed = withoutTrailingZeros(digits);
  if (trimmed.length > limits.significantDigits) {
    return `it has ${trimmed.length} significant digits; at most ${limits.significantDigits} are accepted`;
  }
  // The value is 0.d1d2… × 10^magnitude, so it has `magnitude` integer digits when positive.
  const integerDigits = integer.replace(/^0+/, '');
  const leadingFractionZeros = integerDigits === '' ? fraction.length - fraction.replace(/^0+/, '').length : 0;
  const magnitude = integerDigits.length - leadingFractionZeros + exponent;
  if (magnitude > limits.magnitudeDigits) {
    return `its absolute value is 10^${limits.magnitudeDigits} or more; at most ${'9'.repeat(limits.magnitudeDigits)} is accepted`;
  }
  // Trailing zeros count: "0.0470" keeps them in storage, so they are places written.
  const places = Math.max(0, fraction.length - exponent);
  if (places > limits.places) return `it has ${places} decimal places; at most ${limits.places} are accepted`;
  return null;
}

/** `digits` without its trailing zeros; a loop, since /0+$/ retries at every zero of "10…01" (quadratic). */
function withoutTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 0x30) end--;
  return digits.slice(0, end);
}

/** An E-notation exponent; one of more than six digits is ±Infinity (out of any bound) unread. */
function exponentOf(text: string | undefined): number {
  if (text === undefined) return 0;
  if (text.replace(/^[+-]?0*/, '').length > 6) return text.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

/**
 * Canonical text of an exact decimal written as `text` (plain or E-notation),
 * or null when it is not a number. Trailing zeros are kept as written in
 * plain notation ("0.04700" stays "0.04700"), E-notation is expanded
 * ("1.82E-3" becomes "0.00182"). A decimal beyond LIMITS is null too: callers
 * that can say why call decimalLimitProblem first.
 */
export function canonicalDecimal(text: string, limits: DecimalLimits = LIMITS.decimal): string | null {
  if (!PLAIN_DECIMAL.test(text)) return null;
  if (decimalLimitProblem(text, limits) !== null) return null;
  if (/[eE]/.test(text)) return new Decimal(text).toFixed();
  let body = text.startsWith('+') ? text.slice(1) : text;
  if (body.startsWith('.')) body = '0' + body;
  else if (body.startsWith('-.')) body = '-0' + body.slice(1);
  if (body.endsWith('.')) body = body.slice(0, -1);
  const negative = body.startsWith('-');
  let digits = negative ? body.slice(1) : body;
  digits = digits.replace(/^0+(?=\d)/, '');
  if (negative && /^[0.]+$/.test(digits)) return digits;
  return negative ? '-' + digits : digits;
}

/** Whether `text` is written as a decimal at all (plain or E-notation), whatever its size. */
export function isDecimalText(text: string): boolean {
  return PLAIN_DECIMAL.test(text);
}

/** Shortest text that reads back as the same double: JS's own number-to-string. */
export function shortestRoundTrip(value: number): string {
  return new Decimal(String(value)).toFixed();
}

/**
 * Plain decimal text of an exact value (never E-notation), with exactly
 * `places` decimals when given: the value must already be rounded to them.
 */
export function decimalText(value: Decimal, places?: number): string {
  return places === undefined ? value.toFixed() : value.toFixed(places);
}
