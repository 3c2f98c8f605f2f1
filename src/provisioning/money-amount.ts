import { RatedeckError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { canonicalDecimal, Decimal } from '../money/decimal.js';
import { quotedValue } from '../text/quoted-value.js';

/** Telecom balances carry fractions of a cent (a 6-second call at 0.0042/min), so six places, not two. */
const MAX_AMOUNT_PLACES = LIMITS.amount.places;
const MAX_INTEGER_DIGITS = LIMITS.amount.magnitudeDigits;

const PLAIN_AMOUNT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** The point in a group of its own: `\d+\.?\d*` backtracks quadratically over a long run of digits. */
const EXPONENT_AMOUNT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+$/;

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
      `${option}: ${quotedValue(text)} is not an amount: ${reason}; expected a plain decimal with at most ${MAX_AMOUNT_PLACES} decimal places, e.g. 25, 100.50 or -0.004375.`,
      { option, value: text },
    );
  if (!PLAIN_AMOUNT.test(value)) {
    if (EXPONENT_AMOUNT.test(value)) throw refuse('exponent notation is not accepted for money');
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

/**
 * The decimal places an amount in `currency` may carry. A currency with a minor unit
 * (USD 2, KWD 3) keeps fractions of it, to MAX_AMOUNT_PLACES: a balance is charged
 * 0.0042 per 6-second call, and a limit or a correction is compared with it. A currency
 * without one (JPY, KRW) has nothing to take a fraction of: 100.5 JPY is a typo.
 */
function amountPlaces(currency: string): number {
  return minorUnits(currency) === 0 ? 0 : MAX_AMOUNT_PLACES;
}

/**
 * An amount read by parseAmount, checked against its currency and written as formatMoney
 * writes it. `option` names what the operator typed (--debit-limit, --amount).
 * Places are counted without trailing zeros: "1000.00" JPY is 1000.
 */
export function amountInCurrency(amount: string, currency: string, option: string): string {
  const places = new Decimal(amount).decimalPlaces();
  const allowed = amountPlaces(currency);
  if (places > allowed) {
    const reason =
      allowed === 0
        ? `${currency} has no minor unit, so an amount in ${currency} is a whole number`
        : `an amount in ${currency} has at most ${allowed} decimal places`;
    const example = allowed === 0 ? new Decimal(amount).toFixed(0, Decimal.ROUND_DOWN) : new Decimal(amount).toFixed(allowed, Decimal.ROUND_DOWN);
    throw new RatedeckError('INVALID_VALUE', `${option}: ${quotedValue(amount)} is not an amount in ${currency}: ${reason}; e.g. ${example}.`, {
      option,
      value: amount,
      currency,
    });
  }
  return formatMoney(amount, currency);
}

const minorUnitCache = new Map<string, number>();

function minorUnits(currency: string): number {
  let places = minorUnitCache.get(currency);
  if (places === undefined) {
    places = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorUnitCache.set(currency, places);
  }
  return places;
}
