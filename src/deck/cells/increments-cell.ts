import type { Increments } from '../../model/rate-entry.js';
import type { CellValue } from './cell-value.js';

/** An increment longer than an hour is a typo, not a billing plan. */
export const MAX_INCREMENT_SECONDS = 3600;

export type IncrementsCell = { kind: 'increments'; increments: Increments } | { kind: 'absent' } | { kind: 'invalid'; reason: string };
export type SecondsCell = { kind: 'seconds'; seconds: number } | { kind: 'absent' } | { kind: 'invalid'; reason: string };

const ABSENT = { kind: 'absent' } as const;
const PAIR = /^(\d+)(?:\s*\/\s*(\d+))?$/;

/**
 * Billing increments from one cell: `30/6` bills the first 30 s then every started 6 s,
 * `60/60` per minute; a single number N means N/N (`1` is per-second billing).
 */
export function parseIncrementsCell(value: CellValue): IncrementsCell {
  if (value === null) return ABSENT;
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text === '') return ABSENT;
  const match = PAIR.exec(text);
  const initial = match ? Number(match[1]) : Number.NaN;
  const subsequent = match ? Number(match[2] ?? match[1]) : Number.NaN;
  if (!isIncrement(initial) || !isIncrement(subsequent)) {
    return { kind: 'invalid', reason: `"${text}" is not increments; expected first/next seconds such as 60/60 or 30/6, or one number N for N/N, each 1–${MAX_INCREMENT_SECONDS}` };
  }
  return { kind: 'increments', increments: { initial, subsequent } };
}

/** Seconds from one of two increment columns (first interval, sub interval). */
export function parseSecondsCell(value: CellValue): SecondsCell {
  if (value === null) return ABSENT;
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text === '') return ABSENT;
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!isIncrement(seconds)) return { kind: 'invalid', reason: `"${text}" is not an increment; expected whole seconds from 1 to ${MAX_INCREMENT_SECONDS}, such as 30 or 6` };
  return { kind: 'seconds', seconds };
}

function isIncrement(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_INCREMENT_SECONDS;
}
