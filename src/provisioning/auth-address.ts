import { RatedeckError } from '../errors.js';
import { formatCidr, formatIp, parseCidr, parseIpAddress, rangeContains, rangesOverlap, type IpRange, type Parsed } from './ip-address.js';
import { isDomainName, parsePort, parseTransport, type Transport } from './network-address.js';
import { quotedValue } from '../text/quoted-value.js';

/** How a customer's switch is recognised: by source address (a block of them) or by a name the switch resolves. */
export type AuthAddressKind = 'ipv4' | 'ipv6' | 'ipv4-cidr' | 'ipv6-cidr' | 'domain' | 'srv';

export interface AuthAddress {
  /** Canonical text: what is stored, compared and shown. */
  text: string;
  kind: AuthAddressKind;
  /** The addresses covered, for IP kinds; null for names. */
  range: IpRange | null;
}

const EXPECTED =
  'expected an IPv4 or IPv6 address, a CIDR block, a domain name or an SRV name, e.g. 203.0.113.5, 2001:db8::10, 203.0.113.0/24, pbx.example.com or _sip._udp.pbx.example.com';

const SRV_NAME = /^_([a-z0-9-]{1,15})\._(udp|tcp|tls|sctp)\.(.+)$/i;

/**
 * Reads an authentication address. The shape decides the kind before any
 * validation, so a dotted quad is judged only as IPv4: 999.1.1.1 is refused
 * for its 999, never accepted as a domain name.
 */
export function classifyAuthAddress(value: string): Parsed<AuthAddress> {
  const text = value.trim();
  if (text.length === 0) return { ok: false, reason: 'it is empty' };
  // Checked first: every kind below would refuse a space too, but for a vaguer reason ("needs two labels").
  if (/\s/.test(text)) return { ok: false, reason: 'spaces are not allowed in an address or domain name' };
  if (text.includes('/')) {
    const cidr = parseCidr(text);
    if (!cidr.ok) return { ok: false, reason: `a CIDR block: ${cidr.reason}` };
    return { ok: true, value: { text: formatCidr(cidr.value), kind: cidr.value.family === 4 ? 'ipv4-cidr' : 'ipv6-cidr', range: cidr.value } };
  }
  if (/^[^:]+:\d+$/.test(text)) return { ok: false, reason: 'it looks like host:port; give the address alone and the port with --port' };
  if (text.includes(':') || /^[\d.]+$/.test(text)) {
    const ip = parseIpAddress(text);
    if (!ip.ok) return { ok: false, reason: `${text.includes(':') ? 'an IPv6' : 'an IPv4'} address: ${ip.reason}` };
    return { ok: true, value: { text: formatIp(ip.value.family, ip.value.first), kind: ip.value.family === 4 ? 'ipv4' : 'ipv6', range: ip.value } };
  }
  const name = text.replace(/\.$/, '').toLowerCase();
  if (name.startsWith('_')) {
    const srv = SRV_NAME.exec(name);
    if (!srv) return { ok: false, reason: 'an SRV name is _service._protocol.domain, the protocol one of udp, tcp, tls or sctp' };
    if (!isDomainName(srv[3]!)) return { ok: false, reason: `an SRV name: ${quotedValue(srv[3])} is not a domain name` };
    return { ok: true, value: { text: name, kind: 'srv', range: null } };
  }
  if (!isDomainName(name)) {
    const reason = !name.includes('.')
      ? 'a domain name needs at least two labels (pbx.example.com)'
      : 'a domain name is labels of letters, digits and inner hyphens, 1 to 63 characters each, separated by dots, the last not all digits';
    return { ok: false, reason };
  }
  return { ok: true, value: { text: name, kind: 'domain', range: null } };
}

export function parseAuthAddress(value: string, what = 'address'): AuthAddress {
  const parsed = classifyAuthAddress(value);
  if (!parsed.ok) {
    throw new RatedeckError('INVALID_VALUE', `${what} ${quotedValue(value)} is not usable: ${parsed.reason}; ${EXPECTED}.`, { value, reason: parsed.reason });
  }
  return parsed.value;
}

/** An address as `customer auth add-ip` takes it: the address, and the port and transport written with it. */
export interface AuthEndpoint {
  address: AuthAddress;
  port: number | null;
  protocol: Transport | null;
}

