import { RatedeckError } from '../../errors.js';
import { parseCurrency } from '../../money/currency.js';
import { formatHostAddress, parseSwitchAddress } from '../../provisioning/network-address.js';
import { auditedTransaction } from '../../store/audit-log.js';
import { describeCard } from '../../store/card-view.js';
import { addCarrier, getCarrier, listCarriers, removeCarrier, updateCarrier, type Carrier } from '../../store/carrier-store.js';
import { command, type CommandSpec } from '../command-spec.js';
import { flag, parsed, parsedWithDefault, repeatableParsed } from '../option-readers.js';
import { plural } from '../../text/plural.js';
import { cardText } from '../card-text.js';
import { formatTable } from '../text-table.js';

function describe(carrier: Carrier): Record<string, unknown> {
  return {
    name: carrier.name,
    currency: carrier.currency,
    hosts: carrier.hosts.map((host) => ({ ...host, address: formatHostAddress(host) })),
    createdAt: new Date(carrier.createdAt).toISOString(),
  };
}

const parseHosts = (values: string[], option: string) => values.map((host) => parseSwitchAddress(host, option));

export const carrierCommands: CommandSpec[] = [
  command({
    path: ['carrier', 'add'],
    database: 'write',
    args: '<name>',
    description: 'add a carrier (a supplier of minutes)',
    options: {
      hosts: repeatableParsed('--host <ip|host[:port][/protocol]>', "the carrier's switch address, protocol udp, tcp or tls (repeatable)", parseHosts),
      currency: parsedWithDefault('--currency <ISO 4217>', 'currency of its rates', 'USD', parseCurrency),
    },
    run(context, [name], { currency, hosts }) {
      const db = context.database();
      const carrier = auditedTransaction(db, 'carrier add', (audit) => addCarrier(db, { name: name!, currency, hosts }, audit.now, audit));
      return { json: describe(carrier), text: `Added carrier ${carrier.name} (${carrier.currency}).` };
    },
  }),
  command({
    path: ['carrier', 'list'],
    database: 'read',
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
  }),
  command({
    path: ['carrier', 'show'],
    database: 'read',
    args: '<name>',
    description: 'show one carrier: its hosts and its rate card (latest revision, entries in force now)',
    run(context, [name]) {
      const db = context.database();
      const carrier = getCarrier(db, name!);
      const rateCard = describeCard(db, { kind: 'carrier', id: carrier.id }, Date.now());
      const text = [
        `Carrier ${carrier.name} (${carrier.currency})`,
        `  hosts        ${carrier.hosts.map(formatHostAddress).join(' ') || 'none'}`,
        `  added        ${new Date(carrier.createdAt).toISOString()}`,
        `  rate card    ${cardText(rateCard, `none; import a deck with \`ratedeck deck import <file> --carrier "${carrier.name}"\``)}`,
      ];
      return { json: { ...describe(carrier), rateCard }, text: text.join('\n') };
    },
  }),
  command({
    path: ['carrier', 'set'],
    database: 'write',
    args: '<name>',
    description: "change a carrier's hosts, or its currency while it has no rate card",
    options: {
      currency: parsed('--currency <ISO 4217>', 'new currency; refused once a deck has been imported', parseCurrency),
      addHosts: repeatableParsed('--add-host <ip|host[:port][/protocol]>', 'add a switch address (repeatable)', parseHosts),
      removeHosts: repeatableParsed('--remove-host <ip|host[:port][/protocol]>', 'remove a switch address; a bare host removes all its ports (repeatable)', parseHosts),
    },
    run(context, [name], { currency, addHosts, removeHosts }) {
      if (currency === undefined && addHosts.length === 0 && removeHosts.length === 0) {
        throw new RatedeckError('BAD_OPTION', 'carrier set: nothing to change; give --currency, --add-host or --remove-host.');
      }
      const db = context.database();
      const carrier = auditedTransaction(db, 'carrier set', (audit) => updateCarrier(db, name!, { currency, addHosts, removeHosts }, audit));
      return { json: describe(carrier), text: `Carrier ${carrier.name}: ${carrier.currency}, hosts ${carrier.hosts.map(formatHostAddress).join(' ') || 'none'}.` };
    },
  }),
  command({
    path: ['carrier', 'remove'],
    database: 'write',
    args: '<name>',
    description: 'remove a carrier; refused while it has a rate card unless --force',
    options: { force: flag('--force', 'remove it together with its rate card and every revision') },
    run(context, [name], options) {
      const db = context.database();
      const removal = auditedTransaction(db, 'carrier remove', (audit) => removeCarrier(db, name!, options.force, audit));
      const card = removal.revisionsRemoved > 0 ? ` with its rate card (${plural(removal.revisionsRemoved, 'revision')})` : '';
      return { json: { name: removal.carrier.name, revisionsRemoved: removal.revisionsRemoved }, text: `Removed carrier ${removal.carrier.name}${card}.` };
    },
  }),
];
