import { Decimal, decimalText } from '../money/decimal.js';
import { formatIncrements, type RateEntry } from '../model/rate-entry.js';
import { exchangeFactor } from './exchange-factor.js';

/** What least-cost routing needs of a compiled card (a PrefixTrie has it). */
export interface CardLookup {
  /** The entry in force at `at` for the longest matching prefix of `digits`, or -1. */
  lookup(digits: string, at: number): number;
  entry(index: number, digits: string): RateEntry;
}

/** A carrier as routing sees it; `card` is null when it has no rate card yet. */
export interface RouteCarrier {
  name: string;
  currency: string;
  card: CardLookup | null;
}

export interface LcrOptions {
  at: number;
  /** The currency every cost is shown in. */
  currency: string;
  /** `currency` units per one unit of the keyed currency. */
  exchangeRates: Readonly<Record<string, string>>;
  /** Builds the error for a carrier whose currency has no rate (each caller names its own source). */
  missingRate: (carrier: RouteCarrier) => Error;
  /**
   * With a customer: its sell rate for the number (in `currency`), or null
   * when its card has none at `at`. Undefined: no customer, nothing judged.
   */
  sellRate?: string | null;
}

/** One carrier's route for a number; prefix, rate and increments are null when it has no match. */
export interface LcrRoute {
  carrier: string;
  prefix: string | null;
  rate: string | null;
  currency: string;
  increments: string | null;
  /**
   * Cost within the customer's sell rate; null when that cannot be judged:
   * no customer, no match, or no sell rate for the number at that time.
   */
  profitable: boolean | null;
  /** Only with a customer: its sell rate for the number, the same on every route, or null when it sells none. */
  sellRate?: string | null;
}

/**
 * Least-cost routing for one number (digits already normalised). Each
 * carrier's cost is its OWN longest-prefix entry, resolved before costs are
 * compared: sorting every carrier's entries by cost first and then matching
 * prefixes routes 4477 by another carrier's cheaper 44 (a bug that shipped).
 * Costs are converted exactly, listed cheapest first (ties in carrier order),
 * then the carriers with no match. With a sell rate, a carrier costing more
 * is unprofitable. When the customer has no sell rate for the number (its
 * card starts later, or the plan blocked the code), `profitable` is null:
 * no cost exceeds a rate that does not exist, and a "no" there would be read
 * as a loss. Each route then carries `sellRate: null` so the reader sees why.
 */
export function leastCostRoute(digits: string, carriers: RouteCarrier[], options: LcrOptions): LcrRoute[] {
  const sell = options.sellRate === undefined || options.sellRate === null ? null : new Decimal(options.sellRate);
  // The sell rate is shown beside each route only when a customer was asked about.
  const judged = options.sellRate === undefined ? {} : { sellRate: options.sellRate };
  const priced: { route: LcrRoute; cost: Decimal }[] = [];
  const unmatched: LcrRoute[] = [];
  for (const carrier of carriers) {
    const index = carrier.card ? carrier.card.lookup(digits, options.at) : -1;
    if (index === -1) {
      unmatched.push({ carrier: carrier.name, prefix: null, rate: null, currency: options.currency, increments: null, profitable: null, ...judged });
      continue;
    }
    const entry = carrier.card!.entry(index, digits);
    const factor = exchangeFactor(options.exchangeRates, carrier.currency, options.currency, () => options.missingRate(carrier));
    const cost = factor === null ? new Decimal(entry.rate) : new Decimal(entry.rate).times(factor);
    const profitable = sell === null ? null : cost.lte(sell);
    priced.push({
      route: {
        carrier: carrier.name,
        prefix: entry.prefix,
        rate: factor === null ? entry.rate : decimalText(cost),
        currency: options.currency,
        increments: formatIncrements(entry.increments),
        profitable,
        ...judged,
      },
      cost,
    });
  }
  // Array.prototype.sort is stable: equal costs keep the carriers' order.
  priced.sort((a, b) => a.cost.cmp(b.cost));
  return [...priced.map((item) => item.route), ...unmatched];
}

/** The one currency all carriers with a card share, or null when they differ (or none has a card). */
export function sharedCurrency(carriers: RouteCarrier[]): string | null {
  const currencies = new Set(carriers.filter((carrier) => carrier.card !== null).map((carrier) => carrier.currency));
  return currencies.size === 1 ? [...currencies][0]! : null;
}
