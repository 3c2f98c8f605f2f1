import { RatedeckError } from '../errors.js';
import { getCarrier } from '../store/carrier-store.js';
import { getCustomer } from '../store/customer-store.js';
import type { Db } from '../store/database.js';
import type { CardOwnerKind } from '../store/rate-card-store.js';
import { loadCardTrie, type CardTrie } from './card-trie-loader.js';

/** Whose rate card: a carrier's buy card or a customer's sell card. */
export interface CardOwner {
  kind: CardOwnerKind;
  id: number;
  name: string;
}

/** The carrier or customer named `name` (ignoring case); NOT_FOUND when there is none. */
export function findCardOwner(db: Db, kind: CardOwnerKind, name: string): CardOwner {
  const owner = kind === 'carrier' ? getCarrier(db, name) : getCustomer(db, name);
  return { kind, id: owner.id, name: owner.name };
}

/** The owner's card compiled for lookups; NOT_FOUND, saying how to create one, when it has none. */
export function requireCardTrie(db: Db, owner: CardOwner): CardTrie {
  const card = loadCardTrie(db, owner.kind, owner.id);
  if (!card) throw noCardError(owner);
  return card;
}

/** The NOT_FOUND for an owner without a card (or without any revision of it). */
export function noCardError(owner: CardOwner): RatedeckError {
  if (owner.kind === 'customer') {
    return new RatedeckError('NOT_FOUND', `customer ${owner.name} has no sell rate card yet; build one with \`ratedeck price\`.`, {
      customer: owner.name,
    });
  }
  return new RatedeckError(
    'NOT_FOUND',
    `carrier ${owner.name} has no rate card yet; import a deck with \`ratedeck deck import <file> --carrier "${owner.name}"\`.`,
    { carrier: owner.name },
  );
}
