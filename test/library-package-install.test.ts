import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTableFrom } from '../src/model/entry-table.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';

/**
 * Issue 9: `import 'ratedeck'` from a project outside the repository, installed the ways the
 * README's library section gives. The package is packed for real (`npm pack`, as a release
 * or `npm install <tarball>` takes it) and laid out in the project's node_modules as npm
 * installs it; its dependencies are linked from this checkout's node_modules (installing them
 * from the registry would need the network and a native build of better-sqlite3). Needs the
 * built dist/ (`npx tsc -p .` first).
 */

const repoRoot = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string> };

const BILLING_JOB = `
import { openRatedeck, isRatedeckError } from 'ratedeck';
const store = openRatedeck(process.argv[2]);
try {
  const card = store.carrierCard('Acme');
  console.log(JSON.stringify({ entry: card.lookup('+44 7700 900123'), number: card.lookup(447700900123)?.prefix }));
} finally {
  store.close();
}
try {
  openRatedeck(process.argv[2] + '.typo');
} catch (error) {
  console.log(JSON.stringify({ typed: isRatedeckError(error), code: error.code }));
}
`;

let directory: string;
let database: string;

function project(name: string): string {
  const root = join(directory, name);
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, private: true, type: 'module', dependencies: { ratedeck: manifest.version } }));
  writeFileSync(join(root, 'billing-job.mjs'), BILLING_JOB);
  return root;
}

function runJob(root: string): { status: number | null; lines: unknown[]; stderr: string } {
  const result = spawnSync(process.execPath, ['billing-job.mjs', database], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const lines = result.stdout.trim() === '' ? [] : result.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
  return { status: result.status, lines, stderr: result.stderr };
}

const EXPECTED = [
  { entry: expect.objectContaining({ prefix: '4477', rate: '0.0700', interRate: null }), number: '4477' },
  { typed: true, code: 'NOT_FOUND' },
];

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-package-'));
  database = join(directory, 'store.db');
  const db = openDatabase(database);
  writeTransaction(db, () => {
    const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
    const entry = { destination: null, connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: 0, effectiveTo: null };
    writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full' }, entryTableFrom([{ ...entry, prefix: '44', rate: '0.0100' }, { ...entry, prefix: '4477', rate: '0.0700' }]));
  });
  db.close();
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe("import 'ratedeck' from a project outside the repository", () => {
  it('npm pack, then the tarball unpacked into node_modules/ratedeck: the billing job imports it through "exports"', () => {
    // --ignore-scripts: the "prepare" build would rewrite dist/ under the other tests' feet; dist/ is built already.
    const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', directory], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect(packed.status, packed.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const paths = files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js']));

    const root = project('tarball-project');
    const installed = join(root, 'node_modules', 'ratedeck');
    mkdirSync(installed);
    const unpacked = spawnSync('tar', ['-xzf', join(directory, filename), '-C', installed, '--strip-components=1']);
    expect(unpacked.status, String(unpacked.stderr)).toBe(0);
    for (const dependency of Object.keys(manifest.dependencies)) {
      mkdirSync(join(root, 'node_modules', dependency, '..'), { recursive: true });
      symlinkSync(realpathSync(join(repoRoot, 'node_modules', dependency)), join(root, 'node_modules', dependency));
    }
    const job = runJob(root);
    expect(job.stderr).toBe('');
    expect(job.lines).toEqual(EXPECTED);
  });

  it('npm link (or npm install /path/to/ratedeck): node_modules/ratedeck a symlink to the checkout imports the built dist/', () => {
    const root = project('linked-project');
    symlinkSync(repoRoot, join(root, 'node_modules', 'ratedeck'));
    const job = runJob(root);
    expect(job.stderr).toBe('');
    expect(job.lines).toEqual(EXPECTED);
  });
});
