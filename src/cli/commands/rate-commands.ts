import { RatedeckError } from '../../errors.js';
import { rateFile, type RateFileResult } from '../../billing/rate-file.js';
import { ROUNDING_MODES, type RoundingMode } from '../../money/decimal.js';
import { CDR_FIELDS } from '../../rating/cdr/cdr-layouts.js';
import { CDR_FORMATS } from '../../rating/cdr/cdr-record.js';
import { parseNumberRewrite } from '../../rating/cdr/number-rewrite.js';
import { DURATION_ROUNDINGS } from '../../rating/rating-policy.js';
import { plural } from '../../text/plural.js';
import { command, type CommandSpec } from '../command-spec.js';
import { choice, fieldMap, flag, optionalText, parsed, repeatableParsed } from '../option-readers.js';

function parseWholeNumber(value: string, option: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new RatedeckError('BAD_OPTION', `${option} "${value}": expected a whole number of 0 or more, e.g. ${option} 4.`, { option, value });
  return Number(value);
}

const refuseChoice = (choices: readonly string[], example: string) => (value: string, option: string) =>
  new RatedeckError('BAD_OPTION', `${option} "${value}": expected one of ${choices.join(', ')}, e.g. ${option} ${example}.`, { option, value });

const ROUNDINGS = Object.keys(ROUNDING_MODES) as RoundingMode[];

export const rateCommands: CommandSpec[] = [
  command({
    path: ['rate'],
    database: 'write',
    args: '<cdr-file>',
    description:
      'rate a call-record file (Asterisk Master.csv, FreeSWITCH cdr_csv, or a CSV with a header) on a customer and/or carrier card; writes the input columns plus status, jurisdiction, prefix, destination, rate, billed_seconds, cost, error',
    options: {
      customer: optionalText('--customer <name>', "rate on this customer's sell card"),
      carrier: optionalText('--carrier <name>', "rate on this carrier's buy card (with --customer: each call's cost and margin)"),
      format: choice('--format <format>', `${CDR_FORMATS.join('|')} (default auto)`, CDR_FORMATS, refuseChoice(CDR_FORMATS, 'asterisk')),
      map: fieldMap('--map <field=column>', `a generic CSV's column for a field (${CDR_FIELDS.join(', ')}): header name or 1-based number (repeatable)`, CDR_FIELDS, 'number=Dialled'),
      timezone: optionalText('--timezone <IANA zone>', 'the zone of times written without one (default UTC), e.g. America/New_York'),
      numberRewrite: repeatableParsed('--number-rewrite <regex=replacement>', 'rewrite dialled numbers to E.164 before the lookup, in order, e.g. ^00= or ^0([1-9])=44$1 (repeatable)', (values) =>
        values.map(parseNumberRewrite),
      ),
      precision: parsed('--precision <places>', "decimal places of each call's cost (default: the plan's; 4 for a carrier)", parseWholeNumber),
      rounding: choice('--rounding <mode>', `how each call's cost is rounded: ${ROUNDINGS.join(', ')}`, ROUNDINGS, refuseChoice(ROUNDINGS, 'half-up')),
      durationRounding: choice('--duration-rounding <mode>', `fractional seconds to whole: ${DURATION_ROUNDINGS.join(', ')} (default up)`, DURATION_ROUNDINGS, refuseChoice(DURATION_ROUNDINGS, 'up')),
      grace: parsed('--grace <seconds>', 'calls of at most this many seconds cost nothing (default 0)', parseWholeNumber),
      states: optionalText('--states <file>', 'NPA or NPA-NXX to US state entries laid over the shipped table, e.g. 201,NJ'),
      out: optionalText('--out <file>', 'write the rated records here (default stdout)'),
      charge: flag('--charge', "record each rated call as a charge against the customer's balance, keyed by call id (re-rating replaces)"),
    },
    async run(context, [path], options) {
      if (context.json && options.out === undefined) {
        throw new RatedeckError('BAD_OPTION', 'rate --json prints the summary on stdout, so the rated records need --out <file>.', { option: '--out' });
      }
      const overrides = {
        ...(options.precision !== undefined && { precision: options.precision }),
        ...(options.rounding !== undefined && { rounding: options.rounding }),
        ...(options.durationRounding !== undefined && { durationRounding: options.durationRounding }),
        ...(options.grace !== undefined && { gracePeriod: options.grace }),
      };
      const result = await rateFile(context.database(), {
        path: path!,
        customer: options.customer,
        carrier: options.carrier,
        format: options.format,
        map: options.map,
        timezone: options.timezone,
        numberRewrite: options.numberRewrite,
        overrides,
        statesFile: options.states,
        charge: options.charge,
        output: options.out !== undefined ? { path: options.out } : { stream: context.stdout, name: 'stdout' },
      });
      if (context.json) return { json: result };
      context.stderr.write(summaryText(path!, result) + '\n');
    },
  }),
];

function summaryText(path: string, result: RateFileResult): string {
  const errors = Object.entries(result.errors).map(([reason, count]) => `${reason}: ${count}`);
  const lines = [
    `Rated ${plural(result.calls, 'call')} from ${path}: ${result.rated} rated, ${result.unanswered} unanswered, ${result.unrated} unrated${errors.length > 0 ? ` (${errors.join(', ')})` : ''}; ${result.billedSeconds} billed seconds; cost ${result.cost} ${result.currency}.`,
  ];
  if (result.carrier) {
    lines.push(`Carrier leg: cost ${result.carrier.cost} ${result.carrier.currency} (${result.carrier.costInCustomerCurrency} ${result.currency}); margin ${result.carrier.margin} ${result.currency}.`);
  }
  if (result.charged) {
    const c = result.charged;
    const skipped = c.skippedWithoutId > 0 ? ` (${plural(c.skippedWithoutId, 'rated call')} without a call id not charged)` : '';
    lines.push(`Charged ${plural(c.calls, 'call')} to ${c.customer}${skipped}: balance ${c.balanceBefore} → ${c.balanceAfter} ${result.currency}.`);
  }
  return lines.join('\n');
}
