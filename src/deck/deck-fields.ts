/** The parts of a rate entry a deck column can hold. */
export type DeckField =
  | 'prefix'
  | 'destination'
  | 'rate'
  | 'connectionFee'
  | 'increments'
  | 'initialIncrement'
  | 'subsequentIncrement'
  | 'effectiveFrom'
  | 'effectiveTo'
  | 'interRate'
  | 'intraRate'
  | 'indeterminateRate';

export const DECK_FIELDS: readonly DeckField[] = [
  'prefix',
  'destination',
  'rate',
  'connectionFee',
  'increments',
  'initialIncrement',
  'subsequentIncrement',
  'effectiveFrom',
  'effectiveTo',
  'interRate',
  'intraRate',
  'indeterminateRate',
];

/** A deck cannot be read without these. */
export const REQUIRED_FIELDS: readonly DeckField[] = ['prefix', 'rate'];

export function isDeckField(name: string): name is DeckField {
  return (DECK_FIELDS as readonly string[]).includes(name);
}

/**
 * Column names met in real decks, as written there. They are compared after
 * normaliseHeaderName, so `Price / min`, `price_per_minute` and `PRICE($)`
 * find their field whatever the case, spacing or punctuation.
 * Bare `intrastate` is deliberately absent: us-inter-intra-2025.csv has it
 * twice (intra and indeterminate) and must import without a --map for it.
 */
export const FIELD_ALIASES: Readonly<Record<DeckField, readonly string[]>> = {
  prefix: ['prefix', 'code', 'dial code', 'destination prefixes', 'complete code', 'npanxx'],
  rate: ['rate', 'price', 'cost', 'price per minute', 'price / min', 'per minute charge', 'rates (usd / min)'],
  destination: ['destination', 'destination name', 'name', 'description', 'country'],
  connectionFee: ['connection fee', 'connection charge', 'setup', 'setup fee'],
  increments: ['increment', 'increments', 'billing', 'pulse', 'charge period'],
  initialIncrement: ['first interval'],
  subsequentIncrement: ['sub interval'],
  effectiveFrom: ['effective', 'effective date', 'valid from', 'start date'],
  effectiveTo: ['end date'],
  interRate: ['inter rate', 'interstate rate', 'interstate'],
  intraRate: ['intra rate', 'intrastate rate'],
  indeterminateRate: ['ind rate', 'indeterminate rate', 'indeterminate'],
};

/** Case, spaces, underscores and punctuation removed: `Rates (USD / Min)` → `ratesusdmin`. */
export function normaliseHeaderName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

const FIELD_BY_ALIAS: ReadonlyMap<string, DeckField> = new Map(
  DECK_FIELDS.flatMap((field) => FIELD_ALIASES[field].map((alias) => [normaliseHeaderName(alias), field] as const)),
);

/** The field a header cell names through an alias, or null. */
export function fieldForHeader(name: string): DeckField | null {
  return FIELD_BY_ALIAS.get(normaliseHeaderName(name)) ?? null;
}
