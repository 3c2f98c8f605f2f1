import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratedeck, ratedeckJson, temporaryDirectory } from './provisioning-cli.js';
import { startServe, stopServe, type ServeProcess } from './serve-process.js';

let dir: string;
let removeDir: () => void;
let db: string;
let serve: ServeProcess;

beforeAll(async () => {
  ({ dir, remove: removeDir } = temporaryDirectory());
  db = join(dir, 'serve.db');
  const deck = join(dir, 'deck.csv');
  const plan = join(dir, 'plan.json');
  writeFileSync(deck, 'Destination,Prefix,Rate,Connection Fee,Increments\nUnited Kingdom,44,0.0100,0,1/1\nUK Premium,4479,0.0500,0.0050,60/60\n');
  writeFileSync(plan, JSON.stringify({ precision: 4, rounding: 'half-up', default: { percent: '20' }, rules: [{ prefix: '4479', price: '0.1000', connectionFee: '0.0100' }] }));
  for (const args of [
    ['carrier', 'add', 'Acme'],
    ['deck', 'import', deck, '--carrier', 'Acme', '--effective', '2020-01-01'],
    ['customer', 'add', 'Globex', '--currency', 'USD'],
    ['price', '--customer', 'Globex', '--plan', plan, '--carrier', 'Acme', '--at', '2020-01-02', '--effective', '2020-01-01'],
    ['customer', 'payment', 'add', 'Globex', '--amount', '0.50'],
  ]) {
    const result = ratedeck(db, args);
    if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  }
  serve = await startServe(db);
}, 60_000);

afterAll(async () => {
  if (serve) await stopServe(serve.child);
  removeDir();
});

const post = (body: unknown) => fetch(`${serve.url}/v1/rate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('rating over HTTP on ratedeck serve', () => {
  it('GET /v1/authorize answers as `ratedeck authorize --json`: 0.50 on 0.10/min 60/60 with a 0.01 fee allows 240 s', async () => {
    const response = await fetch(`${serve.url}/v1/authorize?customer=Globex&number=447900000001&at=2020-03-01T00:00:00Z`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ allowed: true, reason: null, prefix: '4479', rate: '0.1000', increments: '60/60', connectionFee: '0.0100', available: '0.50', maxSeconds: 240 });
    const noRoute = await (await fetch(`${serve.url}/v1/authorize?customer=Globex&number=33140000000`)).json();
    expect(noRoute).toMatchObject({ allowed: false, reason: 'NO_ROUTE' });
    expect((await fetch(`${serve.url}/v1/authorize?number=447900000001`)).status).toBe(400);
    expect((await fetch(`${serve.url}/v1/authorize?customer=Nobody&number=447900000001`)).status).toBe(404);
  });

  it('POST /v1/rate rates the calls; with "charge" each call id is charged once however often it is posted', async () => {
    const calls = [
      { id: 'h-1', number: '447900000002', caller: null, answer: '2020-02-10T10:00:00Z', seconds: 61 },
      { id: 'h-2', number: '442079460000', caller: '12125550100', answer: '2020-02-10T10:05:00Z', seconds: '9.1' },
      { id: 'h-3', number: 'x', caller: null, answer: '2020-02-10T10:06:00Z', seconds: 5 },
    ];
    const rated = await post({ customer: 'Globex', calls });
    expect(rated.status).toBe(200);
    const answer = (await rated.json()) as { calls: Record<string, unknown>[]; summary: Record<string, unknown> };
    // 61 s on 60/60: 120 s billed, 0.01 + 0.20; 9.1 s on 1/1 at 0.012/min: 10 s, 0.0020.
    expect(answer.calls.map((call) => [call.id, call.status, call.billedSeconds, call.cost])).toEqual([
      ['h-1', 'rated', 120, '0.2100'],
      ['h-2', 'rated', 10, '0.0020'],
      ['h-3', 'unrated', 0, null],
    ]);
    expect(answer.summary).toMatchObject({ calls: 3, rated: 2, unrated: 1, cost: '0.2120', currency: 'USD', errors: { 'bad number': 1 } });
    expect(ratedeckJson<{ balance: string }>(db, ['customer', 'show', 'Globex']).balance).toBe('0.50');

    for (let i = 0; i < 2; i++) {
      const charged = (await (await post({ customer: 'Globex', calls, charge: true })).json()) as { charged: number };
      expect(charged.charged).toBe(2);
      expect(ratedeckJson<{ balance: string }>(db, ['customer', 'show', 'Globex']).balance).toBe('0.288');
    }
    const after = await (await fetch(`${serve.url}/v1/authorize?customer=Globex&number=447900000001&at=2020-03-01T00:00:00Z`)).json();
    expect(after).toMatchObject({ allowed: true, available: '0.288', maxSeconds: 120 });
  });

  it('POST /v1/rate refuses a body that is not a rating request (400), a carrier charge, and an unknown card owner (404)', async () => {
    expect((await post({ calls: [] })).status).toBe(400);
    expect((await post({ customer: 'Globex', calls: [{ number: 44 }] })).status).toBe(400);
    expect((await post({ carrier: 'Acme', calls: [], charge: true })).status).toBe(400);
    expect((await post({ carrier: 'Nobody', calls: [] })).status).toBe(404);
    const carrier = (await (await post({ carrier: 'Acme', calls: [{ id: 'k', number: '447900000002', answer: '2020-02-10T10:00:00Z', seconds: 61 }] })).json()) as { calls: { cost: string }[] };
    expect(carrier.calls[0]!.cost).toBe('0.1050');
  });
});
