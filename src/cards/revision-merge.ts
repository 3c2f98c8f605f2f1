import { EntryTableBuilder, type EntryTable } from '../model/entry-table.js';
import { PrefixIndex } from '../model/prefix-index.js';

export type ImportMode = 'full' | 'partial';

/**
 * The card's next state: the previous revision's entries with a deck laid
 * over them. Both tables are whole effective-dated histories.
 *
 * - A code the deck lists takes the deck's entries from the deck's earliest
 *   date for that code on: older entries of that code end there, and entries
 *   that would have started later are superseded (the newer deck wins).
 * - Several deck rows for one code at different dates chain: each ends where
 *   the next begins, unless the row gave its own end.
 * - A full deck also ends, at the deck's earliest effective date, every code
 *   it no longer lists; a partial deck leaves those codes alone.
 * Entries that end up with no time in force are dropped.
 */
export function mergeRevision(previous: EntryTable, deck: EntryTable, mode: ImportMode, hints: { deckCodesUnique?: boolean } = {}): EntryTable {
  // A card's first deck that lists each code once is already the card (the
  // reader knows whether codes repeat; it hashed them to find duplicates).
  if (previous.length === 0 && hints.deckCodesUnique && everyEntryHasTime(deck)) return deck;
  const deckCodes = new PrefixIndex(deck.prefix, deck.length);
  if (previous.length === 0 && deckCodes.size === deck.length && everyEntryHasTime(deck)) return deck;

  // Each listed code's earliest deck date; codes listed more than once (rate
  // changes at later dates) are the only ones that need ordering.
  const deckStart = new Float64Array(deckCodes.size).fill(Infinity);
  let deckEarliest = Infinity;
  for (let i = 0; i < deck.length; i++) {
    const from = deck.effectiveFrom[i]!;
    const id = deckCodes.ids[i]!;
    if (from < deckStart[id]!) deckStart[id] = from;
    if (from < deckEarliest) deckEarliest = from;
  }

  const builder = new EntryTableBuilder(previous.length + deck.length);
  for (let i = 0; i < previous.length; i++) {
    const id = deckCodes.idOf(previous.prefix[i]!);
    const cut = id !== -1 ? deckStart[id]! : mode === 'full' ? deckEarliest : Infinity;
    const from = previous.effectiveFrom[i]!;
    if (from >= cut) continue;
    const to = Math.min(previous.effectiveTo[i]!, cut);
    if (to > from) builder.addFrom(previous, i, { effectiveTo: to });
  }
  const deckOrder = deckCodes.size < deck.length ? byPrefixThenFrom(deck) : null;
  for (let k = 0; k < deck.length; k++) {
    const i = deckOrder ? deckOrder[k]! : k;
    const next = deckOrder?.[k + 1];
    const chainedEnd = next !== undefined && deck.prefix[next] === deck.prefix[i] ? deck.effectiveFrom[next]! : Infinity;
    const to = Math.min(deck.effectiveTo[i]!, chainedEnd);
    if (to > deck.effectiveFrom[i]!) builder.addFrom(deck, i, { effectiveTo: to });
  }
  return builder.build();
}

function everyEntryHasTime(table: EntryTable): boolean {
  for (let i = 0; i < table.length; i++) if (!(table.effectiveTo[i]! > table.effectiveFrom[i]!)) return false;
  return true;
}

/** Entry indices ordered by prefix, then effective date, then file order. */
function byPrefixThenFrom(table: EntryTable): Uint32Array {
  const order = new Uint32Array(table.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const prefixes = table.prefix;
  const from = table.effectiveFrom;
  return order.sort((a, b) => {
    const pa = prefixes[a]!;
    const pb = prefixes[b]!;
    if (pa !== pb) return pa < pb ? -1 : 1;
    return from[a]! - from[b]! || a - b;
  });
}
