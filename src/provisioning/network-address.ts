import { isIPv4, isIPv6 } from 'node:net';
import { RatedeckError } from '../errors.js';
import { quotedValue } from '../text/quoted-value.js';

export type HostKind = 'ipv4' | 'ipv6' | 'domain';

export interface HostAddress {
  host: string;
  kind: HostKind;
  port: number | null;
}

const DOTTED_QUAD_SHAPE = /^\d+\.\d+\.\d+\.\d+$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** An IPv4 address, judged as IPv4 whenever it looks like a dotted quad (999.1.1.1 is not a domain). */
function classifyHost(host: string): HostKind | null {
  if (DOTTED_QUAD_SHAPE.test(host)) return isIPv4(host) ? 'ipv4' : null;
  if (isIPv6(host)) return 'ipv6';
  return isDomainName(host) ? 'domain' : null;
}

export function isDomainName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.replace(/\.$/, '').split('.');
  if (labels.length < 2) return name.toLowerCase() === 'localhost';
  return labels.every((label) => DOMAIN_LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!);
}

/** `address`: the whole address the port was cut from, named too (`"100.50:"` has the port ""). */
export function parsePort(value: string, option = '--port', address?: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    const within = address === undefined ? '' : ` (of ${quotedValue(address)})`;
    throw new RatedeckError('INVALID_VALUE', `${option}: ${quotedValue(value)} is not a port${within}; expected a whole number from 1 to 65535.`, { option, value });
  }
  return port;
}

/**
 * Parses `ip`, `host`, `host:port`, `[ipv6]:port` (a bare IPv6 address takes no port).
 */
function parseHostAddress(value: string, option = '--host', shown = value): HostAddress {
  const text = value.trim();
  let host = text;
  let port: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2] !== undefined) port = parsePort(bracketed[2], option, text);
    if (!isIPv6(host)) throw badHost(shown, option);
  } else if (!isIPv6(text) && text.includes(':')) {
    const at = text.lastIndexOf(':');
    host = text.slice(0, at);
    port = parsePort(text.slice(at + 1), option, text);
  }
  const kind = classifyHost(host);
  if (!kind) throw badHost(shown, option);
  return { host: kind === 'domain' ? host.toLowerCase() : host, kind, port };
}

/** SIP transports a switch address may name. */
const TRANSPORTS = ['udp', 'tcp', 'tls'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export function parseTransport(value: string, option = '--protocol'): Transport {
  const transport = value.trim().toLowerCase();
  if (!(TRANSPORTS as readonly string[]).includes(transport)) {
    throw new RatedeckError('INVALID_VALUE', `${option}: ${quotedValue(value)} is not a SIP transport; expected udp, tcp or tls.`, { option, value });
  }
  return transport as Transport;
}

export interface SwitchAddress extends HostAddress {
  protocol: Transport | null;
}

/**
 * Parses a carrier switch address `host[:port][/protocol]`:
 * `203.0.113.5`, `203.0.113.5:5060/udp`, `[2001:db8::1]:5061/tls`, `sip.carrier.example/tcp`.
 */
export function parseSwitchAddress(value: string, option = '--host'): SwitchAddress {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return { ...parseHostAddress(value, option), protocol: null };
  // Errors name the address as written: "/T" has the host "", which names nothing.
  return { ...parseHostAddress(value.slice(0, slash), option, value), protocol: parseTransport(value.slice(slash + 1), option) };
}

export function formatHostAddress(address: { host: string; port: number | null; protocol?: string | null }): string {
  const hostPort = address.port === null ? address.host : isIPv6(address.host) ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
  return address.protocol ? `${hostPort}/${address.protocol}` : hostPort;
}

function badHost(value: string, option: string): RatedeckError {
  return new RatedeckError(
    'INVALID_VALUE',
    `${option}: ${quotedValue(value)} is not a host; expected an IPv4 or IPv6 address or a domain name, optionally with :port and /udp, /tcp or /tls (203.0.113.5:5060, [2001:db8::1]:5061/tls, sip.carrier.example/tcp).`,
    { option, value },
  );
}
