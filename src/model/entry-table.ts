import type { RateEntry } from './rate-entry.js';
import { TextInterner } from './text-interner.js';

/** Marks an absent optional text (destination, inter/intra/indeterminate rate). */
export const NO_TEXT = -1;
const UNMAPPED = -2;

/**
 * A rate card's entries in columns, the compact form that moves between the
 * deck reader, the store, pricing and the trie builder. Destinations and
 * decimals are interned in `texts`; a column holds indices into it.
 * effectiveTo is +Infinity for an open-ended entry. A built table is read,
 * never written: columns that hold the same values may share one array
 * (a deck without US rates has one NO_TEXT column for all three), so a change
 * makes a new table (EntryTableBuilder).
 */
export interface EntryTable {
  length: number;
  texts: string[];
  prefix: string[];
  destination: Int32Array;
  rate: Int32Array;
  connectionFee: Int32Array;
  initialIncrement: Uint32Array;
  subsequentIncrement: Uint32Array;
  interRate: Int32Array;
  intraRate: Int32Array;
  indeterminateRate: Int32Array;
  effectiveFrom: Float64Array;
  effectiveTo: Float64Array;
}

export function entryAt(table: EntryTable, index: number): RateEntry {
  const text = (id: number): string | null => (id === NO_TEXT ? null : table.texts[id]!);
  const to = table.effectiveTo[index]!;
  return {
    prefix: table.prefix[index]!,
    destination: text(table.destination[index]!),
    rate: table.texts[table.rate[index]!]!,
    connectionFee: table.texts[table.connectionFee[index]!]!,
    increments: { initial: table.initialIncrement[index]!, subsequent: table.subsequentIncrement[index]! },
    interRate: text(table.interRate[index]!),
    intraRate: text(table.intraRate[index]!),
    indeterminateRate: text(table.indeterminateRate[index]!),
    effectiveFrom: table.effectiveFrom[index]!,
    effectiveTo: to === Infinity ? null : to,
  };
}

/** Appends entries one by one, interning texts; grows its columns as needed. */
export class EntryTableBuilder {
  private readonly interner: TextInterner;
  /** Per source text table: source text id -> our id (-2 = not yet interned). */
  private readonly remaps = new Map<string[], Int32Array>();
  private readonly table: EntryTable;

  constructor(capacity = 1024) {
    this.table = allocateEntryTable(Math.max(16, capacity));
    this.table.length = 0;
    this.interner = new TextInterner(this.table.texts);
  }

  get length(): number {
    return this.table.length;
  }

  intern(text: string): number {
    return this.interner.id(text);
  }

  internOptional(text: string | null): number {
    return text === null ? NO_TEXT : this.intern(text);
  }

  add(entry: RateEntry): void {
    const index = this.reserve();
    const t = this.table;
    t.prefix[index] = entry.prefix;
    t.destination[index] = this.internOptional(entry.destination);
    t.rate[index] = this.intern(entry.rate);
    t.connectionFee[index] = this.intern(entry.connectionFee);
    t.initialIncrement[index] = entry.increments.initial;
    t.subsequentIncrement[index] = entry.increments.subsequent;
    t.interRate[index] = this.internOptional(entry.interRate);
    t.intraRate[index] = this.internOptional(entry.intraRate);
    t.indeterminateRate[index] = this.internOptional(entry.indeterminateRate);
    t.effectiveFrom[index] = entry.effectiveFrom;
    t.effectiveTo[index] = entry.effectiveTo ?? Infinity;
  }

