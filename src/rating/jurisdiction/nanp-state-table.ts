import { RatedeckError } from '../../errors.js';
import { usStateOf, usStateOfDescription } from './us-states.js';

/** Not one of the 50 states or DC: Canada, the Caribbean, territories, or a code known to be non-US. */
export const NOT_A_US_STATE = '';

/**
 * Area code (NPA) and NPA-NXX → US state for North American numbers.
 * Prefixes are of the 10-digit national number, 3 to 6 digits; a number's
 * state is that of its longest listed prefix, so an NPA-NXX entry wins over
 * its NPA. A number whose prefixes are not listed (800, 888, an unassigned
 * code) has no state.
 */
export class NanpStateTable {
  readonly #states: ReadonlyMap<string, string>;

  constructor(states: ReadonlyMap<string, string>) {
    this.#states = states;
  }

  /** Number of listed prefixes. */
  get size(): number {
    return this.#states.size;
  }

  /**
   * The US state of an E.164 number in digits ("12015550123" → "NJ"), or
   * null when it is not a NANP number (+1 and ten digits) in a US state.
   */
  stateOf(digits: string): string | null {
    if (digits.length !== 11 || digits[0] !== '1') return null;
    for (let length = 6; length >= 3; length--) {
      const state = this.#states.get(digits.slice(1, 1 + length));
      if (state !== undefined) return state === NOT_A_US_STATE ? null : state;
    }
    return null;
  }

  /** A table with `overrides` (prefix → state or NOT_A_US_STATE) laid over this one. */
  withOverrides(overrides: ReadonlyMap<string, string>): NanpStateTable {
    return new NanpStateTable(new Map([...this.#states, ...overrides]));
  }
}

/**
 * The table from geocoding descriptions (prefix → "New Jersey", "Chicago, IL",
 * "Ontario", …) as libphonenumber ships them for country code 1. Some area
 * codes are listed only by their NPA-NXX ranges (203, 713, 718): such an NPA
 * gets the state when every listed range under it has that same state.
 */
export function nanpStateTableFromGeocoding(descriptions: ReadonlyMap<string, string>): NanpStateTable {
  const states = new Map<string, string>();
  const statesUnderNpa = new Map<string, Set<string>>();
  for (const [prefix, description] of descriptions) {
    if (!/^[2-9]\d{2,5}$/.test(prefix)) continue;
    const state = usStateOfDescription(description) ?? NOT_A_US_STATE;
    states.set(prefix, state);
    if (prefix.length > 3) {
      const npa = prefix.slice(0, 3);
      const seen = statesUnderNpa.get(npa) ?? new Set<string>();
      seen.add(state);
      statesUnderNpa.set(npa, seen);
    }
  }
  for (const [npa, seen] of statesUnderNpa) {
    if (!states.has(npa) && seen.size === 1) states.set(npa, [...seen][0]);
  }
  return new NanpStateTable(states);
}

/**
 * Reads a `--states` file: one entry a line, `NPA` or `NPA-NXX` (with or
 * without the dash, optionally after a leading 1), then a comma, semicolon,
 * tab or spaces, then a state code or name, or `none`/`-` for "not a US
 * state". Blank lines and lines starting with # are skipped, and so is a
 * first line that is a header (`npa,state`). Errors name the line.
 */
export function parseStateOverrides(text: string, source: string): Map<string, string> {
  const overrides = new Map<string, string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^"?(\+?1?[-\s]?)?(\d{3})(?:[-\s]?(\d{3}))?"?\s*[,;\t ]\s*"?([^"]*?)"?\s*$/.exec(line);
    if (!match) {
      if (index === 0 && /[a-z]/i.test(line.split(/[,;\t]/)[0] ?? '')) return; // a header
      throw overrideError(source, index + 1, raw);
    }
    const prefix = match[2] + (match[3] ?? '');
    const value = match[4].trim();
    const state = /^(none|-|)$/i.test(value) ? NOT_A_US_STATE : usStateOf(value);
    if (state === null || /^[01]/.test(prefix)) throw overrideError(source, index + 1, raw);
    overrides.set(prefix, state);
  });
  return overrides;
}

function overrideError(source: string, line: number, received: string): RatedeckError {
  return new RatedeckError(
    'INVALID_VALUE',
    `${source}: line ${line}: expected an area code or NPA-NXX and a US state such as "201,NJ" or "212-555,New York" (or "416,none"), got ${JSON.stringify(received)}.`,
    { source, line, received },
  );
}
