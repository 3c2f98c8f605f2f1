import {
  allocateColumn,
  COLUMN_NAMES,
  ENTRY_COLUMNS,
  type EntryColumnName,
  type EntryTableColumns,
  type TextColumn,
} from './entry-schema.js';
import type { RateEntry } from './rate-entry.js';
import { TextInterner } from './text-interner.js';

/** Marks an absent optional text (destination, inter/intra/indeterminate rate). */
export const NO_TEXT = -1;
/** addFrom()'s map of another table's text ids: a text not yet interned here. */
const NOT_YET_INTERNED = -2;

/**
 * A rate card's entries in columns, the compact form that moves between the
 * deck reader, the store, pricing and the trie builder: the prefixes, and one
 * typed column per entry column of entry-schema.ts. Destinations and
 * decimals are interned in `texts`; a text column holds indices into it.
 * effectiveTo is +Infinity for an open-ended entry. A built table is read,
 * never written: columns that hold the same values may share one array
 * (a deck without US rates has one NO_TEXT column for all three), so a change
 * makes a new table (EntryTableBuilder).
 */
export interface EntryTable extends EntryTableColumns {
  length: number;
  texts: string[];
  prefix: string[];
}

export function entryAt(table: EntryTable, index: number): RateEntry {
  // Built in declaration order, increments where the first of them is: the order JSON shows.
  const entry: Record<string, unknown> = { prefix: table.prefix[index]! };
  const increments: Record<string, number> = {};
  for (const name of COLUMN_NAMES) {
    const column = ENTRY_COLUMNS[name];
    const value = table[name][index]!;
    if (column.kind === 'text') entry[name] = value === NO_TEXT ? null : table.texts[value]!;
    else if (column.kind === 'time') entry[name] = column.optional && value === Infinity ? null : value;
    else {
      if (!('increments' in entry)) entry.increments = increments;
      increments[(column as { increment: string }).increment] = value;
    }
  }
  return entry as unknown as RateEntry;
}

export interface EntryTableOptions {
  /** Optional text columns every entry leaves absent: they share one all-NO_TEXT array (never write them). */
  sharedAbsent?: readonly TextColumn[];
}

/**
 * The one way to make an EntryTable. Appends entries (add, addFrom) or makes
 * room for entries the caller fills column by column (reserve, then write
 * `table`'s columns at the indices it returned); grows its columns as
 * needed, drops entries in place (keepOnly), and hands out the finished
 * table without a final copy unless much of it is unused (build).
 */
export class EntryTableBuilder {
  /** The table being built: its columns are replaced when they grow, so read them after reserve(). */
  readonly table: EntryTable;
  private readonly interner: TextInterner;
  /** Per source text table: source text id -> our id (NOT_YET_INTERNED until first use). */
  private readonly remaps = new Map<string[], Int32Array>();
  private readonly sharedAbsent: readonly TextColumn[];
  private capacityNow: number;
  /** addFrom()'s source table, its text map and columns, and this table's columns, as fixed arrays. */
  private source: EntryTable | null = null;
  private remap: Int32Array = new Int32Array(0);
  private sourceTexts: Int32Array[] = [];
  private sourceNumbers: (Uint32Array | Float64Array)[] = [];
  private targetTexts: Int32Array[];
  private targetNumbers: (Uint32Array | Float64Array)[];

  constructor(capacity = 1024, options: EntryTableOptions = {}) {
    this.sharedAbsent = options.sharedAbsent ?? [];
    this.capacityNow = Math.max(16, Math.ceil(capacity));
    this.table = { length: 0, texts: [], prefix: new Array<string>(this.capacityNow), ...allocateColumns(this.capacityNow, this.sharedAbsent) };
    this.interner = new TextInterner(this.table.texts);
    this.targetTexts = TEXT_NAMES.map((name) => this.table[name]);
    this.targetNumbers = NUMBER_NAMES.map((name) => this.table[name]);
  }

  get length(): number {
    return this.table.length;
  }

  /** Entries the columns hold before they next grow. */
  get capacity(): number {
    return this.capacityNow;
  }

  intern(text: string): number {
    return this.interner.id(text);
  }

  internOptional(text: string | null): number {
    return text === null ? NO_TEXT : this.intern(text);
  }

  /** Makes room for `count` more entries and counts them in; returns the first one's index (the caller fills them). */
  reserve(count = 1): number {
    const t = this.table;
    const start = t.length;
    const needed = start + count;
    if (needed > this.capacityNow) this.grow(Math.max(needed, Math.ceil(this.capacityNow * 1.5)));
    t.length = needed;
    return start;
  }

  add(entry: RateEntry): void {
    const index = this.reserve();
    const t = this.table;
    t.prefix[index] = entry.prefix;
    const fields = entry as unknown as Record<string, string | number | null>;
    for (const name of COLUMN_NAMES) {
      const column = ENTRY_COLUMNS[name];
      if (column.kind === 'text') t[name][index] = this.internOptional(fields[name] as string | null);
      else if (column.kind === 'time') t[name][index] = (fields[name] as number | null) ?? Infinity;
      else t[name][index] = entry.increments[(column as { increment: 'initial' | 'subsequent' }).increment];
    }
  }

