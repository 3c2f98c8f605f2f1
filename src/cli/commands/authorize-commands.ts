import { authorizeCustomer } from '../../billing/authorize-customer.js';
import { command, type CommandSpec } from '../command-spec.js';
import { optionalText, requiredText, time } from '../option-readers.js';

export const authorizeCommands: CommandSpec[] = [
  command({
    path: ['authorize'],
    database: 'read',
    args: '<number>',
    description:
      "may a customer call a number now, and for how long: refused for an inactive or archived customer, no route, or credit below the first increment plus the connection fee; else the longest call the credit allows, capped at the customer's --max-call-seconds",
    options: {
      customer: requiredText('--customer <name>', 'the calling customer', 'authorize needs --customer <name>, e.g. `ratedeck authorize --customer Globex 442079460000`.'),
      caller: optionalText('--caller <number>', 'the calling number (decides the US jurisdiction of an entry with inter/intra rates)'),
      at: time('--at <ISO time>', 'the time of the call (default: now), e.g. 2025-03-01T12:00:00Z'),
    },
    async run(context, [number], options) {
      const answer = await authorizeCustomer(context.database(), { customer: options.customer, number: number!, caller: options.caller, at: options.at });
      const text = answer.allowed
        ? `allowed: up to ${answer.maxSeconds} s on ${answer.prefix} at ${answer.rate}/min (${answer.increments}, fee ${answer.connectionFee}); available ${answer.available}`
        : `refused: ${answer.reason}; available ${answer.available}`;
      return { json: answer, text };
    },
  }),
];
