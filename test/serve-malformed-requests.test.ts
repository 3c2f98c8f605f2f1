import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/limits.js';
import { entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { startServe, stopServe, type ServeProcess } from './serve-process.js';

/** Issue 9: careless and hostile HTTP requests to `ratedeck serve`, over real sockets. */

const JAN_2025 = Date.UTC(2025, 0, 1);
/** 2027-01-01T00:00:00Z, the example of the issue. */
const JAN_2027 = 1798761600000;

function entry(prefix: string, rate: string, from: number): RateEntry {
  return { prefix, destination: null, rate, connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: from, effectiveTo: null };
}

let directory: string;
let server: ServeProcess;

/** Writes `bytes` on a fresh connection and reads until the server closes it. */
function raw(bytes: string | Buffer): Promise<{ statusLine: string; headers: string; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...headers] = head.split('\r\n');
      resolve({ statusLine, headers: headers.join('\n').toLowerCase(), body });
    });
    socket.on('error', reject);
    socket.setTimeout(10_000, () => reject(new Error(`no answer; got ${JSON.stringify(text)}`)));
  });
}

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(server.url + path);
  return { status: response.status, body: await response.json() };
}

async function post(body: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(server.url + '/v1/lookup', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-serve-malformed-'));
  const database = join(directory, 'store.db');
  const db = openDatabase(database);
  writeTransaction(db, () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full' }, entryTableFrom([entry('44', '0.0100', JAN_2025), entry('4477', '0.0700', JAN_2027)]));
  });
  db.close();
  server = await startServe(database);
});

afterAll(async () => {
  if (server) expect(await stopServe(server.child)).toBe(0);
  rmSync(directory, { recursive: true, force: true });
});

describe('requests node:http cannot parse', () => {
  it('garbage bytes instead of a request get a JSON 400 MALFORMED_REQUEST, and the connection is closed', async () => {
    const answer = await raw('\u0000\u0001 this is not HTTP\r\n\r\n');
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.headers).toContain('content-type: application/json; charset=utf-8');
    expect(answer.headers).toContain('connection: close');
    expect(JSON.parse(answer.body)).toEqual({ error: expect.stringMatching(/^The request is not valid HTTP\/1\.1 \(HPE_[A-Z_]+\); expected e\.g\. GET \/v1\/lookup/), code: 'MALFORMED_REQUEST' });
  });

  it('a header line without a colon gets the same JSON 400, and the server keeps serving', async () => {
    const answer = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nthis line has no colon\r\n\r\n');
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'MALFORMED_REQUEST' });
    expect((await fetch(server.url + '/healthz')).status).toBe(200);
  });
});

describe('a query parameter given twice', () => {
  it('number=44&number=33 is refused with 400 naming number, not answered for the first', async () => {
    expect(await get('/v1/lookup?carrier=Acme&number=44&number=33')).toEqual({
      status: 400,
      body: { error: 'Parameter number is given 2 times; expected e.g. one number=…; for several numbers, POST /v1/lookup with "numbers": [...].', code: 'BAD_OPTION' },
    });
    expect(await get('/v1/lookup?carrier=Acme&carrier=Other&number=44')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^Parameter carrier is given 2 times/) } });
    expect(await get('/v1/lcr?number=44&number=33')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^Parameter number is given 2 times/) } });
  });

  it('rate, which /v1/lcr takes once per currency, may still repeat', async () => {
    expect((await get('/v1/lcr?number=447700900123&rate=EUR=1.0850&rate=GBP=0.8500')).status).toBe(200);
  });
});

