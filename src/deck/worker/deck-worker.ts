import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { isRatedeckError } from '../../errors.js';
import type { CsvRangeResponse, DeckResponse, DeckTask, DeckWorkerData, XlsxSheetResponse } from '../deck-task.js';
import { transferListOf } from '../slice-builder.js';

// The pool's reader starts loading with the thread, while the main thread still reads
// the file's head; a task then finds it loaded. CSV workers never load exceljs.
const preload = (workerData as DeckWorkerData | undefined)?.format === 'xlsx' ? import('./xlsx/xlsx-sheet-reader.js') : import('./csv/read-csv-range.js');
// A failed load is reported by the task that needs the module.
preload.catch(() => undefined);

/**
 * The piscina worker entry: decodes a task, calls the reader of its kind, and encodes the
 * result: the slice with its typed arrays in the transfer list. A RatedeckError comes back
 * as a FailureResponse because its code would not survive the thread boundary.
 */
export default async function deckWorker(task: DeckTask): Promise<unknown> {
  try {
    const response = await responseTo(task);
    return move({ [transferableSymbol]: transferListOf(response.slice), [valueSymbol]: response } as never);
  } catch (error) {
    return failureFor(task, error);
  }
}

async function responseTo(task: DeckTask): Promise<CsvRangeResponse | XlsxSheetResponse> {
  if (task.kind === 'csv-range') {
    const { readCsvRange } = await import('./csv/read-csv-range.js');
    return { kind: 'csv-range', ...(await readCsvRange(task)) };
  }
  const { readXlsxSheet } = await import('./xlsx/xlsx-sheet-reader.js');
  return { kind: 'xlsx-sheet', ...(await readXlsxSheet(task)) };
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
