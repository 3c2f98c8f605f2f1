import { parseTimeOption } from '../../model/time-option.js';
import { answerLcr, parseCurrencyOption, parseRateOptions } from '../../pricing/lcr-request.js';
import { loadRouteCarriers, loadRouteCustomer } from '../../pricing/route-cards.js';
import type { CommandSpec } from '../command-spec.js';
import { formatTable } from '../text-table.js';

export const lcrCommands: CommandSpec[] = [
  {
    path: ['lcr'],
    args: '<number>',
    description: "least-cost routing: every carrier's own longest-prefix rate for a number, cheapest first",
    options: [
      { flags: '--customer <name>', description: "judge each route against this customer's sell rate, in its currency" },
      { flags: '--currency <ISO>', description: 'show costs in this currency (default: the one all carriers share)' },
      { flags: '--rate <CUR=value>', description: 'exchange rate: --currency units per one CUR (repeatable)', repeatable: true },
      { flags: '--at <time>', description: 'the time of the call (ISO, default now)' },
    ],
    run(context, [number], options) {
      const db = context.database();
      const routes = answerLcr(
        {
          number: number!,
          at: options.at === undefined ? Date.now() : parseTimeOption(options.at as string, '--at'),
          customer: options.customer === undefined ? undefined : loadRouteCustomer(db, options.customer as string),
          currency: parseCurrencyOption(options.currency as string | undefined),
          rates: parseRateOptions((options.rate as string[] | undefined) ?? []),
        },
        loadRouteCarriers(db),
      );
      const judged = options.customer !== undefined;
      const headers = ['carrier', 'prefix', 'rate', 'currency', 'increments', ...(judged ? ['profitable'] : [])];
      const rows = routes.map((route) => [
        route.carrier,
        route.prefix ?? 'no match',
        route.rate,
        route.rate === null ? null : route.currency,
        route.increments,
        ...(judged ? [route.profitable === null ? '' : route.profitable ? 'yes' : 'NO'] : []),
      ]);
      return { json: routes, text: formatTable(headers, rows) };
    },
  },
];