/**
 * Reads `address[:port][/transport]`, the syntax of `carrier add --host`: `10.0.0.1:5060`,
 * `[2001:db8::1]:5060/tcp`, `pbx.example.com/tls`, `203.0.113.0/24` (a block: digits after
 * the slash). An IPv6 address takes a port only in brackets, as in a SIP URI.
 */
export function parseAuthEndpoint(value: string, what = 'address'): AuthEndpoint {
  let text = value.trim();
  let protocol: Transport | null = null;
  const transport = /\/([a-z]+)$/i.exec(text);
  if (transport) {
    protocol = parseTransport(transport[1]!, what);
    text = text.slice(0, transport.index);
  }
  let port: number | null = null;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  const hostPort = /^([^:/]+):([^:]*)$/.exec(text);
  if (bracketed) {
    text = bracketed[1]!;
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], what, value);
    if (!text.includes(':')) {
      throw new RatedeckError('INVALID_VALUE', `${what} ${quotedValue(value)} is not usable: brackets are for an IPv6 address ([2001:db8::1]:5060); write an IPv4 address or a name without them.`, { value });
    }
  } else if (hostPort) {
    text = hostPort[1]!;
    port = parsePort(hostPort[2]!, what, value);
  }
  return { address: parseAuthAddress(text, what), port, protocol };
}

/** The transport an SRV name asks for (_sips._tcp is SIP over TLS), or null for other kinds. */
export function srvTransport(address: AuthAddress): 'udp' | 'tcp' | 'tls' | 'sctp' | null {
  if (address.kind !== 'srv') return null;
  const [, service, protocol] = SRV_NAME.exec(address.text)!;
  if (service === 'sips' && protocol === 'tcp') return 'tls';
  return protocol as 'udp' | 'tcp' | 'tls' | 'sctp';
}

/**
 * The transport of an IP entry: `given` (--protocol), except that an SRV
 * name carries its transport and ports, so --protocol may only repeat it and
 * --port is refused. SCTP is no transport of ours: null.
 */
export function transportForAddress(address: AuthAddress, given: Transport | null, portGiven: boolean): Transport | null {
  const srv = srvTransport(address);
  if (srv === null) return given;
  if (portGiven) {
    throw new RatedeckError('INVALID_VALUE', '--port: an SRV name lists its own ports; drop --port or give the host name instead.', { option: '--port' });
  }
  if (given !== null && given !== srv) {
    throw new RatedeckError('INVALID_VALUE', `--protocol ${given} contradicts the SRV name, which asks for ${srv}; drop --protocol.`, { option: '--protocol' });
  }
  return srv === 'sctp' ? null : srv;
}

/** Two entries overlap when some call could come from both: a shared IP address, or the same name. */
export function authAddressesOverlap(a: AuthAddress, b: AuthAddress): boolean {
  if (a.range && b.range) return rangesOverlap(a.range, b.range);
  return !a.range && !b.range && a.text === b.text;
}

/** Whether a call from `query` (an address, or a name) is covered by the entry `entry`. */
export function authAddressCovers(entry: AuthAddress, query: AuthAddress): boolean {
  if (entry.range && query.range) return rangeContains(entry.range, query.range);
  return !entry.range && !query.range && entry.text === query.text;
}

/**
 * Two customers may share an address only when each entry carries a tech
 * prefix and the prefixes differ: the switch puts the prefix before the
 * dialled number, and that prefix is then all that tells the calls apart.
 */
export function techPrefixesSeparate(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a !== b;
}

/**
 * Among entries sharing an address, the one whose tech prefix starts the
 * dialled number; the longest such prefix wins when one prefix extends another.
 */
export function selectByTechPrefix<T extends { techPrefix: string | null }>(candidates: T[], dialled: string): T | null {
  let best: T | null = null;
  for (const candidate of candidates) {
    const prefix = candidate.techPrefix ?? '';
    if (dialled.startsWith(prefix) && (best === null || prefix.length > (best.techPrefix ?? '').length)) best = candidate;
  }
  return best;
}

export function parseTechPrefix(value: string, option = '--tech-prefix'): string {
  const text = value.trim();
  if (!/^\d{1,15}$/.test(text)) {
    throw new RatedeckError('INVALID_VALUE', `${option}: ${quotedValue(value)} is not a tech prefix; expected 1 to 15 digits, e.g. 4711.`, { option, value });
  }
  return text;
}
