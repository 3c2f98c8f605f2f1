import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServe, stopServe, type ServeProcess } from './serve-process.js';

const CODES = 40_000;
const AT = '2022-06-01T00:00:00Z';

let directory: string;
let database: string;
let server: ServeProcess;

function ratedeck(args: string[]): Promise<{ status: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, '--db', database, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
  return new Promise((done) => child.once('exit', (status) => done({ status, output })));
}

/** A deck where every code has the same rate and destination: a mixed answer would show at once. */
function writeDeck(path: string, rate: string, destination: string, extraCodes: number): void {
  const lines = ['Destination,Prefix,Rate'];
  for (let i = 0; i < CODES + extraCodes; i++) lines.push(`${destination},${4_400_000 + i},${rate}`);
  writeFileSync(path, lines.join('\n') + '\n');
}

const numberFor = (i: number): string => `${4_400_000 + (i % CODES)}${String(i).padStart(5, '0').slice(-5)}`;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'ratedeck-serve-swap-'));
  database = join(directory, 'store.db');
  writeDeck(join(directory, 'old.csv'), '0.1000', 'Old', 0);
  // The new deck changes every rate and adds codes: half of it would be visible.
  writeDeck(join(directory, 'new.csv'), '0.2000', 'New', 5000);
  expect((await ratedeck(['carrier', 'add', 'Swap'])).status).toBe(0);
  const first = await ratedeck(['deck', 'import', join(directory, 'old.csv'), '--carrier', 'Swap', '--effective', '2020-01-01']);
  expect(first.status, first.output).toBe(0);
  server = await startServe(database);
});

afterAll(async () => {
  if (server) await stopServe(server.child);
  rmSync(directory, { recursive: true, force: true });
});

describe('a running server and a new import', () => {
  it('answers only from the whole old card or the whole new one while the import runs, then from the new one', async () => {
    // Each client sends its next request after the last answer, so its own
    // answers are in the server's order: old ones, then new ones, never back.
    const answersOf: string[][] = [];
    const seen: string[] = [];
    const failures: string[] = [];
    let stop = false;
    let request = 0;

    const batchClient = async (): Promise<void> => {
      const answers: string[] = [];
      answersOf.push(answers);
      while (!stop) {
        const numbers = Array.from({ length: 400 }, () => numberFor(request++ * 7919));
        const response = await fetch(`${server.url}/v1/lookup`, { method: 'POST', body: JSON.stringify({ carrier: 'swap', at: AT, numbers }) });
        const body = (await response.json()) as { rate?: string; destination?: string }[];
        if (response.status !== 200) {
          failures.push(`POST ${response.status} ${JSON.stringify(body)}`);
          continue;
        }
        const kinds = new Set(body.map((item) => `${item.rate} ${item.destination}`));
        if (kinds.size !== 1) failures.push(`one batch mixed ${[...kinds].join(' | ')}`);
        seen.push(...kinds);
        answers.push(...kinds);
      }
    };
    const singleClient = async (): Promise<void> => {
      const answers: string[] = [];
      answersOf.push(answers);
      while (!stop) {
        const response = await fetch(`${server.url}/v1/lookup?carrier=swap&at=${AT}&number=${numberFor(request++ * 104729)}`);
        const body = (await response.json()) as { rate?: string; destination?: string };
        if (response.status !== 200) failures.push(`GET ${response.status} ${JSON.stringify(body)}`);
        else {
          seen.push(`${body.rate} ${body.destination}`);
          answers.push(`${body.rate} ${body.destination}`);
        }
      }
    };

    const clients = [batchClient(), batchClient(), singleClient(), singleClient()];
    await new Promise((done) => setTimeout(done, 300));
    const beforeImport = seen.length;
    const imported = await ratedeck(['deck', 'import', join(directory, 'new.csv'), '--carrier', 'Swap', '--effective', '2021-01-01']);
    expect(imported.status, imported.output).toBe(0);
    const duringImport = seen.length - beforeImport;

    // The new card is swapped in within a few poll intervals plus its build.
    const deadline = Date.now() + 15_000;
    while (seen.at(-1) !== '0.2000 New' && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    await new Promise((done) => setTimeout(done, 300));
    stop = true;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(new Set(seen)).toEqual(new Set(['0.1000 Old', '0.2000 New']));
    expect(seen.slice(0, 10)).toEqual(Array(10).fill('0.1000 Old'));
    for (const answers of answersOf) {
      const firstNew = answers.indexOf('0.2000 New');
      expect(firstNew).toBeGreaterThan(0);
      expect(answers.slice(firstNew).every((kind) => kind === '0.2000 New')).toBe(true);
    }
    // Lookups kept flowing while the import held the write lock.
    expect(duringImport).toBeGreaterThan(20);
    // And a code only the new deck has is answered.
    const added = (await (await fetch(`${server.url}/v1/lookup?carrier=swap&at=${AT}&number=${4_400_000 + CODES + 10}123`)).json()) as { prefix: string };
    expect(added.prefix).toBe(String(4_400_000 + CODES + 10));
  });
});
