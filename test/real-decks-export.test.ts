/**
 * End to end on every real deck in ../shared/decks (the two Twilio price lists excepted:
 * their origin-dependent prices come with a later issue): the built CLI imports the deck
 * with the invocation into a fresh store, exports the card as in force at chosen
 * times, and the exported CSV must equal what an independent reading of the file
 * (test/real-deck-oracle.ts: plain papaparse / exceljs code, no src/) says is in force
 * then. Two further scenarios import decks one after another into one card, as the
 * README does, so that history (entries ended, superseded, not yet in force) shows in the
 * export. Needs the built CLI: `npx tsc -p .` first.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  readAirtel,
  readImpactNotice,
  readIvozPrices,
  readIvozPricesLostDecimals,
  readSdfAz2010,
  readTata,
  readUsInterIntra,
  readUsNpaNxx,
  readUsNpanxxScrubbing,
  readVinculum,
  realDeck,
  type OracleEntry,
} from './real-deck-oracle.js';
import { sharedDecksMissing } from './shared-decks.js';

const CLI = resolve(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js');
const EFFECTIVE = '2025-06-01';
const COLUMNS = ['prefix', 'destination', 'rate', 'connection_fee', 'increments', 'effective_from', 'effective_to'];
const iso = (time: number) => new Date(time).toISOString();
const time = (text: string) => Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-real-export-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** The built CLI as a child process; rejects, with its output, unless it exits 0. */
function ratedeckJson<T>(database: string, args: string[]): Promise<T> {
  return new Promise((done, fail) => {
    execFile(process.execPath, [CLI, '--db', database, ...args, '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) fail(new Error(`ratedeck ${args.join(' ')} exited ${String(error.code)}: ${stderr}${stdout}`));
      else done(JSON.parse(stdout) as T);
    });
  });
}

interface ImportReport {
  carrier: string;
  revision: number;
  sheet: string | null;
  rowsRead: number;
  entries: number;
  skippedRows: number;
  errors: { row: number; column: string | null; value: string; reason: string }[];
  committed: boolean;
}

/** One entry of a card as the issue describes the store: in force while from <= t < to. */
interface CardEntry {
  prefix: string;
  destination: string;
  rate: string;
  fee: string;
  increments: string;
  from: number;
  to: number;
  /** Inter, intra and indeterminate rates, when the deck gives them. */
  us?: [string, string, string];
}

/**
 * The card after a full import of `deck` over `card`, from the words alone. A
 * row's date wins, else `--effective`; a code's rows at several dates follow one another
 * (each ends where the next starts, unless it gives its own end); the deck's codes take
 * over from their first date in the deck (what the card held for them from then on is
 * replaced: the newer deck wins); codes the deck no longer lists end at its earliest
 * date. Entries left with no time in force are gone.
 */
function importFull(card: CardEntry[], deck: OracleEntry[], effective: number): CardEntry[] {
  const byCode = new Map<string, CardEntry[]>();
  for (const row of deck) {
    const entry = {
      prefix: row.prefix,
      destination: row.destination ?? '',
      rate: row.rate,
      fee: row.fee ?? '0',
      increments: row.increments ?? '60/60',
      from: row.from ?? effective,
      to: row.to ?? Infinity,
      ...(row.us ? { us: row.us } : {}),
    };
    const list = byCode.get(row.prefix);
    if (list) list.push(entry);
    else byCode.set(row.prefix, [entry]);
  }
  let earliest = Infinity;
  const next: CardEntry[] = [];
  for (const list of byCode.values()) {
    list.sort((a, b) => a.from - b.from);
    earliest = Math.min(earliest, list[0]!.from);
    list.forEach((entry, index) => next.push({ ...entry, to: Math.min(entry.to, list[index + 1]?.from ?? Infinity) }));
  }
  for (const entry of card) {
    const cut = byCode.get(entry.prefix)?.[0]!.from ?? earliest;
    next.push({ ...entry, to: Math.min(entry.to, cut) });
  }
  return next.filter((entry) => entry.from < entry.to);
}

