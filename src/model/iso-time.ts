import { RatedeckError } from '../errors.js';

/** A time of day as decks and options write it: `9:05`, `09:05:30`, `09:05:30.25` (or `,25`), `9:05 PM`. */
export const TIME_OF_DAY = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([AaPp][Mm])?`;
/** The ISO form parseIsoTime reads (`text` trimmed); isoMatchTime gives a match's time. */
export const ISO_TIME = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)${TIME_OF_DAY})?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$`, 'i');

/**
 * Parses an ISO 8601 time, as given on the command line, in a request or in a deck's
 * date cell (`2025-03-01`, `2025-03-01T12:00`, `2025-03-01T12:00:00.250+01:00`,
 * `2010-07-02 11:06:58.484053`), to epoch milliseconds. Also takes what exports write
 * around it: `/` or `.` between the parts, one-digit months, days and hours, a space for
 * the T, a comma before the fraction, AM/PM, a zone without minutes (`+01`). A time
 * without a zone is UTC; a date without a time is 00:00 UTC; fractions are cut to the
 * millisecond. Returns null when `text` is not such a time, or names no calendar date,
 * time of day or zone (`2025-02-30`, `25:00`, `+15:00`, a year before 1000).
 */
export function parseIsoTime(text: string): number | null {
  const match = ISO_TIME.exec(text.trim());
  if (!match) return null;
  const time = isoMatchTime(match);
  return Number.isNaN(time) ? null : time;
}

/** The time an ISO_TIME match names, NaN when its parts name no date, time of day or zone. */
export function isoMatchTime(match: RegExpExecArray): number {
  return withZone(utcTime(+match[1]!, +match[2]!, +match[3]!, match, 4), match[9]);
}

/**
 * Date.UTC after checking every part; NaN when they name no date or time of day. The
 * time of day, if any, is TIME_OF_DAY's five groups in `match` from index `at` on.
 */
export function utcTime(year: number, month: number, day: number, match: RegExpExecArray, at: number): number {
  if (!isCalendarDate(year, month, day)) return Number.NaN;
  const [hourText, minuteText, secondText = '0', fraction = '', meridiem] = match.slice(at, at + 5);
  if (hourText === undefined) return Date.UTC(year, month - 1, day);
  let hour = +hourText;
  const minute = +minuteText!;
  const second = +secondText;
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return Number.NaN;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const millis = fraction === '' ? 0 : Number((fraction + '00').slice(0, 3));
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** A year from 1000 on, a month 1–12 and a day that month has. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A UTC reading moved to its zone (`Z`, `+01`, `+0100`, `-05:30`, up to 14 h); NaN for no such zone. */
function withZone(time: number, zone: string | undefined): number {
  if (zone === undefined || Number.isNaN(time) || zone.toUpperCase() === 'Z') return time;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59) return Number.NaN;
  return time - sign * (hours * 60 + minutes) * 60_000;
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
