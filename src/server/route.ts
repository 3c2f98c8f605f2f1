import type { Db } from '../store/database.js';
import type { CardCache } from './card-cache.js';

/** A request as route handlers see it: the path split from its query, a POST body already parsed as JSON. */
export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** `body` is JSON text (handlers serialise, so hot routes can reuse cached text). */
export interface RouteResponse {
  status: number;
  body: string;
}

/** What every handler may use: the served cards and the store (read-only use). */
export interface RouteContext {
  cards: CardCache;
  db: Db;
}

/**
 * One endpoint. Handlers throw RatedeckError for bad requests; the server
 * maps its code to a status (http-status.ts: BAD_OPTION / INVALID_VALUE 400,
 * NOT_FOUND 404). A GET route answers HEAD too, without the body.
 */
export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** Query parameters that may be given more than once; any other given twice is refused (400). */
  repeatableParameters?: readonly string[];
  handle(request: RouteRequest, context: RouteContext): RouteResponse | Promise<RouteResponse>;
}

export function jsonResponse(status: number, value: unknown): RouteResponse {
  return { status, body: JSON.stringify(value) };
}
