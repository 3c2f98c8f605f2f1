/**
 * Issue 9: random and extreme values thrown at every reader of outside input (deck cells and
 * files, margin plans, amounts, CLI options, strict JSON, HTTP requests, CDR fields). Each
 * answer must be a RatedeckError whose message is one line under 2000 characters naming the
 * value (or its start), or a result that passes a direct check, within 1 s per input.
 * Deterministic: FUZZ_SEED=<n> replays a run; a failure prints the seed and the input.
 * readDeck and serve run the build in dist/: run `npx tsc -p .` first (npm test does).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomInt, seededRandom } from '../bench/lib/seeded-random.js';
import { COMMANDS } from '../src/cli/commands/index.js';
import { optionName } from '../src/cli/option-readers.js';
import { parseCodeCell } from '../src/deck/cells/code-cell.js';
import { parseDateCell } from '../src/deck/cells/date-cell.js';
import { parseIncrementsCell, parseSecondsCell } from '../src/deck/cells/increments-cell.js';
import { parseRateCell } from '../src/deck/cells/rate-cell.js';
import { RowNormaliser } from '../src/deck/cells/row-normaliser.js';
import { readDeck } from '../src/deck/read-deck.js';
import { RatedeckError } from '../src/errors.js';
import { LIMITS } from '../src/limits.js';
import { entriesOf, entryTableFrom } from '../src/model/entry-table.js';
import { canonicalDecimal, Decimal, decimalLimitProblem, isDecimalText, shortestRoundTrip } from '../src/money/decimal.js';
import { parseMarginPlan } from '../src/pricing/margin-plan.js';
import { amountInCurrency, parseAmount } from '../src/provisioning/money-amount.js';
import { readCdrText } from '../src/rating/cdr/cdr-reader.js';
import { parseCdrTime, WallClock } from '../src/rating/cdr/cdr-time.js';
import { parseNumberRewrite, rewriteNumber } from '../src/rating/cdr/number-rewrite.js';
import { addCarrier } from '../src/store/carrier-store.js';
import { openDatabase, writeTransaction } from '../src/store/database.js';
import { cardIdFor, writeRevision } from '../src/store/rate-card-store.js';
import { parseStrictJson } from '../src/text/strict-json.js';
import { quotedValue } from '../src/text/quoted-value.js';
import { startServe, stopServe, type ServeProcess } from './serve-process.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const MAX_MESSAGE_CHARS = 2000;
/** A guard against blow-ups (a quadratic regex, an expanded 1e100000000), not a benchmark. */
const MAX_CALL_MS = 1000;

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[randomInt(random, items.length)]!;

const ONE_MB = 1 << 20;
const LONG_STRINGS = ['1'.repeat(ONE_MB), '1'.repeat(ONE_MB) + 'x', 'a'.repeat(ONE_MB), '0.' + '0'.repeat(ONE_MB) + '1', '\u0000'.repeat(ONE_MB)];
const HUGE_NUMBERS = ['1e100000000', '-1e100000000', '1E+999999999999', '1e-400', '1e-100000000', '0e100000000', '0.5e-99999999999', '1e400', '1e309', '5e-324', '1.7976931348623157e308', '9007199254740993'];
const EXTREMES = [
  ...HUGE_NUMBERS,
  'NaN', 'nan', 'Infinity', '-Infinity', '+Infinity', 'inf', '∞', '-0', '+0', '-', '+', '--1', '+-1', '1..2', '.', '-.', '.5', '5.', 'e5', '1e', '1e+', '0x1F', '0b101', '1_000', '1,000.00', '0,047', '1 000',
  '١٢٣', '٠٫٠٤٧', '１２３', '０.０４７', '߁߂', '𝟏𝟐', '\u0000', '\u00001', '1\u0000', '\u0007\u001b[31m', '\r\n', '\t', '\u00a0', '\u2028', '\uFEFF0.047', '0.047\uFEFF', '\uD800', '\uDC00abc', '1\uD83D',
  'Côte d\u0092Ivoire', '\u0080\u0093\u0094', 'Ã©', '\uFFFD', '\u202E1', '€0.047', '0.047€', '$', '£-1', '¥1e3',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'null', 'undefined', 'true', '[]', '{}', '"', "'", '""', '\\', '%00', '%E0%A4%A',
  '1/0', '60/0', '0/60', '3601/1', '1/3601', '4294967297/1', '30 / 6', '6/6/6', '-6/6',
  '2025-02-30', '2025-13-01', '9999-12-31T23:59:59Z', '0000-01-01', '0020-01-01 00:00:00', '1900-02-29', '2024-02-29', '31/02/2025', '00/00/00', '2958466', '2020-01-01 00:00:00+99:99', '2025-03-01T25:00', '1581374465',
  '0044', '011 33', '+44 (0) 20', '44;33,,', '4477;', ';;', '1234567890123456', '+', '447700900123',
];
const TOKENS = ['0', '1', '9', '47', '.', ',', ';', 'e', 'E', '+', '-', ' ', '/', ':', 'T', 'Z', '=', '$', '€', '٣', '３', '\u0000', '\n', '"', '\uD800', 'é', '\u0092', '9'.repeat(40)];
const VALID = ['0.0470', '0.047', '2339', '30/6', '60', '2025-03-01', '2025-03-01T12:00:00Z', '21-Sep-18', '447700900123', '4477', 'USD', 'EUR=1.0850', '100.50', '-12.50', '2020-02-10 22:41:05', 'Acme'];

/** One hostile text: an extreme, a long run, tokens at random, a mutated valid value, rarely 1 MB. */
function hostileString(random: Random): string {
  const kind = random();
  if (kind < 0.3) return pick(random, EXTREMES);
  if (kind < 0.4) {
    const digits = pick(random, ['1', '9', '0', '١']).repeat(1 + randomInt(random, 10_000));
    return pick(random, [digits, digits + 'x', '0.' + digits, digits + 'e5', '-' + digits, digits + '.' + digits]);
  }
  if (kind < 0.65) return Array.from({ length: 1 + randomInt(random, 6) }, () => pick(random, TOKENS)).join('');
  if (kind < 0.97) {
    const valid = pick(random, VALID);
    const at = randomInt(random, valid.length + 1);
    const op = randomInt(random, 3);
    const token = pick(random, [...TOKENS, pick(random, EXTREMES)]);
    return op === 0 ? valid.slice(0, at) + token + valid.slice(at) : op === 1 ? valid.slice(0, at) + valid.slice(at + 1) : valid + token;
  }
  return pick(random, LONG_STRINGS);
}

