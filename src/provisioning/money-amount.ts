import { RatedeckError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { canonicalDecimal, Decimal } from '../money/decimal.js';

/** Telecom balances carry fractions of a cent (a 6-second call at 0.0042/min), so six places, not two. */
export const MAX_AMOUNT_PLACES = LIMITS.amount.places;
const MAX_INTEGER_DIGITS = LIMITS.amount.magnitudeDigits;

const PLAIN_AMOUNT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export interface AmountRules {
  /** A payment of 0 changes nothing and is refused; a debit limit of 0 means prepaid. */
  allowZero: boolean;
}

/**
 * Reads an exact money amount written as a plain decimal (`25`, `-12.50`,
 * `0.000125`) and returns its canonical text, trailing zeros as written.
 * Exponents, thousands separators and currency signs are refused: an amount
 * typed by an operator must mean exactly what it shows.
 */
export function parseAmount(text: string, option: string, rules: AmountRules): string {
  const value = text.trim();
  const refuse = (reason: string): RatedeckError =>
    new RatedeckError(
      'INVALID_VALUE',
      `${option}: "${text}" is not an amount: ${reason}; expected a plain decimal with at most ${MAX_AMOUNT_PLACES} decimal places, e.g. 25, 100.50 or -0.004375.`,
      { option, value: text },
    );
  if (!PLAIN_AMOUNT.test(value)) {
    if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(value)) throw refuse('exponent notation is not accepted for money');
    if (/,/.test(value)) throw refuse('write the decimal point as "." and no thousands separators');
    if (/[^\d.+-]/.test(value)) throw refuse('only digits, one "." and a leading sign are allowed (no currency sign: the amount is in the customer\'s currency)');
    throw refuse('it is not a number');
  }
  // Plain digits only (checked above): the digit counts below bound it before anything is computed.
  const canonical = canonicalDecimal(value, { significantDigits: Infinity, places: Infinity, magnitudeDigits: Infinity })!;
  const [integer = '', fraction = ''] = canonical.replace(/^-/, '').split('.');
  if (fraction.length > MAX_AMOUNT_PLACES) throw refuse(`it has ${fraction.length} decimal places`);
  if (integer.length > MAX_INTEGER_DIGITS) throw refuse(`it has more than ${MAX_INTEGER_DIGITS} digits before the decimal point`);
  if (!rules.allowZero && new Decimal(canonical).isZero()) throw refuse('a zero amount changes nothing');
  return canonical;
}

/** Sum of exact decimal texts. */
export function sumAmounts(amounts: readonly string[]): Decimal {
  return amounts.reduce((total, amount) => total.plus(amount), new Decimal(0));
}

/**
 * The canonical text of an amount: at least the currency's minor units
 * (25 USD is "25.00", 1000 JPY "1000"), and every further place it carries,
 * so nothing is rounded away. Debit limits and payments are stored, audited
 * and printed in this one form.
 */
export function formatMoney(value: Decimal | string, currency: string): string {
  const decimal = typeof value === 'string' ? new Decimal(value) : value;
  return decimal.toFixed(Math.max(minorUnits(currency), decimal.decimalPlaces()));
}

const minorUnitCache = new Map<string, number>();

export function minorUnits(currency: string): number {
  let places = minorUnitCache.get(currency);
  if (places === undefined) {
    places = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorUnitCache.set(currency, places);
  }
  return places;
}
