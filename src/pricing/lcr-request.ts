import { RatedeckError } from '../errors.js';
import { normalizeNumber } from '../model/normalize-number.js';
import { canonicalDecimal } from '../money/decimal.js';
import { quotedValue } from '../text/quoted-value.js';
import { parseCurrency } from '../money/currency.js';
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
  /** How the options are written where the request came from (default: CLI flags). */
  syntax?: RequestSyntax;
}

/**
 * How a request's options are written where it came from, so a message
 * shows what the user would actually type: `--currency EUR --rate
 * USD=1.0850` on the command line, `currency=EUR&rate=USD=1.0850` in a URL.
 */
export interface RequestSyntax {
  /** The option or parameter as a message starts with it: `--rate`, `Parameter rate`. */
  label(name: 'currency' | 'rate'): string;
  /** Options with their values, written out as one example. */
  example(options: [name: 'currency' | 'rate', value: string][]): string;
}

const CLI_SYNTAX: RequestSyntax = {
  label: (name) => `--${name}`,
  example: (options) => options.map(([name, value]) => `--${name} ${value}`).join(' '),
};

export const QUERY_SYNTAX: RequestSyntax = {
  label: (name) => `Parameter ${name}`,
  example: (options) => options.map(([name, value]) => `${name}=${value}`).join('&'),
};

/**
 * Answers one least-cost routing request over every carrier: normalises the
 * number, decides the currency, and, with a customer, looks up its sell rate
 * for the number to judge each route.
 */
export function answerLcr(request: LcrRequest, carriers: RouteCarrier[]): LcrRoute[] {
  const syntax = request.syntax ?? CLI_SYNTAX;
  const normalized = normalizeNumber(request.number);
  if ('error' in normalized) throw new RatedeckError('INVALID_VALUE', normalized.error, { number: request.number });
  const digits = normalized.digits;
  const customer = request.customer;
  if (customer) {
    if (request.currency !== undefined || (request.rates && Object.keys(request.rates).length > 0)) {
      const given = Object.entries(request.rates ?? {}).map<[name: 'currency' | 'rate', value: string]>(([code, rate]) => ['rate', `${code}=${rate}`]);
      if (request.currency !== undefined) given.unshift(['currency', request.currency]);
      throw new RatedeckError(
        'BAD_OPTION',
        `With a customer, costs are in its currency, converted with the exchange rates of the plan it was priced with: give no currency or rate (received ${syntax.example(given)}).`,
        { option: syntax.label(request.currency === undefined ? 'rate' : 'currency') },
      );
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
        : `The carriers price in ${currencies.join(', ')}: give the currency to show costs in and an exchange rate for each other currency, e.g. ${syntax.example([
            ['currency', currencies[0]!],
            ['rate', `${currencies[1]}=1.0850`],
          ])}.`,
      { option: syntax.label('currency') },
    );
  }
  return leastCostRoute(digits, carriers, {
    at: request.at,
    currency,
    exchangeRates: rates,
    missingRate: (carrier) =>
      new RatedeckError(
        'BAD_OPTION',
        `Carrier "${carrier.name}" prices in ${carrier.currency}: give ${syntax.example([['rate', `${carrier.currency}=<${currency} per ${carrier.currency}>`]])}, e.g. ${syntax.example([['rate', `${carrier.currency}=1.0850`]])}.`,
        { option: syntax.label('rate'), currency: carrier.currency },
      ),
  });
}

/** Parses `--rate EUR=1.0850` values (or `rate=EUR=1.0850` parameters, with QUERY_SYNTAX) into exchange rates. */
export function parseRateOptions(values: readonly string[], syntax: RequestSyntax = CLI_SYNTAX): Record<string, string> {
  const option = syntax.label('rate');
  const rates: Record<string, string> = {};
  for (const value of values) {
    const match = /^\s*([A-Za-z]{3})\s*=\s*(\S+)\s*$/.exec(value);
    const rate = match ? canonicalDecimal(match[2]!) : null;
    if (!match || rate === null || rate.startsWith('-') || /^[0.]+$/.test(rate)) {
      throw new RatedeckError('BAD_OPTION', `${option} ${quotedValue(value)}: expected <currency>=<positive decimal>, e.g. ${syntax.example([['rate', 'EUR=1.0850']])}.`, {
        option,
        value,
      });
    }
    rates[parseCurrency(match[1]!, option)] = rate;
  }
  return rates;
}

export function parseCurrencyOption(value: string | undefined, syntax: RequestSyntax = CLI_SYNTAX): string | undefined {
  return value === undefined ? undefined : parseCurrency(value, syntax.label('currency'));
}
