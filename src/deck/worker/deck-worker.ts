import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { isRatedeckError } from '../../errors.js';
import type { DeckResponse, DeckTask, DeckWorkerData } from './import-protocol.js';
import { transferListOf, type EncodedSlice } from './slice-builder.js';

// The pool's reader starts loading with the thread, while the main thread still reads
// the file's head; a task then finds it loaded. CSV workers never load exceljs.
const preload = (workerData as DeckWorkerData | undefined)?.format === 'xlsx' ? import('./xlsx/xlsx-sheet-reader.js') : import('./csv/csv-slice-reader.js');
// A failed load is reported by the task that needs the module.
preload.catch(() => undefined);

/**
 * The piscina worker entry: decodes a task, calls the reader for it, and returns the
 * slice with its typed arrays in the transfer list. A RatedeckError comes back as a
 * FailureResponse because its code would not survive the thread boundary.
 */
export default async function deckWorker(task: DeckTask): Promise<unknown> {
  try {
    if (task.kind === 'csv-slice') {
      const { readCsvSlice } = await import('./csv/csv-slice-reader.js');
      const { slice, lineCount } = await readCsvSlice(task);
      return transferred({ kind: 'csv-slice', slice, lineCount }, slice);
    }
    const { readXlsxSheet } = await import('./xlsx/xlsx-sheet-reader.js');
    const { sheet, mapping, slice } = await readXlsxSheet(task);
    return transferred({ kind: 'xlsx-sheet', sheet, mapping, slice }, slice);
  } catch (error) {
    return failureFor(task, error);
  }
}

/**
 * A RatedeckError as data. A file that vanished or a workbook exceljs cannot unzip or
 * parse is UNREADABLE_FILE; anything else is a bug and is rethrown as it is.
 */
function failureFor(task: DeckTask, error: unknown): DeckResponse {
  if (isRatedeckError(error)) return { kind: 'failure', code: error.code, message: error.message, details: error.details };
  const systemCode = (error as NodeJS.ErrnoException | null)?.code;
  if (task.kind === 'xlsx-sheet' || typeof systemCode === 'string') {
    const why = error instanceof Error ? error.message : String(error);
    return {
      kind: 'failure',
      code: 'UNREADABLE_FILE',
      message: `${task.path} cannot be read${task.kind === 'xlsx-sheet' ? ' as an XLSX workbook' : ''} (${why}).`,
      details: { file: task.path },
    };
  }
  throw error;
}

function transferred(response: DeckResponse, slice: EncodedSlice): unknown {
  return move({ [transferableSymbol]: transferListOf(slice), [valueSymbol]: response } as never);
}