/**
 * The export the card must give at `at`: entries in force then, sorted by prefix; the
 * US rate columns appear after the increments when some entry in force has them.
 */
function expectedExport(card: CardEntry[], at: number): { header: string[]; rows: string[][] } {
  const inForce = card.filter((entry) => entry.from <= at && at < entry.to).sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  const withUs = inForce.some((entry) => entry.us);
  const header = withUs ? [...COLUMNS.slice(0, 5), 'inter_rate', 'intra_rate', 'indeterminate_rate', ...COLUMNS.slice(5)] : COLUMNS;
  const rows = inForce.map((entry) => [
    entry.prefix,
    entry.destination,
    entry.rate,
    entry.fee,
    entry.increments,
    ...(withUs ? (entry.us ?? ['', '', '']) : []),
    iso(entry.from),
    Number.isFinite(entry.to) ? iso(entry.to) : '',
  ]);
  return { header, rows };
}

/**
 * Differences between the exported rows and the expected ones, walked by prefix (both
 * sides sorted), at most `limit` of them, each naming the code: a readable failure
 * instead of a diff of 100,000-row arrays.
 */
function differences(got: string[][], want: string[][], limit = 12): string[] {
  const found: string[] = [];
  for (let i = 1; i < got.length && found.length < limit; i++) {
    if (!(got[i - 1]![0]! < got[i]![0]!)) found.push(`export not sorted by prefix, or a code twice: ${got[i - 1]![0]} then ${got[i]![0]}`);
  }
  let g = 0;
  let w = 0;
  while ((g < got.length || w < want.length) && found.length < limit) {
    const gotRow = got[g];
    const wantRow = want[w];
    if (wantRow === undefined || (gotRow !== undefined && gotRow[0]! < wantRow[0]!)) {
      found.push(`code ${gotRow![0]}: not expected, got ${JSON.stringify(gotRow)}`);
      g++;
    } else if (gotRow === undefined || wantRow[0]! < gotRow[0]!) {
      found.push(`code ${wantRow[0]}: missing, expected ${JSON.stringify(wantRow)}`);
      w++;
    } else {
      if (JSON.stringify(gotRow) !== JSON.stringify(wantRow)) found.push(`code ${wantRow[0]}: expected ${JSON.stringify(wantRow)}, got ${JSON.stringify(gotRow)}`);
      g++;
      w++;
    }
  }
  return found;
}

/** Exports the card at each time and checks the CSV against the modelled card; returns the row counts. */
async function expectExports(database: string, carrier: string, card: CardEntry[], times: number[]): Promise<number[]> {
  const counts: number[] = [];
  for (const at of times) {
    const out = `${database}-${at}.csv`;
    const written = await ratedeckJson<{ entries: number }>(database, ['deck', 'export', '--carrier', carrier, '--at', iso(at), '--out', out]);
    const [header, ...rows] = Papa.parse<string[]>(readFileSync(out, 'utf8'), { skipEmptyLines: true }).data;
    const { header: expectedHeader, rows: expected } = expectedExport(card, at);
    expect(header, `header of the export at ${iso(at)}`).toEqual(expectedHeader);
    expect(differences(rows, expected), `export at ${iso(at)}`).toEqual([]);
    expect(rows.length, `rows of the export at ${iso(at)}`).toBe(expected.length);
    expect(written.entries).toBe(expected.length);
    counts.push(rows.length);
  }
  return counts;
}

/**
 * Times to export at: when the deck's last entry starts (everything imported is in
 * force); for decks with several dates also their first date, a middle one, and one
 * millisecond before the last (those entries not yet in force); for single-date decks,
 * one millisecond before that date (an empty card).
 */
function exportTimes(card: CardEntry[]): number[] {
  const dates = [...new Set(card.map((entry) => entry.from))].sort((a, b) => a - b);
  const last = dates.at(-1)!;
  const times = dates.length === 1 ? [last - 1, last] : [dates[0]!, dates[Math.floor(dates.length / 2)]!, last - 1, last];
  return [...new Set(times)].sort((a, b) => a - b);
}

