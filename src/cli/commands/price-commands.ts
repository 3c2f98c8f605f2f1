import { RatedeckError } from '../../errors.js';
import { COMPACT_MODES } from '../../pricing/cost-combiner.js';
import { priceCustomer, readPlanFile, rebuildStaleCards, type PriceSummary } from '../../pricing/price-customer.js';
import { plural } from '../../text/plural.js';
import { command, type CommandSpec } from '../command-spec.js';
import { choiceWithDefault, flag, optionalText, repeatable, time } from '../option-readers.js';

const LISTED = 10;

export const priceCommands: CommandSpec[] = [
  command({
    path: ['price'],
    database: 'write',
    description: "build a customer's sell card from carrier cards and a margin plan, or rebuild the stale ones",
    options: {
      customer: optionalText('--customer <name>', 'the customer whose sell card is built'),
      plan: optionalText('--plan <file>', 'the margin plan (JSON; see docs/pricing.md)'),
      carrier: repeatable('--carrier <name>', 'a carrier to price from (repeatable: the union of their codes)'),
      compact: choiceWithDefault(
        '--compact <min|max|avg>',
        'how several carriers’ costs for a code combine',
        COMPACT_MODES,
        'min',
        (value, option) => new RatedeckError('BAD_OPTION', `${option} "${value}": expected one of ${COMPACT_MODES.join(', ')}, e.g. --compact min.`, { option, value }),
      ),
      at: time('--at <time>', 'price the carrier entries in force at this ISO time (default now)'),
      effective: time('--effective <time>', 'the sell entries start at this ISO time (default now)'),
      rebuildStale: flag('--rebuild-stale', 'rebuild every customer card whose carrier cards have changed, with its stored plan'),
    },
    run(context, _args, options) {
      const now = Date.now();
      const { customer, plan, carrier, at, effective } = options;
      if (options.rebuildStale) {
        const given = Object.entries({ customer, plan, carrier: carrier.length > 0 ? carrier : undefined, at, effective })
          .filter(([, value]) => value !== undefined)
          .map(([name]) => name);
        if (given.length > 0) {
          throw new RatedeckError('BAD_OPTION', `--rebuild-stale takes no --${given[0]}: it rebuilds each stale card with what it was priced with.`, {
            option: `--${given[0]}`,
          });
        }
        const result = rebuildStaleCards(context.database(), now);
        const lines = result.rebuilt.map((summary) => `${describe(summary)} (changed: ${summary.staleCarriers.join(', ')})`);
        lines.push(`${result.rebuilt.length} rebuilt, ${result.upToDate.length} up to date.`);
        return { json: result, text: lines.join('\n') };
      }
      const required = (flag: string): RatedeckError =>
        new RatedeckError('BAD_OPTION', `${flag} is required, e.g. \`ratedeck price --customer Globex --plan plan.json --carrier Acme\`.`, { option: flag });
      if (customer === undefined) throw required('--customer <name>');
      if (plan === undefined) throw required('--plan <file>');
      if (carrier.length === 0) throw required('--carrier <name>');
      const summary = priceCustomer(context.database(), {
        customer,
        plan: readPlanFile(plan),
        planSource: plan,
        carriers: carrier,
        compact: options.compact,
        at: at ?? now,
        effective: effective ?? now,
      });
      return { json: summary, text: describe(summary) };
    },
  }),
];

function describe(summary: PriceSummary): string {
  const lines = [`${summary.customer}: revision ${summary.revision}, ${plural(summary.entries, 'entry', 'entries')}, ${plural(summary.blocked, 'code')} blocked.`];
  if (summary.belowCost.length > 0) {
    lines.push(`  ${plural(summary.belowCost.length, 'code')} sold under cost:`);
    for (const item of summary.belowCost.slice(0, LISTED)) lines.push(`    ${item.prefix}: buy ${item.buy}, sell ${item.sell}`);
  }
  if (summary.incrementWarnings.length > 0) {
    lines.push(`  ${plural(summary.incrementWarnings.length, 'code')} sold on shorter increments than bought:`);
    for (const item of summary.incrementWarnings.slice(0, LISTED)) lines.push(`    ${item.prefix}: bought ${item.bought}, sold ${item.sold}`);
  }
  if (summary.unmatchedRules.length > 0) {
    lines.push(`  ${plural(summary.unmatchedRules.length, 'rule')} matched no code (check the prefix or pattern):`);
    for (const rule of summary.unmatchedRules.slice(0, LISTED)) {
      lines.push(`    ${rule.path}: ${rule.prefix !== undefined ? `prefix ${rule.prefix}` : `destination ${JSON.stringify(rule.destination)}`}`);
    }
  }
  if (summary.belowCost.length > LISTED || summary.incrementWarnings.length > LISTED || summary.unmatchedRules.length > LISTED) lines.push('  (--json lists them all)');
  return lines.join('\n');
}
