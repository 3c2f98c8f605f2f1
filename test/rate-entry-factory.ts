import type { RateEntry } from '../src/model/rate-entry.js';

/** A carrier entry for tests: what a plain deck row gives, with the fields a test cares about. */
export function rateEntry(fields: Pick<RateEntry, 'prefix' | 'rate' | 'effectiveFrom'> & Partial<RateEntry>): RateEntry {
  return {
    destination: null,
    connectionFee: '0',
    increments: { initial: 60, subsequent: 60 },
    interRate: null,
    intraRate: null,
    indeterminateRate: null,
    effectiveTo: null,
    ...fields,
  };
}
