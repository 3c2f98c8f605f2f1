import type { CardView } from '../store/card-view.js';
import { plural } from '../text/plural.js';

/** One line about a rate card: `revision 3, 38 entries in force now (152 in its history), imported … from deck.csv`. */
export function cardText(card: CardView | null, none: string): string {
  if (card === null) return none;
  const made = card.mode === 'priced' ? 'priced' : 'imported';
  const from = card.source === null ? '' : ` from ${card.source}${card.sheet ? ` [${card.sheet}]` : ''}`;
  return `revision ${card.revision}, ${plural(card.entriesInForce, 'entry', 'entries')} in force now (${card.historyEntries} in its history), ${made} ${card.createdAt}${from}`;
}
