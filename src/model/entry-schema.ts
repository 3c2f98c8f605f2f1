/**
 * The one declaration of a rate entry's columns. Everything that holds or
 * moves entries derives from it: the EntryTable's typed columns and their
 * allocation (entry-table.ts), the worker's slice columns (slice-builder.ts),
 * the tariff tuple (tariff-interner.ts, the trie's tariff words), the store's
 * SQL columns (rate-card-store.ts) and the export columns (export-deck.ts).
 * A new field is one line here; the compiler then points at the few places
 * that must say what it means (the deck field and its aliases, the row
 * normaliser, PrefixTrie.entry, entries written out in tests). Two more steps
 * a test asks for: a migration adding its SQL column (rate-card-store.test),
 * and, for a tariff column, a TRIE_SNAPSHOT_FORMAT bump (trie-snapshot.test).
 *
 * The prefix is not a column here: it is the key, kept as a string array.
 *
 * Kinds:
 * - text: a decimal or a name, interned; the table holds text ids (Int32,
 *   NO_TEXT when absent).
 * - seconds: whole seconds (Uint32 in a table, Uint16 in a worker's slice).
 * - time: epoch milliseconds (Float64); an absent optional time is +Infinity
 *   (open-ended). In a worker's slice it is an id into a date table.
 *
 * Stored in:
 * - tariff: the interned tuple of everything an entry charges (table tariffs);
 * - destination: the destinations table, by id (entries.destination_id);
 * - entry: a column of the entries table itself.
 */
export const ENTRY_COLUMNS = {
  destination: { kind: 'text', optional: true, stored: 'destination', sql: 'destination_id', exported: 'destination' },
  rate: { kind: 'text', optional: false, stored: 'tariff', sql: 'rate', exported: 'rate' },
  connectionFee: { kind: 'text', optional: false, stored: 'tariff', sql: 'connection_fee', exported: 'connection_fee' },
  initialIncrement: { kind: 'seconds', optional: false, stored: 'tariff', sql: 'initial_increment', exported: 'increments', increment: 'initial' },
  subsequentIncrement: { kind: 'seconds', optional: false, stored: 'tariff', sql: 'subsequent_increment', exported: 'increments', increment: 'subsequent' },
  interRate: { kind: 'text', optional: true, stored: 'tariff', sql: 'inter_rate', exported: 'inter_rate', exportedWhenUsed: true },
  intraRate: { kind: 'text', optional: true, stored: 'tariff', sql: 'intra_rate', exported: 'intra_rate', exportedWhenUsed: true },
  indeterminateRate: { kind: 'text', optional: true, stored: 'tariff', sql: 'indeterminate_rate', exported: 'indeterminate_rate', exportedWhenUsed: true },
  effectiveFrom: { kind: 'time', optional: false, stored: 'entry', sql: 'effective_from', exported: 'effective_from' },
  effectiveTo: { kind: 'time', optional: true, stored: 'entry', sql: 'effective_to', exported: 'effective_to' },
} as const satisfies Readonly<Record<string, ColumnDeclaration>>;

export type ColumnKind = 'text' | 'seconds' | 'time';

export interface ColumnDeclaration {
  kind: ColumnKind;
  /** Whether an entry may lack it (a text then holds NO_TEXT, a time +Infinity). */
  optional: boolean;
  stored: 'tariff' | 'destination' | 'entry';
  /** The column's name in the store. */
  sql: string;
  /** The export column it appears in (increments share one), or null when exports leave it out. */
  exported: string | null;
  /** Exported only when some entry exported has it: a card without US jurisdiction rates keeps the plain columns. */
  exportedWhenUsed?: boolean;
  /** A seconds column is one of RateEntry's increments: which one. */
  increment?: 'initial' | 'subsequent';
}