/** A hostile deck cell: text, or what an XLSX numeric cell hands over. */
function hostileCell(random: Random): string | number | null {
  const kind = random();
  if (kind < 0.1) return null;
  if (kind < 0.25) return pick(random, [Number.NaN, Infinity, -Infinity, -0, 0, 1e300, -1e-300, 5e-324, Number.MAX_VALUE, 2 ** 53 + 1, 0.1 + 0.2, 45000.5, 2958466, -1, 1e9, 999999999.5]);
  return hostileString(random);
}

const shown = (value: unknown) => (typeof value === 'string' ? `${quotedValue(value, 120)} (${value.length} chars)` : String(value));

/**
 * Whether `message` names `value`: its start (20 characters), raw or JSON-escaped, of the
 * trimmed value or of one of its parts (a list cell names the part that is wrong).
 */
function namesValue(message: string, value: string): boolean {
  const text = value.trim();
  if (text === '') return true;
  const parts = [text, ...text.split(/[,;]+/), ...text.split(/[,;=/:\s]+/)].map((part) => part.trim()).filter(Boolean);
  if (parts.some((part) => [part, JSON.stringify(part).slice(1, -1), quotedValue(part, Infinity).slice(1, -1)].some((form) => message.includes(form.slice(0, 20))))) return true;
  // A dial code or a number is named by its digits once its decoration (+, -, spaces) is dropped.
  const digits = text.replace(/\D/g, '');
  return digits.length >= 20 && message.includes(digits.slice(0, 20));
}

/** What is wrong with a message (or a row error's reason) about `value`, or null. */
function messageProblem(message: string, value: string | null, relax: Relax = {}): string | null {
  if (!relax.rawMessage) {
    if (/[\r\n\u2028\u2029]/.test(message)) return `the message spans lines: ${quotedValue(message, 200)}`;
    if (message.length >= MAX_MESSAGE_CHARS) return `the message is ${message.length} characters: ${quotedValue(message, 200)}`;
  }
  if (value !== null && !relax.unnamed && !namesValue(message, value)) return `the message does not name the value: ${quotedValue(message, 200)}`;
  return null;
}

/**
 * Known bugs in code this helper may not change (reported to the lead, issue 9): a matching
 * input skips the check it would fail, or is not run at all when it would hang. Delete an
 * entry once its bug is fixed; the it.todo at the end names each.
 */
interface Relax {
  /** The message may quote the value whole and raw (several lines, any length). */
  rawMessage?: boolean;
  unnamed?: boolean;
  /** Not run: it would take seconds or more. */
  skip?: boolean;
}
const longSpaceRun = (text: string) => /[\s\u00a0]{200}/.test(text.trim());
const KNOWN = {
  /** src/deck/cells (rate, code, date, increments): reasons quote the whole raw cell. */
  deckReasonRaw: { rawMessage: true },
  /**
   * deck/cells/decimal-ids.ts: the fast path for canonical decimals of up to 15 digits gives
   * an id without LIMITS.decimal, so a CSV rate of 44770090013 is imported while 1e10 is refused.
   */
  fastPathMagnitude: {},
  /** rate-cell.ts CURRENCY_SIGN `\s*[$€£¥]$` and model/iso-time.ts ISO_TIME (`\s*` twice) backtrack over long space runs. */
  spaceRunQuadratic: { skip: true },
  /**
   * src/cli option parsers (refuseChoice, positive and whole numbers, --prepend, --map of
   * rate) and model/iso-time.ts parseTimeOption (--at, --effective, --since) quote the value
   * whole: a 1 MB value makes a 1 MB message.
   */
  cliValueRaw: { rawMessage: true },
  /** model/normalize-number.ts quotes the whole number (GET /v1/lookup answers it as a 400). */
  numberRaw: { rawMessage: true },
  /** cdr-reader.ts: the seconds pattern `^\d*\.?\d+$` is quadratic; its time, duration and number (model/normalize-number.ts) messages quote the whole field. */
  cdrField: { rawMessage: true },
} satisfies Record<string, Relax>;

interface Outcome<T> {
  result?: T;
  error?: unknown;
  problem: string | null;
}

/** Runs one call: the time bound, and a RatedeckError with a good message if it throws. */
function attempt<T>(call: () => T, value: string | null, relax: Relax = {}): Outcome<T> {
  const started = performance.now();
  let outcome: Outcome<T>;
  try {
    outcome = { result: call(), problem: null };
  } catch (error) {
    if (!(error instanceof RatedeckError)) outcome = { error, problem: `threw ${(error as Error)?.name}: ${String((error as Error)?.message).slice(0, 300)}` };
    else outcome = { error, problem: messageProblem(error.message, value, relax) };
  }
  const elapsed = performance.now() - started;
  if (elapsed > MAX_CALL_MS && outcome.problem === null) outcome.problem = `took ${Math.round(elapsed)} ms`;
  return outcome;
}

/** Collects failures of one reader and fails once with the seed and the first inputs. */
class Failures {
  readonly list: string[] = [];
  add(reader: string, input: unknown, problem: string | null): void {
    if (problem !== null && this.list.length < (process.env.FUZZ_ALL ? 10_000 : 10)) this.list.push(`${reader}(${shown(input)}): ${problem}`);
  }
  assertNone(): void {
    expect(this.list, `FUZZ_SEED=${SEED}`).toEqual([]);
  }
}

/** A decimal text equal to `expected` (plain digits, within LIMITS.decimal), or why not. */
function decimalResultProblem(rate: string, expected: string): string | null {
  if (!/^\d+(\.\d+)?$/.test(rate)) return `the rate ${rate} is not plain digits`;
  const limit = decimalLimitProblem(rate);
  if (limit !== null) return `the rate ${rate.slice(0, 60)} is past LIMITS: ${limit}`;
  if (!new Decimal(rate).eq(new Decimal(expected))) return `the rate ${rate} is not ${expected}`;
  return null;
}

