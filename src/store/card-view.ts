import { latestCardRevision, type CardOwner } from './card-owner.js';
import type { Db } from './database.js';
import { readRevisionEntries, type RevisionMode } from './rate-card-store.js';

/**
 * A rate card as `carrier show` and `customer show` print it: its latest revision, and
 * two counts that differ. A revision stores the card's whole effective-dated history
 * (ended and future entries too), so `historyEntries` of a card imported monthly for a
 * year is about twelve times `entriesInForce`, the codes a call at `at` can be rated by.
 */
export interface CardView {
  /** The latest revision's number (as `deck list` shows it). */
  revision: number;
  mode: RevisionMode;
  /** The file it was imported from (a deck), or the plan it was priced with. */
  source: string | null;
  sheet: string | null;
  /** When the revision was imported or priced (ISO 8601). */
  createdAt: string;
  /** Entries of the latest revision in force at `at`. */
  entriesInForce: number;
  /** Every entry the latest revision stores: in force, ended and future. */
  historyEntries: number;
  /** The time `entriesInForce` counts at (ISO 8601). */
  at: string;
}

/** The owner's card as of `at`, or null when it has none yet. */
export function describeCard(db: Db, owner: Pick<CardOwner, 'kind' | 'id'>, at: number): CardView | null {
  const card = latestCardRevision(db, owner);
  if (card === null) return null;
  const { revision } = card;
  const table = readRevisionEntries(db, revision.id);
  let inForce = 0;
  for (let i = 0; i < table.length; i++) if (table.effectiveFrom[i]! <= at && at < table.effectiveTo[i]!) inForce++;
  return {
    revision: revision.number,
    mode: revision.mode,
    source: revision.source,
    sheet: revision.sheet,
    createdAt: new Date(revision.createdAt).toISOString(),
    entriesInForce: inForce,
    historyEntries: revision.entryCount,
    at: new Date(at).toISOString(),
  };
}
