import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { RatedeckError } from '../../errors.js';
import { DECK_FIELDS } from '../../deck/deck-fields.js';
import type { RowError } from '../../deck/read-deck.js';
import { exportCarrierCard } from '../../cards/export-card.js';
import { parseIncrements } from '../../model/increments.js';
import { formatTime } from '../../model/iso-time.js';
import { findCardOwner, latestCardRevision } from '../../store/card-owner.js';
import { listRevisions } from '../../store/rate-card-store.js';
import { plural } from '../../text/plural.js';
import { command, type CommandSpec } from '../command-spec.js';
import { choice, fieldMap, flag, optionalText, parsed, positiveInteger, requiredText, textWithDefault, time } from '../option-readers.js';
import { formatTable } from '../text-table.js';

function parseIncrementsOption(value: string): { initial: number; subsequent: number } {
  const increments = parseIncrements(value);
  if (increments === null) {
    throw new RatedeckError('BAD_OPTION', `--increments "${value}": expected initial/subsequent seconds such as 60/60 or 30/6 (or one number N for N/N).`, {
      option: '--increments',
      value,
    });
  }
  return increments;
}

/** --prepend: the digits to put before every code. */
function parsePrepend(value: string, option: string): string {
  if (!/^\d{1,14}$/.test(value)) {
    throw new RatedeckError('BAD_OPTION', `${option} "${value}": expected 1 to 14 digits, e.g. --prepend 1.`, { option, value });
  }
  return value;
}

function describeErrors(errors: RowError[], limit = 50): string {
  const lines = errors
    .slice(0, limit)
    .map((e) => `  row ${e.row}${e.column ? `, column "${e.column}"` : ''}: ${e.reason}${e.reason.includes(e.value) && e.value !== '' ? '' : ` (value: ${JSON.stringify(e.value)})`}`);
  if (errors.length > limit) lines.push(`  … and ${errors.length - limit} more (--json lists them all)`);
  return lines.join('\n');
}

const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const deckCommands: CommandSpec[] = [
  command({
    path: ['deck', 'import'],
    database: 'write',
    args: '<file>',
    description: "import a carrier's rate deck (CSV/TSV/semicolon text or XLSX) as a new revision of its card",
    options: {
      carrier: requiredText('--carrier <name>', 'the carrier whose card this deck is (required)', '--carrier <name> is required: the carrier whose rate card this deck is.'),
      sheet: optionalText('--sheet <name|n>', 'XLSX sheet (default: the first with a recognisable header)'),
      map: fieldMap('--map <field=column>', 'map a field to a header name, 1-based column number, or A+B to join columns (repeatable)', DECK_FIELDS, 'rate=Price / min'),
      header: flag('--no-header', 'the deck has no header row (use --map with column numbers)'),
      headerRow: positiveInteger('--header-row <n>', 'the header is on row n (1-based)'),
      prepend: parsed('--prepend <digits>', 'digits to put before every code (e.g. 1 for NPA-NXX decks)', parsePrepend),
      stripPrefix: optionalText('--strip-prefix <digits>', 'drop an international prefix written before codes (00 in 0044, 011 in 011 33)'),
      decimalComma: flag('--decimal-comma', 'rates are written with a decimal comma (0,047)'),
      dateFormat: choice(
        '--date-format <DMY|MDY>',
        'how to read n/n/n dates when the column cannot decide',
        ['DMY', 'MDY'],
        (value, option) => new RatedeckError('BAD_OPTION', `${option} "${value}": expected DMY or MDY.`, { option, value }),
      ),
      increments: textWithDefault('--increments <initial/subsequent>', 'increments for rows without any', '60/60'),
      effective: time('--effective <time>', 'effective date for rows without one (default: now)'),
      partial: flag('--partial', 'only add or change the codes listed; do not end the others'),
      skipInvalid: flag('--skip-invalid', 'commit the good rows of a deck that has row errors'),
      dryRun: flag('--dry-run', 'validate only, commit nothing'),
      threads: positiveInteger('--threads <n>', 'parser worker threads'),
    },
    async run(context, [file], options) {
      // Loaded on demand: the parsers and the worker pool stay out of every other command's start-up.
      const { importDeck } = await import('../../cards/import-deck.js');
      const report = await importDeck(context.database(), {
        carrier: options.carrier,
        file: file!,
        mode: options.partial ? 'partial' : 'full',
        skipInvalid: options.skipInvalid,
        dryRun: options.dryRun,
        sheet: options.sheet,
        map: options.map,
        header: options.header,
        headerRow: options.headerRow,
        prepend: options.prepend,
        stripPrefix: options.stripPrefix,
        decimalComma: options.decimalComma,
        dateFormat: options.dateFormat,
        defaultIncrements: parseIncrementsOption(options.increments),
        defaultEffectiveFrom: options.effective ?? Date.now(),
        threads: options.threads,
      });
      // A dry run is a validation: a deck with row errors fails it, as the import would.
      const rejected = report.errors.length > 0 && !report.committed && !options.skipInvalid;
      const summary = [
        `${report.file}${report.sheet ? ` [${report.sheet}]` : ''}: ${plural(report.rowsRead, 'row')} read, ${plural(report.entries, 'entry', 'entries')}, ${plural(report.skippedRows, 'row')} skipped, ${plural(report.errors.length, 'row error')}.`,
        report.errors.length ? describeErrors(report.errors) : '',
        ...report.warnings.map((warning) => `Warning: ${warning}`),
        report.committed
          ? `Committed revision ${report.revision} of ${report.carrier}'s card.`
          : options.dryRun
            ? 'Dry run: nothing committed.'
            : 'Nothing committed: fix the rows above, or use --skip-invalid to commit the good rows.',
      ].filter(Boolean);
      return { json: report, text: summary.join('\n'), exitCode: rejected ? 1 : 0 };
    },
  }),
  command({
    path: ['deck', 'export'],
    database: 'read',
    description: "export a carrier's buy card or a customer's sell card as in force at a time (default now)",
    options: {
      carrier: optionalText('--carrier <name>', "the carrier's buy card"),
      customer: optionalText('--customer <name>', "the customer's sell card, ready to send (header block, formula-safe cells)"),
      at: time('--at <time>', 'ISO time (default now)'),
      format: choice(
        '--format <csv|xlsx>',
        'output format (default: from the --out extension, else csv)',
        EXPORT_FORMATS,
        (value, option) => new RatedeckError('BAD_OPTION', `${option} "${value}": expected csv or xlsx.`, { option }),
      ),
      out: optionalText('--out <file>', 'write to a new file instead of stdout'),
      force: flag('--force', 'overwrite --out if it exists (never the deck or plan a revision was made from, nor the database)'),
    },
    async run(context, _args, options) {
      const { out } = options;
      const format = exportFormat(options.format, out);
      if (!options.carrier === !options.customer) {
        throw new RatedeckError('BAD_OPTION', 'Give exactly one of --carrier <name> (buy card) or --customer <name> (sell card).', { option: '--carrier' });
      }
      if (format === 'xlsx' && !out) throw new RatedeckError('BAD_OPTION', '--format xlsx needs --out <file>: XLSX is binary.', { option: '--out' });
      if (context.json && !out) {
        throw new RatedeckError('BAD_OPTION', '--json describes the written file: give --out <file> with it (without --out the entries themselves go to stdout as CSV).', { option: '--json' });
      }
      const at = options.at ?? Date.now();
      const db = context.database();
      const exported = options.customer
        ? await (await import('../../pricing/sell-card-export.js')).exportSellCard(db, options.customer, { at, format })
        : await exportCarrierCard(db, options.carrier!, { at, format });
      if (!out) {
        context.stdout.write(exported.data);
        return;
      }
      refuseOverwrite(out, exported.sources, context.databasePath, options.force);
      writeOutput(out, exported.data, options.force);
      return {
        json: { file: out, entries: exported.entries, revision: exported.revision },
        text: `Wrote ${exported.entries} entries to ${out}.`,
      };
    },
  }),
  command({
    path: ['deck', 'list'],
    database: 'read',
    description: "list the revisions of a carrier's buy card or a customer's sell card",
    options: {
      carrier: optionalText('--carrier <name>', "the carrier's buy card"),
      customer: optionalText('--customer <name>', "the customer's sell card"),
    },
    run(context, _args, options) {
      if (!options.carrier === !options.customer) {
        throw new RatedeckError('BAD_OPTION', 'Give exactly one of --carrier <name> (buy card) or --customer <name> (sell card).', { option: '--carrier' });
      }
      const db = context.database();
      const owner = options.customer ? findCardOwner(db, 'customer', options.customer) : findCardOwner(db, 'carrier', options.carrier!);
      const card = latestCardRevision(db, owner);
      const revisions = (card === null ? [] : listRevisions(db, card.cardId)).map((r) => ({
        revision: r.number,
        createdAt: formatTime(r.createdAt),
        mode: r.mode,
        file: r.source,
        sheet: r.sheet,
        entries: r.entryCount,
      }));
      return {
        json: revisions,
        text: formatTable(
          ['revision', 'created', 'mode', 'entries', 'file'],
          revisions.map((r) => [r.revision, r.createdAt, r.mode, r.entries, r.file + (r.sheet ? ` [${r.sheet}]` : '')]),
        ),
      };
    },
  }),
];