describe(`fuzz: deck cells (FUZZ_SEED=${SEED})`, () => {
  it('rate cells: an exact decimal equal to what was written, or a reason naming it', () => {
    const random = seededRandom(SEED);
    const failures = new Failures();
    for (let i = 0; i < 600; i++) {
      const value = hostileCell(random);
      const decimalComma = random() < 0.3;
      if (typeof value === 'string' && longSpaceRun(value)) continue; // KNOWN.spaceRunQuadratic
      const { result, problem } = attempt(() => parseRateCell(value, decimalComma), null);
      failures.add('parseRateCell', value, problem);
      if (!result) continue;
      if (result.kind === 'rate') {
        let written: string;
        if (typeof value === 'number') written = shortestRoundTrip(value);
        else {
          written = value!.trim().replace(/^[$€£¥]\s*|\s*[$€£¥]$/g, '');
          if (decimalComma && !written.includes('.')) written = written.replace(',', '.');
        }
        failures.add('parseRateCell', value, isDecimalText(written) && decimalLimitProblem(written) === null ? decimalResultProblem(result.rate, written) : `accepted ${result.rate}`);
      } else if (result.kind !== 'absent') failures.add('parseRateCell', value, messageProblem(result.reason, typeof value === 'number' ? String(value) : value, KNOWN.deckReasonRaw));
    }
    failures.assertNone();
  });

  it('code, date and increment cells: codes of 1–15 digits, real dates, 1–3600 s, or a reason naming the cell', () => {
    const random = seededRandom(SEED + 1);
    const failures = new Failures();
    for (let i = 0; i < 500; i++) {
      const value = hostileCell(random);
      const text = value === null ? null : String(value);
      if (text !== null && longSpaceRun(text)) continue; // KNOWN.spaceRunQuadratic
      const prepend = pick(random, ['', '', '1', '44']);
      const code = attempt(() => parseCodeCell(value, prepend, pick(random, ['', '00', '011'])), null);
      failures.add('parseCodeCell', value, code.problem);
      if (code.result?.kind === 'codes') {
        const bad = code.result.codes.find((one) => !/^\d{1,15}$/.test(one) || !one.startsWith(prepend));
        if (bad !== undefined) failures.add('parseCodeCell', value, `gave the code ${bad}`);
      } else if (code.result?.kind === 'invalid') failures.add('parseCodeCell', value, messageProblem(code.result.reason, text, KNOWN.deckReasonRaw));

      const date = attempt(() => parseDateCell(value, random() < 0.2), null);
      failures.add('parseDateCell', value, date.problem);
      const inRange = (time: number) => Number.isNaN(time) || (time >= Date.UTC(1000, 0, 1) && time < Date.UTC(10000, 0, 1));
      if (date.result?.kind === 'time' && !(Number.isFinite(date.result.time) && inRange(date.result.time))) failures.add('parseDateCell', value, `gave the time ${date.result.time}`);
      if (date.result?.kind === 'dayMonth' && !(inRange(date.result.dmy) && inRange(date.result.mdy) && !(Number.isNaN(date.result.dmy) && Number.isNaN(date.result.mdy)))) {
        failures.add('parseDateCell', value, `gave ${date.result.dmy}/${date.result.mdy}`);
      }
      if (date.result?.kind === 'invalid') failures.add('parseDateCell', value, messageProblem(date.result.reason, text, KNOWN.deckReasonRaw));

      const seconds = (n: number) => Number.isInteger(n) && n >= 1 && n <= 3600;
      const increments = attempt(() => parseIncrementsCell(value), null);
      failures.add('parseIncrementsCell', value, increments.problem);
      if (increments.result?.kind === 'increments' && !(seconds(increments.result.increments.initial) && seconds(increments.result.increments.subsequent))) failures.add('parseIncrementsCell', value, 'out of 1–3600');
      if (increments.result?.kind === 'invalid') failures.add('parseIncrementsCell', value, messageProblem(increments.result.reason, text, KNOWN.deckReasonRaw));
      const single = attempt(() => parseSecondsCell(value), null);
      failures.add('parseSecondsCell', value, single.problem);
      if (single.result?.kind === 'seconds' && !seconds(single.result.seconds)) failures.add('parseSecondsCell', value, `gave ${single.result.seconds}`);
    }
    failures.assertNone();
  });

  it('the row normaliser takes rows of hostile cells: entries or row errors, never a throw', () => {
    const random = seededRandom(SEED + 2);
    const failures = new Failures();
    const mapping = { columns: { destination: [0], prefix: [1], rate: [2], connectionFee: [3], increments: [4], effectiveFrom: [5] }, labels: {} };
    for (let batch = 0; batch < 20; batch++) {
      const rows = Array.from({ length: 20 }, () => Array.from({ length: 6 }, () => hostileCell(random)).map((cell) => (typeof cell === 'string' && longSpaceRun(cell) ? '1' : cell)));
      const outcome = attempt(() => {
        const normaliser = new RowNormaliser(mapping, { prepend: '', stripPrefix: '', decimalComma: random() < 0.3, defaultIncrements: { initial: 60, subsequent: 60 } });
        rows.forEach((cells, index) => normaliser.accept(cells, index + 2));
        return normaliser.finish();
      }, null);
      failures.add('RowNormaliser', JSON.stringify(rows).slice(0, 300), outcome.problem);
      // A row error carries the cell in `value`; its reason need not repeat it ("no dial code" for "+").
      for (const error of outcome.result?.errors ?? []) failures.add('RowNormaliser', error.value, messageProblem(error.reason, null, KNOWN.deckReasonRaw));
    }
    failures.assertNone();
  });
});