interface RealDeckCase {
  file: string;
  carrier: string;
  /** The invocation's options, as in the issue and the README. */
  options: string[];
  read: () => Promise<{ entries: OracleEntry[]; errors?: [number, string, string][] }>;
  /** What else the import report must say, beyond committed entries and errors. */
  report?: Partial<ImportReport>;
  /** The row errors' file lines as the issue states them. */
  errorRows?: number[];
}

const CASES: RealDeckCase[] = [
  {
    file: 'sdf-az-2010.csv',
    carrier: 'SDF',
    options: ['--skip-invalid'],
    read: async () => {
      const { entries, missingRate } = readSdfAz2010();
      return { entries, errors: missingRate.map((row) => [row.line, 'Rate', ''] as [number, string, string]) };
    },
    report: { rowsRead: 27_523, skippedRows: 0 },
    errorRows: [583, 7151, 24073, 24127, 24128, 24129, 24130, 24131, 27393],
  },
  { file: 'ivoz-prices.csv', carrier: 'Ivoz', options: ['--map', 'destination=Target Pattern Name'], read: async () => ({ entries: readIvozPrices() }) },
  { file: 'ivoz-prices-2018-lost-decimals.csv', carrier: 'Ivoz', options: [], read: async () => ({ entries: readIvozPricesLostDecimals() }) },
  {
    file: 'vinculum-az-2024-noheader.csv',
    carrier: 'Vinculum',
    options: ['--no-header', '--map', 'destination=1', '--map', 'prefix=2', '--map', 'rate=3'],
    read: async () => ({ entries: readVinculum() }),
  },
  {
    file: 'impact-notice-2024-noheader.csv',
    carrier: 'Impact',
    options: ['--no-header', '--map', 'destination=1', '--map', 'prefix=3', '--map', 'rate=5', '--map', 'effectiveFrom=7', '--map', 'initialIncrement=8', '--map', 'subsequentIncrement=9'],
    read: async () => ({ entries: readImpactNotice() }),
  },
  { file: 'us-npanxx-scrubbing-2018.csv', carrier: 'US', options: ['--prepend', '1'], read: async () => ({ entries: readUsNpanxxScrubbing() }) },
  {
    file: 'us-inter-intra-2025.csv',
    carrier: 'US',
    options: ['--map', 'prefix=1', '--map', 'rate=2', '--map', 'effectiveFrom=5'],
    read: async () => ({ entries: readUsInterIntra() }),
  },
  {
    file: 'us-npa-nxx-2025.xlsx',
    carrier: 'US',
    options: ['--map', 'prefix=NPA+NXX', '--prepend', '1', '--map', 'rate=Inter. rate', '--map', 'effectiveFrom=Effective'],
    read: async () => ({ entries: await readUsNpaNxx() }),
  },
  {
    file: 'airtel-2023-wholesale.xlsx',
    carrier: 'Airtel',
    options: ['--sheet', 'Pricing', '--map', 'prefix=Complete Code', '--map', 'rate=Rates (USD / Min)', '--map', 'increments=Pulse', '--map', 'effectiveFrom=Valid From'],
    read: async () => ({ entries: await readAirtel() }),
  },
  {
    file: 'tata-2023-rate-notice.xlsx',
    carrier: 'Tata',
    options: ['--sheet', 'Rate Changes', '--map', 'prefix=City Code(s)', '--map', 'rate=Price($)', '--map', 'effectiveFrom=Effective Date'],
    read: async () => ({ entries: await readTata() }),
  },
];

/** Each deck is read once per run (the XLSX readings take seconds), whichever test needs it first. */
const readings = new Map<string, ReturnType<RealDeckCase['read']>>();
function reading(file: string): ReturnType<RealDeckCase['read']> {
  if (!readings.has(file)) readings.set(file, CASES.find((deck) => deck.file === file)!.read());
  return readings.get(file)!;
}

