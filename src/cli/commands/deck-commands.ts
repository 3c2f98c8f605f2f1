import { writeFileSync } from 'node:fs';
import { RatedeckError } from '../../errors.js';
import { DECK_FIELDS, isDeckField, type DeckField } from '../../deck/deck-fields.js';
import type { RowError } from '../../deck/read-deck.js';
import { entriesInForce, entriesToCsv, entriesToXlsx, type ExportFormat } from '../../cards/export-deck.js';
import { parseIncrements } from '../../model/increments.js';
import { formatTime, parseTimeOption } from '../../model/iso-time.js';
import { getCarrier } from '../../store/carrier-store.js';
import { cardIdFor, latestRevision, listRevisions, readRevisionEntries } from '../../store/rate-card-store.js';
import type { Db } from '../../store/database.js';
import { plural } from '../../text/plural.js';
import type { CommandSpec } from '../command-spec.js';
import { formatTable } from '../text-table.js';

function parseMaps(values: string[] | undefined): Partial<Record<DeckField, string>> {
  const map: Partial<Record<DeckField, string>> = {};
  for (const value of values ?? []) {
    const at = value.indexOf('=');
    const field = value.slice(0, at);
    if (at <= 0 || !isDeckField(field) || at === value.length - 1) {
      throw new RatedeckError(
        'BAD_OPTION',
        `--map "${value}": expected <field>=<header name or 1-based column number>, e.g. --map "rate=Price / min"; fields: ${DECK_FIELDS.join(', ')}.`,
        { option: '--map', value },
      );
    }
    map[field] = value.slice(at + 1);
  }
  return map;
}

export function parseIncrementsOption(value: string): { initial: number; subsequent: number } {
  const increments = parseIncrements(value);
  if (increments === null) {
    throw new RatedeckError('BAD_OPTION', `--increments "${value}": expected initial/subsequent seconds such as 60/60 or 30/6 (or one number N for N/N).`, {
      option: '--increments',
      value,
    });
  }
  return increments;
}

function parsePositive(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new RatedeckError('BAD_OPTION', `${option} "${value}": expected a positive whole number.`, { option, value });
  }
  return Number(value);
}

function describeErrors(errors: RowError[], limit = 50): string {
  const lines = errors
    .slice(0, limit)
    .map((e) => `  row ${e.row}${e.column ? `, column "${e.column}"` : ''}: ${e.reason}${e.reason.includes(e.value) && e.value !== '' ? '' : ` (value: ${JSON.stringify(e.value)})`}`);
  if (errors.length > limit) lines.push(`  … and ${errors.length - limit} more (--json lists them all)`);
  return lines.join('\n');
}

