import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { RatedeckError } from '../../errors.js';
import { formatIncrements } from '../../model/rate-entry.js';
import { formatTime } from '../../model/iso-time.js';
import type { CardOwnerKind } from '../../store/rate-card-store.js';
import { requireCardTrie } from '../../cards/card-trie-loader.js';
import { findCardOwner } from '../../store/card-owner.js';
import { openDatabase } from '../../store/database.js';
import { lookupNumber, LookupJsonWriter } from '../../trie/lookup-number.js';
import type { PrefixTrie } from '../../trie/prefix-trie.js';
import { command, type CommandSpec } from '../command-spec.js';
import { optionalText, time } from '../option-readers.js';
import { EXIT_CODES } from '../exit-codes.js';

const CHUNK_BYTES = 64 * 1024;
/** Text output takes its column widths from the first rows, then streams. */
const WIDTH_SAMPLE_ROWS = 1000;
const TEXT_HEADERS = ['number', 'prefix', 'destination', 'rate', 'connection fee', 'increments', 'effective from', 'effective to'];

export const lookupCommands: CommandSpec[] = [
  command({
    path: ['lookup'],
    database: 'read',
    args: '[number...]',
    description:
      "find the rate-card entry for dialled numbers (given as arguments, or one per line on stdin, blank lines skipped); exits 1 when a number is malformed, after printing every line",
    options: {
      carrier: optionalText('--carrier <name>', "look up in this carrier's buy card"),
      customer: optionalText('--customer <name>', "look up in this customer's sell card"),
      at: time('--at <ISO time>', 'the time of the calls (default: now), e.g. 2025-03-01T12:00:00Z'),
    },
    async run(context, numbers, options) {
      const owner = ownerOption(options.carrier, options.customer);
      const at = options.at ?? Date.now();
      if (numbers.length === 0 && context.stdin.isTTY) {
        throw new RatedeckError('BAD_OPTION', 'No numbers to look up: give them as arguments (`ratedeck lookup --carrier Acme 447700900123`) or one per line on stdin.');
      }
      // Looking up only reads: `--db typo.db` is refused (exit 3), never created as an empty store.
      const db = openDatabase(context.databasePath, { mustExist: true });
      let trie: PrefixTrie;
      try {
        trie = requireCardTrie(db, findCardOwner(db, owner.kind, owner.name)).trie;
      } finally {
        db.close();
      }
      const source = numbers.length > 0 ? [numbers] : readLineBatches(context.stdin);
      const failed = context.json ? await writeJson(trie, at, source, context.stdout) : await writeText(trie, at, source, context.stdout);
      return { exitCode: failed ? EXIT_CODES.INVALID_VALUE : EXIT_CODES.OK };
    },
  }),
];

function ownerOption(carrier: string | undefined, customer: string | undefined): { kind: CardOwnerKind; name: string } {
  if ((carrier === undefined) === (customer === undefined)) {
    throw new RatedeckError('BAD_OPTION', 'Give exactly one of --carrier <name> or --customer <name>, e.g. `ratedeck lookup --carrier Acme 447700900123`.', {
      carrier,
      customer,
    });
  }
  return carrier !== undefined ? { kind: 'carrier', name: carrier } : { kind: 'customer', name: customer! };
}

/** Returns whether any number was malformed. */
async function writeJson(trie: PrefixTrie, at: number, batches: Iterable<string[]> | AsyncIterable<string[]>, stdout: Writable): Promise<boolean> {
  const writer = new LookupJsonWriter(trie);
  const out = new ChunkedOutput(stdout);
  let failed = false;
  for await (const numbers of batches) {
    for (const number of numbers) {
      const { json, failed: bad } = writer.write(number, at);
      failed ||= bad;
      out.write(json + '\n');
    }
    await out.flush();
    if (out.closed) break;
  }
  await out.flush(true);
  return failed;
}

/** The US jurisdiction rates, as table columns: shown when the first rows have any. */
const JURISDICTION_COLUMNS = [
  { header: 'inter rate', field: 'interRate' },
  { header: 'intra rate', field: 'intraRate' },
  { header: 'indeterminate rate', field: 'indeterminateRate' },
] as const;

/**
 * An aligned table, streamed: column widths come from the first rows (a
 * million piped numbers cannot wait for the last one). A malformed number's
 * row is its number and the error, kept out of the widths. The inter, intra
 * and indeterminate rate columns follow rate when any of the first rows has
 * one (a US card); a later row that has them while the columns are off
 * still shows them, after the other cells, so no rate is ever dropped.
 */