  /** Copies row `index` of another table, re-interning its texts. */
  addFrom(source: EntryTable, index: number, overrides: { effectiveTo?: number } = {}): void {
    const target = this.reserve();
    const t = this.table;
    let remap = this.remaps.get(source.texts);
    if (!remap || remap.length < source.texts.length) {
      const grown = new Int32Array(source.texts.length).fill(UNMAPPED);
      if (remap) grown.set(remap);
      remap = grown;
      this.remaps.set(source.texts, remap);
    }
    const ids = remap;
    const text = (id: number): number => {
      if (id === NO_TEXT) return NO_TEXT;
      let mapped = ids[id]!;
      if (mapped === UNMAPPED) mapped = ids[id] = this.intern(source.texts[id]!);
      return mapped;
    };
    t.prefix[target] = source.prefix[index]!;
    t.destination[target] = text(source.destination[index]!);
    t.rate[target] = text(source.rate[index]!);
    t.connectionFee[target] = text(source.connectionFee[index]!);
    t.initialIncrement[target] = source.initialIncrement[index]!;
    t.subsequentIncrement[target] = source.subsequentIncrement[index]!;
    t.interRate[target] = text(source.interRate[index]!);
    t.intraRate[target] = text(source.intraRate[index]!);
    t.indeterminateRate[target] = text(source.indeterminateRate[index]!);
    t.effectiveFrom[target] = source.effectiveFrom[index]!;
    t.effectiveTo[target] = overrides.effectiveTo ?? source.effectiveTo[index]!;
  }

  /** The finished table, its columns trimmed to length. */
  build(): EntryTable {
    const t = this.table;
    const n = t.length;
    return {
      length: n,
      texts: t.texts,
      prefix: t.prefix.slice(0, n),
      destination: t.destination.slice(0, n),
      rate: t.rate.slice(0, n),
      connectionFee: t.connectionFee.slice(0, n),
      initialIncrement: t.initialIncrement.slice(0, n),
      subsequentIncrement: t.subsequentIncrement.slice(0, n),
      interRate: t.interRate.slice(0, n),
      intraRate: t.intraRate.slice(0, n),
      indeterminateRate: t.indeterminateRate.slice(0, n),
      effectiveFrom: t.effectiveFrom.slice(0, n),
      effectiveTo: t.effectiveTo.slice(0, n),
    };
  }

  private reserve(): number {
    const t = this.table;
    if (t.length === t.rate.length) grow(t, t.rate.length * 2);
    return t.length++;
  }
}

export function emptyEntryTable(): EntryTable {
  return new EntryTableBuilder(16).build();
}

export function entryTableFrom(entries: Iterable<RateEntry>): EntryTable {
  const builder = new EntryTableBuilder();
  for (const entry of entries) builder.add(entry);
  return builder.build();
}

export function* entriesOf(table: EntryTable): Generator<RateEntry> {
  for (let i = 0; i < table.length; i++) yield entryAt(table, i);
}

/**
 * Columns for `capacity` entries. A table whose entries carry no US rates may
 * share one all-absent column for the three of them (`sharedAbsentUsRates`):
 * a built table is read-only, and a million entries save 8 MB.
 */
export function allocateEntryTable(capacity: number, options: { sharedAbsentUsRates?: boolean } = {}): EntryTable {
  const absent = options.sharedAbsentUsRates ? new Int32Array(capacity).fill(NO_TEXT) : null;
  return {
    length: capacity,
    texts: [],
    prefix: new Array<string>(capacity),
    destination: new Int32Array(capacity),
    rate: new Int32Array(capacity),
    connectionFee: new Int32Array(capacity),
    initialIncrement: new Uint32Array(capacity),
    subsequentIncrement: new Uint32Array(capacity),
    interRate: absent ?? new Int32Array(capacity),
    intraRate: absent ?? new Int32Array(capacity),
    indeterminateRate: absent ?? new Int32Array(capacity),
    effectiveFrom: new Float64Array(capacity),
    effectiveTo: new Float64Array(capacity),
  };
}

function grow(t: EntryTable, capacity: number): void {
  const bigger = allocateEntryTable(capacity);
  for (const key of TYPED_COLUMNS) (bigger[key] as { set(a: ArrayLike<number>): void }).set(t[key]);
  for (const key of TYPED_COLUMNS) (t as unknown as Record<string, unknown>)[key] = bigger[key];
  t.prefix.length = capacity;
}

const TYPED_COLUMNS = [
  'destination',
  'rate',
  'connectionFee',
  'initialIncrement',
  'subsequentIncrement',
  'interRate',
  'intraRate',
  'indeterminateRate',
  'effectiveFrom',
  'effectiveTo',
] as const;
