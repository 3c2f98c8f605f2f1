import { EntryTableBuilder, NO_TEXT, type EntryTable } from '../../model/entry-table.js';
import { DECIMAL_COLUMNS, type TextColumn } from '../../model/entry-schema.js';
import { formatIncrements } from '../../model/rate-entry.js';
import { Decimal } from '../../money/decimal.js';
import { releaseBuffers } from '../release-buffers.js';

/**
 * A deck's EntryTable while it is assembled (an EntryTableBuilder), with the row each
 * entry came from. Sized once from an estimate (growing copies every column), compacted
 * in place when entries are dropped, and handed out without a final copy unless much of
 * it is unused.
 *
 * The optional texts the deck has no column for (most decks: the three US rates) share
 * one NO_TEXT column: a million entries then hold 8 MB less. Columns of a finished table
 * are read, never written (changes make a new table), so sharing one is safe.
 */
export class EntryColumns {
  private readonly builder: EntryTableBuilder;
  rows: Uint32Array;
  /** codeHash of each entry's code, for finding duplicates; not part of the result. */
  codeHashes: Uint32Array;

  constructor(capacity: number, absent: readonly TextColumn[]) {
    this.builder = new EntryTableBuilder(capacity, { sharedAbsent: absent });
    this.rows = new Uint32Array(this.builder.capacity);
    this.codeHashes = new Uint32Array(this.builder.capacity);
  }

  /** The table being assembled; its columns are replaced when they grow. */
  get table(): EntryTable {
    return this.builder.table;
  }

  /** Makes room for `count` more entries and counts them in; the caller fills them. */
  reserve(count: number): void {
    this.builder.reserve(count);
    const capacity = this.builder.capacity;
    if (capacity > this.rows.length) {
      const rows = new Uint32Array(capacity);
      rows.set(this.rows);
      const codeHashes = new Uint32Array(capacity);
      codeHashes.set(this.codeHashes);
      this.rows = rows;
      this.codeHashes = codeHashes;
    }
  }

  /** Keeps the entries whose `keep` flag is set, in order. */
  keepOnly(keep: Uint8Array): void {
    const length = this.builder.length;
    let kept = 0;
    for (let i = 0; i < length; i++) {
      if (!keep[i]) continue;
      if (kept !== i) {
        this.rows[kept] = this.rows[i]!;
        this.codeHashes[kept] = this.codeHashes[i]!;
      }
      kept++;
    }
    this.builder.keepOnly(keep);
  }

  /** What two entries say differently (rates compared as numbers), or null when nothing priced differs. */
  difference(a: number, b: number): [string, string] | null {
    const t = this.table;
    for (const column of DECIMAL_COLUMNS) {
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
   * The finished table (see EntryTableBuilder.build); a copy's left-behind buffers, and
   * the code hashes, are released at once.
   */
  finish(): EntryTable {
    const length = this.builder.length;
    const unused = [this.codeHashes.buffer as ArrayBuffer];
    const copied = length < this.builder.capacity * 0.75;
    const finished = this.builder.build((buffers) => unused.push(...buffers));
    if (copied) {
      unused.push(this.rows.buffer as ArrayBuffer);
      this.rows = this.rows.slice(0, length);
    }
    releaseBuffers(unused);
    this.codeHashes = new Uint32Array(0);
    return finished;
  }
}
