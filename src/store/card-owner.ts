import { RatedeckError } from '../errors.js';
import { getCarrier } from './carrier-store.js';
import { getCustomer } from './customer-store.js';
import type { Db } from './database.js';
import { cardIdFor, latestRevision, type CardOwnerKind, type RevisionInfo } from './rate-card-store.js';

/** Whose rate card: a carrier's buy card or a customer's sell card. */
export interface CardOwner {
  kind: CardOwnerKind;
  id: number;
  name: string;
}

/** A card and its latest revision. */
export interface CardRevision {
  cardId: number;
  revision: RevisionInfo;
}

/** The carrier or customer named `name` (ignoring case); NOT_FOUND when there is none. */
export function findCardOwner(db: Db, kind: CardOwnerKind, name: string): CardOwner {
  const owner = kind === 'carrier' ? getCarrier(db, name) : getCustomer(db, name);
  return { kind, id: owner.id, name: owner.name };
}

/** The latest revision of the owner's card, or null when it has no card or no revision yet. */
export function latestCardRevision(db: Db, owner: Pick<CardOwner, 'kind' | 'id'>): CardRevision | null {
  const cardId = cardIdFor(db, owner.kind, owner.id, false);
  if (cardId === null) return null;
  const revision = latestRevision(db, cardId);
  return revision ? { cardId, revision } : null;
}

/** The latest revision of the owner's card; NOT_FOUND, saying how to make one, when there is none. */
export function requireLatestRevision(db: Db, owner: CardOwner): CardRevision {
  const latest = latestCardRevision(db, owner);
  if (!latest) throw noCardError(owner);
  return latest;
}

/** Every customer's card (priced or not), in the order the cards were made. */
export function listCustomerCards(db: Db): { customerId: number; cardId: number }[] {
  return db.prepare("SELECT owner_id AS customerId, id AS cardId FROM rate_cards WHERE owner_kind = 'customer' ORDER BY id").all() as {
    customerId: number;
    cardId: number;
  }[];
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
