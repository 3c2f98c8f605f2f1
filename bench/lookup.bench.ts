/**
 * `npm run bench:lookup`: longest-prefix lookups on synthetic decks of 10k,
 * 100k and 1M prefixes, 1M dialled numbers each (about 90% match), in one
 * run: the trie, a Map probed longest-first (the naive baseline) and
 * mnemonist's TrieMap; build and snapshot load times, bytes per prefix; the
 * HTTP service against a bare node:http server; a cold `ratedeck lookup`
 * against `node -e 0`. Prints a table and writes bench/results/lookup.json.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrieMap as TrieMapClass } from 'mnemonist';
import { Bench } from 'tinybench';
import { isInForce, type RateEntry } from '../src/model/rate-entry.js';
import { entryAt } from '../src/model/entry-table.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { buildPrefixTrie } from '../src/trie/build-prefix-trie.js';
import { loadCardTrie, readStoredTrie } from '../src/cards/card-trie-loader.js';
import { decodeTrieSnapshot, encodeTrieSnapshot } from '../src/trie/trie-snapshot.js';
import { startLookupServer } from '../src/server/lookup-server.js';
import { getRequest, postJsonRequest, runHttpLoad } from './lib/http-load.js';
import { LOOKUP_TIME, lookupDeck, lookupNumbers, type LookupDeck } from './lib/lookup-decks.js';
import { NaivePrefixMap } from './lib/naive-prefix-map.js';

const SIZES = (process.env.BENCH_LOOKUP_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const NUMBERS = 1_000_000;
/** Lookups per tinybench iteration, taken in turn from the 1M numbers. */
const BATCH = 10_000;
/** Alternating measurement rounds per deck; medians are reported. */
const ROUNDS = 5;
const HTTP_CONNECTIONS = 16;
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const POST_BATCH = 1000;
const COLD_RUNS = 7;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface DeckResult {
  prefixes: number;
  entries: number;
  matchedShare: number;
  trie: { opsPerSec: number; bytesPerPrefix: number; buildMs: number; snapshotLoadMs: number; snapshotDecodeMs: number; snapshotBytes: number; nodes: number };
  naiveMap: { opsPerSec: number };
  mnemonist: { opsPerSec: number };
  trieVsNaive: number;
}

// mnemonist is CommonJS whose typings claim a default export; require gives the class itself.
const TrieMap = createRequire(import.meta.url)('mnemonist/trie-map.js') as typeof TrieMapClass;
const SENTINEL = String.fromCharCode(0);

/** Longest prefix through mnemonist's own structure: its root object, one property per character. */
function mnemonistLookup(root: Record<string, unknown>, digits: string, at: number, candidates: RateEntry[][]): RateEntry | null {
  let node = root;
  let count = 0;
  for (let i = 0; i < digits.length; i++) {
    node = node[digits[i]!] as Record<string, unknown>;
    if (node === undefined) break;
    const entries = node[SENTINEL] as RateEntry[] | undefined;
    if (entries !== undefined) candidates[count++] = entries;
  }
  while (count > 0) {
    let best: RateEntry | null = null;
    for (const entry of candidates[--count]!) if (isInForce(entry, at) && (best === null || entry.effectiveFrom >= best.effectiveFrom)) best = entry;
    if (best) return best;
  }
  return null;
}

function key(entry: RateEntry | null): string {
  return entry ? `${entry.prefix} ${entry.rate} ${entry.effectiveFrom}` : 'none';
}

