import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ratedeck, root } from './provisioning-cli.js';

let dir: string;
let fresh = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratedeck-deck-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function newDb(): string {
  const db = join(dir, `deck-${fresh++}.db`);
  expect(ratedeck(db, ['carrier', 'add', 'Acme']).status).toBe(0);
  return db;
}

function deck(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

function exported(db: string, at: string): string[] {
  const result = ratedeck(db, ['deck', 'export', '--carrier', 'Acme', '--at', at]);
  expect(result.status).toBe(0);
  return result.stdout.trim().split('\n').slice(1);
}

describe('deck import through the CLI', () => {
  it('a full deck ends the codes it no longer lists at its earliest date; a partial one leaves them', () => {
    const db = newDb();
    const january = deck('jan.csv', ['prefix,rate,effective date', '44,0.0100,2025-01-01', '33,0.0200,2025-01-01']);
    const march = deck('mar.csv', ['prefix,rate,effective date', '44,0.0150,2025-03-01']);
    expect(ratedeck(db, ['deck', 'import', january, '--carrier', 'Acme']).status).toBe(0);
    expect(ratedeck(db, ['deck', 'import', march, '--carrier', 'Acme', '--partial']).status).toBe(0);
    expect(exported(db, '2025-04-01')).toEqual(['33,,0.0200,0,60/60,2025-01-01T00:00:00.000Z,', '44,,0.0150,0,60/60,2025-03-01T00:00:00.000Z,']);
    expect(ratedeck(db, ['deck', 'import', march, '--carrier', 'Acme']).status).toBe(0);
    expect(exported(db, '2025-02-01')).toEqual([
      '33,,0.0200,0,60/60,2025-01-01T00:00:00.000Z,2025-03-01T00:00:00.000Z',
      '44,,0.0100,0,60/60,2025-01-01T00:00:00.000Z,2025-03-01T00:00:00.000Z',
    ]);
    expect(exported(db, '2025-04-01')).toEqual(['44,,0.0150,0,60/60,2025-03-01T00:00:00.000Z,']);
    const revisions = JSON.parse(ratedeck(db, ['deck', 'list', '--carrier', 'Acme', '--json']).stdout) as { revision: number; mode: string }[];
    expect(revisions.map((r) => [r.revision, r.mode])).toEqual([
      [1, 'full'],
      [2, 'partial'],
      [3, 'full'],
    ]);
  });

  it('rows without a date take --effective and --increments', () => {
    const db = newDb();
    const plain = deck('plain.csv', ['code;price', '4477;0,089']);
    expect(ratedeck(db, ['deck', 'import', plain, '--carrier', 'Acme', '--effective', '2025-05-01T12:00:00Z', '--increments', '30/6']).status).toBe(0);
    expect(exported(db, '2025-06-01')).toEqual(['4477,,0.089,0,30/6,2025-05-01T12:00:00.000Z,']);
    expect(exported(db, '2025-05-01T11:59:59Z')).toEqual([]);
  });

  it('--dry-run commits nothing and fails like the import would on row errors', () => {
    const db = newDb();
    const bad = deck('bad.csv', ['prefix,rate', '44,0.01', '4x,0.02']);
    const good = deck('good.csv', ['prefix,rate', '44,0.01']);
    const failed = ratedeck(db, ['deck', 'import', bad, '--carrier', 'Acme', '--dry-run', '--json']);
    expect(failed.status).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ committed: false, entries: 1, errors: [{ row: 3, value: '4x' }] });
    expect(ratedeck(db, ['deck', 'import', good, '--carrier', 'Acme', '--dry-run']).status).toBe(0);
    expect(JSON.parse(ratedeck(db, ['deck', 'list', '--carrier', 'Acme', '--json']).stdout)).toEqual([]);
    const skipped = ratedeck(db, ['deck', 'import', bad, '--carrier', 'Acme', '--skip-invalid', '--json']);
    expect(skipped.status).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ committed: true, revision: 1, entries: 1 });
  });

  it('a text file named .xlsx is refused as not a workbook, exit 2, in one sentence', () => {
    const db = newDb();
    const fake = deck('rates.xlsx', ['prefix,rate', '44,0.01']);
    const result = ratedeck(db, ['deck', 'import', fake, '--carrier', 'Acme']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/rates\.xlsx is named as an Excel workbook but is not one/);
  });

  it('an unknown --sheet is a usage error that lists the sheets', () => {
    const db = newDb();
    const result = ratedeck(db, ['deck', 'import', join(root, 'fixtures', 'sample-carrier.xlsx'), '--carrier', 'Acme', '--sheet', 'Pricing']);
    expect(result.status).toBe(64);
    expect(result.stderr).toContain('--sheet: ');
    expect(result.stderr).toContain('its sheets are 1. "Cover", 2. "Rates"');
  });

  it('an export that cannot be written is one sentence and exit 2', () => {
    const db = newDb();
    expect(ratedeck(db, ['deck', 'import', join(root, 'fixtures', 'sample-carrier.csv'), '--carrier', 'Acme']).status).toBe(0);
    const result = ratedeck(db, ['deck', 'export', '--carrier', 'Acme', '--out', join(dir, 'missing', 'x.csv')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^ratedeck: Cannot write .*missing\/x\.csv/);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('--db works after the command and $RATEDECK_DB without it; option errors are JSON with --json', () => {
    const db = join(dir, 'env.db');
    const env = { ...process.env, RATEDECK_DB: db };
    expect(spawnSync(process.execPath, [cli, 'carrier', 'add', 'Envy'], { env, encoding: 'utf8' }).status).toBe(0);
    const listed = spawnSync(process.execPath, [cli, 'carrier', 'list', '--json', '--db', db], { encoding: 'utf8' });
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((c) => c.name)).toEqual(['Envy']);
    const usage = spawnSync(process.execPath, [cli, '--json', 'carrier', 'add', 'X', '--frob'], { env, encoding: 'utf8' });
    expect(usage.status).toBe(64);
    expect(JSON.parse(usage.stdout)).toEqual({ error: { code: 'BAD_OPTION', message: "unknown option '--frob'" } });
  });
});
