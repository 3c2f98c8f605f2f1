import type { DeckField } from './deck-fields.js';

/**
 * Where each field of an entry sits in a deck's rows. Decided once per deck
 * (header detection plus --map) and shipped to every worker with its task.
 */
export interface ColumnMapping {
  /** 0-based column indices per field; more than one for a joined --map such as NPA+NXX. */
  columns: Partial<Record<DeckField, number[]>>;
  /** How row errors name a field's column: its header text, or `column 3` without a header. */
  labels: Partial<Record<DeckField, string>>;
}

export function columnLabel(mapping: ColumnMapping, field: DeckField): string {
  return mapping.labels[field] ?? field;
}

/** `column 3` for the 0-based index 2: how a column without a header name is shown. */
export function numberedColumn(index: number): string {
  return `column ${index + 1}`;
}