async function runImport(database: string, deck: RealDeckCase, effective: string): Promise<ImportReport> {
  return ratedeckJson<ImportReport>(database, ['deck', 'import', realDeck(deck.file), '--carrier', deck.carrier, ...deck.options, '--effective', effective]);
}
const deckCase = (file: string) => CASES.find((deck) => deck.file === file)!;
const quoted = (options: string[]) => options.map((option) => (/[ ()$]/.test(option) ? `"${option}"` : option)).join(' ');

describe.skipIf(sharedDecksMissing)('real decks: import with the issue invocation, export equals an independent reading', () => {
  for (const deck of CASES) {
    it(`${deck.file} ${quoted(deck.options)}`, async () => {
      const database = join(directory, `${deck.file}.db`);
      // The CLI imports in its own process while this one reads the deck independently.
      const [{ entries, errors = [] }, report] = await Promise.all([
        reading(deck.file),
        ratedeckJson(database, ['carrier', 'add', deck.carrier]).then(() => runImport(database, deck, EFFECTIVE)),
      ]);
      expect(report).toMatchObject({ carrier: deck.carrier, revision: 1, committed: true, entries: entries.length, ...deck.report });
      expect(report.errors.map((error) => [error.row, error.column, error.value])).toEqual(errors);
      expect(report.errors.map((error) => error.row)).toEqual(deck.errorRows ?? []);
      expect(report.errors.every((error) => error.reason !== '')).toBe(true);

      const card = importFull([], entries, time(EFFECTIVE));
      const counts = await expectExports(database, deck.carrier, card, exportTimes(card));
      expect(counts.at(-1), 'every code of the deck in force at its last date').toBe(new Set(entries.map((entry) => entry.prefix)).size);
    });
  }
});

describe.skipIf(sharedDecksMissing)('real decks imported one after another into one card', () => {
  it('Ivoz: the 2018 deck a month later ends every 2025 entry at its date and takes over', async () => {
    const database = join(directory, 'ivoz-history.db');
    await ratedeckJson(database, ['carrier', 'add', 'Ivoz']);
    const [{ entries: current }, { entries: later }] = await Promise.all([reading('ivoz-prices.csv'), reading('ivoz-prices-2018-lost-decimals.csv')]);
    expect(await runImport(database, deckCase('ivoz-prices.csv'), '2025-06-01')).toMatchObject({ revision: 1, committed: true, entries: 4_743, errors: [] });
    expect(await runImport(database, deckCase('ivoz-prices-2018-lost-decimals.csv'), '2025-07-01')).toMatchObject({ revision: 2, committed: true, entries: 4_743, errors: [] });

    const card = importFull(importFull([], current, time('2025-06-01')), later, time('2025-07-01'));
    const counts = await expectExports(database, 'Ivoz', card, [time('2025-06-30T23:59:59.999Z'), time('2025-07-01')]);
    expect(counts).toEqual([4_743, 4_743]);
  });

  it('US, as the README imports them: 2025 inter/intra deck (from 3/31/25) supersedes the NPA-NXX scrubbing deck, the NPA-NXX workbook ends it on 2025-10-10', async () => {
    const database = join(directory, 'us-history.db');
    await ratedeckJson(database, ['carrier', 'add', 'US']);
    const files = ['us-npanxx-scrubbing-2018.csv', 'us-inter-intra-2025.csv', 'us-npa-nxx-2025.xlsx'];
    const decks = await Promise.all(files.map((file) => reading(file)));
    let card: CardEntry[] = [];
    for (const [index, file] of files.entries()) {
      expect(await runImport(database, deckCase(file), EFFECTIVE)).toMatchObject({ revision: index + 1, committed: true, entries: decks[index]!.entries.length, errors: [] });
      card = importFull(card, decks[index]!.entries, time(EFFECTIVE));
    }
    // Nothing before 3/31/25; the scrubbing deck's entries (from 2025-06-01) never come into force.
    const times = ['2025-03-30T23:59:59.999Z', '2025-03-31', '2025-10-09T23:59:59.999Z', '2025-10-10'].map(time);
    const counts = await expectExports(database, 'US', card, times);
    expect(counts).toEqual([0, 58_020, 58_020, 65_535]);
  });
});
