import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..');
const CLI = join(repoRoot, 'dist', 'src', 'cli', 'main.js');

let directory: string;
let database: string;

function ratedeck(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, '--db', database, ...args], { encoding: 'utf8' });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function json(...args: string[]): unknown {
  const result = ratedeck(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

function file(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const PLAN = {
  precision: 4,
  rounding: 'up',
  minMargin: '0.0010',
  exchangeRates: { EUR: '1.1000' },
  default: { percent: '20' },
  rules: [
    { prefix: '447', percent: '10', add: '0.0020' },
    { prefix: '882', block: true },
  ],
};

beforeAll(() => {
  // The built CLI is what users run (`npx tsc -p .` first).
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-pricing-cli-'));
  database = join(directory, 'store.db');
  expect(ratedeck('carrier', 'add', 'Acme').status).toBe(0);
  expect(ratedeck('carrier', 'add', 'Euro Tel', '--currency', 'EUR').status).toBe(0);
  expect(ratedeck('customer', 'add', 'Globex', '--currency', 'USD').status).toBe(0);
  const acme = file('acme.csv', 'Destination,Prefix,Rate\nUnited Kingdom,44,0.0100\nUK Mobile,447,0.0500\nSatellite,8821,1.0000\n');
  const euro = file('euro.csv', 'Destination,Prefix,Rate\nUnited Kingdom,44,0.0200\nUK Vodafone,4477,0.0200\nFrance,33,0.0100\n');
  expect(ratedeck('deck', 'import', acme, '--carrier', 'Acme', '--effective', '2025-01-01').status).toBe(0);
  expect(ratedeck('deck', 'import', euro, '--carrier', 'Euro Tel', '--effective', '2025-01-01').status).toBe(0);
  file('plan.json', JSON.stringify(PLAN));
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('ratedeck price, lookup --customer and lcr, end to end', () => {
  it('price --json prints the summary of the new revision', () => {
    const summary = json('price', '--customer', 'Globex', '--plan', join(directory, 'plan.json'), '--carrier', 'Acme', '--carrier', 'Euro Tel', '--at', '2025-02-01', '--effective', '2025-02-01');
    expect(summary).toEqual({ customer: 'Globex', revision: 1, entries: 4, blocked: 1, belowCost: [], incrementWarnings: [], unmatchedRules: [] });
  });

  it('lookup --customer answers from the sell card: 4477 priced from Euro Tel’s own 4477, not Acme’s 447', () => {
    const result = ratedeck('lookup', '--customer', 'Globex', '--json', '--at', '2025-02-02', '447700900123', '447800900123', '33140000000');
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    // 4477: Euro Tel 0.0200 EUR = 0.022 USD beats Acme's 447 at 0.05; rule 447: 0.022 × 1.1 + 0.002 = 0.0262.
    expect(lines[0]).toMatchObject({ prefix: '4477', rate: '0.0262', destination: 'UK Vodafone' });
    // 4478…: the sell card's 447, Acme 0.05 vs Euro Tel's own 44 at 0.022: 0.0262 again, sold under Acme's name.
    expect(lines[1]).toMatchObject({ prefix: '447', rate: '0.0262', destination: 'UK Mobile' });
    // 33: 0.01 EUR = 0.011 × 1.2 = 0.0132.
    expect(lines[2]).toMatchObject({ prefix: '33', rate: '0.0132' });
  });

  it('lcr --customer marks carriers dearer than the sell rate unprofitable', () => {
    const routes = json('lcr', '447800900123', '--customer', 'Globex', '--at', '2025-02-02');
    expect(routes).toEqual([
      { carrier: 'Euro Tel', prefix: '44', rate: '0.022', currency: 'USD', increments: '60/60', profitable: true, sellRate: '0.0262' },
      { carrier: 'Acme', prefix: '447', rate: '0.0500', currency: 'USD', increments: '60/60', profitable: false, sellRate: '0.0262' },
    ]);
  });

  it('lcr without a customer needs --currency and --rate when carriers differ, and names the missing rate', () => {
    const missing = ratedeck('lcr', '4420', '--currency', 'USD');
    expect(missing.status).toBe(64);
    expect(missing.stderr).toContain('Carrier "Euro Tel" prices in EUR: give --rate EUR=<USD per EUR>');
    const routes = json('lcr', '4420', '--currency', 'USD', '--rate', 'EUR=1.0850') as { carrier: string; rate: string }[];
    expect(routes.map((route) => [route.carrier, route.rate])).toEqual([
      ['Acme', '0.0100'],
      ['Euro Tel', '0.0217'],
    ]);
  });

  it('price --rebuild-stale rebuilds after a carrier import; calls before it keep the old rates', () => {
    expect(json('price', '--rebuild-stale')).toEqual({ rebuilt: [], upToDate: ['Globex'] });
    const cheaper = file('euro-2.csv', 'Destination,Prefix,Rate\nUnited Kingdom,44,0.0200\nUK Vodafone,4477,0.0100\nFrance,33,0.0100\n');
    expect(ratedeck('deck', 'import', cheaper, '--carrier', 'Euro Tel', '--effective', '2025-03-01').status).toBe(0);
    const rebuilt = json('price', '--rebuild-stale') as { rebuilt: { customer: string; revision: number; staleCarriers: string[] }[] };
    expect(rebuilt.rebuilt).toMatchObject([{ customer: 'Globex', revision: 2, staleCarriers: ['Euro Tel'] }]);
    const now = ratedeck('lookup', '--customer', 'Globex', '--json', '447700900123');
    // 0.01 EUR = 0.011 × 1.1 + 0.002 = 0.0141.
    expect(JSON.parse(now.stdout)).toMatchObject({ prefix: '4477', rate: '0.0141' });
    const before = ratedeck('lookup', '--customer', 'Globex', '--json', '--at', '2025-02-02', '447700900123');
    expect(JSON.parse(before.stdout)).toMatchObject({ prefix: '4477', rate: '0.0262' });
  });

  it.each([
    [['--plan', 'number-plan.json', '--carrier', 'Acme'], 64, 'number-plan.json: default.percent: expected a decimal string such as "15", got 20.'],
    [['--plan', 'plan.json', '--carrier', 'Nobody'], 3, 'No carrier named "Nobody"'],
    [['--plan', 'plan.json', '--carrier', 'Acme', '--compact', 'median'], 64, '--compact "median": expected one of min, max, avg'],
    [['--plan', 'no-rate-plan.json', '--carrier', 'Euro Tel'], 64, 'exchangeRates.EUR: expected the USD value of one EUR'],
    [['--plan', 'missing.json', '--carrier', 'Acme'], 2, 'Cannot read plan'],
    [['--plan', 'missing.json', '--carrier', 'Acme'], 2, 'missing.json: there is no such file; check --plan.'],
    [['--carrier', 'Acme'], 64, '--plan <file> is required'],
    [['--plan', 'plan.json', '--carrier', 'Acme', '--at', '2024-06-01'], 1, "Nothing to sell: the carriers' cards have no entry in force at 2024-06-01T00:00:00.000Z"],
  ])('price %j exits %i: %s', (args, status, message) => {
    file('number-plan.json', JSON.stringify({ precision: 4, rounding: 'up', default: { percent: 20 } }));
    file('no-rate-plan.json', JSON.stringify({ precision: 4, rounding: 'up' }));
    const resolved = args.map((arg) => (arg.endsWith('.json') ? join(directory, arg) : arg));
    const result = ratedeck('price', '--customer', 'Globex', ...resolved);
    expect(result.status).toBe(status);
    expect(result.stderr).toContain(message);
  });
});

describe('price: careless plans', () => {
  it('a missing plan file names the file and says it does not exist, with no raw ENOENT', () => {
    const result = ratedeck('price', '--customer', 'Globex', '--plan', join(directory, 'nowhere.json'), '--carrier', 'Acme', '--json');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`ratedeck: Cannot read plan ${join(directory, 'nowhere.json')}: there is no such file; check --plan.\n`);
    expect(result.stderr).not.toContain('ENOENT');
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'UNREADABLE_FILE', file: join(directory, 'nowhere.json') } });
  });

  it('a plan giving "percent" twice is refused through the CLI, naming line and column', () => {
    const plan = file('twice.json', '{"precision": 4, "rounding": "up",\n "default": {"percent": "20", "percent": "2"}}');
    const result = ratedeck('price', '--customer', 'Globex', '--plan', plan, '--carrier', 'Acme');
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('twice.json, line 2 column 31: the key "percent" is given twice in default');
  });

  it('for a JPY customer the missing exchange rate is shown in JPY per USD, not {"USD": "1.0850"}', () => {
    expect(ratedeck('customer', 'add', 'Nippon', '--currency', 'JPY').status).toBe(0);
    const plan = file('jpy-plan.json', JSON.stringify({ precision: 2, rounding: 'up' }));
    const result = ratedeck('price', '--customer', 'Nippon', '--plan', plan, '--carrier', 'Acme', '--at', '2025-02-01');
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('exchangeRates.USD: expected the JPY value of one USD, written {"USD": "<JPY per 1 USD>"} (carrier "Acme" prices in USD, customer in JPY)');
    expect(result.stderr).not.toContain('1.0850');
  });

  it('a rule that matches no code is listed in the summary, text and --json, as a warning', () => {
    const plan = file(
      'typo-plan.json',
      JSON.stringify({ precision: 4, rounding: 'up', exchangeRates: { EUR: '1.1000' }, default: { percent: '20' }, rules: [{ prefix: '4470', percent: '5' }, { prefix: '447', percent: '10' }, { destination: '*Satelite*', percent: '50' }] }),
    );
    const args = ['price', '--customer', 'Globex', '--plan', plan, '--carrier', 'Acme', '--at', '2025-02-01', '--effective', '2025-02-01'];
    const summary = json(...args) as { unmatchedRules: unknown[] };
    expect(summary.unmatchedRules).toEqual([
      { path: 'rules[0]', prefix: '4470' },
      { path: 'rules[2]', destination: '*Satelite*' },
    ]);
    const text = ratedeck(...args);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('2 rules matched no code (check the prefix or pattern):\n    rules[0]: prefix 4470\n    rules[2]: destination "*Satelite*"');
  });
});
