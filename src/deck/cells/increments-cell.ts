import { isIncrementSeconds, MAX_INCREMENT_SECONDS, parseIncrements } from '../../model/increments.js';
import type { Increments } from '../../model/rate-entry.js';
import type { CellValue } from './cell-value.js';

export type IncrementsCell = { kind: 'increments'; increments: Increments } | { kind: 'absent' } | { kind: 'invalid'; reason: string };
export type SecondsCell = { kind: 'seconds'; seconds: number } | { kind: 'absent' } | { kind: 'invalid'; reason: string };

const ABSENT = { kind: 'absent' } as const;

/**
 * Billing increments from one cell: `30/6` bills the first 30 s then every started 6 s,
 * `60/60` per minute; a single number N means N/N (`1` is per-second billing); see
 * parseIncrements.
 */
export function parseIncrementsCell(value: CellValue): IncrementsCell {
  if (value === null) return ABSENT;
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text === '') return ABSENT;
  const increments = parseIncrements(text);
  if (increments === null) {
    return { kind: 'invalid', reason: `"${text}" is not increments; expected first/next seconds such as 60/60 or 30/6, or one number N for N/N, each 1–${MAX_INCREMENT_SECONDS}` };
  }
  return { kind: 'increments', increments };
}

/** Seconds from one of two increment columns (first interval, sub interval). */
export function parseSecondsCell(value: CellValue): SecondsCell {
  if (value === null) return ABSENT;
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text === '') return ABSENT;
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!isIncrementSeconds(seconds)) return { kind: 'invalid', reason: `"${text}" is not an increment; expected whole seconds from 1 to ${MAX_INCREMENT_SECONDS}, such as 30 or 6` };
  return { kind: 'seconds', seconds };
}
