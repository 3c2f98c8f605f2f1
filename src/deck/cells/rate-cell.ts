import { canonicalDecimal, decimalLimitProblem, isDecimalText, shortestRoundTrip } from '../../money/decimal.js';
import type { CellValue } from './cell-value.js';

export type RateCell =
  | { kind: 'rate'; rate: string }
  | { kind: 'absent' }
  | { kind: 'negative'; reason: string }
  | { kind: 'invalid'; reason: string };

const ABSENT: RateCell = { kind: 'absent' };
const CURRENCY_SIGN = /^[$€£¥]\s*|\s*[$€£¥]$/g;

/**
 * An exact decimal from a rate cell, kept as written: `0.04700` stays `0.04700`,
 * `$0.047` is 0.047, `1.82E-3` is 0.00182, and with `decimalComma` (semicolon files,
 * --decimal-comma) `0,047` is 0.047. A numeric XLSX cell holds a double: its shortest
 * round-trip text is what the sender typed (0.15840000000000001 is 0.1584).
 * Negative and non-numeric cells are refused with a reason; an empty cell is absent.
 */
export function parseRateCell(value: CellValue, decimalComma = false): RateCell {
  if (value === null) return ABSENT;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return invalid(String(value));
    if (value < 0) return negative(String(value));
    // A double of 1e300 would expand to 301 digits: bounded like text (String(value) is its shortest text).
    const problem = decimalLimitProblem(String(value));
    if (problem !== null) return outOfRange(String(value), problem);
    return { kind: 'rate', rate: shortestRoundTrip(value) };
  }
  let text = value.trim();
  if (text === '') return ABSENT;
  const direct = canonicalDecimal(text);
  if (direct !== null) return direct.startsWith('-') ? negative(text) : { kind: 'rate', rate: direct };
  text = text.replace(CURRENCY_SIGN, '');
  if (decimalComma && !text.includes('.')) text = text.replace(/^([+-]?\d*),(\d+(?:[eE][+-]?\d+)?)$/, '$1.$2');
  if (isDecimalText(text)) {
    // Decided from its digits and exponent, before anything is expanded: "1e100000000" takes microseconds.
    const problem = decimalLimitProblem(text);
    if (problem !== null) return outOfRange(value.trim(), problem);
  }
  const decimal = canonicalDecimal(text);
  if (decimal === null) return invalid(value.trim());
  return decimal.startsWith('-') ? negative(value.trim()) : { kind: 'rate', rate: decimal };
}

function negative(text: string): RateCell {
  return { kind: 'negative', reason: `${text} is negative; expected an amount of zero or more` };
}

function outOfRange(text: string, problem: string): RateCell {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return { kind: 'invalid', reason: `"${shown}" is out of range: ${problem}` };
}

function invalid(text: string): RateCell {
  // "0,047" in a comma-separated deck is a decimal comma the file's delimiter could not tell us about.
  const hint = /^[+-]?\d*,\d+$/.test(text) ? '; if the deck writes decimal commas, give --decimal-comma' : '';
  return { kind: 'invalid', reason: `"${text}" is not an amount; expected a decimal such as 0.0470, $0.047 or 1.82E-3${hint}` };
}
