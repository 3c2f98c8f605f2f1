/**
 * One thing wrong with one row, as the user will look for it: the row number they see
 * (file line or sheet row), the column's header (null when the whole row is meant),
 * the cell as written, and what was expected.
 */
export interface RowError {
  row: number;
  column: string | null;
  value: string;
  reason: string;
}

/** Errors in row order; a row's errors keep their column order (the sort is stable). */
export function sortRowErrors(errors: RowError[]): RowError[] {
  return errors.sort((a, b) => a.row - b.row);
}
