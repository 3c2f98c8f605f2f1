import { RatedeckError } from '../errors.js';
import type { Decimal } from '../money/decimal.js';
import { exchangeFactor } from '../pricing/exchange-factor.js';
import { pricedDetailsOf, storedPlanOf } from '../pricing/priced-revision.js';
import { pricedExchangeRates } from '../pricing/route-cards.js';
import type { RatingCard, RatingLookup } from '../rating/card-rater.js';
import { CARRIER_RATING_POLICY, ratingPolicy, type RatingPolicy } from '../rating/rating-policy.js';
import { findCardOwner } from '../store/card-owner.js';
import { getCarrier } from '../store/carrier-store.js';
import { getCustomer } from '../store/customer-store.js';
import type { Db } from '../store/database.js';
import type { CardOwnerKind, RevisionInfo } from '../store/rate-card-store.js';
import { requireCardTrie } from '../cards/card-trie-loader.js';

/** A card ready for rating, with the exchange rates its revision was priced with ({} for a carrier's or an imported card). */
export interface OpenedRatingCard extends RatingCard {
  revision: RevisionInfo;
  exchangeRates: Readonly<Record<string, string>>;
}

/**
 * The base policy of a card: a customer card priced by `ratedeck price` uses
 * its plan's precision and rounding; any other card CARRIER_RATING_POLICY
 * (4 places, half-up). `overrides` are --precision, --rounding,
 * --duration-rounding, --grace.
 */
function cardRatingPolicy(kind: CardOwnerKind, revision: RevisionInfo, overrides: Partial<RatingPolicy> = {}): RatingPolicy {
  const details = kind === 'customer' ? pricedDetailsOf(revision) : null;
  if (details === null) return ratingPolicy(CARRIER_RATING_POLICY, overrides);
  const plan = storedPlanOf(revision, details);
  return ratingPolicy({ precision: plan.precision, rounding: plan.rounding }, overrides);
}

/** A rating card from a compiled card (the CLI's, or one the server holds). */
export function ratingCardOf(kind: CardOwnerKind, name: string, currency: string, card: RatingLookup, revision: RevisionInfo, overrides: Partial<RatingPolicy> = {}): OpenedRatingCard {
  return {
    kind,
    name,
    currency,
    card,
    revision,
    policy: cardRatingPolicy(kind, revision, overrides),
    exchangeRates: kind === 'customer' ? pricedExchangeRates(revision) : {},
  };
}

/** The latest card of the carrier or customer named `name`; NOT_FOUND when it or its card does not exist. */
export function openRatingCard(db: Db, kind: CardOwnerKind, name: string, overrides: Partial<RatingPolicy> = {}): OpenedRatingCard {
  const owner = findCardOwner(db, kind, name);
  const currency = kind === 'customer' ? getCustomer(db, name).currency : getCarrier(db, name).currency;
  const { trie, revision } = requireCardTrie(db, owner);
  return ratingCardOf(kind, owner.name, currency, trie, revision, overrides);
}

/** The factor that turns the carrier's costs into the customer's currency, with the rates the customer card was priced with. */
export function carrierToCustomerFactor(customer: OpenedRatingCard, carrier: RatingCard): Decimal | null {
  return exchangeFactor(customer.exchangeRates, carrier.currency, customer.currency, () =>
    new RatedeckError(
      'BAD_PLAN',
      `Carrier "${carrier.name}" prices in ${carrier.currency}, but the plan customer "${customer.name}" was priced with has no exchangeRates.${carrier.currency}; add it (the ${customer.currency} value of one ${carrier.currency}, such as "1.0850") and run \`ratedeck price\` again.`,
      { carrier: carrier.name, currency: carrier.currency },
    ),
  );
}
