import { findCardOwner, requireLatestRevision } from '../store/card-owner.js';
import type { Db } from '../store/database.js';
import { readRevisionEntries } from '../store/rate-card-store.js';
import { entriesInForce, entriesToCsv, entriesToXlsx, type ExportFormat } from './export-deck.js';

export interface CardExport {
  data: string | Buffer;
  entries: number;
  revision: number;
}

/**
 * `ratedeck deck export --carrier <name>`: the entries of the carrier's
 * latest revision in force at `at`, by prefix, as CSV or XLSX. NOT_FOUND
 * when the carrier has no card yet.
 */
export async function exportCarrierCard(db: Db, carrierName: string, options: { at: number; format: ExportFormat }): Promise<CardExport> {
  const { revision } = requireLatestRevision(db, findCardOwner(db, 'carrier', carrierName));
  const entries = entriesInForce(readRevisionEntries(db, revision.id), options.at);
  return { data: options.format === 'csv' ? entriesToCsv(entries) : await entriesToXlsx(entries), entries: entries.length, revision: revision.number };
}
