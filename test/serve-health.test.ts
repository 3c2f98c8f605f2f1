import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { CLI, startServe, stopServe, type ServeProcess } from './serve-process.js';

function entry(prefix: string, rate: string): RateEntry {
  return { prefix, destination: null, rate, connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: Date.UTC(2025, 0, 1), effectiveTo: null };
}

let directory: string;
let database: string;
let server: ServeProcess;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-serve-health-'));
  database = join(directory, 'store.db');
  const db = openDatabase(database);
  // Acme's three revisions take the store's revision ids 1 to 3, so Zeta's revisions 1 and 2 are ids 4 and 5.
  writeTransaction(db, () => {
    const acme = cardIdFor(db, 'carrier', addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] }).id, true)!;
    const zeta = cardIdFor(db, 'carrier', addCarrier(db, { name: 'Zeta', currency: 'USD', hosts: [] }).id, true)!;
    for (const rate of ['0.0100', '0.0200', '0.0300']) writeRevision(db, acme, { mode: 'full' }, entryTableFrom([entry('44', rate)]));
    for (const rate of ['0.0400', '0.0500']) writeRevision(db, zeta, { mode: 'full' }, entryTableFrom([entry('44', rate), entry('33', rate)]));
  });
  db.close();
  server = await startServe(database);
});

afterAll(async () => {
  if (server) expect(await stopServe(server.child)).toBe(0);
  rmSync(directory, { recursive: true, force: true });
});

describe('GET /healthz', () => {
  it('shows the revision numbers `deck list` shows (2), not the internal revision ids (5), with the owner kind and name', async () => {
    for (const carrier of ['Acme', 'Zeta']) expect((await fetch(`${server.url}/v1/lookup?carrier=${carrier}&number=4420`)).status).toBe(200);
    const listed = spawnSync(process.execPath, [CLI, '--db', database, 'deck', 'list', '--carrier', 'Zeta', '--json'], { encoding: 'utf8' });
    expect((JSON.parse(listed.stdout) as { revision: number }[]).map((revision) => revision.revision)).toEqual([1, 2]);
    const response = await fetch(server.url + '/healthz');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; cards: unknown[] };
    expect(body.status).toBe('ok');
    expect(body.cards).toHaveLength(2);
    expect(body.cards).toEqual(
      expect.arrayContaining([
        { kind: 'carrier', name: 'Acme', revision: 3, prefixes: 1 },
        { kind: 'carrier', name: 'Zeta', revision: 2, prefixes: 2 },
      ]),
    );
  });
});
