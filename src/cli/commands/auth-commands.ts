import { RatedeckError } from '../../errors.js';
import { parseAuthAddress, parseTechPrefix, srvTransport, type AuthAddress } from '../../provisioning/auth-address.js';
import { parsePort, parseTransport, type Transport } from '../../provisioning/network-address.js';
import { generatePassword } from '../../provisioning/password-policy.js';
import { auditedTransaction } from '../../store/audit-log.js';
import { getActiveCustomer, getCustomer } from '../../store/customer-store.js';
import { addIpAuth, listIpAuth, removeIpAuth, type IpAuthEntry } from '../../store/ip-auth-store.js';
import { addSipUser, listSipUsers, removeSipUser } from '../../store/sip-user-store.js';
import type { CommandSpec } from '../command-spec.js';
import { PASSWORD_ARGUMENT, readPasswordFromStdin, refusePasswordArgument } from '../password-input.js';
import { formatTable } from '../text-table.js';

export function describeIpAuth(entry: IpAuthEntry): Record<string, unknown> {
  return {
    customer: entry.customer,
    address: entry.address,
    kind: entry.kind,
    port: entry.port,
    protocol: entry.protocol,
    techPrefix: entry.techPrefix,
  };
}

/** An SRV name carries its transport and ports: --protocol may only repeat it, --port is refused. */
function transportFor(address: AuthAddress, options: Record<string, unknown>): Transport | null {
  const given = options.protocol === undefined ? null : parseTransport(options.protocol as string);
  const srv = srvTransport(address);
  if (srv === null) return given;
  if (options.port !== undefined) {
    throw new RatedeckError('INVALID_VALUE', '--port: an SRV name lists its own ports; drop --port or give the host name instead.', { option: '--port' });
  }
  if (given !== null && given !== srv) {
    throw new RatedeckError('INVALID_VALUE', `--protocol ${given} contradicts the SRV name, which asks for ${srv}; drop --protocol.`, { option: '--protocol' });
  }
  return srv === 'sctp' ? null : srv;
}

function tryAuthAddress(text: string): AuthAddress | null {
  try {
    return parseAuthAddress(text);
  } catch {
    return null;
  }
}

export const authCommands: CommandSpec[] = [
  {
    path: ['customer', 'auth', 'add-ip'],
    args: '<customer> <address>',
    description: 'authenticate calls from an IPv4/IPv6 address, CIDR block, domain or SRV name',
    options: [
      { flags: '--port <n>', description: 'SIP port of the switch' },
      { flags: '--protocol <udp|tcp|tls>', description: 'SIP transport' },
      { flags: '--tech-prefix <digits>', description: 'prefix the switch puts before the number; lets customers share an address' },
    ],
    run(context, [name, addressText], options) {
      const address = parseAuthAddress(addressText!);
      const protocol = transportFor(address, options);
      const port = options.port === undefined ? null : parsePort(options.port as string);
      const techPrefix = options.techPrefix === undefined ? null : parseTechPrefix(options.techPrefix as string);
      const db = context.database();
      const entry = auditedTransaction(db, 'customer auth add-ip', (audit) =>
        addIpAuth(db, getActiveCustomer(db, name!), { address, port, protocol, techPrefix }, audit),
      );
      const prefix = techPrefix ? ` with tech prefix ${techPrefix}` : '';
      return { json: describeIpAuth(entry), text: `${entry.address} (${entry.kind}) now authenticates ${entry.customer}${prefix}.` };
    },
  },
  {
    path: ['customer', 'auth', 'add-user'],
    args: '<customer> <username>',
    description: 'add a SIP digest user (password from stdin, or generated and shown once)',
    options: [
      { flags: '--password-stdin', description: 'read the password (at least 12 characters) from stdin' },
      { flags: '--generate', description: 'generate a strong password and print it once' },
      PASSWORD_ARGUMENT,
    ],
    async run(context, [name, username], options) {
      refusePasswordArgument(options);
      const generate = options.generate === true;
      if (generate === (options.passwordStdin === true)) {
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
  },
  {
    path: ['customer', 'auth', 'list'],
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
          ipAuth.map((e) => [e.address, e.kind, e.port, e.protocol, e.techPrefix] as string[]),
        ),
        '',
        formatTable(['SIP username', 'realm'], sipUsers.map((u) => [u.username, u.realm])),
      ].join('\n');
      return { json: { customer: customer.name, ipAuth, sipUsers }, text };
    },
  },
  {
    path: ['customer', 'auth', 'remove'],
    args: '<customer> <address|username>',
    description: "remove one of a customer's IP entries or SIP users",
    options: [{ flags: '--tech-prefix <digits>', description: 'only the entry of this address with this tech prefix' }],
    run(context, [name, target], options) {
      const techPrefix = options.techPrefix === undefined ? undefined : parseTechPrefix(options.techPrefix as string);
      const db = context.database();
      const removed = auditedTransaction(db, 'customer auth remove', (audit) => {
        const customer = getActiveCustomer(db, name!);
        // An address first; a username (which may look like a domain name: alice.smith) when no entry has it.
        const address = tryAuthAddress(target!);
        const entries = address ? removeIpAuth(db, customer, address, techPrefix, audit) : [];
        if (entries.length > 0) return entries.map((entry) => ({ kind: 'ip', address: entry.address, techPrefix: entry.techPrefix }));
        const user = removeSipUser(db, customer, target!.trim(), audit);
        if (user) return [{ kind: 'sip-user', username: user.username }];
        throw new RatedeckError(
          'NOT_FOUND',
          `Customer "${customer.name}" has no IP entry or SIP user "${target}". \`ratedeck customer auth list ${customer.name}\` shows them.`,
          { customer: customer.name, target },
        );
      });
      const lines = removed.map((item) => ('address' in item ? `Removed IP entry ${item.address}.` : `Removed SIP user ${item.username}.`));
      return { json: removed, text: lines.join('\n') };
    },
  },
];
