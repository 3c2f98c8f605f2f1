import { findCardOwner, noCardError, type CardOwner } from '../store/card-owner.js';
import type { Db } from '../store/database.js';
import { loadCardTrie, type CardTrie } from './card-trie-loader.js';

/** The owner's card compiled for lookups; NOT_FOUND, saying how to create one, when it has none. */
export function requireCardTrie(db: Db, owner: CardOwner): CardTrie {
  const card = loadCardTrie(db, owner.kind, owner.id);
  if (!card) throw noCardError(owner);
  return card;
}


export { findCardOwner, noCardError, type CardOwner };
