/**
 * Hostile and careless CSV decks (issue 9): encodings, unterminated quotes, delimiters,
 * out-of-range amounts, international prefixes, --map slips and limits. readDeck runs the
 * compiled worker from dist/: run `npx tsc -p .` first (npm test does).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeck, type ReadDeckOptions } from '../src/deck/read-deck.js';
import { entriesOf } from '../src/model/entry-table.js';
import { deckError, lines } from './deck-reading-helpers.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => join(root, 'fixtures', name);
const work = mkdtempSync(join(tmpdir(), 'ratedeck-deck-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const IMPORT_TIME = Date.UTC(2025, 5, 1);
const base: ReadDeckOptions = { defaultIncrements: { initial: 60, subsequent: 60 }, defaultEffectiveFrom: IMPORT_TIME };
const read = (path: string, options: Partial<ReadDeckOptions> = {}) => readDeck(path, { ...base, ...options });
const write = (name: string, content: string | Buffer) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};
const destinations = async (path: string, options: Partial<ReadDeckOptions> = {}) =>
  [...entriesOf((await read(path, options)).entries)].map((entry) => entry.destination);

describe('encodings', () => {
  it('Côte d’Ivoire and € “ ” Š ž from a Windows-1252 deck read as Windows-1252, not Latin-1', async () => {
    expect(await destinations(fixture('windows-1252.csv'))).toEqual(['Côte d’Ivoire', '€ “quoted” Š ž']);
  });
  it('the same deck read by the papaparse path (a joined destination) decodes the same', async () => {
    const path = write('joined-1252.csv', Buffer.from('Country,Area,Code,Rate\nC\xf4te d\x92Ivoire,\x80 \x93x\x94,225,0.21\n', 'latin1'));
    expect(await destinations(path, { map: { destination: 'Country+Area' } })).toEqual(['Côte d’Ivoire € “x”']);
  });
  it('a 0xE9 byte after 2 MB of ASCII makes the whole file Windows-1252: Réunion, not R�union', async () => {
    const rows: string[] = ['Destination,Code,Rate'];
    for (let code = 0; rows.length < 70_000; code++) rows.push(`Somewhere plain,${100000 + code},0.0100`);
    const ascii = Buffer.from(rows.join('\n') + '\n');
    expect(ascii.length).toBeGreaterThan(2 << 20);
    const path = write('late-1252.csv', Buffer.concat([ascii, Buffer.from('R\xe9union,262,0.0500\n', 'latin1')]));
    const result = await read(path);
    expect(result.errors).toEqual([]);
    const last = [...entriesOf(result.entries)].at(-1)!;
    expect(last).toMatchObject({ prefix: '262', destination: 'Réunion' });
    expect(result.rows.at(-1)).toBe(70_001);
  });
  it('a UTF-8 deck whose first multi-byte character falls past the head keeps its byte offsets', async () => {
    const rows: string[] = ['Destination,Code,Rate'];
    for (let code = 0; rows.length < 70_000; code++) rows.push(`Österreich,${100000 + code},0.0100`);
    const path = write('utf8-long.csv', rows.join('\n') + '\nRéunion,262,0.0500\n');
    const result = await read(path);
    expect(result.errors).toEqual([]);
    expect(result.entries.length).toBe(70_000);
    expect([...entriesOf(result.entries)].at(-1)).toMatchObject({ prefix: '262', destination: 'Réunion' });
  });
  it('a UTF-16 deck, with or without its byte-order mark, is refused saying how to convert it', async () => {
    const text = 'Destination,Code,Rate\r\nFrance,33,0.0100\r\n';
    for (const [name, bytes] of [
      ['bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['no-bom.csv', Buffer.from(text, 'utf16le')],
    ] as const) {
      const error = await deckError(read(write(name, bytes)));
      expect(error.code).toBe('UNSUPPORTED_FILE');
      expect(error.message).toMatch(/is UTF-16 text; save it as "CSV UTF-8"/);
    }
  });
});