export const deckCommands: CommandSpec[] = [
  {
    path: ['deck', 'import'],
    args: '<file>',
    description: "import a carrier's rate deck (CSV/TSV/semicolon text or XLSX) as a new revision of its card",
    options: [
      { flags: '--carrier <name>', description: 'the carrier whose card this deck is (required)' },
      { flags: '--sheet <name|n>', description: 'XLSX sheet (default: the first with a recognisable header)' },
      { flags: '--map <field=column>', description: 'map a field to a header name, 1-based column number, or A+B to join columns (repeatable)', repeatable: true },
      { flags: '--no-header', description: 'the deck has no header row (use --map with column numbers)' },
      { flags: '--header-row <n>', description: 'the header is on row n (1-based)' },
      { flags: '--prepend <digits>', description: 'digits to put before every code (e.g. 1 for NPA-NXX decks)' },
      { flags: '--decimal-comma', description: 'rates are written with a decimal comma (0,047)' },
      { flags: '--date-format <DMY|MDY>', description: 'how to read n/n/n dates when the column cannot decide' },
      { flags: '--increments <initial/subsequent>', description: 'increments for rows without any', defaultValue: '60/60' },
      { flags: '--effective <time>', description: 'effective date for rows without one (default: now)' },
      { flags: '--partial', description: 'only add or change the codes listed; do not end the others' },
      { flags: '--skip-invalid', description: 'commit the good rows of a deck that has row errors' },
      { flags: '--dry-run', description: 'validate only, commit nothing' },
      { flags: '--threads <n>', description: 'parser worker threads' },
    ],
    async run(context, [file], options) {
      if (!options.carrier) throw new RatedeckError('BAD_OPTION', '--carrier <name> is required: the carrier whose rate card this deck is.', { option: '--carrier' });
      const dateFormat = options.dateFormat as string | undefined;
      if (dateFormat !== undefined && dateFormat !== 'DMY' && dateFormat !== 'MDY') {
        throw new RatedeckError('BAD_OPTION', `--date-format "${dateFormat}": expected DMY or MDY.`, { option: '--date-format', value: dateFormat });
      }
      const prepend = options.prepend as string | undefined;
      if (prepend !== undefined && !/^\d{1,14}$/.test(prepend)) {
        throw new RatedeckError('BAD_OPTION', `--prepend "${prepend}": expected 1 to 14 digits, e.g. --prepend 1.`, { option: '--prepend', value: prepend });
      }
      // Loaded on demand: the parsers and the worker pool stay out of every other command's start-up.
      const { importDeck } = await import('../../cards/import-deck.js');
      const report = await importDeck(context.database(), {
        carrier: options.carrier as string,
        file: file!,
        mode: options.partial ? 'partial' : 'full',
        skipInvalid: options.skipInvalid === true,
        dryRun: options.dryRun === true,
        sheet: options.sheet as string | undefined,
        map: parseMaps(options.map as string[] | undefined),
        header: options.header !== false,
        headerRow: parsePositive(options.headerRow as string | undefined, '--header-row'),
        prepend,
        decimalComma: options.decimalComma === true,
        dateFormat: dateFormat as 'DMY' | 'MDY' | undefined,
        defaultIncrements: parseIncrementsOption(options.increments as string),
        defaultEffectiveFrom: options.effective ? parseTimeOption(options.effective as string, '--effective') : Date.now(),
        threads: parsePositive(options.threads as string | undefined, '--threads'),
      });
      // A dry run is a validation: a deck with row errors fails it, as the import would.
      const rejected = report.errors.length > 0 && !report.committed && !options.skipInvalid;
      const summary = [
        `${report.file}${report.sheet ? ` [${report.sheet}]` : ''}: ${plural(report.rowsRead, 'row')} read, ${plural(report.entries, 'entry', 'entries')}, ${plural(report.skippedRows, 'row')} skipped, ${plural(report.errors.length, 'row error')}.`,
        report.errors.length ? describeErrors(report.errors) : '',
        report.committed
          ? `Committed revision ${report.revision} of ${report.carrier}'s card.`
          : options.dryRun
            ? 'Dry run: nothing committed.'
            : 'Nothing committed: fix the rows above, or use --skip-invalid to commit the good rows.',
      ].filter(Boolean);
      return { json: report, text: summary.join('\n'), exitCode: rejected ? 1 : 0 };
    },
  },
  {
    path: ['deck', 'export'],
    description: "export a carrier's buy card or a customer's sell card as in force at a time (default now)",
    options: [
      { flags: '--carrier <name>', description: "the carrier's buy card" },
      { flags: '--customer <name>', description: "the customer's sell card, ready to send (header block, formula-safe cells)" },
      { flags: '--at <time>', description: 'ISO time (default now)' },
      { flags: '--format <csv|xlsx>', description: 'output format', defaultValue: 'csv' },
      { flags: '--out <file>', description: 'write to a file instead of stdout' },
    ],
    async run(context, _args, options) {
      const format = options.format as ExportFormat;
      if (format !== 'csv' && format !== 'xlsx') throw new RatedeckError('BAD_OPTION', `--format "${String(format)}": expected csv or xlsx.`, { option: '--format' });
      if (!options.carrier === !options.customer) {
        throw new RatedeckError('BAD_OPTION', 'Give exactly one of --carrier <name> (buy card) or --customer <name> (sell card).', { option: '--carrier' });
      }
      if (format === 'xlsx' && !options.out) throw new RatedeckError('BAD_OPTION', '--format xlsx needs --out <file>: XLSX is binary.', { option: '--out' });
      if (context.json && !options.out) {
        throw new RatedeckError('BAD_OPTION', '--json describes the written file: give --out <file> with it (without --out the entries themselves go to stdout as CSV).', { option: '--json' });
      }
      const at = options.at ? parseTimeOption(options.at as string, '--at') : Date.now();
      const db = context.database();
      const exported = options.customer
        ? await (await import('../../pricing/sell-card-export.js')).exportSellCard(db, options.customer as string, { at, format })
        : await exportCarrierCard(db, options.carrier as string, at, format);
      if (!options.out) {
        context.stdout.write(exported.data);
        return;
      }
      writeOutput(options.out as string, exported.data);
      return {
        json: { file: options.out, entries: exported.entries, revision: exported.revision },
        text: `Wrote ${exported.entries} entries to ${String(options.out)}.`,
      };
    },
  },
  {
    path: ['deck', 'list'],
    description: "list the revisions of a carrier's card",
    options: [{ flags: '--carrier <name>', description: 'the carrier' }],
    run(context, _args, options) {
      if (!options.carrier) throw new RatedeckError('BAD_OPTION', '--carrier <name> is required.', { option: '--carrier' });
      const db = context.database();
      const carrier = getCarrier(db, options.carrier as string);
      const cardId = cardIdFor(db, 'carrier', carrier.id, false);
      const revisions = (cardId === null ? [] : listRevisions(db, cardId)).map((r) => ({
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
  },
];

async function exportCarrierCard(db: Db, name: string, at: number, format: ExportFormat): Promise<{ data: string | Buffer; entries: number; revision: number }> {
  const carrier = getCarrier(db, name);
  const cardId = cardIdFor(db, 'carrier', carrier.id, false);
  const revision = cardId === null ? null : latestRevision(db, cardId);
  if (!revision) {
    throw new RatedeckError('NOT_FOUND', `Carrier "${carrier.name}" has no rate card yet; import one with \`ratedeck deck import <file> --carrier "${carrier.name}"\`.`);
  }
  const entries = entriesInForce(readRevisionEntries(db, revision.id), at);
  return { data: format === 'csv' ? entriesToCsv(entries) : await entriesToXlsx(entries), entries: entries.length, revision: revision.number };
}

function writeOutput(path: string, data: string | Buffer): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw new RatedeckError('UNWRITABLE_FILE', `Cannot write ${path}: ${(error as Error).message}`, { path });
  }
}
