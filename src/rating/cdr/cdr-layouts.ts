import { RatedeckError } from '../../errors.js';
import type { CdrFormat } from './cdr-record.js';

/** The fields a reader extracts from a record. */
export const CDR_FIELDS = ['number', 'caller', 'start', 'answer', 'seconds', 'id', 'sequence', 'disposition'] as const;
export type CdrField = (typeof CDR_FIELDS)[number];

/**
 * Where a file's fields are: the format, the column names (a header's, or
 * the switch layout's), and the 0-based column of each field found.
 */
export interface CdrLayout {
  format: Exclude<CdrFormat, 'auto'>;
  /** True when the file's first record is a header (generic CSV). */
  header: boolean;
  columns: string[];
  fields: Partial<Record<CdrField, number>>;
}

/**
 * Asterisk cdr_csv (cdr/cdr_csv.c, build_csv_record): 16 base columns, then
 * uniqueid (loguniqueid=yes) and userfield (loguserfield=yes), then
 * peeraccount, linkedid, sequence (newcdrcolumns=yes).
 */
const ASTERISK_BASE = ['accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags'];
const ASTERISK_NEW_COLUMNS = ['peeraccount', 'linkedid', 'sequence'];
const ASTERISK_BY_WIDTH: Record<number, string[]> = {
  16: ASTERISK_BASE,
  17: [...ASTERISK_BASE, 'uniqueid'],
  18: [...ASTERISK_BASE, 'uniqueid', 'userfield'],
  19: [...ASTERISK_BASE, ...ASTERISK_NEW_COLUMNS],
  20: [...ASTERISK_BASE, 'uniqueid', ...ASTERISK_NEW_COLUMNS],
  21: [...ASTERISK_BASE, 'uniqueid', 'userfield', ...ASTERISK_NEW_COLUMNS],
};
const ASTERISK_DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION'];

/**
 * FreeSWITCH mod_cdr_csv's `example` template (conf/vanilla/autoload_configs/
 * cdr_csv.conf.xml); the built-in default template stops after accountcode.
 */
const FREESWITCH_EXAMPLE = ['caller_id_name', 'caller_id_number', 'destination_number', 'context', 'start_stamp', 'answer_stamp', 'end_stamp', 'duration', 'billsec', 'hangup_cause', 'uuid', 'bleg_uuid', 'accountcode', 'read_codec', 'write_codec'];
const FREESWITCH_BY_WIDTH: Record<number, string[]> = { 13: FREESWITCH_EXAMPLE.slice(0, 13), 15: FREESWITCH_EXAMPLE };

const SWITCH_FIELDS: Record<'asterisk' | 'freeswitch', Partial<Record<CdrField, string>>> = {
  asterisk: { number: 'dst', caller: 'src', start: 'start', answer: 'answer', seconds: 'billsec', id: 'uniqueid', sequence: 'sequence', disposition: 'disposition' },
  freeswitch: { number: 'destination_number', caller: 'caller_id_number', start: 'start_stamp', answer: 'answer_stamp', seconds: 'billsec', id: 'uuid' },
};

/** Header names a generic CSV's columns are found by, in order of preference (compared as normaliseName gives). */
const CSV_ALIASES: Record<CdrField, string[]> = {
  number: ['number', 'dst', 'called', 'destination', 'dialed', 'dialled', 'destination number', 'called number'],
  caller: ['caller', 'src', 'cli', 'ani', 'caller id number', 'calling number', 'caller number'],
  answer: ['answer', 'answer time', 'answer stamp', 'answered at'],
  start: ['start', 'start time', 'start stamp', 'timestamp', 'date', 'time', 'call date'],
  seconds: ['billsec', 'duration', 'seconds', 'billable seconds', 'bill sec'],
  id: ['id', 'call id', 'callid', 'uniqueid', 'unique id', 'uuid'],
  sequence: ['sequence'],
  disposition: ['disposition'],
};

/** Lower case, with spaces, underscores, dashes and dots as single spaces. */
function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_\-.]+/g, ' ').trim();
}

function switchLayout(format: 'asterisk' | 'freeswitch', width: number): CdrLayout | null {
  const columns = (format === 'asterisk' ? ASTERISK_BY_WIDTH : FREESWITCH_BY_WIDTH)[width];
  if (!columns) return null;
  const fields: Partial<Record<CdrField, number>> = {};
  for (const [field, name] of Object.entries(SWITCH_FIELDS[format])) {
    const index = columns.indexOf(name);
    if (index >= 0) fields[field as CdrField] = index;
  }
  return { format, header: false, columns, fields };
}

