import type { RateEntry } from '../../model/rate-entry.js';
import type { NanpStateTable } from './nanp-state-table.js';

export type Jurisdiction = 'interstate' | 'intrastate' | 'indeterminate';

/**
 * The US jurisdiction of a call from `caller` to `number` (E.164 digits):
 * both in US states → intrastate when the states are the same, else
 * interstate; anything else (no caller, a non-NANP or non-US number such as
 * Canada or the Caribbean, a non-geographic code such as 800) → indeterminate.
 */
export function callJurisdiction(states: NanpStateTable, number: string, caller: string | null | undefined): Jurisdiction {
  if (!caller) return 'indeterminate';
  const calledState = states.stateOf(number);
  const callerState = states.stateOf(caller);
  if (calledState === null || callerState === null) return 'indeterminate';
  return calledState === callerState ? 'intrastate' : 'interstate';
}

export type JurisdictionRates = Pick<RateEntry, 'rate' | 'interRate' | 'intraRate' | 'indeterminateRate'>;

export interface JurisdictionRate {
  /** The call's jurisdiction; null when the entry has no jurisdiction rates at all. */
  jurisdiction: Jurisdiction | null;
  /** The per-minute rate to bill. */
  rate: string;
  /** Which field of the entry it came from: `rate` when the entry lacks the jurisdiction's own. */
  rateField: 'rate' | 'interRate' | 'intraRate' | 'indeterminateRate';
}

const FIELD: Record<Jurisdiction, 'interRate' | 'intraRate' | 'indeterminateRate'> = {
  interstate: 'interRate',
  intrastate: 'intraRate',
  indeterminate: 'indeterminateRate',
};

/** Whether the entry carries any inter/intra/indeterminate rate (then the caller matters). */
function hasJurisdictionRates(entry: JurisdictionRates): boolean {
  return entry.interRate !== null || entry.intraRate !== null || entry.indeterminateRate !== null;
}

/**
 * The rate of a call on `entry`: when the entry has jurisdiction rates, the
 * one for the call's jurisdiction if present, else `rate`; `jurisdiction`
 * is computed only when needed (it costs two table lookups).
 */
export function chooseJurisdictionRate(entry: JurisdictionRates, jurisdiction: () => Jurisdiction): JurisdictionRate {
  if (!hasJurisdictionRates(entry)) return { jurisdiction: null, rate: entry.rate, rateField: 'rate' };
  const which = jurisdiction();
  const own = entry[FIELD[which]];
  return own === null ? { jurisdiction: which, rate: entry.rate, rateField: 'rate' } : { jurisdiction: which, rate: own, rateField: FIELD[which] };
}
