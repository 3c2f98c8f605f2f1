import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRatedeckError, type ErrorCode } from '../errors.js';
import { openDatabase } from '../store/database.js';
import { CardCache, type SnapshotLoader } from './card-cache.js';
import type { Route, RouteContext, RouteRequest, RouteResponse } from './route.js';
import { ROUTES } from './routes.js';
import { workerSnapshotLoader } from './worker-snapshot-loader.js';

export interface LookupServerOptions {
  databasePath: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1: a rating service is not for the open internet. */
  host?: string;
  /** How often to look for a newly committed revision (default 250 ms). */
  pollIntervalMs?: number;
  /** Default: a worker thread per load, so builds never stall lookups. */
  loadSnapshot?: SnapshotLoader;
  routes?: Route[];
}

export interface RunningLookupServer {
  url: string;
  port: number;
  cards: CardCache;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  BAD_OPTION: 400,
  BAD_PLAN: 400,
  INVALID_VALUE: 400,
  INVALID_DECK: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BUSY: 503,
};

/** `ratedeck serve`: node:http, a route table, cards swapped whole on import. */
export async function startLookupServer(options: LookupServerOptions): Promise<RunningLookupServer> {
  const db = openDatabase(options.databasePath);
  const cards = new CardCache(db, options.loadSnapshot ?? workerSnapshotLoader(options.databasePath), options.pollIntervalMs);
  const context: RouteContext = { cards, db };
  const routes = new Map((options.routes ?? ROUTES).map((route) => [`${route.method} ${route.path}`, route]));
  const paths = new Set([...routes.values()].map((route) => route.path));

  const server = createServer((request, response) => {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const route = routes.get(`${request.method} ${path}`);
    if (!route) {
      request.resume();
      const status = paths.has(path) ? 405 : 404;
      const error = status === 405 ? `No ${request.method} on ${path}.` : `No endpoint ${path}.`;
      send(response, { status, body: JSON.stringify({ error, code: status === 405 ? 'BAD_OPTION' : 'NOT_FOUND' }) });
      return;
    }
    const query = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
    const routeRequest: RouteRequest = { method: request.method!, path, query, body: undefined };
    if (request.method !== 'POST') {
      respond(route, routeRequest, context, response);
      return;
    }
    readJson(request).then(
      (body) => respond(route, { ...routeRequest, body }, context, response),
      (error: HttpError) => send(response, { status: error.status, body: JSON.stringify({ error: error.message, code: 'BAD_OPTION' }) }),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    cards,
    close: () => closeAll(server, cards, db),
  };
}

function respond(route: Route, request: RouteRequest, context: RouteContext, response: ServerResponse): void {
  try {
    const result = route.handle(request, context);
    if (result instanceof Promise) result.then((value) => send(response, value), (error: unknown) => send(response, errorResponse(error)));
    else send(response, result);
  } catch (error) {
    send(response, errorResponse(error));
  }
}

function send(response: ServerResponse, result: RouteResponse): void {
  response.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(result.body) });
  response.end(result.body);
}

function errorResponse(error: unknown): RouteResponse {
  if (isRatedeckError(error)) {
    return { status: STATUS_OF[error.code] ?? 500, body: JSON.stringify({ error: error.message, code: error.code }) };
  }
  process.stderr.write(`ratedeck serve: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
  return { status: 500, body: JSON.stringify({ error: 'Internal error; see the server log.', code: 'UNEXPECTED' }) };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `The request body is over ${MAX_BODY_BYTES} bytes; send smaller batches.`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(new HttpError(400, `The request body is not JSON (${(error as Error).message}); expected e.g. {"carrier": "Acme", "numbers": ["447700900123"]}.`));
      }
    });
    request.on('error', reject);
  });
}

async function closeAll(server: Server, cards: CardCache, db: { close(): void }): Promise<void> {
  cards.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  db.close();
}