/** Whether a first record reads as a header: it names a number column and a seconds column. */
function looksLikeHeader(record: readonly string[]): boolean {
  const names = record.map(normaliseName);
  return CSV_ALIASES.number.some((alias) => names.includes(alias)) && CSV_ALIASES.seconds.some((alias) => names.includes(alias));
}

/**
 * A generic CSV's layout from its header and `--map field=column` overrides
 * (a header name, compared as normaliseName gives, or a 1-based column
 * number). The number and seconds columns are required.
 */
function csvLayout(header: readonly string[], map: Partial<Record<CdrField, string>>, source: string): CdrLayout {
  const names = header.map(normaliseName);
  const fields: Partial<Record<CdrField, number>> = {};
  for (const field of CDR_FIELDS) {
    const mapped = map[field];
    if (mapped !== undefined) {
      fields[field] = mappedColumn(field, mapped, names, header, source);
      continue;
    }
    for (const alias of CSV_ALIASES[field]) {
      const index = names.indexOf(alias);
      if (index >= 0) {
        fields[field] = index;
        break;
      }
    }
  }
  for (const required of ['number', 'seconds'] as const) {
    if (fields[required] === undefined) {
      throw new RatedeckError(
        'INVALID_VALUE',
        `${source}: no ${required} column; expected a header naming one of ${CSV_ALIASES[required].join(', ')}, or --map ${required}=<column>; the header is ${header.map((name) => JSON.stringify(name)).join(', ')}.`,
        { source, field: required, header },
      );
    }
  }
  return { format: 'csv', header: true, columns: [...header], fields };
}

function mappedColumn(field: CdrField, value: string, names: string[], header: readonly string[], source: string): number {
  if (/^\d+$/.test(value.trim())) {
    const column = Number(value.trim());
    if (column < 1 || column > header.length) {
      throw new RatedeckError('BAD_OPTION', `--map ${field}=${value}: the file has columns 1 to ${header.length}; expected one of them, e.g. --map ${field}=2.`, { field, value, source });
    }
    return column - 1;
  }
  const index = names.indexOf(normaliseName(value));
  if (index < 0) {
    throw new RatedeckError('BAD_OPTION', `--map ${field}=${value}: no column named "${value}" in ${source}; the header is ${header.map((name) => JSON.stringify(name)).join(', ')}.`, {
      field,
      value,
      source,
    });
  }
  return index;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHOLE = /^\d+$/;

/**
 * The layout of a header-less file from its first record's shape: Asterisk
 * has 16–21 columns, whole duration and billsec at columns 13–14 and a
 * disposition at 15; FreeSWITCH's example template has 13 or 15 columns with
 * a UUID at column 11. Null when it is neither.
 */
function layoutByShape(record: readonly string[]): CdrLayout | null {
  const width = record.length;
  if (ASTERISK_BY_WIDTH[width] && WHOLE.test(record[12].trim()) && WHOLE.test(record[13].trim()) && ASTERISK_DISPOSITIONS.includes(record[14].trim().toUpperCase())) {
    return switchLayout('asterisk', width);
  }
  if (FREESWITCH_BY_WIDTH[width] && UUID.test(record[10].trim())) return switchLayout('freeswitch', width);
  return null;
}

/** The layout of a file from its first record and the format asked for. */
export function resolveLayout(format: CdrFormat, first: readonly string[], map: Partial<Record<CdrField, string>>, source: string, line: number): CdrLayout {
  if (format === 'csv' || (format === 'auto' && looksLikeHeader(first))) return csvLayout(first, map, source);
  const layout = format === 'auto' ? layoutByShape(first) : switchLayout(format, first.length);
  if (layout) return layout;
  const expected =
    format === 'asterisk'
      ? 'an Asterisk Master.csv record of 16 to 21 columns'
      : format === 'freeswitch'
        ? "a FreeSWITCH cdr_csv record of the example template's 15 columns (13 for the built-in default)"
        : 'a header naming the number and seconds columns, an Asterisk Master.csv record (16 to 21 columns) or a FreeSWITCH example-template record (15 columns)';
  throw new RatedeckError('UNSUPPORTED_FILE', `${source}: line ${line}: not a call-record file; expected ${expected}, got ${first.length} columns: ${JSON.stringify(first.slice(0, 6).join(',')).slice(0, 80)}.`, {
    source,
    line,
    format,
    width: first.length,
  });
}
