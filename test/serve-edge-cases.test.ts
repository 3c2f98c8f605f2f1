import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTableFrom } from '../src/model/entry-table.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { CLI, startServe, stopServe, type ServeProcess } from './serve-process.js';

/** `serve` at its edges, through the built CLI (`npx tsc -p .` first): listen errors, oversized and malformed requests, databases it must refuse. */

const OVERSIZED_BYTES = 20 * 1024 * 1024;

let directory: string;
let database: string;
let server: ServeProcess;

function ratedeck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return ratedeckOn(database, ...args);
}

function ratedeckOn(db: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, '--db', db, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A POST sent the way curl sends a large body: it waits for "100 Continue" before the body. */
function postExpectingContinue(url: string, body: Buffer): Promise<{ status: number; body: string; bodySent: boolean }> {
  return new Promise((resolve, reject) => {
    let bodySent = false;
    const outgoing = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, expect: '100-continue' } });
    outgoing.on('continue', () => {
      bodySent = true;
      outgoing.end(body);
    });
    outgoing.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (text: string) => (body += text));
      response.on('end', () => resolve({ status: response.statusCode!, body, bodySent }));
    });
    outgoing.on('error', reject);
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-review-serve-'));
  database = join(directory, 'store.db');
  const db = openDatabase(database);
  writeTransaction(db, () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    const entry = { prefix: '44', destination: 'United Kingdom', rate: '0.0100', connectionFee: '0', increments: { initial: 60, subsequent: 60 } };
    const rest = { interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: Date.UTC(2025, 0, 1), effectiveTo: null };
    writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full' }, entryTableFrom([{ ...entry, ...rest }]));
  });
  db.close();
  server = await startServe(database);
});

afterAll(async () => {
  if (server) expect(await stopServe(server.child)).toBe(0);
  rmSync(directory, { recursive: true, force: true });
});

describe('serve: listen errors are one sentence and exit 64', () => {
  it('a port already in use: "Port N on 127.0.0.1 is already in use; choose another with --port", no stack trace', async () => {
    const occupier: Server = createServer();
    await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
    const port = (occupier.address() as { port: number }).port;
    try {
      const result = ratedeck('serve', '--port', String(port));
      expect(result.status).toBe(64);
      expect(result.stderr).toBe(`ratedeck: Port ${port} on 127.0.0.1 is already in use; choose another with --port, e.g. --port 8081 (or --port 0 for any free port).\n`);
      const json = ratedeck('serve', '--port', String(port), '--json');
      expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'BAD_OPTION', option: '--port', port } });
    } finally {
      await new Promise<void>((resolve) => occupier.close(() => resolve()));
    }
  });

  it('a host that cannot be resolved names --host, exit 64', () => {
    const result = ratedeck('serve', '--host', 'bad host', '--port', '0');
    expect(result.status).toBe(64);
    expect(result.stderr).toBe(
      'ratedeck: Host "bad host" cannot be resolved to an address; give an address of this machine or a name that resolves with --host, e.g. --host 127.0.0.1.\n',
    );
  });

  it('serve --help lists every endpoint, GET /v1/lcr included', () => {
    const result = ratedeck('serve', '--help');
    expect(result.status).toBe(0);
    const help = result.stdout.replace(/\s+/g, ' ');
    for (const endpoint of ['GET /v1/lookup', 'POST /v1/lookup', 'GET /v1/lcr', 'GET /healthz']) expect(help).toContain(endpoint);
  });
});

describe('serve: a database it only reads must exist and be one', () => {
  it('serve --db typo.db exits 3 saying there is no database, and creates none', () => {
    const missing = join(directory, 'typo.db');
    const result = ratedeckOn(missing, 'serve', '--port', '0');
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^ratedeck: There is no database .*typo\.db; give the right --db/);
    expect(result.stdout).not.toMatch(/serving lookups/);
    expect(existsSync(missing)).toBe(false);
  });

  it('serve --db deck.csv exits 2 saying it is not an SQLite file, and leaves the deck as it was', () => {
    const deck = join(directory, 'deck.csv');
    copyFileSync(join(import.meta.dirname, '..', 'fixtures', 'sample-carrier.csv'), deck);
    const before = readFileSync(deck);
    const result = ratedeckOn(deck, 'serve', '--port', '0');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/deck\.csv is not a ratedeck database \(not an SQLite file\); check --db\.\n$/);
    expect(readFileSync(deck).equals(before)).toBe(true);
    expect(existsSync(deck + '-wal')).toBe(false);
  });
});

describe('serve: HTTP errors keep the JSON error shape', () => {
  it('a POST body over 16 MiB is answered 413 BODY_TOO_LARGE as JSON, not a reset connection', async () => {
    const response = await fetch(server.url + '/v1/lookup', { method: 'POST', body: Buffer.alloc(OVERSIZED_BYTES, 0x20), headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toEqual({
      error: 'The request body is over 16 MiB; send at most 100000 numbers per POST, in smaller batches.',
      code: 'BODY_TOO_LARGE',
    });
    // The server is still there for the next client.
    expect((await fetch(server.url + '/v1/lookup?carrier=Acme&number=4420')).status).toBe(200);
  });

  it('a client that sends Expect: 100-continue hears 413 before sending the oversized body at all', async () => {
    const answer = await postExpectingContinue(server.url + '/v1/lookup', Buffer.alloc(OVERSIZED_BYTES, 0x20));
    expect(answer.status).toBe(413);
    expect(answer.bodySent).toBe(false);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'BODY_TOO_LARGE' });
    // A body under the limit still gets its 100 Continue and a normal answer.
    const accepted = await postExpectingContinue(server.url + '/v1/lookup', Buffer.from(JSON.stringify({ carrier: 'Acme', numbers: ['4420'] })));
    expect(accepted).toMatchObject({ status: 200, bodySent: true });
    expect(JSON.parse(accepted.body)).toEqual([expect.objectContaining({ number: '4420', prefix: '44' })]);
  });

  it('DELETE /v1/lookup is 405 METHOD_NOT_ALLOWED with an Allow header, not BAD_OPTION', async () => {
    const response = await fetch(server.url + '/v1/lookup', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await response.json()).toEqual({ error: 'No DELETE on /v1/lookup; it answers GET, HEAD and POST.', code: 'METHOD_NOT_ALLOWED' });
  });
});
