import { RatedeckError } from '../../errors.js';
import { parseAuthEndpoint, selectByTechPrefix } from '../../provisioning/auth-address.js';
import { findIpAuthCandidates, type IpAuthEntry } from '../../store/ip-auth-store.js';
import { checkSipCredentials } from '../../store/sip-user-store.js';
import { describeIpAuth } from '../../store/customer-view.js';
import { command, type CommandSpec } from '../command-spec.js';
import { EXIT_CODES } from '../exit-codes.js';
import { flag, parsed } from '../option-readers.js';
import { PASSWORD_ARGUMENT, readPasswordFromStdin } from '../password-input.js';

const refusedNote = (status: string): string => (status === 'active' ? '' : ` (${status}: its calls are refused)`);

function checkIpText(address: string, candidates: IpAuthEntry[], chosen: IpAuthEntry | null, dialled: string | undefined): string {
  if (candidates.length === 0) return `${address} authenticates as no customer.`;
  if (chosen) {
    const prefix = chosen.techPrefix ? ` when the number starts with tech prefix ${chosen.techPrefix}` : '';
    return `${address} authenticates as ${chosen.customer}${refusedNote(chosen.customerStatus)} via ${chosen.address}${prefix}.`;
  }
  if (dialled !== undefined) return `${address} is shared by customers told apart by tech prefix, and no tech prefix starts ${dialled}.`;
  const list = candidates.map((entry) => `${entry.customer} (tech prefix ${entry.techPrefix})`).join(', ');
  return `${address} is shared by ${list}: the switch tells them apart by the tech prefix it puts before the dialled number. Give --dialled <number> to pick one.`;
}

/** The call path a switch would use: the answer, and exit 3 when no customer is found. */
export const authCheckCommands: CommandSpec[] = [
  command({
    path: ['auth', 'check-ip'],
    database: 'read',
    args: '<address>',
    description: 'which customer calls from this address (optionally with :port and /udp, /tcp or /tls, as a switch logs it) authenticate as',
    options: {
      dialled: parsed(
        '--dialled <number>',
        'the number as the switch sends it, tech prefix included, to choose between customers sharing the address',
        (value) => value.trim(),
      ),
    },
    run(context, [addressText], { dialled }) {
      // A switch logs the source as address:port; an entry bound to a port or transport then matches only those.
      const endpoint = parseAuthEndpoint(addressText!);
      const query = endpoint.address;
      const candidates = findIpAuthCandidates(context.database(), query).filter(
        (entry) => (endpoint.port === null || entry.port === null || entry.port === endpoint.port) && (endpoint.protocol === null || entry.protocol === null || entry.protocol === endpoint.protocol),
      );
      // Entries share an address only with distinct tech prefixes, so one candidate is the answer, several need the number.
      const chosen = dialled !== undefined ? selectByTechPrefix(candidates, dialled) : candidates.length === 1 ? candidates[0]! : null;
      const json = {
        address: query.text,
        customer: chosen?.customer ?? null,
        status: chosen?.customerStatus ?? null,
        techPrefix: chosen?.techPrefix ?? null,
        candidates: candidates.map((entry) => ({ ...describeIpAuth(entry), status: entry.customerStatus })),
      };
      const found = candidates.length > 0 && (dialled === undefined || chosen !== null);
      return { json, text: checkIpText(query.text, candidates, chosen, dialled), exitCode: found ? EXIT_CODES.OK : EXIT_CODES.NOT_FOUND };
    },
  }),
  command({
    path: ['auth', 'check-user'],
    database: 'read',
    args: '<username>',
    description: 'which customer a SIP username and password (on stdin) authenticate as',
    options: { passwordStdin: flag('--password-stdin', 'read the password from stdin (required)'), password: PASSWORD_ARGUMENT },
    async run(context, [username], options) {
      if (!options.passwordStdin) {
        throw new RatedeckError('BAD_OPTION', `auth check-user: --password-stdin is required; e.g. printf '%s' "$PASSWORD" | ratedeck auth check-user ${username} --password-stdin`);
      }
      const password = await readPasswordFromStdin(context.stdin);
      const check = checkSipCredentials(context.database(), username!, password);
      const user = check.reason === null ? check.user : null;
      const json = { username, customer: user?.customer ?? null, status: user?.customerStatus ?? null, authenticated: user !== null, reason: check.reason };
      const text = user
        ? `${username} authenticates as ${user.customer}${refusedNote(user.customerStatus)}.`
        : `${username} authenticates as no customer: ${check.reason}.`;
      return { json, text, exitCode: user ? EXIT_CODES.OK : EXIT_CODES.NOT_FOUND };
    },
  }),
];
