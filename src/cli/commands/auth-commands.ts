import { RatedeckError } from '../../errors.js';
import { parseAuthEndpoint, parseTechPrefix, transportForAddress } from '../../provisioning/auth-address.js';
import { parsePort, parseTransport } from '../../provisioning/network-address.js';
import { generatePassword } from '../../provisioning/password-policy.js';
import { auditedTransaction } from '../../store/audit-log.js';
import { removeCustomerAuth } from '../../store/customer-auth.js';
import { getActiveCustomer, getCustomer } from '../../store/customer-store.js';
import { describeIpAuth } from '../../store/customer-view.js';
import { addIpAuth, listIpAuth } from '../../store/ip-auth-store.js';
import { addSipUser, listSipUsers } from '../../store/sip-user-store.js';
import { command, type CommandSpec } from '../command-spec.js';
import { flag, optionalText, parsed } from '../option-readers.js';
import { PASSWORD_ARGUMENT, readPasswordFromStdin } from '../password-input.js';
import { formatTable } from '../text-table.js';

/** A port or transport written in the address and given as an option too must be the same one. */
function agreeing<T>(option: string, inAddress: T | null, fromOption: T | null, addressText: string): T | null {
  if (inAddress !== null && fromOption !== null && inAddress !== fromOption) {
    throw new RatedeckError('BAD_OPTION', `${option} ${String(fromOption)} contradicts the address "${addressText}", which gives ${String(inAddress)}; give it once.`, {
      option,
    });
  }
  return inAddress ?? fromOption;
}

export const authCommands: CommandSpec[] = [
  command({
    path: ['customer', 'auth', 'add-ip'],
    database: 'write',
    args: '<customer> <address>',
    description: 'authenticate calls from an IPv4/IPv6 address, CIDR block, domain or SRV name, optionally with :port and /udp, /tcp or /tls',
    // Read in the body: the address may carry its own port and transport, and decides whether --port and --protocol may be given at all.
    options: {
      port: optionalText('--port <n>', 'SIP port of the switch'),
      protocol: optionalText('--protocol <udp|tcp|tls>', 'SIP transport'),
      techPrefix: optionalText('--tech-prefix <digits>', 'prefix the switch puts before the number; lets customers share an address'),
    },
    run(context, [name, addressText], options) {
      const endpoint = parseAuthEndpoint(addressText!);
      const address = endpoint.address;
      const port = agreeing('--port', endpoint.port, options.port === undefined ? null : parsePort(options.port), addressText!);
      const given = agreeing('--protocol', endpoint.protocol, options.protocol === undefined ? null : parseTransport(options.protocol), addressText!);
      const protocol = transportForAddress(address, given, port !== null);
      const techPrefix = options.techPrefix === undefined ? null : parseTechPrefix(options.techPrefix);
      const db = context.database();
      const entry = auditedTransaction(db, 'customer auth add-ip', (audit) =>
        addIpAuth(db, getActiveCustomer(db, name!), { address, port, protocol, techPrefix }, audit),
      );
      const prefix = techPrefix ? ` with tech prefix ${techPrefix}` : '';
      return { json: describeIpAuth(entry), text: `${entry.address} (${entry.kind}) now authenticates ${entry.customer}${prefix}.` };
    },
  }),
  command({
    path: ['customer', 'auth', 'add-user'],
    database: 'write',
    args: '<customer> <username>',
    description: 'add a SIP digest user (password from stdin, or generated and shown once)',
    options: {
      passwordStdin: flag('--password-stdin', 'read the password (at least 12 characters) from stdin'),
      generate: flag('--generate', 'generate a strong password and print it once'),
      password: PASSWORD_ARGUMENT,
    },
    async run(context, [name, username], { passwordStdin, generate }) {
      if (generate === passwordStdin) {
        throw new RatedeckError('BAD_OPTION', 'customer auth add-user: give exactly one of --password-stdin or --generate.');
      }
      const password = generate ? generatePassword() : await readPasswordFromStdin(context.stdin);
      const db = context.database();
      const user = auditedTransaction(db, 'customer auth add-user', (audit) =>
        addSipUser(db, getActiveCustomer(db, name!), { username: username!, password }, audit),
      );
      const added = `SIP user ${user.username} added to ${user.customer} (realm ${user.realm}).`;
      if (!generate) return { json: { username: user.username, customer: user.customer, realm: user.realm }, text: added };
      return { json: { username: user.username, password }, text: `${added}\nPassword (shown once, never stored; keep it now): ${password}` };
    },
  }),
  command({
    path: ['customer', 'auth', 'list'],
    database: 'read',
    args: '<customer>',
    description: "list a customer's IP addresses and SIP users",
    run(context, [name]) {
      const db = context.database();
      const customer = getCustomer(db, name!);
      const ipAuth = listIpAuth(db, customer.id).map(describeIpAuth);
      const sipUsers = listSipUsers(db, customer.id).map((user) => ({ username: user.username, realm: user.realm }));
      const text = [
        formatTable(
          ['address', 'kind', 'port', 'protocol', 'tech prefix'],
          ipAuth.map((e) => [e.address, e.kind, e.port, e.protocol, e.techPrefix]),
        ),
        '',
        formatTable(['SIP username', 'realm'], sipUsers.map((u) => [u.username, u.realm])),
      ].join('\n');
      return { json: { customer: customer.name, ipAuth, sipUsers }, text };
    },
  }),
  command({
    path: ['customer', 'auth', 'remove'],
    database: 'write',
    args: '<customer> <address|username>',
    description: "remove one of a customer's IP entries or SIP users",
    options: { techPrefix: parsed('--tech-prefix <digits>', 'only the entry of this address with this tech prefix', parseTechPrefix) },
    run(context, [name, target], { techPrefix }) {
      const db = context.database();
      const removed = auditedTransaction(db, 'customer auth remove', (audit) => removeCustomerAuth(db, name!, target!, techPrefix, audit));
      const lines = removed.map((item) => (item.kind === 'ip' ? `Removed IP entry ${item.address}.` : `Removed SIP user ${item.username}.`));
      return { json: removed, text: lines.join('\n') };
    },
  }),
];
