import { isCalendarDate, ISO_TIME, isoMatchTime, TIME_OF_DAY as TIME, utcTime as utc } from '../../model/iso-time.js';
import type { CellValue } from './cell-value.js';

/** How a numeric date such as 03/04/25 reads: day first or month first. */
export type DateOrder = 'DMY' | 'MDY';

export type DateCell =
  | { kind: 'time'; time: number }
  /** A numeric day/month date: its time read day-first and month-first, NaN where that reading is no date. */
  | { kind: 'dayMonth'; dmy: number; mdy: number }
  | { kind: 'absent' }
  | { kind: 'invalid'; reason: string };

const ABSENT: DateCell = { kind: 'absent' };
const DAY_MONTH_NAME = new RegExp(String.raw`^(\d{1,2})[-\s/.]+([A-Za-z]{3,9})\.?[-\s/.,]+(\d{4}|\d{2})(?:\s+${TIME})?$`);
const MONTH_NAME_DAY = new RegExp(String.raw`^([A-Za-z]{3,9})\.?[-\s/.]+(\d{1,2})(?:st|nd|rd|th)?,?[-\s/.]+(\d{4})(?:\s+${TIME})?$`);
const NUMERIC = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:\s+${TIME})?$`);
const COMPACT = /^((?:19|20)\d{2})(\d{2})(\d{2})$/;
const SERIAL = /^\d+(?:\.\d+)?$/;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** Excel's own limits: serial 1 is 1900-01-01, 2958465 is 9999-12-31. */
const LAST_SERIAL = 2958465;
const DAY_MS = 86_400_000;
/** Days from 1899-12-30 (Excel's serial 0, leap-year bug included) to 1970-01-01. */
const SERIAL_EPOCH_DAYS = 25569;
/** Workbooks in the 1904 date system count from 1904-01-01: 1462 days later. */
const DATE_1904_OFFSET_DAYS = 1462;

/**
 * A date cell as epoch milliseconds UTC. Takes ISO dates with or without a time and
 * fractions (`2010-07-02 11:06:58.484053`, `2025-03-01T12:00+01:00`), `21-Sep-18`,
 * `Sep 21, 2018`, `20250301`, Excel serials (numeric cells, or their text), and numeric
 * `3/31/25` or `31.03.2025`, which come back as a dayMonth reading for the caller to settle
 * from the whole column (see decideDateOrders in assemble/date-order.ts). The ISO form is
 * parseIsoTime's. A date without a time is 00:00 UTC; a time without a zone is UTC. Two-digit years follow Excel: 00–29 are 2000s, 30–99 are 1900s.
 */
export function parseDateCell(value: CellValue, date1904 = false): DateCell {
  if (value === null) return ABSENT;
  if (typeof value === 'number') return fromSerial(value, date1904, String(value));
  const text = value.trim();
  if (text === '') return ABSENT;
  let match = ISO_TIME.exec(text);
  if (match) return timeCell(isoMatchTime(match), text);
  match = NUMERIC.exec(text);
  if (match) {
    const first = +match[1]!;
    const second = +match[3]!;
    const year = fullYear(match[4]!);
    const dmy = utc(year, second, first, match, 5);
    const mdy = first === second ? dmy : utc(year, first, second, match, 5);
    if (Number.isNaN(dmy) && Number.isNaN(mdy)) return invalid(text);
    return { kind: 'dayMonth', dmy, mdy };
  }
  match = DAY_MONTH_NAME.exec(text);
  if (match) return timeCell(utc(fullYear(match[3]!), monthNumber(match[2]!), +match[1]!, match, 4), text);
  match = MONTH_NAME_DAY.exec(text);
  if (match) return timeCell(utc(+match[3]!, monthNumber(match[1]!), +match[2]!, match, 4), text);
  match = COMPACT.exec(text);
  if (match) return timeCell(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!), text, +match[1]!, +match[2]!, +match[3]!);
  if (SERIAL.test(text)) return fromSerial(Number(text), date1904, text);
  return invalid(text);
}

function fromSerial(serial: number, date1904: boolean, text: string): DateCell {
  if (!Number.isFinite(serial) || serial < 1 || serial > LAST_SERIAL) return invalid(text);
  const days = serial - SERIAL_EPOCH_DAYS + (date1904 ? DATE_1904_OFFSET_DAYS : 0);
  // Serial fractions are float64 parts of a day: round to the millisecond as Excel displays them.
  return { kind: 'time', time: Math.round(days * DAY_MS) };
}

function timeCell(time: number, text: string, year?: number, month?: number, day?: number): DateCell {
  if (year !== undefined && !isCalendarDate(year, month!, day!)) return invalid(text);
  return Number.isNaN(time) ? invalid(text) : { kind: 'time', time };
}

function fullYear(text: string): number {
  if (text.length === 4) return +text;
  const short = +text;
  return short < 30 ? 2000 + short : 1900 + short;
}

/** 1–12 for `Sep`, `Sept`, `September` (any case); 0 for anything else. */
function monthNumber(word: string): number {
  const lower = word.toLowerCase();
  const index = MONTHS.findIndex((name) => name.startsWith(lower.slice(0, 3)));
  if (index < 0) return 0;
  return MONTHS[index]!.startsWith(lower) || lower === 'sept' ? index + 1 : 0;
}

function invalid(text: string): DateCell {
  return { kind: 'invalid', reason: `"${text}" is not a date; expected ISO 2025-03-01 (a time may follow), 21-Sep-18, 31/03/2025 or an Excel serial` };
}