describe('HEAD', () => {
  it('HEAD /healthz is answered like GET without a body, not 405', async () => {
    const got = await fetch(server.url + '/healthz');
    const getBody = await got.text();
    const head = await fetch(server.url + '/healthz', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(getBody)));
    expect(await head.text()).toBe('');
  });

  it('HEAD /v1/lookup answers the status GET would, without a body', async () => {
    const found = await fetch(server.url + '/v1/lookup?carrier=Acme&number=4420', { method: 'HEAD' });
    expect(found.status).toBe(200);
    expect(await found.text()).toBe('');
    expect((await fetch(server.url + '/v1/lookup?carrier=Nobody&number=4420', { method: 'HEAD' })).status).toBe(404);
    const wrong = await fetch(server.url + '/healthz', { method: 'POST' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('at as epoch milliseconds, as the library takes it', () => {
  it('"at": 1798761600000 in a POST body is accepted: the 4477 code from 2027-01-01 applies, a millisecond before it 44', async () => {
    const answer = await post(JSON.stringify({ carrier: 'Acme', at: JAN_2027, numbers: ['447700900123'] }));
    expect(answer).toEqual({ status: 200, body: [expect.objectContaining({ prefix: '4477', rate: '0.0700' })] });
    expect((await post(JSON.stringify({ carrier: 'Acme', at: JAN_2027 - 1, numbers: ['447700900123'] }))).body).toEqual([expect.objectContaining({ prefix: '44' })]);
    expect((await post(JSON.stringify({ carrier: 'Acme', at: '2027-01-01T00:00:00Z', numbers: ['447700900123'] }))).body).toEqual([expect.objectContaining({ prefix: '4477' })]);
  });

  it('GET at=1798761600000 (digits only) is epoch milliseconds; ISO text still works', async () => {
    expect(await get(`/v1/lookup?carrier=Acme&number=447700900123&at=${JAN_2027}`)).toMatchObject({ status: 200, body: { prefix: '4477' } });
    expect(await get(`/v1/lookup?carrier=Acme&number=447700900123&at=${JAN_2027 - 1}`)).toMatchObject({ status: 200, body: { prefix: '44' } });
    expect(await get('/v1/lookup?carrier=Acme&number=447700900123&at=2026-12-31T23:59:59Z')).toMatchObject({ status: 200, body: { prefix: '44' } });
    expect(await get(`/v1/lcr?number=447700900123&at=${JAN_2027}`)).toMatchObject({ status: 200, body: [expect.objectContaining({ prefix: '4477' })] });
  });

  it('epoch seconds, a fraction or an unsafe number for at are refused with 400 saying why', async () => {
    expect(await get('/v1/lookup?carrier=Acme&number=44&at=1798761600')).toEqual({
      status: 400,
      body: { error: expect.stringMatching(/^Parameter at 1798761600 as epoch milliseconds is before 1973 \(epoch seconds\? multiply by 1000/), code: 'BAD_OPTION' },
    });
    expect(await post(JSON.stringify({ carrier: 'Acme', at: 1798761600000.5, numbers: ['44'] }))).toMatchObject({ status: 400, body: { error: expect.stringMatching(/is not a whole number of epoch milliseconds/) } });
    expect(await post(JSON.stringify({ carrier: 'Acme', at: 2 ** 60, numbers: ['44'] }))).toMatchObject({ status: 400, body: { code: 'BAD_OPTION' } });
    expect(await post(JSON.stringify({ carrier: 'Acme', at: true, numbers: ['44'] }))).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^Parameter at is a boolean, not a time/) } });
  });
});

describe('POST bodies are read strictly', () => {
  it('a body giving "numbers" twice is refused with 400 naming the key, its line and column', async () => {
    expect(await post('{"carrier": "Acme",\n "numbers": ["44"], "numbers": ["33"]}')).toEqual({
      status: 400,
      body: { error: expect.stringMatching(/^The request body, line 2 column 21: the key "numbers" is given twice in the top-level object; give each key once\. Expected e\.g\. /), code: 'INVALID_VALUE' },
    });
  });

  it(`a body nested deeper than ${LIMITS.jsonDepth} levels is refused with 400, quickly`, async () => {
    const deep = '{"carrier": "Acme", "numbers": ["44"], "extra": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const started = performance.now();
    expect(await post(deep)).toMatchObject({ status: 400, body: { error: expect.stringMatching(new RegExp(`it nests deeper than ${LIMITS.jsonDepth} levels`)), code: 'INVALID_VALUE' } });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a body that is not JSON is 400 with the JSON error shape', async () => {
    expect(await post('{"carrier": "Acme", "numbers": ')).toEqual({ status: 400, body: { error: expect.stringMatching(/^The request body is not valid JSON: /), code: 'INVALID_VALUE' } });
  });
});

describe('decimals in requests are bounded', () => {
  it('GET /v1/lcr rate=EUR=1e100000000 is refused at once with 400, never expanded', async () => {
    const started = performance.now();
    const answer = await get('/v1/lcr?number=447700900123&currency=EUR&rate=EUR=1e100000000');
    expect(answer).toMatchObject({ status: 400, body: { code: 'BAD_OPTION' } });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
