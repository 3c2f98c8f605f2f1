import { RatedeckError } from '../../errors.js';

/**
 * Times as switches and spreadsheets write them: `2020-02-10 22:41:05`
 * (Asterisk's "%Y-%m-%d %T", FreeSWITCH's start_stamp), with a fraction or a
 * `T`, `2020/2/10 22:41` (a spreadsheet's re-save), with or without a zone
 * (`Z`, `+01:00`, `-0500`), or epoch seconds (`1581374465`). A time without a
 * zone is wall-clock time in the reader's IANA zone (Asterisk writes local
 * time unless `usegmtime`).
 */
const WALL_TIME = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const EPOCH_SECONDS = /^\d{9,10}(\.\d{1,6})?$/;
/**
 * Years before this are no call's: Date.UTC reads years 0–99 as 1900–1999 (`0020-01-01`
 * became 1920), and the ISO reader (model/iso-time.ts) refuses them the same way.
 */
const MIN_YEAR = 1000;
/** UTC offsets in use run from -12:00 to +14:00; `+99:99` is a typo, not a zone. */
const MAX_OFFSET_HOURS = 14;

/** Converts wall-clock times of one IANA zone to epoch milliseconds, with Intl only. */
export class WallClock {
  readonly zone: string;
  readonly #format: Intl.DateTimeFormat | null;
  // Offsets by UTC quarter hour: every zone's transitions fall on quarter hours.
  readonly #offsets = new Map<number, number>();

  constructor(zone = 'UTC') {
    this.zone = zone;
    if (zone === 'UTC') {
      this.#format = null;
      return;
    }
    try {
      this.#format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RatedeckError('BAD_OPTION', `--timezone ${zone}: not an IANA time zone; expected a name such as UTC, Europe/London or America/New_York.`, {
        option: 'timezone',
        value: zone,
      });
    }
  }

  /**
   * Epoch milliseconds of a wall-clock time in this zone. In a repeated hour
   * (clocks going back) the earlier instant; in a skipped hour (clocks going
   * forward) the time is read with the offset before the change.
   */
  toEpoch(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
    if (this.#format === null) return wall;
    // The offsets in force a few hours either side; a wall time is valid under
    // an offset when that offset is in force at the instant it gives.
    const before = this.#offsetAt(wall - 10_800_000 * 2);
    const after = this.#offsetAt(wall + 10_800_000 * 2);
    const valid = [before, after].map((offset) => wall - offset).filter((instant, index) => this.#offsetAt(instant) === [before, after][index]);
    return valid.length > 0 ? Math.min(...valid) : wall - before;
  }

  #minuteText = '';
  #minuteStart = 0;

  /**
   * The common `YYYY-MM-DD HH:MM:SS` of Asterisk and FreeSWITCH, read fast:
   * records come in time order, so the minute's start is kept from the
   * previous record (offsets change on quarter hours, never within a minute).
   * Null when `text` is not exactly that shape; the general parser takes it.
   */
  switchTime(text: string): number | null {
    if (text.length !== 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
      return null;
    }
    const second = digitPair(text, 17);
    if (second < 0 || second > 59) return null;
    const minute = text.slice(0, 16);
    if (minute !== this.#minuteText) {
      const year = Number(text.slice(0, 4));
      const month = digitPair(text, 5);
      const day = digitPair(text, 8);
      const hour = digitPair(text, 11);
      const minutes = digitPair(text, 14);
      if (!(year >= MIN_YEAR) || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minutes < 0 || minutes > 59) return null;
      this.#minuteStart = this.toEpoch(year, month, day, hour, minutes, 0, 0);
      this.#minuteText = minute;
    }
    return this.#minuteStart + second * 1000;
  }

  /** The zone's offset from UTC (milliseconds) at an instant. */
  #offsetAt(instant: number): number {
    const quarter = Math.floor(instant / 900_000);
    const cached = this.#offsets.get(quarter);
    if (cached !== undefined) return cached;
    const parts: Record<string, number> = {};
    for (const part of this.#format!.formatToParts(new Date(quarter * 900_000))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    const offset = asUtc - quarter * 900_000;
    if (this.#offsets.size > 100_000) this.#offsets.clear();
    this.#offsets.set(quarter, offset);
    return offset;
  }
}

/** Epoch milliseconds of a CDR time; null for an empty field; NaN when it is not a time. */
export function parseCdrTime(text: string, clock: WallClock): number | null {
  const value = text.trim();
  if (value === '') return null;
  const fast = clock.switchTime(value);
  if (fast !== null) return fast;
  if (EPOCH_SECONDS.test(value)) return Math.round(Number(value) * 1000);
  const match = WALL_TIME.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) {
    return Number.NaN;
  }
  const millis = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  if (!zone) return clock.toEpoch(year, month, day, hour, minute, Math.min(second, 59), millis);
  const utc = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), millis);
  if (/^(Z|UTC|GMT)$/i.test(zone)) return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > MAX_OFFSET_HOURS || minutes > 59) return Number.NaN;
  return utc - sign * (hours * 60 + minutes) * 60_000;
}

function digitPair(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1];
}
