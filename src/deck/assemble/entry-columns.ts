import { allocateEntryTable, NO_TEXT, type EntryTable } from '../../model/entry-table.js';
import { formatIncrements } from '../../model/rate-entry.js';
import { Decimal } from '../../money/decimal.js';
import { releaseBuffers } from '../release-buffers.js';

type TypedColumn = 'destination' | 'rate' | 'connectionFee' | 'initialIncrement' | 'subsequentIncrement' | 'interRate' | 'intraRate' | 'indeterminateRate' | 'effectiveFrom' | 'effectiveTo';
const TYPED_COLUMNS: readonly TypedColumn[] = ['destination', 'rate', 'connectionFee', 'initialIncrement', 'subsequentIncrement', 'interRate', 'intraRate', 'indeterminateRate', 'effectiveFrom', 'effectiveTo'];

/**
 * A deck's EntryTable while it is assembled, with the row each entry came from. Sized
 * once from an estimate (growing copies every column), compacted in place when entries
 * are dropped, and handed out without a final copy unless much of it is unused.
 *
 * A deck without US rates (most decks) gets one NO_TEXT column for all three: a million
 * entries then hold 8 MB less. Columns of a finished table are read, never written
 * (changes make a new table), so sharing one is safe.
 */
export class EntryColumns {
  table: EntryTable;
  rows: Uint32Array;
  /** codeHash of each entry's code, for finding duplicates; not part of the result. */
  codeHashes: Uint32Array;

  constructor(
    capacity: number,
    private readonly withUsRates: boolean,
  ) {
    this.table = allocateEntryTable(Math.max(16, Math.ceil(capacity)), { sharedAbsentUsRates: !withUsRates });
    this.table.length = 0;
    this.rows = new Uint32Array(this.table.rate.length);
    this.codeHashes = new Uint32Array(this.table.rate.length);
  }

  /** Makes room for `count` more entries and counts them in; the caller fills them. */
  reserve(count: number): void {
    const needed = this.table.length + count;
    if (needed > this.rows.length) this.grow(Math.max(needed, Math.ceil(this.rows.length * 1.5)));
    this.table.length = needed;
  }

  /** Keeps the entries whose `keep` flag is set, in order. */
  keepOnly(keep: Uint8Array): void {
    const t = this.table;
    let kept = 0;
    for (let i = 0; i < t.length; i++) {
      if (!keep[i]) continue;
      if (kept !== i) {
        this.rows[kept] = this.rows[i]!;
        this.codeHashes[kept] = this.codeHashes[i]!;
        t.prefix[kept] = t.prefix[i]!;
        for (const column of TYPED_COLUMNS) t[column][kept] = t[column][i]!;
      }
      kept++;
    }
    t.length = kept;
  }

  /** What two entries say differently (rates compared as numbers), or null when nothing priced differs. */
  difference(a: number, b: number): [string, string] | null {
    const t = this.table;
    for (const column of ['rate', 'connectionFee', 'interRate', 'intraRate', 'indeterminateRate'] as const) {
      const first = t[column][a]!;
      const second = t[column][b]!;
      if (first === second) continue;
      const firstText = first === NO_TEXT ? null : t.texts[first]!;
      const secondText = second === NO_TEXT ? null : t.texts[second]!;
      if (firstText !== null && secondText !== null && new Decimal(firstText).eq(secondText)) continue;
      const name = column === 'rate' ? 'rate' : column === 'connectionFee' ? 'connection fee' : column.replace('Rate', ' rate');
      return [`${name} ${firstText ?? 'none'}`, `${name} ${secondText ?? 'none'}`];
    }
    if (t.initialIncrement[a] !== t.initialIncrement[b] || t.subsequentIncrement[a] !== t.subsequentIncrement[b]) {
      const increments = (i: number) => formatIncrements({ initial: t.initialIncrement[i]!, subsequent: t.subsequentIncrement[i]! });
      return [`increments ${increments(a)}`, `increments ${increments(b)}`];
    }
    if (t.effectiveTo[a] !== t.effectiveTo[b]) {
      const end = (i: number) => (t.effectiveTo[i] === Infinity ? 'no end date' : `end ${new Date(t.effectiveTo[i]!).toISOString()}`);
      return [end(a), end(b)];
    }
    return null;
  }

  /**
   * The finished table: columns are views of the used length when the estimate was close,
   * copies when more than a quarter is unused (then the copy frees more than it costs).
   */
  finish(): EntryTable {
    const t = this.table;
    const copy = t.length < this.rows.length * 0.75;
    // Keyed by the column, so that shared columns stay shared.
    const done = new Map<ArrayBufferView, ArrayBufferView>();
    const finished = { ...t };
    for (const column of TYPED_COLUMNS) {
      const source = t[column];
      if (!done.has(source)) done.set(source, copy ? source.slice(0, t.length) : source.subarray(0, t.length));
      (finished as Record<TypedColumn, unknown>)[column] = done.get(source);
    }
    const unused = [this.codeHashes.buffer as ArrayBuffer];
    if (copy) {
      unused.push(this.rows.buffer as ArrayBuffer, ...[...done.keys()].map((column) => column.buffer as ArrayBuffer));
      this.rows = this.rows.slice(0, t.length);
    }
    releaseBuffers(unused);
    this.codeHashes = new Uint32Array(0);
    t.prefix.length = t.length;
    return finished;
  }

  private grow(capacity: number): void {
    const bigger = allocateEntryTable(capacity, { sharedAbsentUsRates: !this.withUsRates });
    for (const column of TYPED_COLUMNS) (bigger[column] as { set(values: ArrayLike<number>): void }).set(this.table[column]);
    bigger.prefix = this.table.prefix;
    bigger.prefix.length = capacity;
    bigger.texts = this.table.texts;
    bigger.length = this.table.length;
    const rows = new Uint32Array(capacity);
    rows.set(this.rows);
    const codeHashes = new Uint32Array(capacity);
    codeHashes.set(this.codeHashes);
    this.table = bigger;
    this.rows = rows;
    this.codeHashes = codeHashes;
  }
}

