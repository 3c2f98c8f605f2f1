/** The record layouts the readers know. `auto` picks one from the file. */
export const CDR_FORMATS = ['auto', 'asterisk', 'freeswitch', 'csv'] as const;
export type CdrFormat = (typeof CDR_FORMATS)[number];

/** Why one record cannot be rated; the file goes on. */
export type CdrRecordError = 'bad number' | 'bad duration' | 'bad time' | 'bad record';

/**
 * One call record as read, before any rate lookup. Money-free: the billable
 * duration stays exact decimal text for rateCall.
 */
export interface CallRecord {
  /** 1-based line where the record starts in the file. */
  line: number;
  /** The input columns as read (named by `CdrLayout.columns`). */
  fields: string[];
  /** The call id charges are keyed by: Asterisk uniqueid (-sequence), FreeSWITCH uuid, the id column; null when none. */
  id: string | null;
  /** The called number as E.164 digits after the rewrite rules; null when bad (see error). */
  number: string | null;
  /** The caller as E.164 digits; null when absent or not a number (jurisdiction then indeterminate). */
  caller: string | null;
  /**
   * False for an unanswered record (Asterisk: a disposition other than
   * ANSWERED, whatever its billsec; FreeSWITCH: an empty answer_stamp). True
   * for an answered one, and for every record of a layout without an answer
   * field. An unanswered record is `unanswered` whatever its other fields.
   */
  answered: boolean;
  /** Epoch milliseconds; null when the record has none. */
  startTime: number | null;
  answerTime: number | null;
  /** The time the card in force is chosen at: the answer time, else the start time. */
  ratingTime: number | null;
  /** Billable seconds as exact decimal text ("37", "9.1"); null when bad. */
  seconds: string | null;
  /** The first reason this record cannot be rated, with the offending value; null when it can. */
  error: { reason: CdrRecordError; message: string } | null;
}
