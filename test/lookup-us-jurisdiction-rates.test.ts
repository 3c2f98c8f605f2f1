import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServe, stopServe, type ServeProcess } from './serve-process.js';
import { sharedDeck, sharedDecksMissing } from './shared-decks.js';

/**
 * Issue 9: the US inter/intra/indeterminate rates were imported but invisible to
 * `lookup --json`, `lookup` (text) and GET/POST /v1/lookup. The real deck, its three rate
 * columns mapped (3rd column intrastate, 4th indeterminate, as SOURCES.md describes it).
 */

const IMPORT = ['--map', 'prefix=1', '--map', 'rate=2', '--map', 'interRate=2', '--map', 'intraRate=3', '--map', 'indeterminateRate=4', '--map', 'effectiveFrom=5'];
const AT = '2025-06-01T00:00:00Z';
/** us-inter-intra-2025.csv line 9: `1201207,0.000572,0.000548,0.000548,3/31/25`. */
const US_ANSWER = {
  number: '12012071234',
  prefix: '1201207',
  destination: null,
  rate: '0.000572',
  interRate: '0.000572',
  intraRate: '0.000548',
  indeterminateRate: '0.000548',
  connectionFee: '0',
  increments: '60/60',
  effectiveFrom: '2025-03-31T00:00:00.000Z',
  effectiveTo: null,
};

let directory: string;
let database: string;
let server: ServeProcess | undefined;

function ratedeck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, '--db', database, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(sharedDecksMissing)('US jurisdiction rates are visible in lookups', () => {
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ratedeck-us-rates-'));
    database = join(directory, 'store.db');
    expect(ratedeck('carrier', 'add', 'US').status).toBe(0);
    expect(ratedeck('carrier', 'add', 'Acme').status).toBe(0);
    const imported = ratedeck('deck', 'import', sharedDeck('us-inter-intra-2025.csv'), '--carrier', 'US', ...IMPORT, '--json');
    expect(imported.status, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ entries: 58_020, committed: true });
    const international = ratedeck('deck', 'import', join(import.meta.dirname, '..', 'fixtures', 'sample-carrier.csv'), '--carrier', 'Acme', '--json');
    expect(international.status, international.stderr).toBe(0);
    server = await startServe(database);
  }, 180_000);

  afterAll(async () => {
    if (server) expect(await stopServe(server.child)).toBe(0);
    rmSync(directory, { recursive: true, force: true });
  });

  it('lookup --json on us-inter-intra-2025.csv shows interRate, intraRate and indeterminateRate as decimal strings', () => {
    const result = ratedeck('lookup', '--carrier', 'US', '--at', AT, '--json', '12012071234');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(JSON.stringify(US_ANSWER) + '\n');
  });

  it('lookup --json on a card without US rates leaves the three keys out', () => {
    const result = ratedeck('lookup', '--carrier', 'Acme', '--at', AT, '--json', '+44 7700 900123');
    expect(result.status, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(answer).toMatchObject({ prefix: '4477' });
    expect(answer).not.toHaveProperty('interRate');
    expect(answer).not.toHaveProperty('intraRate');
    expect(answer).not.toHaveProperty('indeterminateRate');
  });

  it('the lookup text table on a US card has inter, intra and indeterminate rate columns after rate', () => {
    const result = ratedeck('lookup', '--carrier', 'US', '--at', AT, '12012071234', '12012101234', '99');
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^number\s+prefix\s+destination\s+rate\s+inter rate\s+intra rate\s+indeterminate rate\s+connection fee\s+increments\s+effective from\s+effective to$/);
    expect(lines[2]).toMatch(/^12012071234\s+1201207\s+0\.000572\s+0\.000572\s+0\.000548\s+0\.000548\s+0\s+60\/60\s+2025-03-31T00:00:00\.000Z$/);
    expect(lines[3]).toMatch(/^12012101234\s+1201210\s+0\.003797\s+0\.003797\s+0\.003908\s+0\.003908\s+0\s+60\/60/);
    expect(lines[4]).toMatch(/^99\s+-\s+\(no match\)$/);
  });

  it('the lookup text table on an international card keeps its eight columns', () => {
    const result = ratedeck('lookup', '--carrier', 'Acme', '--at', AT, '+44 7700 900123');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^number\s+prefix\s+destination\s+rate\s+connection fee\s+increments\s+effective from\s+effective to$/);
  });

  it('deck export of the US card has inter_rate, intra_rate and indeterminate_rate columns with the deck\'s values', () => {
    const out = join(directory, 'us-export.csv');
    const result = ratedeck('deck', 'export', '--carrier', 'US', '--at', AT, '--out', out);
    expect(result.status, result.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[0]).toBe('prefix,destination,rate,connection_fee,increments,inter_rate,intra_rate,indeterminate_rate,effective_from,effective_to');
    expect(lines).toContain('1201207,,0.000572,0,60/60,0.000572,0.000548,0.000548,2025-03-31T00:00:00.000Z,');
  });

  it('deck export of a card without US rates keeps its seven columns', () => {
    const result = ratedeck('deck', 'export', '--carrier', 'Acme', '--at', AT);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('prefix,destination,rate,connection_fee,increments,effective_from,effective_to');
  });

  it('GET /v1/lookup on the US card answers the three rates, like lookup --json', async () => {
    const response = await fetch(`${server!.url}/v1/lookup?carrier=US&number=12012071234&at=${AT}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(JSON.stringify(US_ANSWER));
  });

  it('POST /v1/lookup on the US card answers the three rates for each number', async () => {
    const response = await fetch(`${server!.url}/v1/lookup`, { method: 'POST', body: JSON.stringify({ carrier: 'US', at: AT, numbers: ['12012071234', '12012101234'] }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([US_ANSWER, expect.objectContaining({ prefix: '1201210', interRate: '0.003797', intraRate: '0.003908', indeterminateRate: '0.003908' })]);
  });
});
