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
  places: number;
}

const PLAIN = /^(\d*)(?:\.(\d*))?$/;
const parsed = new Map<string, ScaledDecimal>();

/** A non-negative plain decimal as scaled units; cached, since a card has few distinct rates. */
export function scaledDecimal(text: string, field: string): ScaledDecimal {
  const cached = parsed.get(text);
  if (cached) return cached;
  const match = PLAIN.exec(text.trim());
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    throw new RatedeckError('INVALID_VALUE', `${field}: expected a decimal of 0 or more such as "0.0150", got ${JSON.stringify(text)}.`, { field, value: text });
  }
  const fraction = match[2] ?? '';
  const value = { units: BigInt((match[1] || '0') + fraction), places: fraction.length };
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

export function exactCost(rateText: string, feeText: string, billed: number, precision: number, rounding: RoundingMode): ExactCost {
  const rate = scaledDecimal(rateText, 'rate');
  const fee = scaledDecimal(feeText, 'connectionFee');
  const places = Math.max(rate.places, fee.places);
  const numerator = fee.units * power(places - fee.places) * 60n + rate.units * power(places - rate.places) * BigInt(billed);
  const denominator = 60n * power(places);
  return { cost: roundFraction(numerator, denominator, precision, rounding), costBeforeRounding: fractionText(numerator, denominator) };
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
