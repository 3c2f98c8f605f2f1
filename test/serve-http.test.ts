import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { startServe, stopServe, type ServeProcess } from './serve-process.js';

const JAN = Date.UTC(2025, 0, 1);
const MAR = Date.UTC(2025, 2, 1);

function entry(prefix: string, rate: string, destination: string, from = JAN): RateEntry {
  return { prefix, destination, rate, connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: from, effectiveTo: null };
}

let directory: string;
let server: ServeProcess;

async function get(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(server.url + path);
  return { status: response.status, body: await response.json() };
}

async function post(path: string, body: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(server.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-serve-http-'));
  const database = join(directory, 'store.db');
  const db = openDatabase(database);
  writeTransaction(db, () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full' }, entryTableFrom([
      entry('44', '0.0100', 'United Kingdom'),
      entry('447', '0.0500', 'United Kingdom Mobile'),
      entry('4477', '0.0700', 'Vodafone UK', MAR),
    ]));
    db.prepare("INSERT INTO customers (name, name_key, currency, created_at) VALUES ('Bob', 'bob', 'USD', 0)").run();
  });
  db.close();
  server = await startServe(database);
});

afterAll(async () => {
  if (server) expect(await stopServe(server.child)).toBe(0);
  rmSync(directory, { recursive: true, force: true });
});

describe('ratedeck serve', () => {
  it('GET /v1/lookup answers with the same object as `lookup --json`', async () => {
    const { status, body } = await get('/v1/lookup?carrier=acme&number=%2B44%207700%20900123&at=2025-03-01');
    expect(status).toBe(200);
    expect(body).toEqual({
      number: '+44 7700 900123',
      prefix: '4477',
      destination: 'Vodafone UK',
      rate: '0.0700',
      connectionFee: '0',
      increments: '60/60',
      effectiveFrom: '2025-03-01T00:00:00.000Z',
      effectiveTo: null,
    });
    expect((await get('/v1/lookup?carrier=acme&number=447700900123&at=2025-02-01')).body).toMatchObject({ prefix: '447' });
    expect(await get('/v1/lookup?carrier=acme&number=33142868200')).toEqual({ status: 200, body: { number: '33142868200', prefix: null } });
  });

  it('POST /v1/lookup answers a batch in order, a malformed number as its own error object', async () => {
    const { status, body } = await post('/v1/lookup', JSON.stringify({ carrier: 'Acme', at: '2025-02-01T00:00:00Z', numbers: ['447700900123', '3314', '44x'] }));
    expect(status).toBe(200);
    expect(body).toEqual([
      expect.objectContaining({ number: '447700900123', prefix: '447', rate: '0.0500' }),
      { number: '3314', prefix: null },
      { number: '44x', error: expect.stringMatching(/"x" at position 3 is not a digit/) },
    ]);
  });

  it('bad parameters are 400 with a JSON error naming them', async () => {
    expect(await get('/v1/lookup?carrier=acme&number=44x')).toEqual({ status: 400, body: expect.objectContaining({ number: '44x', code: 'INVALID_VALUE' }) });
    expect(await get('/v1/lookup?carrier=acme')).toEqual({ status: 400, body: { error: expect.stringMatching(/number is missing/), code: 'BAD_OPTION' } });
    expect((await get('/v1/lookup?number=44')).status).toBe(400);
    expect((await get('/v1/lookup?number=44&carrier=acme&customer=bob')).status).toBe(400);
    expect(await get('/v1/lookup?number=44&carrier=acme&at=tomorrow')).toEqual({ status: 400, body: { error: expect.stringMatching(/at "tomorrow" is not a time/), code: 'BAD_OPTION' } });
    expect((await post('/v1/lookup', '{"carrier": "acme", "numbers": ')).status).toBe(400);
    expect(await post('/v1/lookup', JSON.stringify({ carrier: 'acme', numbers: '44' }))).toEqual({ status: 400, body: expect.objectContaining({ error: expect.stringMatching(/numbers is not an array of strings/) }) });
    expect((await post('/v1/lookup', JSON.stringify({ carrier: 7, numbers: ['44'] }))).status).toBe(400);
  });

  it('unknown cards are 404: an unknown carrier, a customer without a sell card', async () => {
    expect(await get('/v1/lookup?carrier=nobody&number=44')).toEqual({ status: 404, body: { error: expect.stringMatching(/No carrier named "nobody"/), code: 'NOT_FOUND' } });
    expect(await get('/v1/lookup?customer=bob&number=44')).toEqual({ status: 404, body: { error: expect.stringMatching(/customer Bob has no sell rate card yet/), code: 'NOT_FOUND' } });
    expect((await get('/v2/nothing')).status).toBe(404);
    expect((await fetch(server.url + '/v1/lookup', { method: 'DELETE' })).status).toBe(405);
  });

  it('GET /healthz reports ok and the cards being served', async () => {
    await get('/v1/lookup?carrier=acme&number=44');
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok', cards: [{ kind: 'carrier', name: 'Acme', revision: 1, prefixes: 3 }] } });
  });
});
