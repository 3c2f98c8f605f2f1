import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const CLI = resolve(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');
const directory = mkdtempSync(join(tmpdir(), 'ratedeck-node-flags-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

it('an import under `node --expose-gc` (a per-process flag workers refuse) reads the deck in the worker pool', () => {
  const database = join(directory, 'store.db');
  const run = (...args: string[]) => spawnSync(process.execPath, ['--expose-gc', CLI, '--db', database, ...args], { encoding: 'utf8', timeout: 60_000 });
  expect(run('carrier', 'add', 'Acme').status).toBe(0);
  const imported = run('deck', 'import', resolve(import.meta.dirname, '..', 'fixtures', 'sample-carrier.csv'), '--carrier', 'Acme', '--dry-run', '--json');
  expect(imported.stderr).toBe('');
  expect(imported.status).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({ entries: 39, errors: [] });
});
