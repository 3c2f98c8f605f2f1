import { readAuditTrail } from '../../store/audit-log.js';
import { command, type CommandSpec } from '../command-spec.js';
import { optionalText, time } from '../option-readers.js';
import { formatTable } from '../text-table.js';

const compact = (value: unknown): string => (value === null ? '' : JSON.stringify(value));

export const auditCommands: CommandSpec[] = [
  command({
    path: ['audit'],
    database: 'read',
    description: 'list the changes made by provisioning commands (never passwords or HA1 digests)',
    options: {
      customer: optionalText('--customer <name>', "only changes to this customer and its authentication and payments (deleted customers too)"),
      since: time('--since <time>', 'only changes at or after this ISO 8601 time'),
    },
    run(context, _args, { customer, since }) {
      const entries = readAuditTrail(context.database(), { customer, since }).map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() }));
      return {
        json: entries,
        text: formatTable(
          ['at', 'command', 'object', 'customer', 'old', 'new'],
          entries.map((e) => [e.at, e.command, `${e.objectKind} ${e.object}`, e.customer, compact(e.oldValue), compact(e.newValue)]),
        ),
      };
    },
  }),
];
