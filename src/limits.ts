/**
 * Every bound ratedeck puts on what it reads from outside: deck files, plans, options,
 * HTTP bodies, call records. One place, as data; docs/limits.md lists each with the error
 * it gives. Past a limit the reader names the value and the limit and stops, so no input
 * can make it compute for long or hold unbounded memory.
 */

/** Bounds on a decimal written in text, checked before it is expanded or computed with. */
export interface DecimalLimits {
  significantDigits: number;
  /** Decimal places as written, trailing zeros included (they are stored as written). */
  places: number;
  /** The absolute value is below 10^magnitudeDigits. */
  magnitudeDigits: number;
}

export const LIMITS = {
  /**
   * Any rate, fee, percent or exchange rate read from a deck, a plan, an option or a
   * request. The real decks peak at 17 significant digits (the US NPA-NXX workbook) and
   * a rate of 2339 (Ivoz, per minute); a billion per minute is a lost decimal point.
   */
  decimal: { significantDigits: 30, places: 30, magnitudeDigits: 9 } satisfies DecimalLimits,
  /**
   * Money typed by an operator (payments, debit limits): fractions of a cent, so six
   * places; balances of large wholesale accounts in JPY or IDR pass 10^9, so 15 digits.
   */
  amount: { significantDigits: 21, places: 6, magnitudeDigits: 15 } satisfies DecimalLimits,
  /** Plans and request bodies: objects and arrays nested deeper than this are refused. */
  jsonDepth: 32,
  /**
   * Deck files. The real decks peak at 184,215 rows (US NPA-NXX scrubbing), a 27,664-byte
   * line (Twilio's 2,685 codes in one cell) and 12 sheets (Tata, 10 of them hidden and
   * empty); each bound is far above what a carrier sends and low enough that reaching it
   * takes seconds, not minutes.
   */
  deck: {
    /** A deck file on disk: a 10,000,000-row CSV is about 400 MB. */
    fileBytes: 1 << 30,
    /** Data rows in one deck (CSV records or sheet rows after the header). */
    rows: 10_000_000,
    /** One CSV record, quoted line breaks included. */
    recordBytes: 1 << 20,
    /** Columns of a header or row (Excel's own maximum). */
    columns: 16_384,
    /** A destination name, in characters. */
    destinationLength: 256,
    /** Sheets in a workbook. */
    sheets: 256,
    /** One XML part of a workbook (a sheet, the shared strings), unpacked: a 1,000,000-row sheet is about 220 MB. */
    workbookPartBytes: 1 << 30,
  },
} as const;