  /** Copies row `index` of another table, re-interning its texts. */
  addFrom(source: EntryTable, index: number, overrides: { effectiveTo?: number } = {}): void {
    const target = this.reserve();
    if (source !== this.source) this.readFrom(source);
    const remap = this.remap;
    this.table.prefix[target] = source.prefix[index]!;
    // Over fixed arrays of columns, not by name: this runs per entry of a merge or a floor bench.
    const from = this.sourceTexts;
    const to = this.targetTexts;
    for (let k = 0; k < from.length; k++) {
      const id = from[k]![index]!;
      let mapped = NO_TEXT;
      if (id !== NO_TEXT) {
        mapped = remap[id]!;
        if (mapped === NOT_YET_INTERNED) mapped = remap[id] = this.intern(this.source!.texts[id]!);
      }
      to[k]![target] = mapped;
    }
    const fromNumbers = this.sourceNumbers;
    const toNumbers = this.targetNumbers;
    for (let k = 0; k < fromNumbers.length; k++) toNumbers[k]![target] = fromNumbers[k]![index]!;
    if (overrides.effectiveTo !== undefined) this.table.effectiveTo[target] = overrides.effectiveTo;
  }

  /** Keeps the entries whose `keep` flag is set, in order. */
  keepOnly(keep: Uint8Array): void {
    const t = this.table;
    const columns = COLUMN_NAMES.map((name) => t[name]);
    let kept = 0;
    for (let i = 0; i < t.length; i++) {
      if (!keep[i]) continue;
      if (kept !== i) {
        t.prefix[kept] = t.prefix[i]!;
        for (let k = 0; k < columns.length; k++) columns[k]![kept] = columns[k]![i]!;
      }
      kept++;
    }
    t.length = kept;
  }

  /**
   * The finished table: columns are views of the used length when the capacity was
   * close, copies when more than a quarter is unused (then the copy frees more than it
   * costs); `release` is given the buffers a copy leaves behind. Call it once.
   */
  build(release?: (buffers: ArrayBuffer[]) => void): EntryTable {
    const t = this.table;
    const n = t.length;
    const copy = n < this.capacityNow * 0.75;
    // Keyed by the column, so that shared columns stay shared.
    const done = new Map<ArrayBufferView, ArrayBufferView>();
    const finished = { ...t } as Record<string, unknown>;
    for (const name of COLUMN_NAMES) {
      const column = t[name];
      if (!done.has(column)) done.set(column, copy ? column.slice(0, n) : column.subarray(0, n));
      finished[name] = done.get(column);
    }
    t.prefix.length = n;
    if (copy && release) release([...done.keys()].map((column) => column.buffer as ArrayBuffer));
    return finished as unknown as EntryTable;
  }

  /** Makes `source` the table addFrom() reads, with its text map (kept per text table) and columns. */
  private readFrom(source: EntryTable): void {
    let remap = this.remaps.get(source.texts);
    if (!remap || remap.length < source.texts.length) {
      const grown = new Int32Array(source.texts.length).fill(NOT_YET_INTERNED);
      if (remap) grown.set(remap);
      remap = grown;
      this.remaps.set(source.texts, remap);
    }
    this.source = source;
    this.remap = remap;
    this.sourceTexts = TEXT_NAMES.map((name) => source[name]);
    this.sourceNumbers = NUMBER_NAMES.map((name) => source[name]);
  }

  private grow(capacity: number): void {
    const t = this.table;
    const bigger = allocateColumns(capacity, this.sharedAbsent);
    for (const name of COLUMN_NAMES) {
      (bigger[name] as { set(values: ArrayLike<number>): void }).set(t[name]);
      (t as unknown as Record<EntryColumnName, unknown>)[name] = bigger[name];
    }
    t.prefix.length = capacity;
    this.capacityNow = capacity;
    this.targetTexts = TEXT_NAMES.map((name) => t[name]);
    this.targetNumbers = NUMBER_NAMES.map((name) => t[name]);
  }
}

const TEXT_NAMES = COLUMN_NAMES.filter((name): name is TextColumn => ENTRY_COLUMNS[name].kind === 'text');
/** Seconds and times: copied as they are. */
const NUMBER_NAMES = COLUMN_NAMES.filter((name): name is Exclude<EntryColumnName, TextColumn> => ENTRY_COLUMNS[name].kind !== 'text');

function allocateColumns(capacity: number, sharedAbsent: readonly TextColumn[]): EntryTableColumns {
  const absent = sharedAbsent.length > 0 ? new Int32Array(capacity).fill(NO_TEXT) : null;
  const columns = {} as Record<EntryColumnName, unknown>;
  for (const name of COLUMN_NAMES) columns[name] = absent && (sharedAbsent as readonly string[]).includes(name) ? absent : allocateColumn(name, capacity);
  return columns as EntryTableColumns;
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
