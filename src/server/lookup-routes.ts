import { RatedeckError } from '../errors.js';
import type { CardOwnerKind } from '../store/rate-card-store.js';
import type { ServedCard } from './card-cache.js';
import { HTTP_STATUS } from './http-status.js';
import { badParameter, ownerNameParameter, timeParameter } from './request-parameters.js';
import type { Route, RouteContext, RouteResponse } from './route.js';

/**
 * A batch larger than this is refused: split it (each number costs ~0.3 µs, the JSON much
 * more). Documented in docs/limits.md and the README's HTTP section.
 */
export const MAX_BATCH_NUMBERS = 100_000;

/**
 * GET /v1/lookup?number=…&carrier=…|customer=…[&at=…] and POST /v1/lookup {carrier|customer, at?, numbers}.
 * `at` is ISO 8601 text or epoch milliseconds (digits in the query, a safe integer in the body).
 */
export const lookupRoutes: Route[] = [
  {
    method: 'GET',
    path: '/v1/lookup',
    handle(request, context) {
      const query = request.query;
      const number = query.get('number');
      if (number === null) throw badParameter('number', 'is missing', 'number=%2B447700900123');
      const at = timeParameter(query.get('at'));
      const card = cardParameter(context, query.get('carrier'), query.get('customer'));
      return card instanceof Promise ? card.then((loaded) => single(loaded, number, at)) : single(card, number, at);
    },
  },
  {
    method: 'POST',
    path: '/v1/lookup',
    handle(request, context) {
      const body = request.body as Record<string, unknown> | null;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw badParameter('body', 'is not a JSON object', '{"carrier": "Acme", "numbers": ["447700900123"]}');
      }
      const numbers = body.numbers;
      if (!Array.isArray(numbers) || !numbers.every((number) => typeof number === 'string')) {
        throw badParameter('numbers', 'is not an array of strings', '"numbers": ["447700900123", "+1 212 555 0100"]');
      }
      if (numbers.length > MAX_BATCH_NUMBERS) throw badParameter('numbers', `holds ${numbers.length} numbers, more than ${MAX_BATCH_NUMBERS}`, 'smaller batches');
      const at = timeParameter(body.at);
      const card = cardParameter(context, optionalString(body, 'carrier'), optionalString(body, 'customer'));
      return card instanceof Promise ? card.then((loaded) => batch(loaded, numbers, at)) : batch(card, numbers, at);
    },
  },
];

function single(card: ServedCard, number: string, at: number): RouteResponse {
  const { json, failed } = card.json.write(number, at);
  // A malformed number is a bad parameter: the same object, with the code, as a 400.
  return failed ? { status: HTTP_STATUS.INVALID_VALUE, body: json.slice(0, -1) + ',"code":"INVALID_VALUE"}' } : { status: 200, body: json };
}

function batch(card: ServedCard, numbers: string[], at: number): RouteResponse {
  const lines = new Array<string>(numbers.length);
  for (let i = 0; i < numbers.length; i++) lines[i] = card.json.write(numbers[i]!, at).json;
  return { status: 200, body: '[' + lines.join(',') + ']' };
}

function cardParameter(context: RouteContext, carrier: string | null, customer: string | null): ServedCard | Promise<ServedCard> {
  if ((carrier === null) === (customer === null)) {
    throw new RatedeckError('BAD_OPTION', 'Give exactly one of the parameters carrier or customer; expected e.g. carrier=Acme.', { parameter: 'carrier' });
  }
  const kind: CardOwnerKind = carrier !== null ? 'carrier' : 'customer';
  return context.cards.get(kind, ownerNameParameter(kind, (carrier ?? customer)!));
}

function optionalString(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw badParameter(key, 'is not a string', `"${key}": "…"`);
  return value;
}
