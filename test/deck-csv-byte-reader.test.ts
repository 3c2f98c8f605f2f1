/**
 * The CSV byte reader against papaparse, the reference: for any slice it reads, it must
 * give exactly what papaparse's path gives (entries, rows, errors, skipped rows, line
 * count), and it must hand anything papaparse would repair back to papaparse.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../bench/lib/seeded-random.js';
import { IrregularCsvError, readCsvBytes } from '../src/deck/worker/csv/read-csv-bytes.js';
import { readCsvRange, readCsvRangeWithPapaparse } from '../src/deck/worker/csv/read-csv-range.js';
import type { CsvRangeTask, LineBreak } from '../src/deck/deck-task.js';
import type { EncodedSlice } from '../src/deck/slice-builder.js';

const work = mkdtempSync(join(tmpdir(), 'ratedeck-csv-bytes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COLUMNS = { destination: [0], prefix: [1], rate: [2], increments: [3], effectiveFrom: [4], connectionFee: [5] };
const LABELS = { destination: 'Destination', prefix: 'Code', rate: 'Rate', increments: 'Increments', effectiveFrom: 'Effective', connectionFee: 'Fee' };

function taskFor(name: string, content: string | Buffer, options: { delimiter?: string; lineBreak?: LineBreak; encoding?: 'utf-8' | 'windows-1252'; prepend?: string } = {}): CsvRangeTask {
  const path = join(work, name);
  writeFileSync(path, content);
  const bytes = Buffer.byteLength(content);
  const text = content.toString();
  return {
    kind: 'csv-range',
    path,
    byteStart: 0,
    byteEnd: bytes,
    encoding: options.encoding ?? 'utf-8',
    delimiter: options.delimiter ?? ',',
    lineBreak: options.lineBreak ?? '\n',
    quotedLineBreaks: /"[^"]*[\r\n]/.test(text),
    expectedEntries: 8,
    columns: { columns: COLUMNS, labels: LABELS },
    cells: { prepend: options.prepend ?? '', decimalComma: options.delimiter === ';', defaultIncrements: { initial: 60, subsequent: 60 } },
  };
}

/** A slice as plain lines, text ids resolved: two readings that intern in another order still compare equal. */
function described(reading: { slice: EncodedSlice; lineCount: number }): unknown {
  const { slice } = reading;
  const text = (id: number) => (id < 0 ? '-' : slice.texts[id]);
  const entries = Array.from({ length: slice.count }, (_, i) =>
    [
      slice.rows[i],
      slice.codeValue[i],
      slice.codeLength[i],
      slice.destination ? text(slice.destination[i]!) : '',
      text(slice.rate[i]!),
      text(slice.connectionFee[i]!),
      `${slice.initialIncrement[i]}/${slice.subsequentIncrement[i]}`,
      slice.effectiveFrom && slice.effectiveFrom[i]! >= 0 ? slice.fromDates.texts[slice.effectiveFrom[i]!] : '-',
    ].join(' | '),
  );
  return { entries, errors: slice.errors, rowsRead: slice.rowsRead, skippedRows: slice.skippedRows, lineCount: reading.lineCount };
}

const CELLS = {
  destination: ['UK', '"UK, Mobile"', '"Nigeria ""MTN"""', '', ' France ', 'Côte', '"two\nlines"', '"two\r\nlines"', 'a"b', '"x"', 'Zürich'],
  code: ['44', '4477', '+44 77', '93-76', '"3763, 3764"', '', 'abc', '1234567890123456', '"44"', '007', '"4""4"', '12345678901234', '9'],
  rate: ['0.047', '0.04700', '$0.047', '1.82E-3', '-0.01', 'n/a', '', '0', '0,047', '"0.05"', '12'],
  increments: ['60/60', '30/6', '1', '', '60/0', 'x', ' 60 / 60 ', '"6/6"'],
  date: ['2025-01-01', '21-Sep-18', '2025-02-30', '', '45678', '"2025-01-01"', '13/01/2025'],
  fee: ['', '0', '0.01', '-1', 'x'],
};

