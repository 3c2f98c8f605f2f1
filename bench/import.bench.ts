/**
 * `npm run bench:import`: a 1,000,000-row CSV and a 100,000-row XLSX imported
 * end to end (parse, validate, store), each against the bare reader in the
 * same run: papaparse streaming the CSV, exceljs's streaming reader the XLSX.
 * The four are measured in alternating rounds, so that load from other work on
 * the machine falls on all of them alike, and medians are reported. Peak memory
 * is the maximum RSS of a separate `ratedeck deck import` process, the highest
 * of a few runs.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { importDeck } from '../src/cards/import-deck.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase } from '../src/store/database.js';
import { writeSyntheticCsv, writeSyntheticXlsx } from './lib/synthetic-decks.js';

const CSV_ROWS = Number(process.env.BENCH_CSV_ROWS ?? 1_000_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
/** Measured rounds after one warm-up round; medians are reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RSS_RUNS = 3;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'ratedeck-bench-import-'));
const csvPath = join(work, 'deck-1m.csv');
const xlsxPath = join(work, 'deck-100k.xlsx');

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

async function exceljsRows(path: string): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'cache' });
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  return rows;
}

let run = 0;
async function importInto(file: string): Promise<number> {
  const dbPath = join(work, `import-${run++}.db`);
  const db = openDatabase(dbPath);
  try {
    addCarrier(db, { name: 'Bench', currency: 'USD', hosts: [] });
    const report = await importDeck(db, {
      carrier: 'Bench',
      file,
      mode: 'full',
      skipInvalid: false,
      dryRun: false,
      defaultIncrements: { initial: 60, subsequent: 60 },
      defaultEffectiveFrom: Date.UTC(2025, 0, 1),
    });
    if (!report.committed) throw new Error(`bench import rejected: ${JSON.stringify(report.errors.slice(0, 3))}`);
    return report.entries;
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  }
}

function peakRssMB(file: string): number {
  const dbPath = join(work, 'rss.db');
  const cli = join(root, 'dist', 'src', 'cli', 'main.js');
  const preload = join(root, 'dist', 'bench', 'lib', 'report-peak-rss.js');
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  spawnSync(process.execPath, [cli, '--db', dbPath, 'carrier', 'add', 'Bench'], { encoding: 'utf8' });
  const result = spawnSync(process.execPath, ['--import', preload, cli, '--db', dbPath, 'deck', 'import', file, '--carrier', 'Bench'], { encoding: 'utf8' });
  const match = /PEAK_RSS_KB=(\d+)/.exec(result.stderr);
  if (result.status !== 0 || !match) throw new Error(`import process failed: ${result.stderr}`);
  return Math.round(Number(match[1]) / 1024);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}

async function main(): Promise<void> {
  process.stdout.write(`Writing ${CSV_ROWS} CSV rows and ${XLSX_ROWS} XLSX rows under ${work} …\n`);
  await writeSyntheticCsv(csvPath, CSV_ROWS);
  await writeSyntheticXlsx(xlsxPath, XLSX_ROWS);

  const tasks = {
    papaparse: async () => {
      if ((await papaparseRows(csvPath)) !== CSV_ROWS + 1) throw new Error('papaparse read another number of rows');
    },
    importCsv: async () => {
      if ((await importInto(csvPath)) !== CSV_ROWS) throw new Error('the CSV import stored another number of entries');
    },
    exceljs: async () => {
      if ((await exceljsRows(xlsxPath)) !== XLSX_ROWS + 2) throw new Error('exceljs read another number of rows');
    },
    importXlsx: async () => {
      if ((await importInto(xlsxPath)) !== XLSX_ROWS) throw new Error('the XLSX import stored another number of entries');
    },
  };
  const samples: Record<keyof typeof tasks, number[]> = { papaparse: [], importCsv: [], exceljs: [], importXlsx: [] };
  for (let round = 0; round <= ROUNDS; round++) {
    for (const name of Object.keys(tasks) as (keyof typeof tasks)[]) {
      const ms = await timed(tasks[name]);
      // Round 0 warms the code up; it is not counted.
      if (round > 0) samples[name].push(ms);
    }
  }
  const csv = { rows: CSV_ROWS, importMs: median(samples.importCsv), parseMs: median(samples.papaparse) };
  const xlsx = { rows: XLSX_ROWS, importMs: median(samples.importXlsx), readerMs: median(samples.exceljs) };
  const peaks = Array.from({ length: RSS_RUNS }, () => peakRssMB(csvPath));
  const peak = Math.max(...peaks);
  const results = { csv: { ...csv, ratio: +(csv.importMs / csv.parseMs).toFixed(2) }, xlsx: { ...xlsx, ratio: +(xlsx.importMs / xlsx.readerMs).toFixed(2) }, peakRssMB: peak };

  console.table([
    { deck: `CSV ${CSV_ROWS} rows`, 'ratedeck import ms': csv.importMs, 'bare reader ms': csv.parseMs, ratio: results.csv.ratio, goal: '≤ 4×' },
    { deck: `XLSX ${XLSX_ROWS} rows`, 'ratedeck import ms': xlsx.importMs, 'bare reader ms': xlsx.readerMs, ratio: results.xlsx.ratio, goal: '≤ 1.5×' },
  ]);
  process.stdout.write(`Medians of ${ROUNDS} alternating rounds. Samples (ms): ${JSON.stringify(Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, values.map(Math.round)])))}\n`);
  process.stdout.write(`Peak RSS of a ${CSV_ROWS}-row CSV \`ratedeck deck import\`: ${peak} MB, the highest of ${peaks.join(', ')} (goal < 250 MB)\n`);
  const out = join(root, 'bench', 'results', 'import.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`Wrote ${out}\n`);
  rmSync(work, { recursive: true, force: true });
}

await main();
