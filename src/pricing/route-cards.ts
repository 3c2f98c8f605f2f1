import { loadCardTrie, requireCardTrie } from '../cards/card-trie-loader.js';
import { findCardOwner } from '../store/card-owner.js';
import { listCarriers } from '../store/carrier-store.js';
import { getCustomer } from '../store/customer-store.js';
import type { Db } from '../store/database.js';
import type { RevisionInfo } from '../store/rate-card-store.js';
import type { RouteCarrier } from './lcr.js';
import type { RouteCustomer } from './lcr-request.js';
import { pricedDetailsOf } from './priced-revision.js';

/** Every carrier with its compiled card (null when it has none), in name order. */
export function loadRouteCarriers(db: Db): RouteCarrier[] {
  return listCarriers(db).map((carrier) => ({
    name: carrier.name,
    currency: carrier.currency,
    card: loadCardTrie(db, 'carrier', carrier.id)?.trie ?? null,
  }));
}

/** The customer's sell card and the exchange rates of the plan it was priced with; NOT_FOUND without a card. */
export function loadRouteCustomer(db: Db, name: string): RouteCustomer {
  const customer = getCustomer(db, name);
  const { trie, revision } = requireCardTrie(db, findCardOwner(db, 'customer', customer.name));
  return { name: customer.name, currency: customer.currency, card: trie, exchangeRates: pricedExchangeRates(revision) };
}

/** The exchange rates recorded with a priced revision ({} for any other). */
export function pricedExchangeRates(revision: RevisionInfo): Record<string, string> {
  const plan = pricedDetailsOf(revision)?.plan as { exchangeRates?: Record<string, string> } | undefined;
  return { ...(plan?.exchangeRates ?? {}) };
}
