import { RatedeckError } from '../errors.js';
import type { RoundingMode } from '../money/decimal.js';

/**
 * The cost of billed seconds in exact integer arithmetic, for the hot path
 * of bulk rating (a Decimal division at 60 digits costs microseconds; this
 * costs a few BigInt operations). A decimal `d` with `s` places is the
 * integer d × 10^s; connectionFee + rate × billed / 60 is then the fraction
 * (fee × 60 + rate × billed) / (60 × 10^s), rounded to `precision` places
 * by integer division and the remainder, exactly.
 */
interface ScaledDecimal {
  units: bigint;
  /** The units as a number when that is exact (the fast path), else null. */
  small: number | null;
  places: number;
}

/** Below 2^52 a product or sum of integers is exact in a double, and so is the corrected quotient of roundSmallFraction. */
const SAFE = 2 ** 52;
const PLAIN = /^(\d*)(?:\.(\d*))?$/;
const parsed = new Map<string, ScaledDecimal>();

/** A non-negative plain decimal as scaled units; cached, since a card has few distinct rates. */
function scaledDecimal(text: string, field: string): ScaledDecimal {
  const cached = parsed.get(text);
  if (cached) return cached;
  const match = PLAIN.exec(text.trim());
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    throw new RatedeckError('INVALID_VALUE', `${field}: expected a decimal of 0 or more such as "0.0150", got ${JSON.stringify(text)}.`, { field, value: text });
  }
  const fraction = match[2] ?? '';
  const units = BigInt((match[1] || '0') + fraction);
  const value = { units, small: units <= BigInt(SAFE) ? Number(units) : null, places: fraction.length };
  if (parsed.size > 10_000) parsed.clear();
  parsed.set(text, value);
  return value;
}

const POWERS: bigint[] = [];
function power(exponent: number): bigint {
  return (POWERS[exponent] ??= 10n ** BigInt(exponent));
}

export interface ExactCost {
  /** Rounded to `precision` places, with exactly that many decimals. */
  cost: string;
  /** Before rounding: exact when it ends, else to 20 places. */
  costBeforeRounding: string;
}

/**
 * The cost of `billed` seconds, rounded once. When every intermediate value
 * is an integer below 2^52 (any real tariff: 0.0150/min for 14,400 s at 12
 * places is about 10^13) the arithmetic runs on doubles, which are exact
 * there, and costs a tenth of the BigInt path; beyond that, BigInt. The cost
 * before rounding is computed only when read.
 */
export function exactCost(rateText: string, feeText: string, billed: number, precision: number, rounding: RoundingMode): ExactCost {
  const rate = scaledDecimal(rateText, 'rate');
  const fee = scaledDecimal(feeText, 'connectionFee');
  const places = Math.max(rate.places, fee.places);
  if (rate.small !== null && fee.small !== null && places + precision <= 15) {
    const numerator = fee.small * 10 ** (places - fee.places) * 60 + rate.small * 10 ** (places - rate.places) * billed;
    const scaled = numerator * 10 ** precision;
    if (scaled < SAFE) {
      const denominator = 60 * 10 ** places;
      return { cost: roundSmallFraction(scaled, denominator, precision, rounding), get costBeforeRounding() { return fractionText(BigInt(numerator), BigInt(denominator)); } };
    }
  }
  const numerator = fee.units * power(places - fee.places) * 60n + rate.units * power(places - rate.places) * BigInt(billed);
  const denominator = 60n * power(places);
  return { cost: roundFraction(numerator, denominator, precision, rounding), get costBeforeRounding() { return fractionText(numerator, denominator); } };
}

/** roundFraction for `scaled` (numerator × 10^places, below 2^52) and a small denominator, in doubles: every step is an exact integer. */
function roundSmallFraction(scaled: number, denominator: number, places: number, mode: RoundingMode): string {
  let quotient = Math.floor(scaled / denominator);
  let remainder = scaled - quotient * denominator;
  // The division is rounded; the remainder corrects its last unit exactly.
  if (remainder < 0) {
    quotient--;
    remainder += denominator;
  } else if (remainder >= denominator) {
    quotient++;
    remainder -= denominator;
  }
  if (remainder !== 0) {
    const twice = remainder * 2;
    if (
      mode === 'up' ||
      (mode === 'half-up' && twice >= denominator) ||
      (mode === 'half-down' && twice > denominator) ||
      (mode === 'half-even' && (twice > denominator || (twice === denominator && quotient % 2 === 1)))
    ) {
      quotient += 1;
    }
  }
  if (places === 0) return String(quotient);
  const digits = String(quotient).padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** numerator / denominator (both ≥ 0) rounded to `places` decimals by `mode`. */
export function roundFraction(numerator: bigint, denominator: bigint, places: number, mode: RoundingMode): string {
  const scaled = numerator * power(places);
  let quotient = scaled / denominator;
  const remainder = scaled % denominator;
  if (remainder !== 0n) {
    const twice = remainder * 2n;
    if (
      mode === 'up' ||
      (mode === 'half-up' && twice >= denominator) ||
      (mode === 'half-down' && twice > denominator) ||
      (mode === 'half-even' && (twice > denominator || (twice === denominator && quotient % 2n === 1n)))
    ) {
      quotient += 1n;
    }
  }
  return fixedText(quotient, places);
}

const REPEATING_PLACES = 20;

function fractionText(numerator: bigint, denominator: bigint): string {
  const scaled = numerator * power(REPEATING_PLACES);
  const quotient = scaled / denominator;
  const text = fixedText(quotient, REPEATING_PLACES);
  if (scaled % denominator !== 0n) return fixedText((scaled * 10n) / denominator >= quotient * 10n + 5n ? quotient + 1n : quotient, REPEATING_PLACES);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function fixedText(units: bigint, places: number): string {
  if (places === 0) return units.toString();
  const digits = units.toString().padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
