import { RatedeckError } from '../errors.js';
import { parseIsoTime } from '../model/iso-time.js';
import { keyLabel, quotedValue, SHOWN_VALUE_CHARS } from '../text/quoted-value.js';

/**
 * Epoch milliseconds below this are refused: 10^11 ms is March 1973, before any rate card,
 * and a value that small is nearly always epoch seconds (1798761600) or a date without its
 * dashes (20250301) read as milliseconds, which would answer "no rate" without a word.
 */
const MIN_EPOCH_MILLISECONDS = 100_000_000_000;

/**
 * The longest text read as a time (`2025-03-01T12:00:00.123456789+01:00` is 35): longer is
 * refused unread, so a 16 MiB `"at"` costs nothing (the ISO pattern backtracks over long
 * runs of spaces).
 */
export const MAX_TIME_CHARS = 64;

const TIME_EXAMPLE = 'at=2025-03-01T12:00:00Z or epoch milliseconds, at=1798761600000';

/** A bad request parameter or body field: BAD_OPTION naming it, with what was expected. */
export function badParameter(name: string, problem: string, example: string): RatedeckError {
  // A name may come from the query itself (a parameter given twice): shown by keyLabel, one short line.
  return new RatedeckError('BAD_OPTION', `Parameter ${keyLabel(name)} ${problem}; expected e.g. ${example}.`, { parameter: name });
}

/**
 * The time of a request: `at` as ISO 8601 text, or epoch milliseconds (the library's own
 * unit) as digits in a query or a safe integer in a JSON body. Absent: now.
 */
export function timeParameter(value: unknown, name = 'at'): number {
  if (value === null || value === undefined) return Date.now();
  if (typeof value === 'number') return epochMilliseconds(value, String(value), name);
  if (typeof value !== 'string') throw badParameter(name, `is a${Array.isArray(value) ? 'n array' : ' ' + typeof value}, not a time`, TIME_EXAMPLE);
  if (/^\d+$/.test(value)) return epochMilliseconds(Number(value), value.length > SHOWN_VALUE_CHARS ? `${value.slice(0, SHOWN_VALUE_CHARS)}…` : value, name);
  const time = value.length > MAX_TIME_CHARS ? null : parseIsoTime(value);
  if (time === null) throw badParameter(name, `${quotedValue(value)} is not a time`, TIME_EXAMPLE);
  return time;
}

function epochMilliseconds(value: number, written: string, name: string): number {
  if (!Number.isSafeInteger(value)) throw badParameter(name, `${written} is not a whole number of epoch milliseconds within Number.MAX_SAFE_INTEGER`, TIME_EXAMPLE);
  if (value < MIN_EPOCH_MILLISECONDS) {
    throw badParameter(name, `${written} as epoch milliseconds is before 1973 (epoch seconds? multiply by 1000; a date? write it 2025-03-01)`, TIME_EXAMPLE);
  }
  return value;
}

/** The longest name a carrier or customer can have (validateName in store/carrier-store.ts). */
const MAX_NAME_CHARS = 100;

/**
 * A carrier or customer name from a request, refused unread when no owner can have it (over
 * 100 characters, or a control character): the store's "No carrier named …" would quote a
 * 16 MiB name whole, newlines and all.
 */
export function ownerNameParameter(name: string, value: string): string {
  if (value.trim().length > MAX_NAME_CHARS || /[\u0000-\u001f\u007f]/.test(value)) {
    throw badParameter(name, `${quotedValue(value)} is no ${name}'s name (names are 1 to ${MAX_NAME_CHARS} printable characters)`, `${name}=Acme`);
  }
  return value;
}

/**
 * The first query parameter given more than once, unless the route lets it repeat (`rate`
 * of /v1/lcr): `number=44&number=33` is refused rather than answered for one of them.
 */
export function repeatedParameter(query: URLSearchParams, repeatable: readonly string[]): { name: string; count: number } | null {
  const seen = new Set<string>();
  for (const name of query.keys()) {
    if (seen.has(name) && !repeatable.includes(name)) return { name, count: query.getAll(name).length };
    seen.add(name);
  }
  return null;
}
