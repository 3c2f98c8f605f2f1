import { entryAt, type EntryTable } from '../../src/model/entry-table.js';
import { isInForce, type RateEntry } from '../../src/model/rate-entry.js';

/**
 * The usual answer (CGRateS' SplitPrefix): a Map from prefix to its entries,
 * probed with the number's longest prefix first. It is the benchmark's
 * baseline and the tests' oracle. Among a prefix's entries in force, the one
 * that started last wins (later rows on ties), as in PrefixTrie.
 */
export class NaivePrefixMap {
  private readonly byPrefix = new Map<string, RateEntry[]>();
  private readonly maxLength: number;

  constructor(table: EntryTable) {
    let maxLength = 0;
    for (let i = 0; i < table.length; i++) {
      const entry = entryAt(table, i);
      const list = this.byPrefix.get(entry.prefix);
      if (list) list.push(entry);
      else this.byPrefix.set(entry.prefix, [entry]);
      maxLength = Math.max(maxLength, entry.prefix.length);
    }
    this.maxLength = maxLength;
  }

  lookup(digits: string, at: number): RateEntry | null {
    for (let length = Math.min(digits.length, this.maxLength); length > 0; length--) {
      const entries = this.byPrefix.get(digits.slice(0, length));
      if (entries === undefined) continue;
      let best: RateEntry | null = null;
      for (const entry of entries) {
        if (isInForce(entry, at) && (best === null || entry.effectiveFrom >= best.effectiveFrom)) best = entry;
      }
      if (best) return best;
    }
    return null;
  }
}
