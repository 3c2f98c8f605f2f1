/**
 * One cell as the deck readers hand it to the cell parsers: text from a CSV
 * field or an XLSX string cell, a number from an XLSX numeric cell (dates
 * included, as Excel serials), or null for an empty or missing cell.
 */
export type CellValue = string | number | null;

/** The cell as text, the way a user would read it; '' for an empty cell. */
export function cellText(value: CellValue): string {
  if (value === null) return '';
  return typeof value === 'number' ? String(value) : value;
}

