import type { Increments } from './rate-entry.js';

/** An increment longer than an hour is a typo, not a billing plan. */
export const MAX_INCREMENT_SECONDS = 3600;

const INCREMENTS = /^(\d+)(?:\s*\/\s*(\d+))?$/;

/** Whole seconds from 1 to MAX_INCREMENT_SECONDS: one increment of a billing plan. */
export function isIncrementSeconds(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_INCREMENT_SECONDS;
}

/**
 * Billing increments as decks, plans and `--increments` write them: `30/6` bills the
 * first 30 s then every started 6 s, `60/60` per minute, and one number N is N/N (`1` is
 * per-second billing). Spaces around the text and the slash are allowed. Null for
 * anything else, an increment outside 1–3600 s included; callers say what was expected.
 */
export function parseIncrements(text: string): Increments | null {
  const match = INCREMENTS.exec(text.trim());
  if (!match) return null;
  const initial = Number(match[1]);
  const subsequent = Number(match[2] ?? match[1]);
  return isIncrementSeconds(initial) && isIncrementSeconds(subsequent) ? { initial, subsequent } : null;
}
