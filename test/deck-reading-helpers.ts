/** Shared by the deck-reading tests. */
import type { DeckReadResult } from '../src/deck/read-deck.js';
import { RatedeckError } from '../src/errors.js';
import { entriesOf } from '../src/model/entry-table.js';

/** Entries as short lines, with the row each came from: easy to read in a failing test. */
export function lines(result: DeckReadResult): string[] {
  return [...entriesOf(result.entries)].map((entry, index) => {
    const to = entry.effectiveTo === null ? '' : new Date(entry.effectiveTo).toISOString().slice(0, 16);
    return `${result.rows[index]} ${entry.prefix} ${entry.destination ?? '-'} ${entry.rate} ${entry.connectionFee} ${entry.increments.initial}/${entry.increments.subsequent} ${new Date(entry.effectiveFrom).toISOString().slice(0, 16)}..${to}`;
  });
}

/** The RatedeckError a read fails with. */
export async function deckError(promise: Promise<unknown>): Promise<RatedeckError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RatedeckError) return error;
    throw error;
  }
  throw new Error('expected a RatedeckError');
}