function timeIt<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function benchDeck(size: number, directory: string): Promise<DeckResult> {
  const deck = lookupDeck(size);
  const numbers = lookupNumbers(deck, NUMBERS);

  // Build twice, keep the faster: the first pays for compiling the builder.
  const builds = [timeIt(() => buildPrefixTrie(deck.table)), timeIt(() => buildPrefixTrie(deck.table))];
  const trie = builds[1]!.value;
  const bytes = encodeTrieSnapshot(trie, { cardId: 1, revisionId: 1 });
  const decodeMs = median([1, 2, 3, 4, 5].map(() => timeIt(() => decodeTrieSnapshot(bytes)).ms));
  const snapshotLoadMs = snapshotLoadFromSqlite(deck, directory);

  const naive = new NaivePrefixMap(deck.table);
  const mnemonist = new TrieMap<string, RateEntry[]>();
  for (let i = 0; i < deck.table.length; i++) {
    const entry = entryAt(deck.table, i);
    const list = mnemonist.get(entry.prefix);
    if (list) list.push(entry);
    else mnemonist.set(entry.prefix, [entry]);
  }
  const mnemonistRoot = (mnemonist as unknown as { root: Record<string, unknown> }).root;
  const candidates: RateEntry[][] = [];

  // All three must agree on every number before their speed means anything.
  let matched = 0;
  for (const number of numbers) {
    const index = trie.lookup(number, LOOKUP_TIME);
    const expected = naive.lookup(number, LOOKUP_TIME);
    const other = mnemonistLookup(mnemonistRoot, number, LOOKUP_TIME, candidates);
    const actual = index === -1 ? null : trie.entry(index, number);
    if (key(actual) !== key(expected) || key(other) !== key(expected)) {
      throw new Error(`The lookups disagree on ${number}`);
    }
    if (expected) matched++;
  }

  // Rounds alternate the three (tinybench runs a bench's tasks one after the
  // other): a neighbour's burst of load on this shared machine then lands on
  // all of them, and the trie/Map ratio is taken within each round.
  const cursors = { trie: 0, naive: 0, mnemonist: 0 };
  let sink = 0;
  const rounds: Record<string, number>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: 500, warmupTime: round === 0 ? 500 : 100 });
    bench
      .add('trie', () => {
        let at = cursors.trie;
        for (let i = 0; i < BATCH; i++, at = at + 1 === NUMBERS ? 0 : at + 1) sink += trie.lookup(numbers[at]!, LOOKUP_TIME);
        cursors.trie = at;
      })
      .add('naive Map', () => {
        let at = cursors.naive;
        for (let i = 0; i < BATCH; i++, at = at + 1 === NUMBERS ? 0 : at + 1) if (naive.lookup(numbers[at]!, LOOKUP_TIME)) sink++;
        cursors.naive = at;
      })
      .add('mnemonist TrieMap', () => {
        let at = cursors.mnemonist;
        for (let i = 0; i < BATCH; i++, at = at + 1 === NUMBERS ? 0 : at + 1) if (mnemonistLookup(mnemonistRoot, numbers[at]!, LOOKUP_TIME, candidates)) sink++;
        cursors.mnemonist = at;
      });
    await bench.run();
    const opsPerSec: Record<string, number> = {};
    for (const task of bench.tasks) {
      const period = (task.result as { period?: number }).period;
      if (!period) throw new Error(`${task.name} did not complete`);
      opsPerSec[task.name] = (BATCH / period) * 1000;
    }
    rounds.push(opsPerSec);
  }
  if (sink === 0.5) console.log('unreachable');
  const medianOf = (name: string): number => Math.round(median(rounds.map((round) => round[name]!)));
  const trieOps = medianOf('trie');
  const naiveOps = medianOf('naive Map');
  const trieVsNaive = median(rounds.map((round) => round.trie! / round['naive Map']!));
  return {
    prefixes: trie.prefixCount,
    entries: trie.entryCount,
    matchedShare: matched / NUMBERS,
    trie: {
      opsPerSec: trieOps,
      bytesPerPrefix: Number((trie.byteLength / trie.prefixCount).toFixed(2)),
      buildMs: Math.round(Math.min(builds[0]!.ms, builds[1]!.ms)),
      snapshotLoadMs: Number(snapshotLoadMs.toFixed(1)),
      snapshotDecodeMs: Number(decodeMs.toFixed(3)),
      snapshotBytes: bytes.byteLength,
      nodes: trie.nodeCount,
    },
    naiveMap: { opsPerSec: naiveOps },
    mnemonist: { opsPerSec: medianOf('mnemonist TrieMap') },
    trieVsNaive: Number(trieVsNaive.toFixed(2)),
  };
}