async function writeText(trie: PrefixTrie, at: number, batches: Iterable<string[]> | AsyncIterable<string[]>, stdout: Writable): Promise<boolean> {
  const out = new ChunkedOutput(stdout);
  type Row = { cells: string[]; jurisdiction: string[] | null } | { number: string; error: string };
  let sample: Row[] | null = [];
  let headers: string[] = TEXT_HEADERS;
  let widths: number[] = [];
  let jurisdictionColumns = false;
  let failed = false;
  const cellsOf = (row: Extract<Row, { cells: string[] }>): string[] => {
    if (row.jurisdiction === null) return jurisdictionColumns ? [...row.cells.slice(0, 4), '', '', '', ...row.cells.slice(4)] : row.cells;
    return jurisdictionColumns ? [...row.cells.slice(0, 4), ...row.jurisdiction, ...row.cells.slice(4)] : [...row.cells, ...row.jurisdiction];
  };
  const aligned = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const line = (row: Row): string => ('cells' in row ? aligned(cellsOf(row)) : `${row.number.padEnd(widths[0]!)}  error: ${row.error}`);
  // A card has few distinct times; formatting each once saves a Date per row.
  const times = new Map<number | null, string>();
  const time = (value: number | null): string => {
    let text = times.get(value);
    if (text === undefined) times.set(value, (text = formatTime(value) ?? ''));
    return text;
  };
  const flushSample = (): void => {
    const rows = sample!.filter((row): row is Extract<Row, { cells: string[] }> => 'cells' in row);
    jurisdictionColumns = rows.some((row) => row.jurisdiction !== null);
    if (jurisdictionColumns) headers = [...TEXT_HEADERS.slice(0, 4), ...JURISDICTION_COLUMNS.map((column) => column.header), ...TEXT_HEADERS.slice(4)];
    widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => cellsOf(row)[i]?.length ?? 0)));
    out.write([aligned(headers), aligned(widths.map((width) => '-'.repeat(width))), ...sample!.map(line)].join('\n') + '\n');
    sample = null;
  };
  for await (const numbers of batches) {
    for (const number of numbers) {
      const result = lookupNumber(trie, number, at);
      let row: Row;
      if ('error' in result) {
        failed = true;
        row = { number, error: result.error };
      } else if (!result.entry) {
        row = { cells: [number, '-', '(no match)', '', '', '', '', ''], jurisdiction: null };
      } else {
        const e = result.entry;
        const hasJurisdiction = JURISDICTION_COLUMNS.some((column) => e[column.field] !== null);
        row = {
          cells: [number, e.prefix, e.destination ?? '', e.rate, e.connectionFee, formatIncrements(e.increments), time(e.effectiveFrom), time(e.effectiveTo)],
          jurisdiction: hasJurisdiction ? JURISDICTION_COLUMNS.map((column) => e[column.field] ?? '') : null,
        };
      }
      if (sample) {
        sample.push(row);
        if (sample.length === WIDTH_SAMPLE_ROWS) flushSample();
      } else {
        out.write(line(row) + '\n');
      }
    }
    await out.flush();
    if (out.closed) break;
  }
  if (sample) flushSample();
  await out.flush(true);
  return failed;
}

/**
 * The numbers of a stream, one per line, a chunk's worth at a time: a
 * billing job pipes a million numbers through, and one promise per line
 * would cost more than the lookups. Each line is trimmed (CR, spaces, tabs);
 * a blank line is no number and is skipped, since exported files often end
 * in or hold one.
 */
async function* readLineBatches(input: Readable): AsyncGenerator<string[]> {
  input.setEncoding('utf8');
  let rest = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    const numbers: string[] = [];
    for (const line of lines) {
      const number = line.trim();
      if (number.length > 0) numbers.push(number);
    }
    yield numbers;
  }
  const last = rest.trim();
  if (last.length > 0) yield [last];
}

/** Batches small writes into chunks and honours backpressure; stops quietly when the reader goes away (`| head`). */
class ChunkedOutput {
  closed = false;
  private parts: string[] = [];
  private size = 0;
  private readonly stream: Writable;

  constructor(stream: Writable) {
    this.stream = stream;
    stream.once('error', () => {
      this.closed = true;
    });
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  /** Writes what is buffered once it is a chunk's worth (or `force`), waiting for the reader to drain. */
  async flush(force = false): Promise<void> {
    if (this.parts.length === 0 || this.closed || (!force && this.size < CHUNK_BYTES)) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (this.stream.write(chunk)) return;
    try {
      await once(this.stream, 'drain');
    } catch {
      this.closed = true;
    }
  }
}
