import { RatedeckError } from '../errors.js';
import type { RouteCarrier } from '../pricing/lcr.js';
import { answerLcr, parseCurrencyOption, parseRateOptions, QUERY_SYNTAX, type RouteCustomer } from '../pricing/lcr-request.js';
import { pricedExchangeRates } from '../pricing/route-cards.js';
import { listCarriers } from '../store/carrier-store.js';
import { getCustomer } from '../store/customer-store.js';
import type { ServedCard } from './card-cache.js';
import { badParameter, ownerNameParameter, timeParameter } from './request-parameters.js';
import { jsonResponse, type Route, type RouteContext } from './route.js';

/**
 * GET /v1/lcr?number=…[&customer=…][&currency=…&rate=EUR=1.0850…][&at=…]:
 * the JSON array of `ratedeck lcr --json`, answered from the server's
 * cards (swapped whole on a new revision, like lookups). Mounted by adding
 * `...lcrRoutes` to ROUTES in routes.ts.
 */
export const lcrRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/lcr',
    repeatableParameters: ['rate'],
    async handle(request, context) {
      const query = request.query;
      const number = query.get('number');
      if (number === null) throw badParameter('number', 'is missing', 'number=%2B447700900123');
      const at = timeParameter(query.get('at'));
      const customerName = query.get('customer');
      const routes = answerLcr(
        {
          number,
          at,
          customer: customerName === null ? undefined : await servedCustomer(context, ownerNameParameter('customer', customerName)),
          currency: parseCurrencyOption(query.get('currency') ?? undefined, QUERY_SYNTAX),
          rates: parseRateOptions(query.getAll('rate'), QUERY_SYNTAX),
          syntax: QUERY_SYNTAX,
        },
        await servedCarriers(context),
      );
      return jsonResponse(200, routes);
    },
  },
];

/** Every carrier with its served card; a carrier without a card has no routes. */
async function servedCarriers(context: RouteContext): Promise<RouteCarrier[]> {
  return Promise.all(
    listCarriers(context.db).map(async (carrier) => {
      let card: ServedCard | null;
      try {
        card = await context.cards.get('carrier', carrier.name);
      } catch (error) {
        if (error instanceof RatedeckError && error.code === 'NOT_FOUND') card = null;
        else throw error;
      }
      return { name: carrier.name, currency: carrier.currency, card: card?.trie ?? null };
    }),
  );
}

async function servedCustomer(context: RouteContext, name: string): Promise<RouteCustomer> {
  const customer = getCustomer(context.db, name);
  const served = await context.cards.get('customer', customer.name);
  return { name: customer.name, currency: customer.currency, card: served.trie, exchangeRates: pricedExchangeRates(served.revision) };
}