/**
 * Stores the deck as a card and lets the loader write its snapshot; then, on
 * a fresh connection as a new process would have, times loading it back
 * (the SQLite read of the blob plus the decode).
 */
function snapshotLoadFromSqlite(deck: LookupDeck, directory: string): number {
  const path = join(directory, `snapshot-${deck.prefixes.length}.db`);
  const writer = openDatabase(path);
  const cardId = createCard(writer, 'Bench', deck);
  const revisionId = loadCardTrie(writer, 'carrier', 1)!.revision.id;
  writer.close();
  const db = openDatabase(path);
  try {
    return median([1, 2, 3, 4, 5].map(() => timeIt(() => readStoredTrie(db, cardId, revisionId)).ms));
  } finally {
    db.close();
  }
}

/** The card the service and the CLI are measured on; returns numbers to ask for (the deck itself is let go). */
function storeServiceCard(databasePath: string, prefixes: number): string[] {
  const deck = lookupDeck(prefixes);
  const db = openDatabase(databasePath);
  createCard(db, 'Bench', deck);
  loadCardTrie(db, 'carrier', 1);
  db.close();
  return lookupNumbers(deck, 20_000, 0.9, 7);
}

function createCard(db: ReturnType<typeof openDatabase>, name: string, deck: LookupDeck): number {
  return writeTransaction(db, () => {
    const carrier = addCarrier(db, { name, currency: 'USD', hosts: [] });
    const cardId = cardIdFor(db, 'carrier', carrier.id, true)!;
    writeRevision(db, cardId, { mode: 'full', source: 'lookup.bench' }, deck.table);
    return cardId;
  });
}

/**
 * The lookup service and a bare node:http server answering a constant of the
 * same size, both up at once; runs alternate between them and the batch POST
 * (three each, the median kept), so a neighbour's load on the machine hits
 * all alike.
 */
async function benchHttp(databasePath: string, numbers: string[]): Promise<Record<string, number>> {
  const host = '127.0.0.1';
  const server = await startLookupServer({ databasePath, port: 0, host });
  const constant = JSON.stringify({ number: '12015550100', prefix: '1201555', destination: 'Country 1 Mobile', rate: '0.0100', connectionFee: '0', increments: '6/6', effectiveFrom: '2024-04-10T00:00:00.000Z', effectiveTo: null });
  const bareServer = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(constant) });
    response.end(constant);
  });
  try {
    await new Promise<void>((done) => bareServer.listen(0, host, done));
    const barePort = (bareServer.address() as { port: number }).port;
    await server.cards.get('carrier', 'Bench'); // loaded before measuring
    const gets = numbers.map((number) => getRequest(host, `/v1/lookup?carrier=Bench&number=${number}`));
    const posts: string[] = [];
    for (let i = 0; i + POST_BATCH <= numbers.length; i += POST_BATCH) {
      posts.push(postJsonRequest(host, '/v1/lookup', JSON.stringify({ carrier: 'Bench', numbers: numbers.slice(i, i + POST_BATCH) })));
    }
    const load = { host, connections: HTTP_CONNECTIONS, warmupMs: 500, durationMs: HTTP_SECONDS * 1000 };
    const lookupRuns: number[] = [];
    const bareRuns: number[] = [];
    const batchRuns: number[] = [];
    let failures = 0;
    for (let round = 0; round < 3; round++) {
      const lookup = await runHttpLoad({ ...load, port: server.port, requests: gets });
      const bare = await runHttpLoad({ ...load, port: barePort, requests: gets });
      const batch = await runHttpLoad({ ...load, port: server.port, connections: 4, requests: posts });
      lookupRuns.push(lookup.requestsPerSecond);
      bareRuns.push(bare.requestsPerSecond);
      batchRuns.push(batch.requestsPerSecond);
      failures += lookup.failures + bare.failures + batch.failures;
    }
    if (failures > 0) throw new Error(`${failures} HTTP requests failed`);
    const lookupRps = median(lookupRuns);
    const bareRps = median(bareRuns);
    return {
      lookupRps: Math.round(lookupRps),
      bareRps: Math.round(bareRps),
      lookupShareOfBare: Number((lookupRps / bareRps).toFixed(2)),
      batchLookupsPerSec: Math.round(median(batchRuns) * POST_BATCH),
      batchSize: POST_BATCH,
      connections: HTTP_CONNECTIONS,
    };
  } finally {
    bareServer.closeAllConnections();
    bareServer.close();
    await server.close();
  }
}

