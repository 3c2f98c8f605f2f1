import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';

const repoRoot = resolve(import.meta.dirname, '..');
const CLI = join(repoRoot, 'dist', 'src', 'cli', 'main.js');
const JAN = Date.UTC(2025, 0, 1);
const MAR = Date.UTC(2025, 2, 1);

function entry(prefix: string, rate: string, destination: string, from = JAN, to: number | null = null): RateEntry {
  return { prefix, destination, rate, connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: from, effectiveTo: to };
}

let directory: string;
let database: string;

function ratedeck(args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, '--db', database, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const jsonLines = (stdout: string): Record<string, unknown>[] => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(() => {
  // The built CLI is what users run (`npx tsc -p .` first).
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-lookup-cli-'));
  database = join(directory, 'store.db');
  const db = openDatabase(database);
  writeTransaction(db, () => {
    const carrier = addCarrier(db, { name: 'Acme Telecom', currency: 'USD', hosts: [] });
    const cardId = cardIdFor(db, 'carrier', carrier.id, true)!;
    writeRevision(db, cardId, { mode: 'full' }, entryTableFrom([
      entry('44', '0.0100', 'United Kingdom'),
      entry('447', '0.0500', 'United Kingdom Mobile'),
      entry('4477', '0.0700', 'United Kingdom Mobile Vodafone', MAR),
      entry('1212', '0.0040', 'United States New York', JAN, MAR),
      entry('1', '0.0090', 'United States'),
    ]));
    addCarrier(db, { name: 'Empty', currency: 'USD', hosts: [] });
    db.prepare("INSERT INTO customers (name, name_key, currency, created_at) VALUES ('Bob Reseller', 'bob reseller', 'USD', 0)").run();
  });
  db.close();
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('ratedeck lookup', () => {
  it('prints an aligned table for numbers given as arguments', () => {
    const { status, stdout } = ratedeck(['lookup', '--carrier', 'acme telecom', '--at', '2025-02-01', '+44 7700 900123', '1 (212) 555-0100']);
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^number\s+prefix\s+destination\s+rate\s+connection fee\s+increments\s+effective from\s+effective to$/);
    expect(lines[2]).toMatch(/^\+44 7700 900123\s+447\s+United Kingdom Mobile\s+0\.0500\s+0\s+60\/60\s+2025-01-01T00:00:00\.000Z$/);
    expect(lines[3]).toMatch(/^1 \(212\) 555-0100\s+1212\s+United States New York\s+0\.0040/);
    // Aligned: every row's rate starts in the same column as the header's.
    expect(lines[2]!.indexOf('0.0500')).toBe(lines[0]!.indexOf('rate'));
  });

  it('4477 starting in March does not shadow 447 in February, and wins from March on', () => {
    const february = jsonLines(ratedeck(['lookup', '--carrier', 'Acme Telecom', '--json', '--at', '2025-02-01', '447700900123']).stdout);
    const march = jsonLines(ratedeck(['lookup', '--carrier', 'Acme Telecom', '--json', '--at', '2025-03-01T00:00:00Z', '447700900123']).stdout);
    expect(february[0]).toMatchObject({ prefix: '447', rate: '0.0500' });
    expect(march[0]).toEqual({
      number: '447700900123',
      prefix: '4477',
      destination: 'United Kingdom Mobile Vodafone',
      rate: '0.0700',
      connectionFee: '0',
      increments: '60/60',
      effectiveFrom: '2025-03-01T00:00:00.000Z',
      effectiveTo: null,
    });
  });

  it('--json: a match, no match and a malformed number, one object per line; exit 1 for the malformed one', () => {
    const { status, stdout } = ratedeck(['lookup', '--carrier', 'Acme Telecom', '--json', '--at', '2025-02-01', '12125550100', '33142868200', '44 77OO']);
    expect(status).toBe(1);
    const [match, none, bad] = jsonLines(stdout);
    expect(match).toMatchObject({ number: '12125550100', prefix: '1212', effectiveTo: '2025-03-01T00:00:00.000Z' });
    expect(none).toEqual({ number: '33142868200', prefix: null });
    expect(bad).toEqual({ number: '44 77OO', error: expect.stringMatching(/"O" at position 6 is not a digit/) });
  });

  it('numbers piped on stdin, one per line with CRLF, come out in order, one line each', () => {
    const numbers = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `4477${String(i).padStart(8, '0')}` : i % 3 === 1 ? `1212${i}` : `9${i}`));
    const { status, stdout } = ratedeck(['lookup', '--carrier', 'Acme Telecom', '--json', '--at', '2025-04-01'], numbers.join('\r\n') + '\r\n');
    expect(status).toBe(0);
    const lines = jsonLines(stdout);
    expect(lines).toHaveLength(numbers.length);
    expect(lines.map((line) => line.number)).toEqual(numbers);
    expect(lines[0]).toMatchObject({ prefix: '4477' });
    expect(lines[1]).toMatchObject({ prefix: '1' }); // 1212 ended on 1 March
    expect(lines[2]).toEqual({ number: '92', prefix: null });
  });

  it('a blank line on stdin is skipped: no output line, exit 0; surrounding spaces and tabs are trimmed', () => {
    const input = '4477\n\n  49 \n \t \r\n\t1212\r\n\n';
    const json = ratedeck(['lookup', '--carrier', 'Acme Telecom', '--json', '--at', '2025-02-01'], input);
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    expect(jsonLines(json.stdout)).toEqual([
      expect.objectContaining({ number: '4477', prefix: '447' }),
      { number: '49', prefix: null },
      expect.objectContaining({ number: '1212', prefix: '1212' }),
    ]);
    const text = ratedeck(['lookup', '--carrier', 'Acme Telecom', '--at', '2025-02-01'], input);
    expect(text.status).toBe(0);
    const rows = text.stdout.trimEnd().split('\n').slice(2);
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['4477', '49', '1212']);
  });

  it('text output for piped numbers stays aligned past the first rows', () => {
    // Widths come from the first 1000 rows; the later, shorter rows pad to them.
    const numbers = Array.from({ length: 1500 }, (_, i) => (i < 1200 ? '447700900123' : '442079460000'));
    const { stdout } = ratedeck(['lookup', '--carrier', 'Acme Telecom', '--at', '2025-02-01'], numbers.join('\n'));
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1502);
    expect(lines[1501]).toMatch(/^442079460000\s+44\s+United Kingdom\s+0\.0100/);
    expect(lines[1501]!.indexOf('0.0100')).toBe(lines[0]!.indexOf('rate'));
  });

  it('an unknown carrier is NOT_FOUND (exit 3); a carrier without a card says how to get one', () => {
    expect(ratedeck(['lookup', '--carrier', 'Nobody', '44']).status).toBe(3);
    const empty = ratedeck(['lookup', '--carrier', 'Empty', '44']);
    expect(empty.status).toBe(3);
    expect(empty.stderr).toMatch(/carrier Empty has no rate card yet; import a deck with `ratedeck deck import/);
  });

  it('a customer without a sell card is a clear NOT_FOUND pointing at ratedeck price', () => {
    const { status, stderr } = ratedeck(['lookup', '--customer', 'bob reseller', '44']);
    expect(status).toBe(3);
    expect(stderr).toContain('customer Bob Reseller has no sell rate card yet; build one with `ratedeck price`');
  });

  it('needs exactly one of --carrier and --customer, and a real --at (exit 64)', () => {
    expect(ratedeck(['lookup', '44']).status).toBe(64);
    expect(ratedeck(['lookup', '--carrier', 'Acme Telecom', '--customer', 'bob reseller', '44']).status).toBe(64);
    const badTime = ratedeck(['lookup', '--carrier', 'Acme Telecom', '--at', 'yesterday', '44']);
    expect(badTime.status).toBe(64);
    expect(badTime.stderr).toMatch(/--at: "yesterday" is not a time/);
  });

  it('the first lookup stores the card snapshot; later ones read it', () => {
    ratedeck(['lookup', '--carrier', 'Acme Telecom', '44']);
    const db = openDatabase(database);
    const row = db.prepare('SELECT revision_id AS revision, length(data) AS bytes FROM snapshots').get() as { revision: number; bytes: number };
    db.close();
    expect(row.revision).toBe(1);
    expect(row.bytes).toBeGreaterThan(100);
  });

  it('lookup --db typo.db exits 3 saying there is no database, and creates none', () => {
    const missing = join(directory, 'typo.db');
    const result = spawnSync(process.execPath, [CLI, '--db', missing, 'lookup', '--carrier', 'Acme Telecom', '44'], { encoding: 'utf8' });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/^ratedeck: There is no database .*typo\.db; give the right --db/);
    expect(existsSync(missing)).toBe(false);
  });
});
