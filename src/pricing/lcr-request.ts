import { RatedeckError } from '../errors.js';
import { canonicalDecimal } from '../money/decimal.js';
import { parseCurrency } from '../money/currency.js';
import { normalizeNumber } from '../trie/normalize-number.js';
import { leastCostRoute, sharedCurrency, type CardLookup, type LcrRoute, type RouteCarrier } from './lcr.js';

/** A customer for loss protection: its sell card, currency, and the exchange rates it was priced with. */
export interface RouteCustomer {
  name: string;
  currency: string;
  card: CardLookup;
  exchangeRates: Readonly<Record<string, string>>;
}

/** How `lcr` was asked: a number, and either a customer or a currency with rates. */
export interface LcrRequest {
  number: string;
  at: number;
  /** With --customer: costs in its currency, converted with its plan's rates. */
  customer?: RouteCustomer;
  /** Without: costs in this currency (default: the one all carriers share). */
  currency?: string;
  /** `--rate EUR=1.0850`: `currency` units per one EUR. */
  rates?: Readonly<Record<string, string>>;
  /** How the options are spelt where the request came from (CLI flags or query parameters). */
  names?: { currency: string; rate: string };
}

const CLI_NAMES = { currency: '--currency', rate: '--rate' };

/**
 * Answers one least-cost routing request over every carrier: normalises the
 * number, decides the currency, and, with a customer, looks up its sell rate
 * for the number to judge each route.
 */
export function answerLcr(request: LcrRequest, carriers: RouteCarrier[]): LcrRoute[] {
  const names = request.names ?? CLI_NAMES;
  const normalized = normalizeNumber(request.number);
  if ('error' in normalized) throw new RatedeckError('INVALID_VALUE', normalized.error, { number: request.number });
  const digits = normalized.digits;
  const customer = request.customer;
  if (customer) {
    if (request.currency !== undefined || (request.rates && Object.keys(request.rates).length > 0)) {
      throw new RatedeckError('BAD_OPTION', `${names.currency} and ${names.rate} do not go with a customer: its costs are converted with the exchange rates of the plan it was priced with.`, {
        option: names.currency,
      });
    }
    const index = customer.card.lookup(digits, request.at);
    return leastCostRoute(digits, carriers, {
      at: request.at,
      currency: customer.currency,
      exchangeRates: customer.exchangeRates,
      sellRate: index === -1 ? null : customer.card.entry(index, digits).rate,
      missingRate: (carrier) =>
        new RatedeckError(
          'BAD_PLAN',
          `Carrier "${carrier.name}" prices in ${carrier.currency}, but the plan customer "${customer.name}" was priced with has no exchangeRates.${carrier.currency}; add it (the ${customer.currency} value of one ${carrier.currency}, such as "1.0850") and run \`ratedeck price\` again.`,
          { carrier: carrier.name, currency: carrier.currency },
        ),
    });
  }
  const rates = request.rates ?? {};
  const currency = request.currency ?? sharedCurrency(carriers);
  if (currency === null) {
    const currencies = [...new Set(carriers.filter((carrier) => carrier.card).map((carrier) => carrier.currency))].sort();
    throw new RatedeckError(
      'BAD_OPTION',
      currencies.length === 0
        ? 'No carrier has a rate card yet; import one with `ratedeck deck import <file> --carrier <name>`.'
        : `The carriers price in ${currencies.join(', ')}: give ${names.currency} <ISO> and a ${names.rate} for the others, e.g. ${names.currency} ${currencies[0]} ${names.rate} ${currencies[1]}=1.0850.`,
      { option: names.currency },
    );
  }
  return leastCostRoute(digits, carriers, {
    at: request.at,
    currency,
    exchangeRates: rates,
    missingRate: (carrier) =>
      new RatedeckError(
        'BAD_OPTION',
        `Carrier "${carrier.name}" prices in ${carrier.currency}: give ${names.rate} ${carrier.currency}=<${currency} per ${carrier.currency}>, e.g. ${names.rate} ${carrier.currency}=1.0850.`,
        { option: names.rate, currency: carrier.currency },
      ),
  });
}

/** Parses `--rate EUR=1.0850` values into exchange rates; `option` names the flag in messages. */
export function parseRateOptions(values: readonly string[], option = '--rate'): Record<string, string> {
  const rates: Record<string, string> = {};
  for (const value of values) {
    const match = /^\s*([A-Za-z]{3})\s*=\s*(\S+)\s*$/.exec(value);
    const rate = match ? canonicalDecimal(match[2]!) : null;
    if (!match || rate === null || rate.startsWith('-') || /^[0.]+$/.test(rate)) {
      throw new RatedeckError('BAD_OPTION', `${option} "${value}": expected <currency>=<positive decimal>, e.g. ${option} EUR=1.0850.`, { option, value });
    }
    rates[parseCurrency(match[1]!, option)] = rate;
  }
  return rates;
}

export function parseCurrencyOption(value: string | undefined, option = '--currency'): string | undefined {
  return value === undefined ? undefined : parseCurrency(value, option);
}
