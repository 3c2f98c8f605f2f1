import { formatTime } from '../../model/iso-time.js';
import { answerLcr, parseCurrencyOption, parseRateOptions } from '../../pricing/lcr-request.js';
import { loadRouteCarriers, loadRouteCustomer } from '../../pricing/route-cards.js';
import { command, type CommandSpec } from '../command-spec.js';
import { optionalText, repeatable, time } from '../option-readers.js';
import { formatTable } from '../text-table.js';

export const lcrCommands: CommandSpec[] = [
  command({
    path: ['lcr'],
    database: 'read',
    args: '<number>',
    description: "least-cost routing: every carrier's own longest-prefix rate for a number, cheapest first",
    options: {
      customer: optionalText('--customer <name>', "judge each route against this customer's sell rate, in its currency"),
      currency: optionalText('--currency <ISO>', 'show costs in this currency (default: the one all carriers share)'),
      rate: repeatable('--rate <CUR=value>', 'exchange rate: --currency units per one CUR (repeatable)'),
      at: time('--at <time>', 'the time of the call (ISO, default now)'),
    },
    run(context, [number], options) {
      const db = context.database();
      const at = options.at ?? Date.now();
      const customer = options.customer === undefined ? undefined : loadRouteCustomer(db, options.customer);
      const routes = answerLcr(
        {
          number: number!,
          at,
          customer,
          currency: parseCurrencyOption(options.currency),
          rates: parseRateOptions(options.rate),
        },
        loadRouteCarriers(db),
      );
      const headers = ['carrier', 'prefix', 'rate', 'currency', 'increments', ...(customer ? ['profitable'] : [])];
      const rows = routes.map((route) => [
        route.carrier,
        route.prefix ?? 'no match',
        route.rate,
        route.rate === null ? null : route.currency,
        route.increments,
        ...(customer ? [route.profitable === null ? '' : route.profitable ? 'yes' : 'NO'] : []),
      ]);
      const table = formatTable(headers, rows);
      if (!customer || routes.length === 0) return { json: routes, text: table };
      // Every route carries the customer's sell rate for the number: state it once, above the table.
      const sellRate = routes[0]!.sellRate ?? null;
      const heading =
        sellRate === null
          ? `${customer.name} sells no rate for ${number} at ${formatTime(at)} (its card starts later, or the plan blocks the code): profitability cannot be judged.`
          : `${customer.name} sells ${number} at ${sellRate} ${customer.currency}; a route costing more is marked NO.`;
      return { json: routes, text: `${heading}\n${table}` };
    },
  }),
];
