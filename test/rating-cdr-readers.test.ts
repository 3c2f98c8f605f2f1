import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../src/rating/cdr/cdr-record.js';
import { CdrReader, readCdrText } from '../src/rating/cdr/cdr-reader.js';
import { decodeText } from '../src/text/text-encoding.js';
import { parseCdrTime, WallClock } from '../src/rating/cdr/cdr-time.js';
import { CsvRecordSplitter, MAX_RECORD_CHARS } from '../src/rating/cdr/csv-record-splitter.js';
import { parseNumberRewrite, rewriteNumber } from '../src/rating/cdr/number-rewrite.js';
import { openCdrFile, readCdrFile } from '../src/rating/cdr/read-cdr-file.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'cdr', name);

async function readAll(name: string, options: Parameters<typeof readCdrFile>[1] = {}): Promise<CallRecord[]> {
  const records: CallRecord[] = [];
  for await (const record of readCdrFile(fixture(name), options)) records.push(record);
  return records;
}

const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());
const summary = (record: CallRecord) => ({
  line: record.line,
  id: record.id,
  number: record.number,
  caller: record.caller,
  answered: record.answered,
  answer: iso(record.answerTime),
  rating: iso(record.ratingTime),
  seconds: record.seconds,
  error: record.error?.reason ?? null,
});

describe('Asterisk cdr_csv Master.csv', () => {
  it('18 columns (loguniqueid, loguserfield): every record, times in the switch zone, unanswered legs, bad values', async () => {
    const file = await openCdrFile(fixture('asterisk-master.csv'), { timezone: 'America/New_York', numberRewrite: [parseNumberRewrite('^00=')] });
    const records: CallRecord[] = [];
    for await (const record of file.records) records.push(record);
    expect(file.encoding).toBe('utf-8');
    expect(file.layout()).toMatchObject({ format: 'asterisk', header: false });
    expect(file.layout()!.columns).toHaveLength(18);
    expect(file.layout()!.columns.slice(-2)).toEqual(['uniqueid', 'userfield']);
    expect(records.map(summary)).toEqual([
      { line: 1, id: '1581374465.1', number: '442079460000', caller: '12125550100', answered: true, answer: '2020-02-11T03:41:12.000Z', rating: '2020-02-11T03:41:12.000Z', seconds: '37', error: null },
      // NO ANSWER with a non-zero billsec: unanswered all the same; no answer time, so rated at its start
      { line: 2, id: '1581374700.3', number: '12015550123', caller: '12125550100', answered: false, answer: null, rating: '2020-02-11T03:45:00.000Z', seconds: '12', error: null },
      { line: 3, id: '1581374760.5', number: '12015550124', caller: '12125550100', answered: false, answer: null, rating: '2020-02-11T03:46:00.000Z', seconds: '0', error: null },
      // 00 44 … rewritten by ^00=
      { line: 4, id: '1581375600.7', number: '442079460001', caller: '19735550199', answered: true, answer: '2020-02-11T04:00:03.000Z', rating: '2020-02-11T04:00:03.000Z', seconds: '61', error: null },
      // the "s" extension of an IVR is not a number
      { line: 5, id: '1581375900.9', number: null, caller: '1002', answered: true, answer: '2020-02-11T04:05:00.000Z', rating: '2020-02-11T04:05:00.000Z', seconds: '5', error: 'bad number' },
      { line: 6, id: '1581376200.10', number: '12125550111', caller: '12125550100', answered: true, answer: '2020-02-11T04:10:02.000Z', rating: '2020-02-11T04:10:02.000Z', seconds: null, error: 'bad duration' },
    ]);
    // Asterisk doubles the quotes of a caller id: "Alice" <…>
    expect(records[0].fields[4]).toBe('"Alice" <12125550100>');
    expect(records[3].fields[17]).toBe('campaign=7');
    expect(records[4].error!.message).toMatch(/"s" is not a phone number/);
  });

  it('21 columns (newcdrcolumns), CRLF, Windows-1252 caller name, a call across the DST change: id is uniqueid-sequence', async () => {
    const file = await openCdrFile(fixture('asterisk-newcdrcolumns-cp1252.csv'), { timezone: 'America/New_York' });
    const records: CallRecord[] = [];
    for await (const record of file.records) records.push(record);
    expect(file.encoding).toBe('windows-1252');
    expect(file.layout()!.columns.slice(-5)).toEqual(['uniqueid', 'userfield', 'peeraccount', 'linkedid', 'sequence']);
    expect(records[0].fields[4]).toBe('"José" <12125550100>');
    expect(records.map(summary)).toEqual([
      // 01:59:30 EST, before clocks jump to 03:00 EDT
      { line: 1, id: '1583650740.1-1', number: '12015550123', caller: '12125550100', answered: true, answer: '2020-03-08T06:59:30.000Z', rating: '2020-03-08T06:59:30.000Z', seconds: '40', error: null },
      // 03:00:20 EDT, after: FAILED is unanswered
      { line: 2, id: '1583650740.1-2', number: '12015550123', caller: '12125550100', answered: false, answer: null, rating: '2020-03-08T07:00:20.000Z', seconds: '0', error: null },
    ]);
  });

  it('re-saved by a spreadsheet: quotes gone, 2020/2/10 22:41 dates, CRLF, a number turned to 4.42079E+11, a 31 February', async () => {
    const records = await readAll('asterisk-spreadsheet-resaved.csv');
    expect(records.map(summary)).toEqual([
      { line: 1, id: '1581374465.1', number: '442079460000', caller: '12125550100', answered: true, answer: '2020-02-10T22:41:00.000Z', rating: '2020-02-10T22:41:00.000Z', seconds: '37', error: null },
      { line: 2, id: '1581374700.3', number: '12015550123', caller: '12125550100', answered: false, answer: null, rating: '2020-02-10T22:45:00.000Z', seconds: '12', error: null },
      { line: 3, id: '1581375600.7', number: null, caller: '19735550199', answered: true, answer: '2020-02-10T23:00:00.000Z', rating: '2020-02-10T23:00:00.000Z', seconds: '61', error: 'bad number' },
      { line: 4, id: '1581376800.12', number: '442079460002', caller: '19735550199', answered: true, answer: null, rating: null, seconds: '48', error: 'bad time' },
    ]);
    expect(records[3].error!.message).toMatch(/start "2020\/2\/31 23:20" is not a time/);
  });

  it('an unterminated quote is an error naming the line where it opened', async () => {
    await expect(readAll('unterminated-quote.csv')).rejects.toThrow(/unterminated-quote\.csv: line 2: a quote opens a field that never closes/);
  });

  it('16 columns (no uniqueid): records have no id', () => {
    const line = '"","1001","12015550123","default","","SIP/1001-01","","Dial","","2020-02-10 22:41:05","2020-02-10 22:41:06","2020-02-10 22:41:10",5,4,"ANSWERED","DOCUMENTATION"';
    const { layout, records } = readCdrText(line, { source: 'Master.csv' });
    expect(layout!.columns).toHaveLength(16);
    expect(records[0]).toMatchObject({ id: null, number: '12015550123', seconds: '4', answered: true, error: null });
  });
});

