import { authorizeCustomer } from '../billing/authorize-customer.js';
import { ratePostedCalls, type PostedCall } from '../billing/rate-calls.js';
import { ratingCardOf, type OpenedRatingCard } from '../billing/rating-cards.js';
import { RatedeckError } from '../errors.js';
import { parseIsoTime } from '../model/iso-time.js';
import { quotedValue } from '../text/quoted-value.js';
import { MAX_TIME_CHARS, ownerNameParameter } from './request-parameters.js';
import { loadNanpStateTable } from '../rating/jurisdiction/load-nanp-states.js';
import { getCarrier } from '../store/carrier-store.js';
import { getCustomer } from '../store/customer-store.js';
import type { CardOwnerKind } from '../store/rate-card-store.js';
import { jsonResponse, type Route, type RouteContext } from './route.js';

/** Calls one POST /v1/rate may carry. */
const MAX_POSTED_CALLS = 100_000;

/**
 * GET /v1/authorize?customer=…&number=…[&caller=…][&at=…]: `ratedeck
 * authorize --json` from the served card, so a switch asks before a call;
 * POST /v1/rate {"customer"|"carrier", "calls": [{id, number, caller,
 * answer, seconds}], "charge"?: true}: the rated calls and their summary,
 * so it posts its records after. Mounted by `...ratingRoutes` in routes.ts.
 */
export const ratingRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/authorize',
    async handle(request, context) {
      const query = request.query;
      const customer = query.get('customer');
      if (customer === null) throw badParameter('customer', 'is missing', 'customer=Globex');
      ownerNameParameter('customer', customer);
      const number = query.get('number');
      if (number === null) throw badParameter('number', 'is missing', 'number=442079460000');
      const atText = query.get('at');
      const at = atText === null ? Date.now() : atText.length > MAX_TIME_CHARS ? null : parseIsoTime(atText);
      if (at === null) throw badParameter('at', `${quotedValue(atText!)} is not a time`, 'at=2025-03-01T12:00:00Z');
      const answer = await authorizeCustomer(context.db, { customer, number, caller: query.get('caller'), at }, async (found) => {
        try {
          return await servedRatingCard(context, 'customer', found.name);
        } catch (error) {
          if (error instanceof RatedeckError && error.code === 'NOT_FOUND') return null;
          throw error;
        }
      });
      return jsonResponse(200, answer);
    },
  },
  {
    method: 'POST',
    path: '/v1/rate',
    async handle(request, context) {
      const body = request.body as Record<string, unknown> | null;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badBody('a JSON object such as {"customer": "Globex", "calls": [...]}');
      const customer = typeof body.customer === 'string' ? body.customer : undefined;
      const carrier = typeof body.carrier === 'string' ? body.carrier : undefined;
      if ((customer === undefined) === (carrier === undefined)) throw badBody('exactly one of "customer" or "carrier" naming whose card rates the calls');
      if (customer !== undefined) ownerNameParameter('customer', customer);
      if (carrier !== undefined) ownerNameParameter('carrier', carrier);
      if (body.charge !== undefined && typeof body.charge !== 'boolean') throw badBody('"charge" as true or false');
      const calls = postedCalls(body.calls);
      const card = await servedRatingCard(context, customer !== undefined ? 'customer' : 'carrier', (customer ?? carrier)!);
      return jsonResponse(200, ratePostedCalls(context.db, card, calls, await loadNanpStateTable(), body.charge === true));
    },
  },
];

/** The served (cached, swapped whole) card of an owner, ready for rating; NOT_FOUND when it has none. */
async function servedRatingCard(context: RouteContext, kind: CardOwnerKind, name: string): Promise<OpenedRatingCard> {
  const currency = kind === 'customer' ? getCustomer(context.db, name).currency : getCarrier(context.db, name).currency;
  const served = await context.cards.get(kind, name);
  return ratingCardOf(kind, served.owner.name, currency, served.trie, served.revision);
}

function postedCalls(value: unknown): PostedCall[] {
  if (!Array.isArray(value)) throw badBody('"calls" as an array of {"id", "number", "caller", "answer", "seconds"}');
  if (value.length > MAX_POSTED_CALLS) throw badBody(`at most ${MAX_POSTED_CALLS} calls per request (got ${value.length})`);
  return value.map((call: unknown, index) => {
    const at = `calls[${index}]`;
    if (typeof call !== 'object' || call === null || Array.isArray(call)) throw badBody(`${at} as an object such as {"id": "c-1", "number": "442079460000", "answer": "2025-03-01T12:00:00Z", "seconds": 61}`);
    const { id, number, caller, answer, seconds } = call as Record<string, unknown>;
    if (id !== undefined && id !== null && typeof id !== 'string') throw badBody(`${at}.id as a string`);
    if (typeof number !== 'string') throw badBody(`${at}.number as a string such as "442079460000"`);
    if (caller !== undefined && caller !== null && typeof caller !== 'string') throw badBody(`${at}.caller as a string`);
    if (typeof answer !== 'string') throw badBody(`${at}.answer as an ISO 8601 time such as "2025-03-01T12:00:00Z"`);
    if (typeof seconds !== 'number' && typeof seconds !== 'string') throw badBody(`${at}.seconds as a number such as 61`);
    return { id: id ?? null, number, caller: caller ?? null, answer, seconds };
  });
}

function badParameter(name: string, problem: string, example: string): RatedeckError {
  return new RatedeckError('BAD_OPTION', `Parameter ${name} ${problem}; expected e.g. ${example}.`, { parameter: name });
}

function badBody(expected: string): RatedeckError {
  return new RatedeckError('BAD_OPTION', `POST /v1/rate: expected ${expected}.`);
}
