import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NaivePrefixMap } from '../bench/lib/naive-prefix-map.js';
import { randomInt, seededRandom } from '../bench/lib/seeded-random.js';
import { entryTableFrom } from '../src/model/entry-table.js';
import type { RateEntry } from '../src/model/rate-entry.js';
import { parseIsoTime } from '../src/model/iso-time.js';
import { toLookupJson } from '../src/trie/lookup-number.js';
import { CLI } from './serve-process.js';
import { sharedDecksDir, sharedDecksMissing } from './shared-decks.js';

const decks = sharedDecksDir ?? '';

/** The invocations issue 2 lists, each with a time at which its deck is in force. */
const DECKS: { file: string; options: string[]; at: string }[] = [
  { file: 'sdf-az-2010.csv', options: ['--skip-invalid'], at: '2011-01-01T00:00:00Z' },
  { file: 'ivoz-prices.csv', options: ['--map', 'destination=Target Pattern Name'], at: '2030-01-01T00:00:00Z' },
  { file: 'ivoz-prices-2018-lost-decimals.csv', options: [], at: '2030-01-01T00:00:00Z' },
  { file: 'vinculum-az-2024-noheader.csv', options: ['--no-header', '--map', 'destination=1', '--map', 'prefix=2', '--map', 'rate=3'], at: '2030-01-01T00:00:00Z' },
  {
    file: 'impact-notice-2024-noheader.csv',
    options: ['--no-header', '--map', 'destination=1', '--map', 'prefix=3', '--map', 'rate=5', '--map', 'effectiveFrom=7', '--map', 'initialIncrement=8', '--map', 'subsequentIncrement=9'],
    at: '2030-01-01T00:00:00Z',
  },
  { file: 'us-npanxx-scrubbing-2018.csv', options: ['--prepend', '1'], at: '2030-01-01T00:00:00Z' },
  { file: 'us-inter-intra-2025.csv', options: ['--map', 'prefix=1', '--map', 'rate=2', '--map', 'effectiveFrom=5'], at: '2030-01-01T00:00:00Z' },
  { file: 'us-npa-nxx-2025.xlsx', options: ['--map', 'prefix=NPA+NXX', '--prepend', '1', '--map', 'rate=Inter. rate', '--map', 'effectiveFrom=Effective'], at: '2030-01-01T00:00:00Z' },
  {
    file: 'airtel-2023-wholesale.xlsx',
    options: ['--sheet', 'Pricing', '--map', 'prefix=Complete Code', '--map', 'rate=Rates (USD / Min)', '--map', 'increments=Pulse', '--map', 'effectiveFrom=Valid From'],
    at: '2030-01-01T00:00:00Z',
  },
  { file: 'tata-2023-rate-notice.xlsx', options: ['--sheet', 'Rate Changes', '--map', 'prefix=City Code(s)', '--map', 'rate=Price($)', '--map', 'effectiveFrom=Effective Date'], at: '2030-01-01T00:00:00Z' },
];

let directory: string;
let database: string;

function ratedeck(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, '--db', database, ...args], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The US jurisdiction rates, as lookup JSON names them. */
const JURISDICTION_RATES = ['interRate', 'intraRate', 'indeterminateRate'] as const;

/**
 * The exported CSV read back as entries (columns prefix,destination,rate,connection_fee,increments,effective_from,effective_to,
 * and the inter, intra and indeterminate rates when the export has columns for them: `hasJurisdiction`).
 */