/** --format, else the --out extension, else csv; a --format the extension contradicts is refused. */
function exportFormat(given: ExportFormat | undefined, out: string | undefined): ExportFormat {
  const extension = out === undefined ? '' : extname(out).slice(1).toLowerCase();
  const implied = (EXPORT_FORMATS as readonly string[]).includes(extension) ? (extension as ExportFormat) : undefined;
  if (given !== undefined && implied !== undefined && given !== implied) {
    throw new RatedeckError('BAD_OPTION', `--format ${given} contradicts --out ${out}, a .${implied} name; give a .${given} name, or drop --format.`, {
      option: '--format',
    });
  }
  return given ?? implied ?? 'csv';
}

/**
 * An export never replaces the files the card was made from (the deck imported, the plan
 * priced with) nor the database, even with --force; another existing file only with --force.
 */
function refuseOverwrite(out: string, sources: string[], databasePath: string, force: boolean): void {
  const target = realPath(out);
  const refuse = (what: string): RatedeckError =>
    new RatedeckError('UNWRITABLE_FILE', `--out ${out} is ${what}; refusing to overwrite it, even with --force. Write to another file.`, { path: out });
  if (realPath(databasePath) === target) throw refuse('the database');
  const source = sources.find((file) => realPath(file) === target);
  if (source !== undefined) throw refuse(`the file a revision of this card was made from (${source})`);
  if (!force && existsSync(out)) {
    throw new RatedeckError('UNWRITABLE_FILE', `--out ${out} already exists; give --force to overwrite it, or another file.`, { path: out });
  }
}

/** The file's real path when it exists (links resolved), else its absolute path. */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function writeOutput(path: string, data: string | Buffer, force: boolean): void {
  try {
    // 'wx' fails if the file appeared since the check: nothing is overwritten without --force.
    writeFileSync(path, data, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new RatedeckError('UNWRITABLE_FILE', `--out ${path} already exists; give --force to overwrite it, or another file.`, { path });
    }
    throw new RatedeckError('UNWRITABLE_FILE', `Cannot write ${path}: ${(error as Error).message}`, { path });
  }
}
