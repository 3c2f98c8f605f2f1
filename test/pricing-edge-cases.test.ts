import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTableFrom } from '../src/model/entry-table.js';
import { auditedTransaction } from '../src/store/audit-log.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { addCustomer } from '../src/store/customer-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { rateEntry } from './rate-entry-factory.js';

/** Pricing edge cases through the built CLI (`npx tsc -p .` first): `price` counts and `lcr --customer` without a usable sell rate. */

const CLI = join(resolve(import.meta.dirname, '..'), 'dist', 'src', 'cli', 'main.js');
const JAN = Date.UTC(2025, 0, 1);

let directory: string;
let database: string;

function ratedeck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, '--db', database, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-pricing-edge-cases-'));
  database = join(directory, 'store.db');
  const db = openDatabase(database);
  writeTransaction(db, () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    const rows: [string, string][] = [
      ['44', '0.0100'],
      ['447', '0.0500'],
      ['8821', '1.0000'],
    ];
    const table = entryTableFrom(
      rows.map(([prefix, rate]) => rateEntry({ prefix, rate, effectiveFrom: JAN })),
    );
    writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full' }, table);
  });
  auditedTransaction(db, 'customer add', (audit) => addCustomer(db, { name: 'Cust', currency: 'USD', debitLimit: '0' }, audit));
  db.close();
  // 447 is sold at a fixed price under its cost; 8821 is blocked. The sell card starts on 1 February.
  const plan = { precision: 4, rounding: 'up', default: { percent: '20' }, rules: [{ prefix: '447', price: '0.0400' }, { prefix: '8821', block: true }] };
  writeFileSync(join(directory, 'plan.json'), JSON.stringify(plan));
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('pricing edge cases through the CLI: singular counts, lcr --customer without a sell rate', () => {
  it('price text counts in the singular when there is one: "1 code blocked", "1 code sold under cost"', () => {
    const result = ratedeck('price', '--customer', 'Cust', '--plan', join(directory, 'plan.json'), '--carrier', 'Acme', '--at', '2025-01-15', '--effective', '2025-02-01');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(['Cust: revision 1, 2 entries, 1 code blocked.', '  1 code sold under cost:', '    447: buy 0.05, sell 0.0400', ''].join('\n'));
  });

  it('lcr --customer before its sell card starts: profitable and sellRate are null, not a loss', () => {
    const json = ratedeck('lcr', '447700900123', '--customer', 'Cust', '--at', '2025-01-15', '--json');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([{ carrier: 'Acme', prefix: '447', rate: '0.0500', currency: 'USD', increments: '60/60', profitable: null, sellRate: null }]);
    const text = ratedeck('lcr', '447700900123', '--customer', 'Cust', '--at', '2025-01-15');
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'Cust sells no rate for 447700900123 at 2025-01-15T00:00:00.000Z (its card starts later, or the plan blocks the code): profitability cannot be judged.',
    );
    expect(lines[3]).toMatch(/^Acme\s+447\s+0\.0500\s+USD\s+60\/60$/);
    expect(text.stdout).not.toContain('NO');
  });

  it('lcr --customer on a code the plan blocks: no sell rate, so nothing is judged', () => {
    const routes = JSON.parse(ratedeck('lcr', '882100000', '--customer', 'Cust', '--at', '2025-02-15', '--json').stdout) as Record<string, unknown>[];
    expect(routes).toEqual([expect.objectContaining({ carrier: 'Acme', prefix: '8821', profitable: null, sellRate: null })]);
  });

  it('lcr --customer with a sell rate: the text states it, and NO marks a real loss', () => {
    const json = JSON.parse(ratedeck('lcr', '447700900123', '--customer', 'Cust', '--at', '2025-02-15', '--json').stdout) as Record<string, unknown>[];
    expect(json).toEqual([expect.objectContaining({ carrier: 'Acme', rate: '0.0500', profitable: false, sellRate: '0.0400' })]);
    const lines = ratedeck('lcr', '447700900123', '--customer', 'Cust', '--at', '2025-02-15').stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Cust sells 447700900123 at 0.0400 USD; a route costing more is marked NO.');
    expect(lines[3]).toMatch(/^Acme\s+447\s+0\.0500\s+USD\s+60\/60\s+NO$/);
  });
});
