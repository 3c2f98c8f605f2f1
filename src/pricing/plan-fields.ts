import { RatedeckError } from '../errors.js';
import { keyLabel, oneLine } from '../text/quoted-value.js';
import { canonicalDecimal, Decimal, decimalLimitProblem, isDecimalText } from '../money/decimal.js';
import { MAX_INCREMENT_SECONDS, parseIncrements } from '../model/increments.js';
import type { Increments } from '../model/rate-entry.js';

/**
 * Readers for the fields of a margin plan. Each names the JSON path it reads,
 * the form it expects with an example, and what it received, so an analyst can
 * fix the file from the message alone.
 */

/** `source: path: expected …, got …` as a BAD_PLAN error. */
export function planError(source: string, path: string, expected: string, received: unknown): RatedeckError {
  const got = received === undefined ? 'nothing' : describeValue(received);
  return new RatedeckError('BAD_PLAN', `${source}: ${path}: expected ${expected}, got ${got}.`, {
    source,
    path,
    expected,
    received: got,
  });
}

export function describeValue(value: unknown): string {
  // JSON.stringify leaves U+2028 and the C1 controls as they are: oneLine keeps the message one line.
  const text = oneLine(JSON.stringify(value) ?? String(value));
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rejects keys a plan does not know: a misspelt `precent` must not be silently ignored. */
export function checkKeys(source: string, path: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = path ? `${path}.${keyLabel(key)}` : keyLabel(key);
      throw planError(source, where, `no such field; a ${path || 'plan'} holds ${allowed.join(', ')}`, value[key]);
    }
  }
}

/**
 * Money and percentages are decimal strings, never JSON numbers: JSON.parse
 * would turn `0.10000000000000001` into 0.1 and drop the trailing zeros of
 * `1.0850`, and the plan is the one place an analyst states prices exactly.
 * The message shows the quoted form to write instead. Exponents are refused
 * (as in payments) and every value is bounded by LIMITS.decimal.
 */
export function readDecimal(
  source: string,
  path: string,
  value: unknown,
  example: string,
  options: { positive?: boolean; whyNotNegative?: string } = {},
): string {
  const kind = options.positive ? 'a positive decimal string' : 'a decimal string';
  const expected = `${kind} such as "${example}"`;
  if (typeof value !== 'string') throw planError(source, path, expected, value);
  const text = value.trim();
  if (!isDecimalText(text)) throw planError(source, path, expected, value);
  // Bounded before anything is expanded: "1e100000" would be a 100,001-digit rate.
  const problem = decimalLimitProblem(text);
  if (problem !== null) throw planError(source, path, `${kind} within the limits of docs/limits.md (${problem}), such as "${example}"`, value);
  // As payments: a price means exactly what it shows, so "1e2" is written "100".
  if (/[eE]/.test(text)) throw planError(source, path, `${kind} written in plain digits, such as "${example}" (exponent notation is not accepted for money or percentages)`, value);
  const canonical = canonicalDecimal(text);
  if (canonical === null) throw planError(source, path, expected, value);
  if (canonical.startsWith('-')) {
    // The value is a decimal string; what is wrong is its sign, so say the accepted range and why.
    const range = options.positive ? 'greater than 0' : 'of 0 or more';
    const why = options.whyNotNegative ? ` (${options.whyNotNegative})` : '';
    throw planError(source, path, `a value ${range} such as "${example}"${why}`, value);
  }
  if (options.positive && new Decimal(canonical).isZero()) throw planError(source, path, expected, value);
  return canonical;
}

/** A decimal that is used as written (an absolute price or fee): it may not need rounding. */
export function readExactAmount(source: string, path: string, value: unknown, example: string, precision: number): string {
  const amount = readDecimal(source, path, value, example);
  if (new Decimal(amount).decimalPlaces() > precision) {
    throw planError(source, path, `at most ${precision} decimal places (the plan's precision), such as "${example}"`, value);
  }
  return amount;
}

export function readWholeNumber(source: string, path: string, value: unknown, min: number, max: number, example: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw planError(source, path, `a whole number from ${min} to ${max} such as ${example}`, value);
  }
  return value;
}

export function readString(source: string, path: string, value: unknown, expected: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw planError(source, path, expected, value);
  return value;
}

export function readBoolean(source: string, path: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw planError(source, path, 'true or false', value);
  return value;
}

/** A dialling prefix as a string of 1 to 15 digits (a number would lose leading zeros). */
export function readPrefix(source: string, path: string, value: unknown): string {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) {
    throw planError(source, path, 'a string of 1 to 15 digits such as "447"', value);
  }
  return value;
}

/** Billing increments written as a deck writes them: "60/60", "30/6", or "6" for 6/6. */
export function readIncrements(source: string, path: string, value: unknown): Increments {
  const expected = `seconds as "initial/subsequent" such as "6/6" or "30/6", each 1 to ${MAX_INCREMENT_SECONDS}`;
  const increments = typeof value === 'string' ? parseIncrements(value) : null;
  if (increments === null) throw planError(source, path, expected, value);
  return increments;
}
