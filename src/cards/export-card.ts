import { findCardOwner, requireLatestRevision } from '../store/card-owner.js';
import type { Db } from '../store/database.js';
import { listRevisions, readRevisionEntries } from '../store/rate-card-store.js';
import { entriesInForce, entriesToCsv, entriesToXlsx, type ExportFormat } from './export-deck.js';

export interface CardExport {
  data: string | Buffer;
  entries: number;
  revision: number;
  /**
   * The files the card's revisions were made from (decks imported, plans priced with),
   * which an export must never overwrite: writing the card over its own deck loses it.
   */
  sources: string[];
}

/** The files every revision of a card was made from, each once. */
export function revisionSources(db: Db, cardId: number): string[] {
  return [...new Set(listRevisions(db, cardId).flatMap((revision) => (revision.source === null ? [] : [revision.source])))];
}

/**
 * `ratedeck deck export --carrier <name>`: the entries of the carrier's
 * latest revision in force at `at`, by prefix, as CSV or XLSX. NOT_FOUND
 * when the carrier has no card yet.
 */
export async function exportCarrierCard(db: Db, carrierName: string, options: { at: number; format: ExportFormat }): Promise<CardExport> {
  const { cardId, revision } = requireLatestRevision(db, findCardOwner(db, 'carrier', carrierName));
  const entries = entriesInForce(readRevisionEntries(db, revision.id), options.at);
  const data = options.format === 'csv' ? entriesToCsv(entries) : await entriesToXlsx(entries);
  return { data, entries: entries.length, revision: revision.number, sources: revisionSources(db, cardId) };
}