function randomDeck(random: () => number): { text: string; delimiter: string; lineBreak: LineBreak } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const lineBreak = pick(['\n', '\r\n', '\r'] as const);
  const delimiter = pick([',', ',', ';', '\t']);
  const rows = Array.from({ length: 1 + Math.floor(random() * 30) }, () => {
    const cells = [pick(CELLS.destination), pick(CELLS.code), pick(CELLS.rate), pick(CELLS.increments), pick(CELLS.date), pick(CELLS.fee)];
    // Now and then a short row, or a blank line.
    const width = random() < 0.1 ? Math.floor(random() * 7) : 6;
    return cells
      .slice(0, width)
      .map((cell) => (delimiter === ',' ? cell : cell.replace(/,/g, delimiter === ';' ? ',' : ' ')))
      .join(delimiter);
  });
  const text = rows.join(lineBreak) + (random() < 0.7 ? lineBreak : '');
  return { text: text.replace(/\r?\n/g, lineBreak === '\r\n' ? '\r\n' : lineBreak), delimiter, lineBreak };
}

describe('the CSV byte reader', () => {
  it('reads random decks exactly as papaparse does, whatever falls on the edge of a read', async () => {
    const random = seededRandom(20_250_601);
    let compared = 0;
    for (let deck = 0; deck < 400; deck++) {
      const { text, delimiter, lineBreak } = randomDeck(random);
      const windows1252 = random() < 0.1;
      const task = taskFor(`random-${deck % 4}.csv`, windows1252 ? Buffer.from(text, 'latin1') : text, {
        delimiter,
        lineBreak,
        encoding: windows1252 ? 'windows-1252' : 'utf-8',
        prepend: random() < 0.2 ? '1' : '',
      });
      const readBytes = 1 + Math.floor(random() * (random() < 0.5 ? 8 : 200));
      expect(described(readCsvBytes(task, readBytes)), `deck ${deck}: ${JSON.stringify(text)}`).toEqual(described(await readCsvRangeWithPapaparse(task)));
      compared++;
    }
    expect(compared).toBe(400);
  });

  it('a slice from the middle of a file numbers its rows from its own first line', async () => {
    const head = 'Destination,Code,Rate\nUK,44,0.02\n';
    const task = { ...taskFor('middle.csv', `${head}"Two\nlines",33,0.03\nFrance,331,0.04\n`, { lineBreak: '\n' }), byteStart: Buffer.byteLength(head) };
    const reading = readCsvBytes(task);
    expect(described(reading)).toEqual(described(await readCsvRangeWithPapaparse(task)));
    expect([...reading.slice.rows.subarray(0, reading.slice.count)]).toEqual([0, 2]);
    expect(reading.lineCount).toBe(3);
  });

  it('quoting papaparse repairs is left to papaparse', async () => {
    for (const [name, text] of [
      ['space-after-quote.csv', 'UK,"44" ,0.02\n'],
      ['text-after-quote.csv', 'UK,"44"x,0.02\n'],
      ['unclosed-quote.csv', 'UK,"44,0.02\nFrance,33,0.03\n'],
    ] as const) {
      const task = taskFor(name, text);
      expect(() => readCsvBytes(task), name).toThrow(IrregularCsvError);
      expect(described(await readCsvRange(task)), name).toEqual(described(await readCsvRangeWithPapaparse(task)));
    }
  });

  it('bytes that are not UTF-8 in a UTF-8 file are left to papaparse', async () => {
    const task = taskFor('broken-utf8.csv', Buffer.concat([Buffer.from('Zone '), Buffer.from([0xc3, 0x28]), Buffer.from(',44,0.02\n')]));
    expect(() => readCsvBytes(task)).toThrow(IrregularCsvError);
    expect(described(await readCsvRange(task))).toEqual(described(await readCsvRangeWithPapaparse(task)));
  });
});