function readExport(path: string): { entries: RateEntry[]; hasJurisdiction: boolean } {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true });
  // Compared like the import compares header names: "inter_rate", "Inter Rate" and "interRate" are one column.
  const columnOf = new Map((parsed.meta.fields ?? []).map((field) => [field.toLowerCase().replace(/[^a-z]/g, ''), field]));
  const jurisdictionColumns = JURISDICTION_RATES.map((name) => columnOf.get(name.toLowerCase()));
  const hasJurisdiction = jurisdictionColumns.every((column) => column !== undefined);
  const optional = (row: Record<string, string>, column: string | undefined): string | null => (column === undefined || !row[column] ? null : row[column]!);
  const entries = parsed.data.map((row) => {
    const [initial, subsequent] = row.increments!.split('/').map(Number);
    return {
      prefix: row.prefix!,
      destination: row.destination === '' ? null : row.destination!,
      rate: row.rate!,
      connectionFee: row.connection_fee!,
      increments: { initial: initial!, subsequent: subsequent! },
      interRate: optional(row, jurisdictionColumns[0]),
      intraRate: optional(row, jurisdictionColumns[1]),
      indeterminateRate: optional(row, jurisdictionColumns[2]),
      effectiveFrom: parseIsoTime(row.effective_from!)!,
      effectiveTo: row.effective_to ? parseIsoTime(row.effective_to)! : null,
    };
  });
  return { entries, hasJurisdiction };
}

/** An answer without the jurisdiction rates, for comparison with an export that has no columns for them. */
function withoutJurisdiction(answer: unknown): unknown {
  if (typeof answer !== 'object' || answer === null) return answer;
  return Object.fromEntries(Object.entries(answer).filter(([key]) => !(JURISDICTION_RATES as readonly string[]).includes(key)));
}

/** Numbers that start with the deck's codes (filled out to a real length), the codes themselves, and numbers of random digits. */
function numbersFor(entries: RateEntry[], seed: number): string[] {
  const random = seededRandom(seed);
  const numbers: string[] = [];
  for (let i = 0; i < 600; i++) {
    const prefix = entries[randomInt(random, entries.length)]!.prefix;
    let number = prefix;
    const length = Math.min(15, Math.max(prefix.length, 10 + randomInt(random, 4)));
    while (number.length < length) number += String(randomInt(random, 10));
    numbers.push(i % 10 === 0 ? prefix : number);
  }
  for (let i = 0; i < 100; i++) numbers.push(String(randomInt(random, 10 ** 11)).padStart(11, String(randomInt(random, 10))));
  return numbers;
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-real-decks-'));
  database = join(directory, 'store.db');
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe.skipIf(sharedDecksMissing)('real decks: `ratedeck lookup` agrees with longest-first probing over the exported entries', () => {
  DECKS.forEach((deck, index) => {
    it(`${deck.file}`, () => {
      const carrier = `Carrier ${index}`;
      expect(ratedeck(['carrier', 'add', carrier]).status).toBe(0);
      const imported = ratedeck(['deck', 'import', join(decks, deck.file), '--carrier', carrier, ...deck.options]);
      expect(imported.status, imported.stderr).toBe(0);
      const exportPath = join(directory, `export-${index}.csv`);
      const exported = ratedeck(['deck', 'export', '--carrier', carrier, '--at', deck.at, '--out', exportPath]);
      expect(exported.status, exported.stderr).toBe(0);

      const { entries, hasJurisdiction } = readExport(exportPath);
      expect(entries.length).toBeGreaterThan(100);
      const oracle = new NaivePrefixMap(entryTableFrom(entries));
      const at = parseIsoTime(deck.at)!;
      const numbers = numbersFor(entries, index + 1);
      const looked = ratedeck(['lookup', '--carrier', carrier, '--json', '--at', deck.at], numbers.join('\n'));
      expect(looked.status, looked.stderr).toBe(0);
      const lines = looked.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);
      // An export without inter/intra/indeterminate columns cannot check those rates: compare the rest.
      const answers = hasJurisdiction ? lines : lines.map(withoutJurisdiction);
      expect(answers).toHaveLength(numbers.length);
      const expected = numbers.map((number) => toLookupJson({ number, entry: oracle.lookup(number, at) }));
      expect(answers).toEqual(expected);
      // Most deck-derived numbers match; the comparison is not vacuous.
      expect(answers.filter((answer) => (answer as { prefix: unknown }).prefix !== null).length).toBeGreaterThan(500);
    });
  });
});
