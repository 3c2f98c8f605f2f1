/**
 * Starts the deck worker pool many times in one process; exits 0 only if every start
 * went well. Run from the build: `node dist/scripts/pool-stress.js [--rounds 300]
 * [--seconds 30]` (--seconds ends it earlier on a slow machine; it prints the rounds done).
 *
 * Each round does one of two things, in turn:
 * - reads a small deck (the CSV and the XLSX sample by turns) through readDeck, which
 *   makes a pool of one thread, and checks the entry count;
 * - makes a pool of two threads and destroys it at a random time between 0.3 and 1.2
 *   times the last import's duration (about one worker start, whatever the machine's
 *   load), so that workers are terminated at every stage of loading their module. Before
 *   the workers stopped loading their file with require(esm), this aborted the process
 *   (exit 134) about once in 400 pools on a loaded two-core machine.
 * A crash of Node ends the process with its own code, which whoever runs this (CI,
 * test/worker-pool-stress.test.ts) sees as a non-zero exit.
 */
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { withDeckPool } from '../src/deck/pool/deck-pool.js';
import { readDeck } from '../src/deck/read-deck.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SMALL_DECKS = [
  { path: join(root, 'fixtures', 'sample-carrier.csv'), entries: 39 },
  { path: join(root, 'fixtures', 'sample-carrier.xlsx'), entries: 20 },
];
const EARLY_DESTROY_THREADS = 2;

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '300' }, seconds: { type: 'string', default: 'Infinity' } } });
const maxRounds = Number(values.rounds);
const maxSeconds = Number(values.seconds);
if (!Number.isInteger(maxRounds) || maxRounds < 1) {
  process.stderr.write(`pool-stress: --rounds must be a positive integer, e.g. --rounds 300; received "${values.rounds}".\n`);
  process.exit(2);
}
if (!(maxSeconds > 0)) {
  process.stderr.write(`pool-stress: --seconds must be a positive number, e.g. --seconds 30; received "${values.seconds}".\n`);
  process.exit(2);
}

const started = performance.now();
let imports = 0;
let earlyDestroys = 0;
let round = 0;
let importMilliseconds = 100;
for (; round < maxRounds && performance.now() - started < maxSeconds * 1000; round++) {
  if (round % 2 === 0) {
    const deck = SMALL_DECKS[(round / 2) % SMALL_DECKS.length]!;
    const importStarted = performance.now();
    const result = await readDeck(deck.path, { defaultIncrements: { initial: 60, subsequent: 60 }, defaultEffectiveFrom: 0 });
    if (result.entries.length !== deck.entries) {
      process.stderr.write(`pool-stress: round ${round} read ${result.entries.length} entries from ${deck.path}; expected ${deck.entries}.\n`);
      process.exit(1);
    }
    importMilliseconds = performance.now() - importStarted;
    imports++;
  } else {
    const destroyAfter = importMilliseconds * (0.3 + Math.random() * 0.9);
    await withDeckPool(EARLY_DESTROY_THREADS, round % 4 === 1 ? 'csv' : 'xlsx', () => sleep(destroyAfter));
    earlyDestroys++;
  }
}
process.stdout.write(JSON.stringify({ rounds: round, imports, earlyDestroys, milliseconds: Math.round(performance.now() - started) }) + '\n');
