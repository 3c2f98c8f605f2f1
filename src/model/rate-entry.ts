import type { EntryFields } from './entry-schema.js';

/** Billing increments in seconds: 30/6 bills the first 30 s, then every started 6 s. */
export interface Increments {
  initial: number;
  subsequent: number;
}

/**
 * One entry of a rate card, as the library hands it out: its prefix, its
 * increments, and one field per entry column (entry-schema.ts): destination,
 * rate, connectionFee, interRate, intraRate, indeterminateRate, effectiveFrom,
 * effectiveTo. Decimals are exact decimal strings; times are epoch
 * milliseconds (UTC). An entry is in force at T when effectiveFrom <= T <
 * effectiveTo (effectiveTo null: open-ended).
 */
export interface RateEntry extends EntryFields {
  prefix: string;
  increments: Increments;
}

export function isInForce(entry: Pick<RateEntry, 'effectiveFrom' | 'effectiveTo'>, at: number): boolean {
  return entry.effectiveFrom <= at && (entry.effectiveTo === null || at < entry.effectiveTo);
}

export function formatIncrements(increments: Increments): string {
  return `${increments.initial}/${increments.subsequent}`;
}
