import type { CellValue } from '../../cells/cell-value.js';

/**
 * An exceljs cell value as the cell parsers take it. Numbers stay numbers (rates
 * through their shortest round-trip text, dates as Excel serials); rich text,
 * hyperlinks and formulas give their text or cached result; errors (#N/A) their code.
 */
export function xlsxCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) return (object.richText as { text?: string }[]).map((run) => run.text ?? '').join('');
    if ('formula' in object || 'sharedFormula' in object) return xlsxCellValue(object.result);
    if ('text' in object) return xlsxCellValue(object.text);
    if (typeof object.error === 'string') return object.error;
  }
  return String(value);
}

/** exceljs row.values (1-based, sparse) as 0-based cells. */
export function xlsxRowCells(values: unknown): CellValue[] {
  if (!Array.isArray(values)) return [];
  const cells: CellValue[] = new Array(Math.max(0, values.length - 1));
  for (let column = 1; column < values.length; column++) cells[column - 1] = xlsxCellValue(values[column]);
  return cells;
}
