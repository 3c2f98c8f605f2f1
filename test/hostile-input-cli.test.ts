import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratedeck, temporaryDirectory } from './provisioning-cli.js';

let dir: string;
let remove: () => void;
beforeAll(() => ({ dir, remove } = temporaryDirectory()));
afterAll(() => remove());

describe('read-only commands never create or convert a database', () => {
  const readOnly: string[][] = [
    ['carrier', 'list'],
    ['carrier', 'show', 'Acme'],
    ['customer', 'list'],
    ['customer', 'show', 'Globex'],
    ['deck', 'list', '--carrier', 'Acme'],
    ['deck', 'export', '--carrier', 'Acme', '--out', 'never-written.csv'],
    ['lookup', '--carrier', 'Acme', '447700900123'],
    ['lcr', '447700900123'],
    ['audit'],
    ['auth', 'check-ip', '10.0.0.1'],
  ];

  it.each(readOnly.map((args) => [args.join(' '), args]))('--db typo.db %s: NOT_FOUND (exit 3), and no file is created', (_name, args) => {
    const typo = join(dir, `typo-${args.join('-')}.db`);
    const result = ratedeck(typo, [...args, '--json']);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(`There is no database ${typo}`);
    expect((JSON.parse(result.stdout) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect(existsSync(typo)).toBe(false);
  });

  it('--db deck.csv carrier list: UNREADABLE_FILE (exit 2), and the CSV is left as it was', () => {
    const csv = join(dir, 'deck.csv');
    writeFileSync(csv, 'prefix,rate\n44,0.0100\n');
    const result = ratedeck(csv, ['carrier', 'list']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not a ratedeck database (not an SQLite file)');
    expect(readFileSync(csv, 'utf8')).toBe('prefix,rate\n44,0.0100\n');
  });

  it('--db deck.csv carrier add: a command that writes refuses a non-database too', () => {
    const csv = join(dir, 'deck-write.csv');
    writeFileSync(csv, 'prefix,rate\n44,0.0100\n');
    expect(ratedeck(csv, ['carrier', 'add', 'Acme']).status).toBe(2);
    expect(readFileSync(csv, 'utf8')).toBe('prefix,rate\n44,0.0100\n');
  });

  it('an SQLite file without the ratedeck schema: a read-only command refuses it as not a ratedeck database', () => {
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE notes (text TEXT)');
    db.close();
    const result = ratedeck(other, ['carrier', 'list']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not a ratedeck database (it has no ratedeck schema)');
  });

  it('a command that writes still creates a new database, and read-only commands then read it', () => {
    const fresh = join(dir, 'fresh.db');
    expect(ratedeck(fresh, ['carrier', 'add', 'Acme']).status).toBe(0);
    const list = ratedeck(fresh, ['carrier', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('Acme');
  });
});
