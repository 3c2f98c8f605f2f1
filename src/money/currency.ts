import { RatedeckError } from '../errors.js';
import { quotedValue } from '../text/quoted-value.js';

// ICU's list of ISO 4217 codes that Node ships with; no hand-kept copy to go stale.
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Whether `code` is an ISO 4217 code as written in capitals (USD, not usd). */
export function isKnownCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code);
}

/** Validates an ISO 4217 code (case-insensitive input), returning it upper-case. */
export function parseCurrency(value: string, option = '--currency'): string {
  const code = value.trim().toUpperCase();
  if (!isKnownCurrency(code)) {
    throw new RatedeckError('INVALID_VALUE', `${option}: unknown currency ${quotedValue(value)}; expected an ISO 4217 code such as USD, EUR or GBP.`, {
      option,
      value,
    });
  }
  return code;
}

/**
 * How to write the exchange rate a plan needs to sell in `to` what is bought in `from`:
 * `{"EUR": "<USD per 1 EUR>"}`. No figure is made up: "1.0850" suits USD per EUR but is
 * off by a factor of 150 for JPY per USD.
 */
export function exchangeRateExample(to: string, from: string): string {
  return `{"${from}": "<${to} per 1 ${from}>"}`;
}