describe('Windows-1252 call records', () => {
  it('a caller name with Windows-1252 bytes 0x80–0x9F (’ € Š) reads as those characters, not C1 controls', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'ratedeck-cdr-1252-'));
    try {
      const head = '"","12125550100","12015550123","from-internal","""';
      const tail = '"" <12125550100>","PJSIP/1001-1","PJSIP/trunk-2","Dial","PJSIP/12015550123@trunk","2020-03-08 01:59:00","2020-03-08 01:59:30","2020-03-08 02:00:10",70,40,"ANSWERED","DOCUMENTATION","1583650740.1",""\r\n';
      // O’Brien € Šimon, as a PBX on a Western Windows code page writes it.
      const name = [0x4f, 0x92, 0x42, 0x72, 0x69, 0x65, 0x6e, 0x20, 0x80, 0x20, 0x8a, 0x69, 0x6d, 0x6f, 0x6e];
      const path = join(directory, 'Master.csv');
      writeFileSync(path, Buffer.concat([Buffer.from(head), Buffer.from(name), Buffer.from(tail)]));
      const file = await openCdrFile(path);
      const records: CallRecord[] = [];
      for await (const record of file.records) records.push(record);
      expect(file.encoding).toBe('windows-1252');
      expect(records[0]!.fields[4]).toBe('"O’Brien € Šimon" <12125550100>');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('FreeSWITCH mod_cdr_csv, example template', () => {
  it('every field quoted; an empty answer_stamp is unanswered; billed on billsec; id = uuid', async () => {
    const file = await openCdrFile(fixture('freeswitch-master.csv'), { timezone: 'Europe/London' });
    const records: CallRecord[] = [];
    for await (const record of file.records) records.push(record);
    expect(file.layout()).toMatchObject({ format: 'freeswitch' });
    expect(file.layout()!.columns).toHaveLength(15);
    expect(records.map(summary)).toEqual([
      { line: 1, id: 'a1b2c3d4-0000-4000-8000-000000000001', number: '12015550123', caller: '12125550100', answered: true, answer: '2020-02-10T22:41:09.000Z', rating: '2020-02-10T22:41:09.000Z', seconds: '61', error: null },
      { line: 2, id: 'a1b2c3d4-0000-4000-8000-000000000003', number: '12015550124', caller: '12125550100', answered: false, answer: null, rating: '2020-02-10T22:43:00.000Z', seconds: '0', error: null },
      { line: 3, id: 'a1b2c3d4-0000-4000-8000-000000000005', number: '442079460000', caller: '19735550199', answered: true, answer: '2020-02-10T22:50:02.000Z', rating: '2020-02-10T22:50:02.000Z', seconds: '7', error: null },
      { line: 4, id: 'a1b2c3d4-0000-4000-8000-000000000007', number: '14165550100', caller: '19735550199', answered: true, answer: '2020-02-10T22:55:01.000Z', rating: '2020-02-10T22:55:01.000Z', seconds: '59', error: null },
    ]);
  });

  it('the built-in default template (13 columns) is recognised too', () => {
    const line = '"Alice","1001","12015550123","default","2020-02-10 22:41:05","2020-02-10 22:41:09","2020-02-10 22:42:10","65","61","NORMAL_CLEARING","a1b2c3d4-0000-4000-8000-000000000001","","1001"';
    expect(readCdrText(line, { source: 'Master.csv' }).layout).toMatchObject({ format: 'freeswitch' });
  });
});

describe('generic CSV with a header', () => {
  it('finds columns by their usual names; fractional durations stay exact; bad time and duration per record', async () => {
    const file = await openCdrFile(fixture('generic-calls.csv'));
    const records: CallRecord[] = [];
    for await (const record of file.records) records.push(record);
    expect(file.layout()).toMatchObject({ format: 'csv', header: true, fields: { id: 0, caller: 1, number: 2, answer: 3, seconds: 4 } });
    expect(records.map(summary)).toEqual([
      { line: 2, id: 'c-1', number: '12015550123', caller: '12125550100', answered: true, answer: '2020-02-10T22:41:09.000Z', rating: '2020-02-10T22:41:09.000Z', seconds: '9.1', error: null },
      { line: 3, id: 'c-2', number: '12015550124', caller: null, answered: true, answer: '2020-02-11T03:43:00.000Z', rating: '2020-02-11T03:43:00.000Z', seconds: '0', error: null },
      { line: 4, id: 'c-3', number: '12015550125', caller: '12125550100', answered: true, answer: null, rating: null, seconds: '30', error: 'bad time' },
      { line: 5, id: 'c-4', number: '12015550126', caller: '12125550100', answered: true, answer: '2020-02-10T22:44:00.000Z', rating: '2020-02-10T22:44:00.000Z', seconds: null, error: 'bad duration' },
    ]);
  });

  it('--map overrides a column by name or number; a missing column names the header', () => {
    const text = 'When,From,To,Talk\n2020-02-10 22:41:05,12125550100,12015550123,37\n';
    expect(() => readCdrText(text, { source: 'x.csv', format: 'csv' })).toThrow(/x\.csv: no number column; expected a header naming one of number, dst/);
    const { records } = readCdrText(text, { source: 'x.csv', format: 'csv', map: { number: 'to', caller: '2', seconds: 'Talk', start: 'When' } });
    expect(records[0]).toMatchObject({ number: '12015550123', caller: '12125550100', seconds: '37', ratingTime: Date.UTC(2020, 1, 10, 22, 41, 5), id: null });
    expect(() => readCdrText(text, { source: 'x.csv', format: 'csv', map: { number: '9' } })).toThrow(/--map number=9: the file has columns 1 to 4/);
  });

  it('auto: a file that is no call-record layout is a clear error', () => {
    expect(() => readCdrText('a,b,c\n1,2,3\n', { source: 'odd.csv' })).toThrow(/odd\.csv: line 1: not a call-record file; expected a header naming the number and seconds columns/);
  });
});

describe('number rewrite rules', () => {
  it('^00= strips an international prefix, ^0([1-9])=44$1 adds a country code, in order', () => {
    const rules = ['^00=', '^0([1-9])=44$1'].map(parseNumberRewrite);
    expect(rewriteNumber('0044 20 7946 0000', rules)).toEqual({ digits: '442079460000' });
    expect(rewriteNumber('020 7946 0000', rules)).toEqual({ digits: '442079460000' });
    expect(rewriteNumber('+1 212 555 0100', rules)).toEqual({ digits: '12125550100' });
    expect(rewriteNumber('0012345678901234567', rules)).toMatchObject({ error: expect.stringMatching(/at most 15/) });
    expect(() => parseNumberRewrite('^(0=')).toThrow(/not a JavaScript regular expression/);
    expect(() => parseNumberRewrite('nothing')).toThrow(/expected <regex>=<replacement>/);
    expect(parseNumberRewrite('^(?=1)=+').pattern.source).toBe('^(?=1)');
  });
});

describe('CSV splitting and times', () => {
  it('gives the same records whatever the chunk boundaries (quotes, "" and CRLF split across chunks)', () => {
    const text = readFileSync(fixture('asterisk-spreadsheet-resaved.csv'), 'utf8') + readFileSync(fixture('asterisk-master.csv'), 'utf8');
    const whole = new CsvRecordSplitter('x');
    const expected = [...whole.push(text), ...whole.end()];
    for (const size of [1, 2, 3, 7, 64]) {
      const splitter = new CsvRecordSplitter('x');
      const got = [];
      for (let at = 0; at < text.length; at += size) got.push(...splitter.push(text.slice(at, at + size)));
      got.push(...splitter.end());
      expect(got).toEqual(expected);
    }
    expect(expected).toHaveLength(10);
    expect(expected[4].line).toBe(5);
  });

  it('reads wall-clock times in a zone, zoned times as given, epoch seconds', () => {
    const newYork = new WallClock('America/New_York');
    expect(iso(parseCdrTime('2020-07-01 12:00:00', newYork))).toBe('2020-07-01T16:00:00.000Z');
    expect(iso(parseCdrTime('2020-11-01 01:30:00', newYork))).toBe('2020-11-01T05:30:00.000Z'); // repeated hour: the first
    expect(iso(parseCdrTime('2020-03-08 02:30:00', newYork))).toBe('2020-03-08T07:30:00.000Z'); // skipped hour
    expect(iso(parseCdrTime('2020-07-01T12:00:00+02:00', newYork))).toBe('2020-07-01T10:00:00.000Z');
    expect(iso(parseCdrTime('1581374465', newYork))).toBe('2020-02-10T22:41:05.000Z');
    expect(iso(parseCdrTime('2020-01-01 12:00', new WallClock('Australia/Lord_Howe')))).toBe('2020-01-01T01:00:00.000Z');
    expect(parseCdrTime('', newYork)).toBeNull();
    expect(parseCdrTime('10/02/2020', newYork)).toBeNaN();
    expect(() => new WallClock('Mars/Olympus')).toThrow(/--timezone Mars\/Olympus: not an IANA time zone/);
  });
});

describe('reading in slices, as pool workers will', () => {
  it('a slice read with the layout of the first record and its first line gives the same records as the whole file', () => {
    const bytes = readFileSync(fixture('asterisk-newcdrcolumns-cp1252.csv'));
    const whole = readCdrText(decodeText(bytes, 'windows-1252'), { source: 'm.csv', timezone: 'America/New_York' });
    const cut = bytes.indexOf(0x0a) + 1; // a line boundary outside quotes
    const slice = new CdrReader({ source: 'm.csv', timezone: 'America/New_York', layout: whole.layout!, firstLine: 2 });
    const records = [...slice.push(decodeText(bytes.subarray(cut), 'windows-1252')), ...slice.end()];
    expect(records).toEqual(whole.records.slice(1));
  });

  it('a quote swallowing a large file fails once a record passes the size limit, naming its line', () => {
    const splitter = new CsvRecordSplitter('big.csv');
    splitter.push('"a","b"\n"c","d\n');
    const filler = 'x,y,z\n'.repeat(1000);
    expect(() => {
      for (let pushed = 0; pushed <= MAX_RECORD_CHARS; pushed += filler.length) splitter.push(filler);
    }).toThrow(/big\.csv: line 2: a quote opens a field that never closes/);
  });
});
