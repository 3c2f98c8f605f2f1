/**
 * `npm run bench:rating`: 1,000,000 Asterisk Master.csv records (18 columns,
 * quoted as cdr_csv writes them) rated end to end on a 100,000-prefix carrier
 * card (read, decode, look up at each call's answer time, rate, write the
 * rated CSV) against papaparse alone streaming the same file, in alternating
 * rounds of the same run; medians are reported. Peak memory is the maximum
 * RSS of a separate `ratedeck rate` process, the highest of a few runs.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { importDeck } from '../src/cards/import-deck.js';
import { rateFile } from '../src/billing/rate-file.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase } from '../src/store/database.js';
import { seededRandom } from './lib/seeded-random.js';
import { writeSyntheticCsv } from './lib/synthetic-decks.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const DECK_ROWS = Number(process.env.BENCH_DECK_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RSS_RUNS = 2;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'ratedeck-bench-rating-'));
const cdrPath = join(work, 'Master.csv');
const deckPath = join(work, 'deck.csv');
const dbPath = join(work, 'rating.db');
const outPath = join(work, 'rated.csv');

/** Asterisk cdr_csv records: text fields quoted, duration and billsec bare, a NO ANSWER leg in ten, numbers under the deck's prefixes. */
async function writeAsteriskCdr(path: string, calls: number): Promise<void> {
  const random = seededRandom(7);
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < calls; i++) {
    const number = String(10_000_000 + Math.floor(random() * DECK_ROWS) * 7) + String(100 + (i % 900));
    const billsec = Math.floor(random() * 600);
    const answered = i % 10 !== 9;
    const second = String(i % 60).padStart(2, '0');
    const minute = String(Math.floor(i / 60) % 60).padStart(2, '0');
    const start = `2025-12-15 10:${minute}:${second}`;
    chunk += `"acme","12125550100","${number}","from-internal","""Alice"" <12125550100>","SIP/1001-${i}","SIP/trunk-${i}","Dial","SIP/trunk/${number},60","${start}",${answered ? `"${start}"` : ''},"${start}",${billsec + 5},${billsec},"${answered ? 'ANSWERED' : 'NO ANSWER'}","DOCUMENTATION","1765792800.${i}",""\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

function papaparseRows(path: string): Promise<number> {
  return new Promise((done, fail) => {
    let rows = 0;
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {});
    parser.on('data', () => rows++);
    parser.on('end', () => done(rows));
    parser.on('error', fail);
    createReadStream(path).pipe(parser);
  });
}

async function rateInProcess(): Promise<number> {
  const db = openDatabase(dbPath);
  try {
    const result = await rateFile(db, { path: cdrPath, carrier: 'Bench', format: 'asterisk', output: { path: outPath } });
    return result.calls;
  } finally {
    db.close();
  }
}

function peakRssMB(): number {
  const cli = join(root, 'dist', 'src', 'cli', 'main.js');
  const preload = join(root, 'dist', 'bench', 'lib', 'report-peak-rss.js');
  const result = spawnSync(process.execPath, ['--import', preload, cli, '--db', dbPath, 'rate', cdrPath, '--carrier', 'Bench', '--out', outPath], { encoding: 'utf8' });
  const match = /PEAK_RSS_KB=(\d+)/.exec(result.stderr);
  if (result.status !== 0 || !match) throw new Error(`rate process failed: ${result.stderr}`);
  return Math.round(Number(match[1]) / 1024);
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}

async function main(): Promise<void> {
  process.stdout.write(`Writing ${CALLS} Asterisk records and a ${DECK_ROWS}-row deck under ${work} …\n`);
  await writeAsteriskCdr(cdrPath, CALLS);
  await writeSyntheticCsv(deckPath, DECK_ROWS);
  const db = openDatabase(dbPath);
  addCarrier(db, { name: 'Bench', currency: 'USD', hosts: [] });
  const report = await importDeck(db, {
    carrier: 'Bench',
    file: deckPath,
    mode: 'full',
    skipInvalid: false,
    dryRun: false,
    defaultIncrements: { initial: 60, subsequent: 60 },
    defaultEffectiveFrom: Date.UTC(2025, 0, 1),
  });
  db.close();
  if (!report.committed) throw new Error('bench deck rejected');

  const tasks = {
    papaparse: async () => {
      if ((await papaparseRows(cdrPath)) !== CALLS) throw new Error('papaparse read another number of records');
    },
    rate: async () => {
      if ((await rateInProcess()) !== CALLS) throw new Error('rating read another number of records');
    },
  };
  const samples: Record<keyof typeof tasks, number[]> = { papaparse: [], rate: [] };
  for (let round = 0; round <= ROUNDS; round++) {
    for (const name of Object.keys(tasks) as (keyof typeof tasks)[]) {
      const ms = await timed(tasks[name]);
      // Round 0 warms the code up; it is not counted.
      if (round > 0) samples[name].push(ms);
    }
  }
  const rateMs = median(samples.rate);
  const parseMs = median(samples.papaparse);
  const peaks = Array.from({ length: RSS_RUNS }, peakRssMB);
  const results = { calls: CALLS, deckRows: DECK_ROWS, rateMs, parseMs, ratio: +(rateMs / parseMs).toFixed(2), peakRssMB: Math.max(...peaks) };
  console.table([{ file: `Asterisk ${CALLS} records`, 'ratedeck rate ms': rateMs, 'papaparse ms': parseMs, ratio: results.ratio, goal: '≤ 3×' }]);
  process.stdout.write(`Medians of ${ROUNDS} alternating rounds. Samples (ms): ${JSON.stringify(samples, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value) : value))}\n`);
  process.stdout.write(`Peak RSS of \`ratedeck rate\` on ${CALLS} records: ${results.peakRssMB} MB, the highest of ${peaks.join(', ')} (goal < 300 MB)\n`);
  const out = join(root, 'bench', 'results', 'rating.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`Wrote ${out}\n`);
  if (!process.env.BENCH_KEEP) rmSync(work, { recursive: true, force: true });
}

await main();
