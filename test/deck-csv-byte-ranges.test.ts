import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvHead } from '../src/deck/sniff/csv-head.js';
import { cutCsvByteRanges, type ByteRange } from '../src/deck/pool/csv-byte-ranges.js';

const work = mkdtempSync(join(tmpdir(), 'ratedeck-deck-byte-ranges-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function rangesOf(text: string, rangeCount: number, chunkBytes: number, lineBreak = '\n'): Promise<ByteRange[]> {
  const path = join(work, 'deck.csv');
  writeFileSync(path, text);
  const handle = await open(path, 'r');
  try {
    const ranges: ByteRange[] = [];
    const size = Buffer.byteLength(text);
    for await (const range of cutCsvByteRanges(handle, { dataStart: 0, fileSize: size, delimiter: 0x2c, lineBreak: lineBreak.charCodeAt(lineBreak.length - 1), rangeCount, chunkBytes })) {
      ranges.push(range);
    }
    return ranges;
  } finally {
    await handle.close();
  }
}

const rowsOf = (text: string, lineBreak: string) => Papa.parse<string[]>(text, { delimiter: ',', newline: lineBreak as '\n' }).data.filter((row) => row.join('') !== '');

/** A deck with the quoting real exports produce, from a seeded generator. */
function randomDeck(seed: number, rows: number, lineBreak: string): string {
  let state = seed;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const fields = [
    () => String(Math.floor(random() * 1e6)),
    () => `"Korea, Republic of"`,
    () => `"two${lineBreak}lines"`,
    () => `"say ""hi"""`,
    () => `5" display`,
    () => `""`,
    () => `"""${lineBreak}"""`,
  ];
  let text = '';
  for (let row = 0; row < rows; row++) {
    const count = 1 + Math.floor(random() * 4);
    text += Array.from({ length: count }, () => fields[Math.floor(random() * fields.length)]!()).join(',') + lineBreak;
  }
  return text;
}

describe('cutting a CSV into line-aligned byte ranges', () => {
  it('never cuts inside a quoted field, whatever falls on a chunk edge', async () => {
    for (const lineBreak of ['\n', '\r\n']) {
      for (let seed = 1; seed <= 12; seed++) {
        const text = randomDeck(seed, 200, lineBreak);
        for (const [rangeCount, chunkBytes] of [
          [5, 7],
          [3, 64],
          [8, 1],
        ] as const) {
          const ranges = await rangesOf(text, rangeCount, chunkBytes, lineBreak);
          expect(ranges[0]!.byteStart).toBe(0);
          expect(ranges.at(-1)!.byteEnd).toBe(Buffer.byteLength(text));
          ranges.slice(1).forEach((range, index) => expect(range.byteStart).toBe(ranges[index]!.byteEnd));
          const bytes = Buffer.from(text);
          const pieces = ranges.map((range) => bytes.subarray(range.byteStart, range.byteEnd).toString());
          expect(pieces.flatMap((piece) => rowsOf(piece, lineBreak))).toEqual(rowsOf(text, lineBreak));
          ranges.forEach((range, index) => expect(range.quotedLineBreaks).toBe(/"[^"]*(""[^"]*)*\n/.test(pieces[index]!) && rowsOf(pieces[index]!, lineBreak).some((row) => row.some((cell) => cell.includes('\n')))));
        }
      }
    }
  });
  it('gives about the asked number of byte ranges of similar size', async () => {
    const text = 'a,b\n'.repeat(10_000);
    const ranges = await rangesOf(text, 4, 1 << 12);
    expect(ranges).toHaveLength(4);
    for (const range of ranges) expect(range.byteEnd - range.byteStart).toBeGreaterThan(9_000);
  });
  it('one record bigger than a range makes fewer ranges, never empty ones', async () => {
    const text = `"${'x\n'.repeat(1000)}",1\nlast,2\n`;
    const ranges = await rangesOf(text, 10, 16);
    expect(ranges.every((range) => range.byteEnd > range.byteStart)).toBe(true);
    expect(ranges[0]!.quotedLineBreaks).toBe(true);
  });
});

const UTF8 = { encoding: 'utf-8', bomLength: 0 } as const;

describe('the head of a CSV', () => {
  it('finds the delimiter, line break and the rows with their lines and byte ends', () => {
    const head = readCsvHead(Buffer.from('\ufeffNote;x\r\nCode;"Na\r\nme";Rate\r\n44;"A;B";0,1\r\n'), true, { encoding: 'utf-8', bomLength: 3 }, 'deck.csv');
    expect(head).toMatchObject({ encoding: 'utf-8', bomLength: 3, delimiter: ';', lineBreak: '\r\n' });
    expect(head.rows.map((row) => [row.row, row.nextLine, row.cells])).toEqual([
      [1, 2, ['Note', 'x']],
      [2, 4, ['Code', 'Na\r\nme', 'Rate']],
      [4, 5, ['44', 'A;B', '0,1']],
    ]);
    expect(head.rows[1]!.endByte).toBe(Buffer.byteLength('\ufeffNote;x\r\nCode;"Na\r\nme";Rate\r\n'));
  });
  it('a semicolon deck with decimal commas is semicolon-separated, though commas split it evenly too', () => {
    const head = readCsvHead(Buffer.from('Country;Code;Rate;Setup\nDE;49;0,012;0,1\nFR;33;0,011;0,1\n'), true, UTF8, 'deck.csv');
    expect(head.delimiter).toBe(';');
  });
  it('tabs, and a multi-byte character cut at the end of the head', () => {
    const text = Buffer.from('Code\tRate\tName\n44\t0.1\tÖsterreich\n');
    const head = readCsvHead(text.subarray(0, text.indexOf('Ö') + 1), false, UTF8, 'deck.tsv');
    expect(head.delimiter).toBe('\t');
    expect(head.encoding).toBe('utf-8');
    expect(head.rows).toHaveLength(1);
  });
});
