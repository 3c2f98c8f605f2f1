import type { CellValue } from './cell-value.js';

/**
 * What each error value Excel shows in a cell means. An XLSX stores them as error cells
 * (`t="e"`), and a CSV saved from Excel writes them as text: either way the carrier's
 * sheet computed nothing there, and the row must say so rather than read "#N/A" as a
 * value or an empty cell.
 */
const EXCEL_ERRORS: Readonly<Record<string, string>> = {
  '#N/A': 'a lookup found no value',
  '#VALUE!': 'a formula got the wrong kind of value',
  '#REF!': 'a formula refers to a cell that was deleted',
  '#NAME?': 'a formula uses a name Excel does not know',
  '#DIV/0!': 'a formula divided by zero',
  '#NUM!': 'a formula gave an impossible number',
  '#NULL!': 'a formula refers to ranges that do not meet',
  '#SPILL!': 'a formula could not spill its results',
  '#CALC!': 'a formula could not be calculated',
  '#GETTING_DATA': 'the value was still loading when the file was saved',
  '#FIELD!': 'a formula refers to a missing field',
  '#BLOCKED!': 'a formula needs a feature that was blocked',
  '#CONNECT!': 'a formula could not reach its data source',
  '#BUSY!': 'the value was still being computed when the file was saved',
  '#UNKNOWN!': 'a formula uses a data type Excel does not know',
};

/** The reason for a cell that shows an Excel error, or null for any other cell. */
export function excelErrorReason(value: CellValue, expected: string): string | null {
  if (typeof value !== 'string' || !isExcelError(value)) return null;
  const text = value.trim().toUpperCase();
  return `the cell shows the Excel error ${text} (${EXCEL_ERRORS[text]}), not a value; ${expected}`;
}

/** Whether a text is one of Excel's error values (a cheap first test, for cells read a million times). */
export function isExcelError(text: string): boolean {
  return text.length <= 16 && text.includes('#') && EXCEL_ERRORS[text.trim().toUpperCase()] !== undefined;
}
