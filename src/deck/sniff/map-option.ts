import { RatedeckError } from '../../errors.js';
import { isDeckField, normaliseHeaderName, type DeckField } from '../deck-fields.js';

/** A header row's cells as text, trimmed. */
export type HeaderNames = readonly string[];

/** Fields whose --map may join several columns: NPA+NXX codes, Country+Description names. */
const JOINABLE: ReadonlySet<DeckField> = new Set(['prefix', 'destination']);

/** Rejects --map keys that are not fields before any file is opened. */
export function checkMapOption(map: Record<string, string | undefined>): void {
  for (const [field, value] of Object.entries(map)) {
    if (!isDeckField(field)) {
      throw new RatedeckError('BAD_OPTION', `--map ${field}=…: "${field}" is not a field; expected one of prefix, destination, rate, connectionFee, increments, initialIncrement, subsequentIncrement, effectiveFrom, effectiveTo, interRate, intraRate, indeterminateRate.`, { field });
    }
    if (typeof value !== 'string' || value.trim() === '') {
      throw new RatedeckError('BAD_OPTION', `--map ${field}= needs a header name, a 1-based column number or a join such as NPA+NXX; received nothing.`, { field });
    }
  }
}

/**
 * The 0-based columns a --map value names: a 1-based column number, a header name
 * (exact first, then ignoring case, spaces and punctuation), or `A+B` joining columns
 * in that order. null when a name is not among `names` (or there are no names yet).
 */
export function resolveMapValue(field: DeckField, value: string, names: HeaderNames | null, width: number): number[] | null {
  const whole = resolvePart(field, value.trim(), names, width);
  if (whole !== null || !value.includes('+')) return whole === null ? null : [whole];
  const parts = value.split('+').map((part) => part.trim());
  if (!JOINABLE.has(field)) {
    throw new RatedeckError('BAD_OPTION', `--map ${field}=${value}: only prefix and destination can join columns with "+", e.g. --map prefix=NPA+NXX.`, { field, value });
  }
  const columns: number[] = [];
  for (const part of parts) {
    const column = resolvePart(field, part, names, width);
    if (column === null) return null;
    columns.push(column);
  }
  return columns;
}

function resolvePart(field: DeckField, part: string, names: HeaderNames | null, width: number): number | null {
  if (/^\d+$/.test(part)) {
    const number = Number(part);
    if (number < 1) throw new RatedeckError('BAD_OPTION', `--map ${field}=${part}: column numbers start at 1.`, { field, value: part });
    if (width > 0 && number > width) {
      throw new RatedeckError('INVALID_DECK', `--map ${field}=${part} names column ${number}, but the rows read have at most ${width} columns.`, { field, value: part, width });
    }
    return number - 1;
  }
  if (names === null) {
    throw new RatedeckError('BAD_OPTION', `--map ${field}=${part}: a deck without a header row has no column names; give the column number, e.g. --map ${field}=2.`, { field, value: part });
  }
  let matches = indicesWhere(names, (name) => name === part);
  if (matches.length === 0) {
    const wanted = normaliseHeaderName(part);
    if (wanted !== '') matches = indicesWhere(names, (name) => normaliseHeaderName(name) === wanted);
  }
  if (matches.length > 1) {
    throw new RatedeckError(
      'INVALID_DECK',
      `--map ${field}=${part}: columns ${matches.map((index) => index + 1).join(' and ')} are both named "${names[matches[0]!]}"; give the column number instead, e.g. --map ${field}=${matches[0]! + 1}.`,
      { field, value: part, columns: matches.map((index) => index + 1) },
    );
  }
  return matches.length === 1 ? matches[0]! : null;
}

function indicesWhere(names: HeaderNames, test: (name: string) => boolean): number[] {
  const found: number[] = [];
  names.forEach((name, index) => {
    if (test(name)) found.push(index);
  });
  return found;
}
