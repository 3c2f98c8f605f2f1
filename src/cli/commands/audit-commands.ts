import { RatedeckError } from '../../errors.js';
import { parseTimeOption } from '../../model/iso-time.js';
import { auditHasCustomer, listAudit, type AuditFilter } from '../../store/audit-log.js';
import { findCustomer } from '../../store/customer-store.js';
import type { CommandSpec } from '../command-spec.js';
import { formatTable } from '../text-table.js';

const compact = (value: unknown): string => (value === null ? '' : JSON.stringify(value));

export const auditCommands: CommandSpec[] = [
  {
    path: ['audit'],
    description: 'list the changes made by provisioning commands (never passwords or HA1 digests)',
    options: [
      { flags: '--customer <name>', description: "only changes to this customer and its authentication and payments (deleted customers too)" },
      { flags: '--since <time>', description: 'only changes at or after this ISO 8601 time' },
    ],
    run(context, _args, options) {
      const filter: AuditFilter = {};
      if (options.customer !== undefined) filter.customer = options.customer as string;
      if (options.since !== undefined) filter.since = parseTimeOption(options.since as string, '--since');
      const db = context.database();
      // A misspelt name must not look like "no changes"; a deleted customer is still known by its trail.
      if (filter.customer !== undefined && !findCustomer(db, filter.customer) && !auditHasCustomer(db, filter.customer)) {
        throw new RatedeckError(
          'NOT_FOUND',
          `No customer named "${filter.customer}", and no audit entry under that name (deleted customers keep theirs); \`ratedeck customer list --all\` shows the customers.`,
          { customer: filter.customer },
        );
      }
      const entries = listAudit(db, filter).map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() }));
      return {
        json: entries,
        text: formatTable(
          ['at', 'command', 'object', 'customer', 'old', 'new'],
          entries.map((e) => [e.at, e.command, `${e.objectKind} ${e.object}`, e.customer, compact(e.oldValue), compact(e.newValue)]),
        ),
      };
    },
  },
];