describe(`fuzz: deck files end to end (FUZZ_SEED=${SEED})`, () => {
  const work = mkdtempSync(join(tmpdir(), 'ratedeck-fuzz-deck-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const options = { defaultIncrements: { initial: 60, subsequent: 60 }, defaultEffectiveFrom: Date.UTC(2025, 5, 1), threads: 1 };
  const csvField = (text: string) => `"${text.replace(/"/g, '""')}"`;
  /** Small hostile cells: a deck's reasons quote raw cells (KNOWN.deckReasonRaw) and long space runs hang (KNOWN.spaceRunQuadratic). */
  const smallCell = (random: Random) => {
    const text = hostileString(random);
    return text.length > 2000 || longSpaceRun(text) ? text.slice(0, 50).trim() : text;
  };

  async function checkDeck(path: string, failures: Failures, label: string): Promise<void> {
    const started = performance.now();
    try {
      const result = await readDeck(path, options);
      for (const entry of entriesOf(result.entries)) {
        if (!/^[1-9]\d{0,14}$/.test(entry.prefix)) failures.add(label, entry.prefix, 'an entry with this code');
        // KNOWN.fastPathMagnitude: a plain rate of up to 15 digits skips the magnitude bound.
        const fastPath = /^\d{1,15}$/.test(entry.rate.replace('.', '')) && /absolute value/.test(decimalLimitProblem(entry.rate) ?? '');
        if (!/^\d+(\.\d+)?$/.test(entry.rate) || (decimalLimitProblem(entry.rate) !== null && !fastPath)) failures.add(label, entry.rate, 'an entry with this rate');
      }
      for (const error of result.errors) failures.add(label, error.value, messageProblem(error.reason, null, KNOWN.deckReasonRaw));
    } catch (error) {
      if (!(error instanceof RatedeckError)) failures.add(label, path, `threw ${(error as Error).name}: ${(error as Error).message}`);
      else failures.add(label, path, messageProblem(error.message, null));
    }
    // A worker pool starts per read (~100–300 ms); the bound is for a blow-up, not for that.
    const elapsed = performance.now() - started;
    if (elapsed > 3 * MAX_CALL_MS) failures.add(label, path, `took ${Math.round(elapsed)} ms`);
  }

  it('small random CSV decks (text, Windows-1252 bytes, NULs) read to entries, row errors or a clear error', async () => {
    const random = seededRandom(SEED + 3);
    const failures = new Failures();
    for (let file = 0; file < 6; file++) {
      const rows = [['Destination', 'Code', 'Rate', 'Increments', 'Effective Date'].join(',')];
      for (let row = 0; row < 4; row++) rows.push([pick(random, ['Côte d’Ivoire', 'UK', '']), pick(random, ['44', '4477', smallCell(random)]), smallCell(random), pick(random, ['60/60', smallCell(random)]), pick(random, ['2025-03-01', smallCell(random)])].map(csvField).join(','));
      let bytes = Buffer.from(rows.join(pick(random, ['\n', '\r\n'])) + '\n');
      if (file % 3 === 1) bytes = Buffer.concat([bytes, Buffer.from([0x80, 0x92, 0x9f, 0x00, 0xe9, 0x2c, 0x34, 0x34, 0x2c, 0x31, 0x0a])]);
      const path = join(work, `deck-${file}.csv`);
      writeFileSync(path, bytes);
      await checkDeck(path, failures, 'readDeck(csv)');
    }
    failures.assertNone();
  });

  it('small XLSX decks with hostile cell values (text and numbers) read the same way', async () => {
    const random = seededRandom(SEED + 4);
    const failures = new Failures();
    for (let file = 0; file < 2; file++) {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('Rates');
      sheet.addRow(['Destination', 'Code', 'Rate', 'Increments']);
      for (let row = 0; row < 5; row++) {
        const cell = () => {
          const value = hostileCell(random);
          // exceljs writes NaN and ±Infinity as invalid XML numbers, which no spreadsheet writes either.
          if (typeof value === 'number') return Number.isFinite(value) ? value : 1;
          return value === null ? null : smallCell(random).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uD800-\uDFFF]/g, '');
        };
        sheet.addRow(['UK', pick(random, [44, '4477', cell()]), cell(), pick(random, ['60/60', cell()])]);
      }
      const path = join(work, `deck-${file}.xlsx`);
      await book.xlsx.writeFile(path);
      await checkDeck(path, failures, 'readDeck(xlsx)');
    }
    failures.assertNone();
  });
});

