import { canonicalDecimal } from '../../money/decimal.js';
import { resolveLayout, type CdrField, type CdrLayout } from './cdr-layouts.js';
import type { CallRecord, CdrFormat, CdrRecordError } from './cdr-record.js';
import { parseCdrTime, WallClock } from './cdr-time.js';
import { CsvRecordSplitter, type CsvRecord } from './csv-record-splitter.js';
import { rewriteNumber, type NumberRewriteRule } from './number-rewrite.js';

export interface CdrReadOptions {
  /** Name used in errors (the file path). */
  source: string;
  /** Default `auto`: a header → csv, else Asterisk or FreeSWITCH by shape. */
  format?: CdrFormat;
  /** `--map field=column` for generic CSV (header name or 1-based column number). */
  map?: Partial<Record<CdrField, string>>;
  /** IANA zone of times written without one; default UTC. */
  timezone?: string;
  /** `--number-rewrite` rules, applied in order to the called and calling numbers. */
  numberRewrite?: readonly NumberRewriteRule[];
  /**
   * A layout already resolved (by the main thread, from the file's first
   * record) for a reader of a later slice of the file; such a reader takes
   * every record as data. `firstLine` is then the slice's first line number.
   */
  layout?: CdrLayout;
  firstLine?: number;
}

/**
 * Turns CDR text, fed in chunks, into CallRecords. Pure and incremental:
 * memory holds one record at a time, so it serves a stream of a whole file
 * (readCdrFile) as well as a worker's slice (with `layout` and `firstLine`).
 * A record that cannot be rated carries its error and the file goes on; only
 * a file that cannot be read at all (an unterminated quote, not a CDR
 * layout) throws.
 */
export class CdrReader {
  readonly #options: CdrReadOptions;
  readonly #splitter: CsvRecordSplitter;
  readonly #clock: WallClock;
  #layout: CdrLayout | null;

  constructor(options: CdrReadOptions) {
    this.#options = options;
    this.#splitter = new CsvRecordSplitter(options.source, options.firstLine ?? 1);
    this.#clock = new WallClock(options.timezone ?? 'UTC');
    this.#layout = options.layout ?? null;
  }

  /** The layout, once the first record has been read. */
  get layout(): CdrLayout | null {
    return this.#layout;
  }

  push(chunk: string): CallRecord[] {
    return this.#records(this.#splitter.push(chunk));
  }

  end(): CallRecord[] {
    return this.#records(this.#splitter.end());
  }

  #records(raw: CsvRecord[]): CallRecord[] {
    const records: CallRecord[] = [];
    for (const record of raw) {
      if (this.#layout === null) {
        const first = record.line === (this.#options.firstLine ?? 1) ? stripByteOrderMark(record.fields) : record.fields;
        this.#layout = resolveLayout(this.#options.format ?? 'auto', first, this.#options.map ?? {}, this.#options.source, record.line);
        if (this.#layout.header) continue;
      }
      records.push(this.#callRecord(record, this.#layout));
    }
    return records;
  }

  #callRecord({ line, fields }: CsvRecord, layout: CdrLayout): CallRecord {
    const cell = (field: CdrField): string | null => {
      const index = layout.fields[field];
      return index === undefined || index >= fields.length ? null : fields[index].trim();
    };
    let error: CallRecord['error'] = null;
    const fail = (reason: CdrRecordError, message: string) => {
      error ??= { reason, message };
    };
    if (layout.format !== 'csv' && fields.length !== layout.columns.length) {
      fail('bad record', `line ${line}: ${fields.length} columns where the ${layout.format} layout of this file has ${layout.columns.length}`);
    }
    const rules = this.#options.numberRewrite ?? [];
    const numberText = cell('number') ?? '';
    const rewritten = rewriteNumber(numberText, rules);
    const number = 'digits' in rewritten ? rewritten.digits : null;
    if ('error' in rewritten) fail('bad number', rewritten.error);
    const callerText = cell('caller');
    const callerRewritten = callerText ? rewriteNumber(callerText, rules) : null;
    const caller = callerRewritten && 'digits' in callerRewritten ? callerRewritten.digits : null;
    const time = (field: 'start' | 'answer'): number | null => {
      const text = cell(field);
      if (text === null) return null;
      const value = parseCdrTime(text, this.#clock);
      if (value !== null && Number.isNaN(value)) {
        fail('bad time', `${layout.columns[layout.fields[field]!]} "${text}" is not a time; expected one such as 2020-02-10 22:41:05 or 2020/2/10 22:41`);
        return null;
      }
      return value;
    };
    const startTime = time('start');
    const answerTime = time('answer');
    const secondsText = cell('seconds') ?? '';
    const canonical = /^\d*\.?\d+$|^\d+\.$/.test(secondsText) ? canonicalDecimal(secondsText) : null;
    if (canonical === null) fail('bad duration', `${layout.columns[layout.fields.seconds!]} "${secondsText}" is not a duration; expected seconds of 0 or more such as 37 or 9.1`);
    return {
      line,
      fields,
      id: callId(layout, cell),
      number,
      caller,
      answered: isAnswered(layout, cell),
      startTime,
      answerTime,
      ratingTime: answerTime ?? startTime,
      seconds: canonical,
      error,
    };
  }
}

function isAnswered(layout: CdrLayout, cell: (field: CdrField) => string | null): boolean {
  if (layout.format === 'asterisk') return (cell('disposition') ?? '').toUpperCase() === 'ANSWERED';
  if (layout.format === 'freeswitch') return (cell('answer') ?? '') !== '';
  const disposition = cell('disposition');
  return disposition === null || disposition === '' || disposition.toUpperCase() === 'ANSWERED';
}

function callId(layout: CdrLayout, cell: (field: CdrField) => string | null): string | null {
  const id = cell('id');
  if (!id) return null;
  const sequence = cell('sequence');
  return sequence ? `${id}-${sequence}` : id;
}

function stripByteOrderMark(fields: string[]): string[] {
  return fields.length > 0 && fields[0].startsWith('\uFEFF') ? [fields[0].slice(1), ...fields.slice(1)] : fields;
}

/** All records of a whole text at once (tests, the HTTP API's posted files). */
export function readCdrText(text: string, options: CdrReadOptions): { layout: CdrLayout | null; records: CallRecord[] } {
  const reader = new CdrReader(options);
  const records = [...reader.push(text), ...reader.end()];
  return { layout: reader.layout, records };
}
