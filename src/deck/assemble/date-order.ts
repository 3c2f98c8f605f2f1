import { RatedeckError } from '../../errors.js';
import type { DateOrder } from '../cells/date-cell.js';
import type { DateTable } from '../slice-builder.js';

/** What a date column's numeric dates say about their order, with a few examples each. */
export interface DateOrderEvidence {
  /** Dates that read only day-first, such as 31/03/2025. */
  dayFirstOnly: string[];
  /** Dates that read only month-first, such as 3/31/25. */
  monthFirstOnly: string[];
  /** Dates that read both ways as different days, such as 03/04/2025. */
  eitherWay: string[];
}

const EXAMPLES = 3;

/** Gathers the evidence of one column over the date tables of every slice. */
export function dateOrderEvidence(tables: readonly DateTable[]): DateOrderEvidence {
  const evidence: DateOrderEvidence = { dayFirstOnly: [], monthFirstOnly: [], eitherWay: [] };
  const counts = { dayFirstOnly: 0, monthFirstOnly: 0, eitherWay: 0 };
  const note = (kind: keyof DateOrderEvidence, text: string) => {
    counts[kind]++;
    if (evidence[kind].length < EXAMPLES && !evidence[kind].includes(text)) evidence[kind].push(text);
  };
  for (const table of tables) {
    for (let i = 0; i < table.texts.length; i++) {
      const dayFirst = table.dayFirst[i]!;
      const monthFirst = table.monthFirst[i]!;
      if (dayFirst === monthFirst) continue;
      if (Number.isNaN(monthFirst)) note('dayFirstOnly', table.texts[i]!);
      else if (Number.isNaN(dayFirst)) note('monthFirstOnly', table.texts[i]!);
      else note('eitherWay', table.texts[i]!);
    }
  }
  return evidence;
}

/**
 * The order of numeric dates in a deck's date columns, decided from all their values:
 * one date that only reads day-first (31/03/2025) settles a column as D/M/Y, one that
 * only reads month-first (3/31/25) as M/D/Y. A column with only either-way dates takes
 * the order of the deck's other date column; if that cannot settle it either, or a column
 * holds both kinds, the user must say with --date-format. `given` (--date-format) wins.
 */
export function decideDateOrders(
  columns: readonly { label: string; evidence: DateOrderEvidence }[],
  given: DateOrder | undefined,
  source: string,
): DateOrder[] {
  if (given) return columns.map(() => given);
  const decided = columns.map(({ label, evidence }): DateOrder | null => {
    const dayFirst = evidence.dayFirstOnly.length > 0;
    const monthFirst = evidence.monthFirstOnly.length > 0;
    if (dayFirst && monthFirst) {
      throw new RatedeckError(
        'INVALID_DECK',
        `${source}: column ${label} mixes day-first dates (${evidence.dayFirstOnly.join(', ')}) with month-first ones (${evidence.monthFirstOnly.join(', ')}); give --date-format DMY or MDY and the others become row errors.`,
        { column: label, dayFirst: evidence.dayFirstOnly, monthFirst: evidence.monthFirstOnly },
      );
    }
    if (dayFirst) return 'DMY';
    if (monthFirst) return 'MDY';
    return evidence.eitherWay.length > 0 ? null : 'DMY';
  });
  const settled = new Set(decided.filter((order, index): order is DateOrder => order !== null && hasEvidence(columns[index]!.evidence)));
  return decided.map((order, index) => {
    if (order !== null) return order;
    if (settled.size === 1) return [...settled][0]!;
    const { label, evidence } = columns[index]!;
    throw new RatedeckError(
      'INVALID_DECK',
      `${source}: cannot tell whether the dates in column ${label} are day/month/year or month/day/year: every one reads both ways (${evidence.eitherWay.join(', ')}). Give --date-format DMY or --date-format MDY.`,
      { column: label, examples: evidence.eitherWay },
    );
  });
}

function hasEvidence(evidence: DateOrderEvidence): boolean {
  return evidence.dayFirstOnly.length > 0 || evidence.monthFirstOnly.length > 0;
}