describe(`fuzz: decimals, amounts, plans and JSON (FUZZ_SEED=${SEED})`, () => {
  it('canonicalDecimal and decimalLimitProblem: the same value or null, in bounded time and memory (1e100000000 never expanded)', () => {
    const random = seededRandom(SEED + 5);
    const failures = new Failures();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 800; i++) {
      const text = i < HUGE_NUMBERS.length * 4 ? pick(random, HUGE_NUMBERS) : hostileString(random);
      const { result, problem } = attempt(() => canonicalDecimal(text), null);
      failures.add('canonicalDecimal', text, problem);
      if (typeof result === 'string') {
        if (!isDecimalText(text) || decimalLimitProblem(text) !== null) failures.add('canonicalDecimal', text, `accepted as ${result.slice(0, 60)}`);
        else if (!new Decimal(result).eq(new Decimal(text)) || /e/i.test(result)) failures.add('canonicalDecimal', text, `gave ${result}`);
      }
    }
    const grown = process.memoryUsage().heapUsed - heapBefore;
    expect(grown, `heap grew ${grown} bytes; FUZZ_SEED=${SEED}`).toBeLessThan(200 * ONE_MB);
    failures.assertNone();
  });

  it('money amounts: at most 6 places and 15 integer digits equal to what was typed, or INVALID_VALUE naming it', () => {
    const random = seededRandom(SEED + 6);
    const failures = new Failures();
    for (let i = 0; i < 600; i++) {
      const text = hostileString(random);
      const { result, problem } = attempt(() => parseAmount(text, '--amount', { allowZero: random() < 0.5 }), text);
      failures.add('parseAmount', text, problem);
      if (result === undefined) continue;
      if (!/^-?\d{1,15}(\.\d{1,6})?$/.test(result) || !new Decimal(result).eq(new Decimal(text.trim()))) failures.add('parseAmount', text, `gave ${result}`);
      const currency = pick(random, ['USD', 'JPY', 'KWD', 'EUR']);
      const inCurrency = attempt(() => amountInCurrency(result, currency, '--debit-limit'), result);
      failures.add(`amountInCurrency(${currency})`, result, inCurrency.problem);
      if (inCurrency.result !== undefined && !new Decimal(inCurrency.result).eq(new Decimal(result))) failures.add('amountInCurrency', result, `gave ${inCurrency.result}`);
    }
    failures.assertNone();
  });

  /** A plan object with hostile field values, written as JSON text with hostile edits. */
  function hostilePlanText(random: Random): string {
    const value = () => pick(random, [hostileString(random), hostileString(random), '15', '0.0010', 4, -1, 1e308, true, null, [], {}, { percent: hostileString(random) }]);
    const plan: Record<string, unknown> = { precision: pick(random, [4, 0, 10, 11, -1, 4.5, '4', 1e100]), rounding: pick(random, ['up', 'half-even', 'UP', hostileString(random)]) };
    if (random() < 0.6) plan.default = { percent: value(), ...(random() < 0.4 ? { add: value() } : {}), ...(random() < 0.3 ? { increments: value() } : {}) };
    if (random() < 0.4) plan.rules = [{ prefix: pick(random, ['44', hostileString(random)]), price: value() }, { destination: '*mobile*', percent: value() }];
    if (random() < 0.3) plan.exchangeRates = { [pick(random, ['EUR', 'eur', '__proto__', 'constructor', hostileString(random).slice(0, 50)])]: value() };
    if (random() < 0.2) plan.minMargin = value();
    let text = JSON.stringify(plan);
    const edit = random();
    if (edit < 0.1) text = text.replace(/^\{/, '{"precision": 2, ');
    else if (edit < 0.2) text = text.replace(/^\{/, '{"__proto__": {"percent": "1"}, ');
    else if (edit < 0.3) text = '{"default": ' + '['.repeat(40) + ']'.repeat(40) + '}';
    else if (edit < 0.35) text = '['.repeat(100_000) + ']'.repeat(100_000);
    else if (edit < 0.45) text = text.slice(0, randomInt(random, text.length));
    else if (edit < 0.55) {
      const at = randomInt(random, text.length);
      text = text.slice(0, at) + pick(random, TOKENS) + text.slice(at);
    }
    return text;
  }

  it('margin plans: a plan whose every amount is within LIMITS and as written, or BAD_PLAN on one line', () => {
    const random = seededRandom(SEED + 7);
    const failures = new Failures();
    for (let i = 0; i < 500; i++) {
      const text = hostilePlanText(random);
      // A plan's message names a field and describes its value (cut at 60): it is checked for shape, not for naming.
      const { result, error, problem } = attempt(() => parseMarginPlan(text, 'plan.json'), null);
      failures.add('parseMarginPlan', text, problem);
      if (error instanceof RatedeckError && error.code !== 'BAD_PLAN') failures.add('parseMarginPlan', text, `code ${error.code}`);
      if (!result) continue;
      const parsed = JSON.parse(text) as { default?: { percent?: string; add?: string } };
      for (const [field, amount] of [['percent', result.default.percent], ['add', result.default.add]] as const) {
        if (amount === undefined) continue;
        const written = parsed.default?.[field];
        if (typeof written !== 'string') failures.add('parseMarginPlan', text, `default.${field} ${amount} from ${JSON.stringify(written)}`);
        else failures.add('parseMarginPlan', text, decimalResultProblem(amount, written.trim()));
      }
    }
    failures.assertNone();
  });

  it('strict JSON: what JSON.parse gives, or INVALID_VALUE on one line for a duplicate key, deep nesting or bad JSON', () => {
    const random = seededRandom(SEED + 8);
    const failures = new Failures();
    for (let i = 0; i < 400; i++) {
      const key = pick(random, ['a', '__proto__', 'constructor', 'a\nb', '\u0000', '\uD800', 'k'.repeat(5000), hostileString(random).slice(0, 3000)]);
      const value = JSON.stringify(hostileString(random).slice(0, 3000));
      const text = pick(random, [
        `{${JSON.stringify(key)}: ${value}}`,
        `{${JSON.stringify(key)}: 1, ${JSON.stringify(key)}: 2}`,
        `{"a": {${JSON.stringify(key)}: [1, {${JSON.stringify(key)}: 1, ${JSON.stringify(key)}: 2}]}}`,
        '['.repeat(1 + randomInt(random, 64)) + ']'.repeat(1 + randomInt(random, 64)),
        `{"n": 1e100000000, "m": -0, "s": ${value}}`,
        hostileString(random),
        `\uFEFF{"a": ${value}}`,
        `{"a": "${'\\u0000'.repeat(100)}\u0000"}`,
      ]);
      const { result, error, problem } = attempt(() => parseStrictJson(text, { source: 'The request body', maxDepth: LIMITS.jsonDepth }), null);
      failures.add('parseStrictJson', text, problem);
      if (error instanceof RatedeckError && error.code !== 'INVALID_VALUE') failures.add('parseStrictJson', text, `code ${error.code}`);
      if (error === undefined) {
        let expected: unknown;
        try {
          expected = JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch {
          failures.add('parseStrictJson', text, 'accepted what JSON.parse refuses');
          continue;
        }
        if (JSON.stringify(result) !== JSON.stringify(expected)) failures.add('parseStrictJson', text, 'differs from JSON.parse');
      }
    }
    failures.assertNone();
  });
});

/** Refused without echoing the value, by design: a secret, or a text judged by its length. */
const NAMED_BY_DESIGN = new Set(['--password', '--description']);

/** The options whose parsers are KNOWN.cliValueRaw. */
const CLI_VALUE_RAW = new Set([
  'audit --since', 'authorize --at', 'lcr --at', 'lookup --at', 'price --at', 'price --effective', 'deck import --effective', 'deck export --at',
  'customer set --status', 'customer set --max-call-seconds', 'deck export --format', 'deck import --date-format', 'deck import --header-row', 'deck import --prepend',
  'deck import --threads', 'deck import --map', 'serve --port', 'price --compact', 'rate --duration-rounding', 'rate --format', 'rate --grace', 'rate --map', 'rate --precision', 'rate --rounding',
]);

describe(`fuzz: CLI option readers (FUZZ_SEED=${SEED})`, () => {
  it('every option of every command reads a hostile value to a value or a RatedeckError naming it', () => {
    const random = seededRandom(SEED + 9);
    const failures = new Failures();
    const readers = COMMANDS.flatMap((command) => Object.values(command.options ?? {}).map((reader) => ({ command: command.path.join(' '), reader })));
    for (let round = 0; round < 8; round++) {
      for (const { command, reader } of readers) {
        const values = Array.from({ length: 1 + randomInt(random, 2) }, () => hostileString(random)).filter((value) => !longSpaceRun(value)); // KNOWN.spaceRunQuadratic (--at, --effective)
        if (values.length === 0) continue;
        const raw = reader.repeatable ? values : values[0]!;
        const option = optionName(reader.flags);
        // A requiredText reader's message is its own sentence (it is refused only when empty); a repeatable one may name any of its values.
        const relax = CLI_VALUE_RAW.has(`${command} ${option}`) ? KNOWN.cliValueRaw : {};
        const { problem } = attempt(() => reader.read(raw, option), null, relax);
        failures.add(`${command} ${option}`, raw, problem);
        // A password on the command line is refused without echoing it, by design.
        if (problem === null && !NAMED_BY_DESIGN.has(option)) {
          try {
            reader.read(raw, option);
          } catch (error) {
            if (!values.some((value) => namesValue((error as Error).message, value))) failures.add(`${command} ${option}`, raw, `the message does not name the value: ${quotedValue((error as Error).message, 200)}`);
          }
        }
      }
    }
    failures.assertNone();
  });
});

describe(`fuzz: CDR fields and files (FUZZ_SEED=${SEED})`, () => {
  it('CDR times: a real instant of the year written, NaN, or null for an empty field', () => {
    const random = seededRandom(SEED + 10);
    const failures = new Failures();
    const clocks = [new WallClock('UTC'), new WallClock('Europe/London'), new WallClock('America/New_York')];
    const zoned = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[T ](\d{1,2}):(\d{2}):(\d{2})(?:Z|UTC)$/;
    for (let i = 0; i < 600; i++) {
      const year = String(randomInt(random, 10_000)).padStart(4, '0');
      const text = random() < 0.5 ? hostileString(random) : `${year}-${String(randomInt(random, 14)).padStart(2, '0')}-${String(randomInt(random, 33)).padStart(2, '0')}${pick(random, [' ', 'T'])}${randomInt(random, 25)}:${String(randomInt(random, 61)).padStart(2, '0')}:${String(randomInt(random, 61)).padStart(2, '0')}${pick(random, ['', 'Z', 'UTC', '+01:00', '-0500', '+99:99', '+14:00', '-15:00'])}`;
      if (longSpaceRun(text)) continue;
      const clock = pick(random, clocks);
      const { result, problem } = attempt(() => parseCdrTime(text, clock), text);
      failures.add(`parseCdrTime(${clock.zone})`, text, problem);
      if (result === null) {
        if (text.trim() !== '') failures.add('parseCdrTime', text, 'null for a field that is not empty');
      } else if (result !== undefined && !Number.isNaN(result)) {
        const written = /^(\d{4})[-/]/.exec(text.trim());
        const when = new Date(result);
        if (!Number.isFinite(result)) failures.add('parseCdrTime', text, `gave ${result}`);
        else if (written && Math.abs(when.getUTCFullYear() - Number(written[1])) > 1) failures.add('parseCdrTime', text, `gave ${when.toISOString()}`);
        const exact = zoned.exec(text.trim());
        if (exact) {
          const [, y, mo, d, h, mi, s] = exact.map(Number);
          const expected = new Date(0);
          expected.setUTCFullYear(y!, mo! - 1, d!);
          expected.setUTCHours(h!, mi!, Math.min(s!, 59), 0);
          if (result !== expected.getTime()) failures.add('parseCdrTime', text, `gave ${when.toISOString()}, not ${expected.toISOString()}`);
        }
      }
    }
    failures.assertNone();
  });

  it('number rewrites: a rule or BAD_OPTION naming it; a rewritten number is 1–15 digits or an error', () => {
    const random = seededRandom(SEED + 11);
    const failures = new Failures();
    for (let i = 0; i < 400; i++) {
      const text = pick(random, ['^00=', '^0([1-9])=44$1', '(?=1)=', '(?<=0)0=', '=x', '^(=', '[=]', '\\=1', hostileString(random).slice(0, 200), `${hostileString(random).slice(0, 20)}=${hostileString(random).slice(0, 20)}`]);
      // Only regular expressions that cannot backtrack catastrophically: the rules are the operator's own.
      if (/[+*{][^]*[+*{]/.test(text.split('=')[0] ?? '')) continue;
      const rule = attempt(() => parseNumberRewrite(text), text);
      failures.add('parseNumberRewrite', text, rule.problem);
      const number = hostileString(random).slice(0, 1000);
      const rewritten = attempt(() => rewriteNumber(number, rule.result ? [rule.result] : []), number);
      failures.add('rewriteNumber', number, rewritten.problem);
      const answer = rewritten.result;
      if (answer && 'digits' in answer && !/^\d{1,15}$/.test(answer.digits)) failures.add('rewriteNumber', number, `gave ${answer.digits}`);
      if (answer && 'error' in answer && answer.error.length > 1000 + MAX_MESSAGE_CHARS) failures.add('rewriteNumber', number, `an error of ${answer.error.length} characters`); // KNOWN.cdrField
    }
    failures.assertNone();
  });

  it('small random CDR files: each record rateable with valid fields, or carrying its error; a file error is clear', () => {
    const random = seededRandom(SEED + 12);
    const failures = new Failures();
    // Fields are kept short: cdr-reader's seconds pattern is quadratic and its messages quote whole fields (KNOWN.cdrField).
    const field = () => {
      const text = pick(random, ['442079460000', '37', '9.1', '2020-02-10 22:41:05', '', hostileString(random)]);
      return text.length > 500 || longSpaceRun(text) ? text.slice(0, 30).trim() : text;
    };
    for (let file = 0; file < 60; file++) {
      const header = pick(random, ['number,seconds,start,answer,caller,id', 'dst,billsec,answer', 'caller,start', '']);
      const width = header === '' ? pick(random, [15, 16, 17]) : header.split(',').length;
      const lines = Array.from({ length: 1 + randomInt(random, 4) }, () => Array.from({ length: width }, () => `"${field().replace(/"/g, '""')}"`).join(','));
      const text = (header === '' ? '' : header + '\n') + lines.join(pick(random, ['\n', '\r\n', '\r']));
      const { result, problem } = attempt(() => readCdrText(text, { source: 'calls.csv', timezone: pick(random, ['UTC', 'Europe/London']) }), null);
      failures.add('readCdrText', text, problem);
      for (const record of result?.records ?? []) {
        if (record.error) {
          failures.add('readCdrText', text, messageProblem(record.error.message, null, KNOWN.cdrField));
          continue;
        }
        if (record.number === null || !/^\d{1,15}$/.test(record.number)) failures.add('readCdrText', text, `number ${record.number}`);
        if (record.seconds === null || !/^\d+(\.\d+)?$/.test(record.seconds) || decimalLimitProblem(record.seconds) !== null) failures.add('readCdrText', text, `seconds ${record.seconds}`);
        for (const time of [record.startTime, record.answerTime]) if (time !== null && !Number.isFinite(time)) failures.add('readCdrText', text, `time ${time}`);
      }
    }
    failures.assertNone();
  });
});

describe(`fuzz: HTTP requests to a real serve (FUZZ_SEED=${SEED})`, () => {
  let directory: string;
  let server: ServeProcess;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ratedeck-fuzz-serve-'));
    const database = join(directory, 'store.db');
    const db = openDatabase(database);
    writeTransaction(db, () => {
      const carrier = addCarrier(db, { name: 'Acme', currency: 'USD', hosts: [] });
      const entry = (prefix: string, rate: string) => ({ prefix, destination: null, rate, connectionFee: '0', increments: { initial: 60, subsequent: 60 }, interRate: null, intraRate: null, indeterminateRate: null, effectiveFrom: Date.UTC(2025, 0, 1), effectiveTo: null });
      writeRevision(db, cardIdFor(db, 'carrier', carrier.id, true)!, { mode: 'full' }, entryTableFrom([entry('44', '0.0100'), entry('4477', '0.0700')]));
    });
    db.close();
    server = await startServe(database);
  });
  afterAll(async () => {
    if (server) expect(await stopServe(server.child)).toBe(0);
    rmSync(directory, { recursive: true, force: true });
  });

  /** A query value: hostile text percent-encoded, or raw (broken escapes and all), kept under the 16 KiB header limit. */
  const queryValue = (random: Random) => {
    const text = hostileString(random).slice(0, 4000);
    return random() < 0.8 ? encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD')) : text.replace(/[^\x21-\x7e]/g, '').replace(/[&#]/g, '');
  };

  function hostileRequest(random: Random): { path: string; init?: RequestInit } {
    const value = () => queryValue(random);
    const kind = randomInt(random, 7);
    if (kind === 0) return { path: `/v1/lookup?carrier=${pick(random, ['Acme', value()])}&number=${value()}${random() < 0.5 ? `&at=${value()}` : ''}` };
    if (kind === 1) return { path: `/v1/lookup?carrier=Acme&number=44&${pick(random, ['number', 'at', value().slice(0, 200)])}=${value()}&${pick(random, ['number', 'at', 'carrier'])}=1` };
    if (kind === 2) return { path: `/v1/lcr?number=${pick(random, ['447700900123', value()])}&rate=${value()}&currency=${pick(random, ['USD', value()])}${random() < 0.5 ? `&at=${value()}` : ''}` };
    if (kind === 3) return { path: `/v1/authorize?customer=${value()}&number=${value()}&at=${value()}` };
    const numbers = Array.from({ length: randomInt(random, 5) }, () => hostileString(random));
    const bodies = [
      JSON.stringify({ carrier: 'Acme', numbers, at: pick(random, [hostileString(random), 1798761600000, 1e300, -1, null, [], {}]) }),
      JSON.stringify({ carrier: pick(random, ['Acme', hostileString(random)]), numbers: pick(random, [hostileString(random), 44, [44], [[]], null]) }),
      `{"carrier": "Acme", "numbers": ["44"], "numbers": ["33"]}`,
      `{"__proto__": {"carrier": "Acme"}, "numbers": ["44"]}`,
      '['.repeat(1 + randomInt(random, 200)) + ']'.repeat(randomInt(random, 200)),
      hostileString(random),
      JSON.stringify({ carrier: 'Acme', calls: [{ id: hostileString(random), number: hostileString(random), answer: pick(random, ['2025-03-01T12:00:00Z', hostileString(random).slice(0, 64)]), seconds: pick(random, [61, '9.1', hostileString(random), -1, 1e300]) }] }),
    ];
    const body = pick(random, bodies);
    return { path: kind === 6 ? '/v1/rate' : '/v1/lookup', init: { method: 'POST', body, headers: { 'content-type': 'application/json' } } };
  }

  it('a few hundred hostile queries and bodies get 200, or a 4xx JSON error on one line, each within a second', async () => {
    const random = seededRandom(SEED + 13);
    const failures = new Failures();
    const requests = Array.from({ length: 240 }, () => hostileRequest(random));
    const one = async ({ path, init }: { path: string; init?: RequestInit }) => {
      const started = performance.now();
      const input = init ? `${path} ${String(init.body)}` : path;
      try {
        const response = await fetch(server.url + path, { ...init, signal: AbortSignal.timeout(5000) });
        const text = await response.text();
        const elapsed = performance.now() - started;
        if (elapsed > MAX_CALL_MS) failures.add('serve', input, `took ${Math.round(elapsed)} ms`);
        if (response.status >= 500) return failures.add('serve', input, `status ${response.status}: ${text.slice(0, 300)}`);
        const body = JSON.parse(text) as { error?: unknown; code?: unknown };
        if (response.status !== 200) {
          if (typeof body.error !== 'string' || typeof body.code !== 'string') return failures.add('serve', input, `status ${response.status} without {error, code}: ${text.slice(0, 300)}`);
          // KNOWN.numberRaw: GET /v1/lookup's 400 for a malformed number is normalizeNumber's message.
          const relax = response.status === 400 && body.code === 'INVALID_VALUE' && path.startsWith('/v1/lookup?') ? KNOWN.numberRaw : {};
          failures.add('serve', input, messageProblem(body.error, null, relax));
        }
      } catch (error) {
        failures.add('serve', input, `no answer: ${(error as Error).message}`);
      }
    };
    // Eight at a time: a few clients of a switch, not a flood.
    for (let at = 0; at < requests.length; at += 8) await Promise.all(requests.slice(at, at + 8).map(one));
    failures.assertNone();
  });
});

describe('bugs the fuzz found, fixed', () => {
  const quick = <T>(call: () => T): T => {
    const started = performance.now();
    const result = call();
    expect(performance.now() - started).toBeLessThan(100);
    return result;
  };
  const thrown = (call: () => unknown): RatedeckError => {
    try {
      call();
    } catch (error) {
      if (error instanceof RatedeckError) return error;
      throw error;
    }
    throw new Error('expected a RatedeckError');
  };

  it('a 1 MB run of digits ending in "x" is refused as a decimal in microseconds, not after quadratic backtracking', () => {
    expect(quick(() => isDecimalText('1'.repeat(ONE_MB) + 'x'))).toBe(false);
    expect(quick(() => canonicalDecimal('1'.repeat(ONE_MB) + 'x'))).toBeNull();
    expect(quick(() => decimalLimitProblem('1' + '0'.repeat(ONE_MB) + '1'))).toBe(`it has ${ONE_MB + 2} significant digits; at most 30 are accepted`);
  });

  it('--amount of a 1 MB run of digits and "e" is refused at once, naming its first 40 characters', () => {
    const error = thrown(() => quick(() => parseAmount('1'.repeat(ONE_MB) + 'e', '--amount', { allowZero: false })));
    expect(error.message).toBe(`--amount: "${'1'.repeat(40)}…" is not an amount: only digits, one "." and a leading sign are allowed (no currency sign: the amount is in the customer's currency); expected a plain decimal with at most 6 decimal places, e.g. 25, 100.50 or -0.004375.`);
  });

  it('a duplicate key with a newline and a NUL in a request body are named on one line', () => {
    const options = { source: 'The request body', maxDepth: LIMITS.jsonDepth };
    expect(thrown(() => parseStrictJson('{"a\\nb": 1, "a\\nb": 2}', options)).message).toBe('The request body, line 1 column 13: the key "a\\nb" is given twice in the top-level object; give each key once.');
    expect(thrown(() => parseStrictJson('{\n"a":\n\u0000}', options)).message).not.toMatch(/[\n\u0000]/);
  });

  it('an unknown plan key of 5,000 characters is shown by its first 40, quoted', () => {
    const message = thrown(() => parseMarginPlan(`{"precision": 4, "rounding": "up", "${'k'.repeat(5000)}": 1}`, 'plan.json')).message;
    expect(message).toMatch(new RegExp(`^plan\\.json: "${'k'.repeat(40)}…": expected no such field`));
    expect(message.length).toBeLessThan(300);
  });

  it('CDR time 0020-01-01 00:00:00 is no time (it read as 1920), nor is a zone of +99:99', () => {
    const clock = new WallClock('UTC');
    expect(parseCdrTime('0020-01-01 00:00:00', clock)).toBeNaN();
    expect(parseCdrTime('0999-12-31', clock)).toBeNaN();
    expect(parseCdrTime('2020-01-01 00:00:00+99:99', clock)).toBeNaN();
    expect(parseCdrTime('2020-01-01 00:00:00+14:00', clock)).toBe(Date.UTC(2019, 11, 31, 10));
    expect(parseCdrTime('1000-01-01 00:00:00', clock)).toBe(new Date('1000-01-01T00:00:00Z').getTime());
  });

  it('a plan percent of U+2028 (a line separator JSON leaves raw) is shown escaped, on one line', () => {
    const message = thrown(() => parseMarginPlan('{"precision": 4, "rounding": "up", "default": {"percent": "\u2028"}}', 'plan.json')).message;
    expect(message).toBe('plan.json: default.percent: expected a decimal string such as "15", got "\\u2028".');
  });

  it('--host /T names "/T", not the empty host before the slash; 100.50: names the address of its empty port', () => {
    const host = COMMANDS.find((command) => command.path.join(' ') === 'carrier add')!.options!.hosts!;
    expect(thrown(() => host.read(['/T'], '--host')).message).toMatch(/^--host: "\/T" is not a host/);
    expect(thrown(() => host.read(['100.50:'], '--host')).message).toMatch(/^--host: "" is not a port \(of "100\.50:"\)/);
  });

  it('--number-rewrite whose regex has a newline is named on one line, the RegExp error included', () => {
    expect(thrown(() => parseNumberRewrite('+9\n=1')).message).not.toMatch(/\n/);
  });

  it('--number-rewrite with a newline in it is named on one line', () => {
    expect(thrown(() => parseNumberRewrite('0.047\n')).message).toBe('--number-rewrite "0.047\\n": expected <regex>=<replacement> such as ^00= or ^0([1-9])=44$1.');
  });
});

describe('known bugs the fuzz found, in code being changed elsewhere (reported to the lead)', () => {
  it.todo('decimal-ids.ts fast path: a CSV rate of 44770090013 (11 digits, past LIMITS.decimal\'s 10^9) is imported, while 1e10 is refused (KNOWN.fastPathMagnitude)');
  it.todo('src/cli option parsers and parseTimeOption quote a 1 MB value whole (--threads, --header-row, --prepend, --format, --rounding, --map, serve --port, --at…; KNOWN.cliValueRaw)');
  it.todo('model/normalize-number.ts quotes the whole number: GET /v1/lookup?number=<4,000 a> answers a 4,000-character error (KNOWN.numberRaw)');
  it.todo('deck cell reasons quote the whole raw cell: a 1 MB or multi-line rate, code, date or increments cell makes a 1 MB, multi-line row error (rate-cell.ts invalid(), code-cell.ts, date-cell.ts invalid(), increments-cell.ts)');
  it.todo('rate-cell.ts CURRENCY_SIGN /\\s*[$€£¥]$/ backtracks over a run of spaces inside a cell: "1" + 30,000 spaces + "1" takes ~0.9 s');
  it.todo('model/iso-time.ts ISO_TIME backtracks over spaces after a time: "2025-01-01T01:02" + 30,000 spaces + "x" takes ~1.7 s (deck dates, --at, --effective; serve bounds `at` at 64 characters)');
  it.todo('cdr-reader.ts seconds pattern /^\\d*\\.?\\d+$/ is quadratic: a billsec of 30,000 digits and "x" takes ~0.7 s; its "bad time"/"bad duration" messages and normalizeNumber\'s quote whole fields');
});
