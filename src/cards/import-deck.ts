import { resolve } from 'node:path';
import { RatedeckError } from '../errors.js';
import { emptyEntryTable } from '../model/entry-table.js';
import { getCarrier } from '../store/carrier-store.js';
import { writeTransaction, type Db } from '../store/database.js';
import { cardIdFor, latestRevision, readRevisionEntries, writeRevision } from '../store/rate-card-store.js';
import { readDeck, type ReadDeckOptions, type RowError } from '../deck/read-deck.js';
import { mergeRevision, type ImportMode } from './revision-merge.js';

export interface ImportDeckRequest extends ReadDeckOptions {
  carrier: string;
  file: string;
  mode: ImportMode;
  /** Commit the good rows of a deck that has row errors. */
  skipInvalid: boolean;
  /** Validate only; commit nothing. */
  dryRun: boolean;
}

export interface ImportDeckReport {
  carrier: string;
  revision: number | null;
  file: string;
  sheet: string | null;
  rowsRead: number;
  entries: number;
  skippedRows: number;
  errors: RowError[];
  /** Readings that look wrong but were taken (readDeck's warnings). */
  warnings: string[];
  committed: boolean;
}

/**
 * Reads a deck (worker threads) and, unless it is rejected, lays it over the
 * carrier's card as a new revision in one transaction: all or nothing, and the
 * previous revision is never modified, so a failed or killed import leaves it
 * as it was. The main thread is the only database writer.
 */
export async function importDeck(db: Db, request: ImportDeckRequest): Promise<ImportDeckReport> {
  const carrier = getCarrier(db, request.carrier);
  const deck = await readDeck(request.file, request);
  const report: ImportDeckReport = {
    carrier: carrier.name,
    revision: null,
    file: deck.file,
    sheet: deck.sheet,
    rowsRead: deck.rowsRead,
    entries: deck.entries.length,
    skippedRows: deck.skippedRows,
    errors: deck.errors,
    warnings: deck.warnings,
    committed: false,
  };
  if (request.dryRun || (deck.errors.length > 0 && !request.skipInvalid)) return report;
  if (deck.entries.length === 0) {
    throw new RatedeckError('INVALID_DECK', `${deck.file}: no valid entries to import${deck.errors.length ? ` (${deck.errors.length} rows have errors)` : ''}; nothing was committed.`, {
      file: deck.file,
    });
  }
  const revision = writeTransaction(db, () => {
    const cardId = cardIdFor(db, 'carrier', carrier.id, true)!;
    const previous = latestRevision(db, cardId);
    const base = previous ? readRevisionEntries(db, previous.id) : emptyEntryTable();
    const merged = mergeRevision(base, deck.entries, request.mode, { deckCodesUnique: !deck.codesRepeat });
    return writeRevision(
      db,
      cardId,
      {
        mode: request.mode,
        // Stored absolute, so `deck list` names the file wherever it is run from.
        source: resolve(deck.file),
        sheet: deck.sheet,
        details: { deckEntries: deck.entries.length, rowsRead: deck.rowsRead, skippedRows: deck.skippedRows, rowErrors: deck.errors.length },
      },
      merged,
    );
  });
  report.revision = revision.number;
  report.committed = true;
  return report;
}