type Declared = typeof ENTRY_COLUMNS;
export type EntryColumnName = keyof Declared;
/** The columns of one kind, or stored in one place. */
export type ColumnsOfKind<K extends ColumnKind> = { [C in EntryColumnName]: Declared[C]['kind'] extends K ? C : never }[EntryColumnName];
export type TextColumn = ColumnsOfKind<'text'>;
export type SecondsColumn = ColumnsOfKind<'seconds'>;
export type TimeColumn = ColumnsOfKind<'time'>;
export type TariffColumn = { [C in EntryColumnName]: Declared[C]['stored'] extends 'tariff' ? C : never }[EntryColumnName];
export type OptionalColumn = { [C in EntryColumnName]: Declared[C]['optional'] extends true ? C : never }[EntryColumnName];

/** The typed array of each kind in an EntryTable. */
export interface TableArrays {
  text: Int32Array;
  seconds: Uint32Array;
  time: Float64Array;
}
export type TableColumn<C extends EntryColumnName> = TableArrays[Declared[C]['kind']];
export type EntryTableColumns = { [C in EntryColumnName]: TableColumn<C> };

/** A column's value as RateEntry gives it: text a string, seconds and times numbers; null when optional and absent. */
type Value<K extends ColumnKind> = K extends 'text' ? string : number;
export type EntryValue<C extends EntryColumnName> = Value<Declared[C]['kind']> | (Declared[C]['optional'] extends true ? null : never);

/** RateEntry's fields besides prefix and increments: a column's value, in declaration order (see rate-entry.ts). */
export type EntryFields = { [C in Exclude<EntryColumnName, SecondsColumn>]: EntryValue<C> };

/** Every column, in declaration order. */
export const COLUMN_NAMES = Object.keys(ENTRY_COLUMNS) as EntryColumnName[];

function namesWhere<C extends EntryColumnName>(test: (column: ColumnDeclaration) => boolean): readonly C[] {
  return COLUMN_NAMES.filter((name) => test(ENTRY_COLUMNS[name])) as C[];
}

export const TEXT_COLUMNS = namesWhere<TextColumn>((column) => column.kind === 'text');
export const SECONDS_COLUMNS = namesWhere<SecondsColumn>((column) => column.kind === 'seconds');
/** The tariff tuple, in declaration order: what the tariff interner compares, the store's tariffs row, the trie's tariff words. */
export const TARIFF_COLUMNS = namesWhere<TariffColumn>((column) => column.stored === 'tariff');
/** The texts that are priced (decimals): the tariff's text columns. */
export const DECIMAL_COLUMNS = namesWhere<TariffColumn & TextColumn>((column) => column.stored === 'tariff' && column.kind === 'text');
/** The optional decimals (the US rates): a deck may lack each. */
export const OPTIONAL_DECIMAL_COLUMNS = namesWhere<TariffColumn & TextColumn & OptionalColumn>(
  (column) => column.stored === 'tariff' && column.kind === 'text' && column.optional,
);
/** Optional texts: a deck without such a column may share one all-NO_TEXT array for them (see EntryTableBuilder). */
export const OPTIONAL_TEXT_COLUMNS = namesWhere<TextColumn & OptionalColumn>((column) => column.kind === 'text' && column.optional);
/** Columns of the entries table besides prefix, destination and tariff (the times). */
export const ENTRY_STORED_COLUMNS = namesWhere<TimeColumn>((column) => column.stored === 'entry');

/** Each column's position in COLUMN_NAMES: the index of its part in a worker's per-entry parts (see SliceBuilder). */
export const COLUMN_INDEX = Object.fromEntries(COLUMN_NAMES.map((name, index) => [name, index])) as Readonly<Record<EntryColumnName, number>>;

/** The word each tariff column takes in a packed tariff (see PrefixTrie), by name. */
export const TARIFF_WORD = Object.fromEntries(TARIFF_COLUMNS.map((name, index) => [name, index])) as Readonly<Record<TariffColumn, number>>;

/** A typed array of the kind `name` holds in an EntryTable. */
export function allocateColumn<C extends EntryColumnName>(name: C, capacity: number): TableColumn<C> {
  const kind = ENTRY_COLUMNS[name].kind;
  return (kind === 'text' ? new Int32Array(capacity) : kind === 'seconds' ? new Uint32Array(capacity) : new Float64Array(capacity)) as TableColumn<C>;
}
