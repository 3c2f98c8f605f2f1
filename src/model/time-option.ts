import { RatedeckError } from '../errors.js';

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO 8601 time given on the command line or in a request
 * (`2025-03-01`, `2025-03-01T12:00`, `2025-03-01T12:00:00.250+01:00`) to epoch
 * milliseconds. A time without a zone is UTC; a date without a time is 00:00 UTC.
 * Returns null when `text` is not such a time.
 */
export function parseIsoTime(text: string): number | null {
  const match = ISO_TIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  const millis = fraction ? Math.floor(Number(('0.' + fraction).slice(0, 5)) * 1000) : 0;
  let time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return time;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** parseIsoTime for an option value; a clear error naming the option otherwise. */
export function parseTimeOption(text: string, option: string): number {
  const time = parseIsoTime(text);
  if (time === null) {
    throw new RatedeckError('BAD_OPTION', `${option}: "${text}" is not a time; expected ISO 8601 such as 2025-03-01 or 2025-03-01T12:00:00Z.`, {
      option,
      value: text,
    });
  }
  return time;
}

export function formatTime(time: number | null): string | null {
  return time === null || !Number.isFinite(time) ? null : new Date(time).toISOString();
}
