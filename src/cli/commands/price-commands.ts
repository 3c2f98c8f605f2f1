import { RatedeckError } from '../../errors.js';
import { parseTimeOption } from '../../model/iso-time.js';
import { COMPACT_MODES, type CompactMode } from '../../pricing/cost-combiner.js';
import { priceCustomer, readPlanFile, rebuildStaleCards, type PriceSummary } from '../../pricing/price-customer.js';
import type { CommandSpec } from '../command-spec.js';
import { plural } from '../../text/plural.js';

const LISTED = 10;

export const priceCommands: CommandSpec[] = [
  {
    path: ['price'],
    description: "build a customer's sell card from carrier cards and a margin plan, or rebuild the stale ones",
    options: [
      { flags: '--customer <name>', description: 'the customer whose sell card is built' },
      { flags: '--plan <file>', description: 'the margin plan (JSON; see docs/pricing.md)' },
      { flags: '--carrier <name>', description: 'a carrier to price from (repeatable: the union of their codes)', repeatable: true },
      { flags: '--compact <min|max|avg>', description: 'how several carriers’ costs for a code combine', defaultValue: 'min' },
      { flags: '--at <time>', description: 'price the carrier entries in force at this ISO time (default now)' },
      { flags: '--effective <time>', description: 'the sell entries start at this ISO time (default now)' },
      { flags: '--rebuild-stale', description: 'rebuild every customer card whose carrier cards have changed, with its stored plan' },
    ],
    run(context, _args, options) {
      const now = Date.now();
      if (options.rebuildStale) {
        const given = ['customer', 'plan', 'carrier', 'at', 'effective'].filter((name) => options[name] !== undefined);
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
      for (const [name, flag] of [
        ['customer', '--customer <name>'],
        ['plan', '--plan <file>'],
        ['carrier', '--carrier <name>'],
      ] as const) {
        if (options[name] === undefined) {
          throw new RatedeckError('BAD_OPTION', `${flag} is required, e.g. \`ratedeck price --customer Globex --plan plan.json --carrier Acme\`.`, { option: flag });
        }
      }
      const compact = options.compact as string;
      if (!(COMPACT_MODES as readonly string[]).includes(compact)) {
        throw new RatedeckError('BAD_OPTION', `--compact "${compact}": expected one of ${COMPACT_MODES.join(', ')}, e.g. --compact min.`, { option: '--compact', value: compact });
      }
      const planPath = options.plan as string;
      const summary = priceCustomer(context.database(), {
        customer: options.customer as string,
        plan: readPlanFile(planPath),
        planSource: planPath,
        carriers: options.carrier as string[],
        compact: compact as CompactMode,
        at: options.at === undefined ? now : parseTimeOption(options.at as string, '--at'),
        effective: options.effective === undefined ? now : parseTimeOption(options.effective as string, '--effective'),
      });
      return { json: summary, text: describe(summary) };
    },
  },
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
  if (summary.belowCost.length > LISTED || summary.incrementWarnings.length > LISTED) lines.push('  (--json lists them all)');
  return lines.join('\n');
}
