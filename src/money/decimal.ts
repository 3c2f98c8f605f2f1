import { Decimal as DecimalBase } from 'decimal.js';

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

const PLAIN_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Canonical text of an exact decimal written as `text` (plain or E-notation),
 * or null when it is not a number. Trailing zeros are kept as written in
 * plain notation ("0.04700" stays "0.04700"), E-notation is expanded
 * ("1.82E-3" becomes "0.00182").
 */
export function canonicalDecimal(text: string): string | null {
  if (!PLAIN_DECIMAL.test(text)) return null;
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
