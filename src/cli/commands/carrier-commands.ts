import { parseCurrency } from '../../money/currency.js';
import { formatHostAddress, parseHostAddress } from '../../provisioning/network-address.js';
import { addCarrier, getCarrier, listCarriers, type Carrier } from '../../store/carrier-store.js';
import { writeTransaction } from '../../store/database.js';
import type { CommandSpec } from '../command-spec.js';
import { formatTable } from '../text-table.js';

function describe(carrier: Carrier): Record<string, unknown> {
  return {
    name: carrier.name,
    currency: carrier.currency,
    hosts: carrier.hosts.map((host) => ({ ...host, address: formatHostAddress(host) })),
    createdAt: new Date(carrier.createdAt).toISOString(),
  };
}

export const carrierCommands: CommandSpec[] = [
  {
    path: ['carrier', 'add'],
    args: '<name>',
    description: 'add a carrier (a supplier of minutes)',
    options: [
      { flags: '--host <ip|host[:port]>', description: "the carrier's switch address (repeatable)", repeatable: true },
      { flags: '--currency <ISO 4217>', description: 'currency of its rates', defaultValue: 'USD' },
    ],
    run(context, [name], options) {
      const currency = parseCurrency(options.currency as string);
      const hosts = ((options.host as string[] | undefined) ?? []).map((host) => parseHostAddress(host));
      const db = context.database();
      const carrier = writeTransaction(db, () => addCarrier(db, { name: name!, currency, hosts }));
      return { json: describe(carrier), text: `Added carrier ${carrier.name} (${carrier.currency}).` };
    },
  },
  {
    path: ['carrier', 'list'],
    description: 'list carriers',
    run(context) {
      const carriers = listCarriers(context.database());
      return {
        json: carriers.map(describe),
        text: formatTable(
          ['name', 'currency', 'hosts'],
          carriers.map((c) => [c.name, c.currency, c.hosts.map(formatHostAddress).join(' ')]),
        ),
      };
    },
  },
  {
    path: ['carrier', 'show'],
    args: '<name>',
    description: 'show one carrier',
    run(context, [name]) {
      const carrier = describe(getCarrier(context.database(), name!));
      return { json: carrier, text: JSON.stringify(carrier, null, 2) };
    },
  },
];
