import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isRatedeckError, RatedeckError } from '../errors.js';
import { LIMITS } from '../limits.js';
import { openDatabase } from '../store/database.js';
import { parseStrictJson } from '../text/strict-json.js';
import { CardCache, type SnapshotLoader } from './card-cache.js';
import { HTTP_STATUS, type ServerErrorCode } from './http-status.js';
import { MAX_BATCH_NUMBERS } from './lookup-routes.js';
import { badParameter, repeatedParameter } from './request-parameters.js';
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

/** Documented in docs/limits.md (section HTTP). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const BODY_EXAMPLE = '{"carrier": "Acme", "numbers": ["447700900123"]}';

/** `ratedeck serve`: node:http, a route table, cards swapped whole on import. */
export async function startLookupServer(options: LookupServerOptions): Promise<RunningLookupServer> {
  // Serving only reads: a missing database or a file that is not one is refused, never created.
  const db = openDatabase(options.databasePath, { mustExist: true });
  const cards = new CardCache(db, options.loadSnapshot ?? workerSnapshotLoader(options.databasePath), options.pollIntervalMs);
  const context: RouteContext = { cards, db };
  const routes = new Map((options.routes ?? ROUTES).map((route) => [`${route.method} ${route.path}`, route]));
  const paths = new Set([...routes.values()].map((route) => route.path));

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    // HEAD is GET without the body: node:http sends the headers (Content-Length included) and drops the body.
    const route = routes.get(`${request.method === 'HEAD' ? 'GET' : request.method} ${path}`);
    if (!route) {
      request.resume();
      if (paths.has(path)) {
        const allowed = [...routes.values()].filter((candidate) => candidate.path === path).flatMap((candidate) => (candidate.method === 'GET' ? ['GET', 'HEAD'] : [candidate.method]));
        response.setHeader('allow', allowed.join(', '));
        send(response, httpError('METHOD_NOT_ALLOWED', `No ${request.method} on ${path}; it answers ${allowed.slice(0, -1).join(', ')} and ${allowed[allowed.length - 1]}.`));
      } else {
        send(response, httpError('NOT_FOUND', `No endpoint ${path}.`));
      }
      return;
    }
    const query = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
    const repeated = repeatedParameter(query, route.repeatableParameters ?? []);
    if (repeated) {
      request.resume();
      send(response, errorResponse(badParameter(repeated.name, `is given ${repeated.count} times`, `one ${repeated.name}=…; for several numbers, POST /v1/lookup with "numbers": [...]`)));
      return;
    }
    const routeRequest: RouteRequest = { method: request.method!, path, query, body: undefined };
    if (request.method !== 'POST') {
      respond(route, routeRequest, context, response);
      return;
    }
    if (declaredLength(request) > MAX_BODY_BYTES) {
      refuseLargeBody(request, response);
      return;
    }
    readJson(request).then(
      (body) => respond(route, { ...routeRequest, body }, context, response),
      (error: unknown) => {
        if (error instanceof BodyTooLargeError) refuseLargeBody(request, response);
        else send(response, errorResponse(error));
      },
    );
  };
  const server = createServer(handle);
  server.on('clientError', answerMalformedRequest);
  // A client that waits for "100 Continue" before sending a body too large hears 413 instead and never sends it.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (declaredLength(request) > MAX_BODY_BYTES) {
      refuseLargeBody(request, response);
      return;
    }
    response.writeContinue();
    handle(request, response);
  });

  try {
    await listen(server, options.port ?? 8080, options.host ?? '127.0.0.1');
  } catch (error) {
    cards.close();
    db.close();
    throw error;
  }
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
  if (isRatedeckError(error)) return httpError(error.code, error.message);
  process.stderr.write(`ratedeck serve: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
  return httpError('UNEXPECTED', 'Internal error; see the server log.');
}

/**
 * Every error the server answers has this one shape, its status from HTTP_STATUS. `code`
 * is an ErrorCode when a handler threw, or one of the server's own (ServerErrorCode).
 */
function httpError(code: keyof typeof HTTP_STATUS, message: string): RouteResponse {
  return { status: HTTP_STATUS[code], body: JSON.stringify({ error: message, code }) };
}

const CLIENT_ERRORS: Record<string, { code: ServerErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'HEADERS_TOO_LARGE', message: 'The request headers are over the 16 KiB node:http accepts; send fewer or shorter headers.' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', message: 'The request did not arrive in time; send it whole, promptly.' },
};

/**
 * A request node:http cannot parse (garbage bytes, a broken request line or header) never
 * reaches a handler: it is answered here, on the socket, with the same JSON error shape and
 * the connection closed (what follows a malformed request cannot be trusted to be one).
 */
function answerMalformedRequest(error: NodeJS.ErrnoException, socket: Socket): void {
  // A response already under way on this socket cannot be followed by another: just close.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const known = CLIENT_ERRORS[error.code ?? ''];
  const { status, body } = httpError(
    known?.code ?? 'MALFORMED_REQUEST',
    known?.message ?? `The request is not valid HTTP/1.1 (${error.code ?? 'unparsable'}); expected e.g. GET /v1/lookup?carrier=Acme&number=447700900123 HTTP/1.1.`,
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

class BodyTooLargeError extends Error {}

/** The Content-Length a client declared, or 0 (a chunked body is measured as it arrives). */
function declaredLength(request: IncomingMessage): number {
  const length = Number(request.headers['content-length']);
  return Number.isFinite(length) ? length : 0;
}

/**
 * Answers 413 and closes the connection once the answer is out: the client
 * must hear why (a bare reset reads as a network fault), and must not keep
 * the connection busy sending a body nobody reads.
 */
function refuseLargeBody(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  response.setHeader('connection', 'close');
  send(response, httpError('BODY_TOO_LARGE', `The request body is over ${MAX_BODY_BYTES / (1024 * 1024)} MiB; send at most ${MAX_BATCH_NUMBERS} numbers per POST, in smaller batches.`));
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.off('data', collect);
        chunks.length = 0;
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', collect);
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      try {
        // Strict: a key given twice ("numbers" twice) or nesting past LIMITS.jsonDepth is refused, not guessed at.
        resolve(parseStrictJson(Buffer.concat(chunks).toString('utf8'), { source: 'The request body', maxDepth: LIMITS.jsonDepth }));
      } catch (error) {
        if (isRatedeckError(error)) reject(new RatedeckError(error.code, `${error.message} Expected e.g. ${BODY_EXAMPLE}.`, error.details));
        else reject(error);
      }
    });
    request.on('error', reject);
  });
}

/**
 * Listens, turning the errors an operator can cause (a port in use, a host
 * that does not resolve or is not this machine's) into one-sentence
 * BAD_OPTION errors that name the option to change.
 */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port, host)));
    server.listen(port, host, () => resolve());
  });
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  const details = { port, host, cause: error.code };
  switch (error.code) {
    case 'EADDRINUSE':
      return new RatedeckError('BAD_OPTION', `Port ${port} on ${host} is already in use; choose another with --port, e.g. --port 8081 (or --port 0 for any free port).`, { option: '--port', ...details });
    case 'EACCES':
      return new RatedeckError('BAD_OPTION', `Port ${port} on ${host} needs privileges this process does not have; choose a port from 1024 up with --port, e.g. --port 8080.`, { option: '--port', ...details });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new RatedeckError('BAD_OPTION', `Host "${host}" cannot be resolved to an address; give an address of this machine or a name that resolves with --host, e.g. --host 127.0.0.1.`, { option: '--host', ...details });
    case 'EADDRNOTAVAIL':
      return new RatedeckError('BAD_OPTION', `Host "${host}" is not an address of this machine, so nothing can listen on it; give one of its addresses with --host, e.g. --host 127.0.0.1 or --host 0.0.0.0 for all.`, { option: '--host', ...details });
    default:
      return error;
  }
}

async function closeAll(server: Server, cards: CardCache, db: { close(): void }): Promise<void> {
  cards.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  db.close();
}