function benchColdCli(databasePath: string): Record<string, number> {
  const cli = join(root, 'dist', 'src', 'cli', 'main.js');
  const lookup = ['--db', databasePath, 'lookup', '--carrier', 'Bench', '12015550100'];
  execFileSync(process.execPath, [cli, ...lookup]); // stores the snapshot if needed
  const cliMs: number[] = [];
  const nodeMs: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    nodeMs.push(timeIt(() => execFileSync(process.execPath, ['-e', '0'])).ms);
    cliMs.push(timeIt(() => execFileSync(process.execPath, [cli, ...lookup])).ms);
  }
  const cold = median(cliMs);
  const bare = median(nodeMs);
  return { coldLookupMs: Math.round(cold), nodeStartMs: Math.round(bare), ratio: Number((cold / bare).toFixed(2)) };
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]!) : String(cell).padStart(widths[i]!))).join('  ');
}

const format = (n: number): string => n.toLocaleString('en-US');

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'ratedeck-lookup-bench-'));
  try {
    const decks: DeckResult[] = [];
    for (const size of SIZES) {
      gc();
      decks.push(await benchDeck(size, directory));
      gc();
      console.log(`deck of ${format(size)} prefixes done`);
    }

    // HTTP and the cold CLI use the largest deck, stored as a carrier's card.
    const databasePath = join(directory, 'service.db');
    const largestPrefixes = Math.max(...SIZES);
    const numbers = storeServiceCard(databasePath, largestPrefixes);
    gc();
    const http = await benchHttp(databasePath, numbers);
    const cli = benchColdCli(databasePath);

    const widths = [10, 10, 12, 12, 8, 10, 9, 11, 11, 8];
    console.log();
    console.log(row(['prefixes', 'trie op/s', 'naive op/s', 'mnemonist', 'trie/Map', 'bytes/pfx', 'build ms', 'load ms', 'decode ms', 'matched'], widths));
    for (const d of decks) {
      console.log(
        row(
          [format(d.prefixes), format(d.trie.opsPerSec), format(d.naiveMap.opsPerSec), format(d.mnemonist.opsPerSec), `${d.trieVsNaive}x`, d.trie.bytesPerPrefix, d.trie.buildMs, d.trie.snapshotLoadMs, d.trie.snapshotDecodeMs, `${(d.matchedShare * 100).toFixed(1)}%`],
          widths,
        ),
      );
    }
    console.log();
    console.log(`HTTP GET /v1/lookup: ${format(http.lookupRps!)} req/s; bare node:http: ${format(http.bareRps!)} req/s (${Math.round(http.lookupShareOfBare! * 100)}%); POST batches of ${POST_BATCH}: ${format(http.batchLookupsPerSec!)} lookups/s`);
    console.log(`cold \`ratedeck lookup\` (1 number, ${format(largestPrefixes)}-prefix card): ${cli.coldLookupMs} ms; node -e 0: ${cli.nodeStartMs} ms (${cli.ratio}x)`);

    const results = { decks, http, cli, machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version }, numbers: NUMBERS };
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'lookup.json'), JSON.stringify(results, null, 2) + '\n');
    console.log('\nwrote bench/results/lookup.json');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();
