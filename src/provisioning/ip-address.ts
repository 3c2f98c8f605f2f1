import ipaddr from 'ipaddr.js';
import { quotedValue } from '../text/quoted-value.js';

/**
 * IPv4 and IPv6 addresses and CIDR blocks as integer ranges, so that
 * overlap and containment are two comparisons (node:net's BlockList answers
 * "is this address in a block", not "do two blocks overlap"). Pure: parsing
 * returns a reason instead of throwing, and the caller words the error.
 *
 * The parsing is ours and stricter than ipaddr.js, whose RFC 5952 writer we
 * use: ipaddr.js reads ::1.2.3.4 as ::ffff:1.2.3.4 (another address), accepts
 * a leading zero in an embedded IPv4 part (::ffff:010.1.1.1) and a zone index
 * (fe80::1%eth0), takes 127.1 and 0x7f.0.0.1 for IPv4, and says no reason
 * when it refuses; the reasons here are what the operator reads.
 */
export type IpFamily = 4 | 6;

/** An address or a block: every address from `first` to `last`, inclusive. */
export interface IpRange {
  family: IpFamily;
  first: bigint;
  last: bigint;
  prefixLength: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const BITS: Record<IpFamily, number> = { 4: 32, 6: 128 };

function parseIpv4(text: string): Parsed<bigint> {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d+$/.test(part))) return { ok: false, reason: 'an IPv4 address is four numbers separated by dots' };
  let value = 0n;
  for (const part of parts) {
    // 010 means 8 to some resolvers and 10 to others: refuse rather than guess.
    if (part.length > 1 && part.startsWith('0')) return { ok: false, reason: `${part} has a leading zero, which some systems read as octal` };
    if (part.length > 3 || Number(part) > 255) return { ok: false, reason: `${part} is not a number from 0 to 255` };
    value = (value << 8n) | BigInt(part);
  }
  return { ok: true, value };
}

export function parseIpv6(text: string): Parsed<bigint> {
  if (text.includes('%')) return { ok: false, reason: 'a zone index (%eth0) only means something on one machine' };
  let body = text.toLowerCase();
  const tail: number[] = [];
  const embedded = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (embedded) {
    const v4 = parseIpv4(embedded[2]!);
    if (!v4.ok) return { ok: false, reason: `its IPv4 part: ${v4.reason}` };
    tail.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
    body = embedded[1]!.endsWith('::') ? embedded[1]! : embedded[1]!.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return { ok: false, reason: '"::" may appear only once' };
  const groups = (half: string): number[] | null => {
    if (half === '') return [];
    const words = half.split(':');
    if (words.some((word) => !/^[0-9a-f]{1,4}$/.test(word))) return null;
    return words.map((word) => parseInt(word, 16));
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return { ok: false, reason: 'each group is 1 to 4 hexadecimal digits' };
  const known = [...head, ...rest, ...tail].length;
  if (halves.length === 1 ? known !== 8 : known > 7) return { ok: false, reason: 'an IPv6 address has 8 groups of hexadecimal digits, or "::" for a run of zeros' };
  const zeros = halves.length === 2 ? new Array<number>(8 - known).fill(0) : [];
  const words = halves.length === 2 ? [...head, ...zeros, ...rest, ...tail] : [...head, ...tail];
  return { ok: true, value: words.reduce((value, word) => (value << 16n) | BigInt(word), 0n) };
}

/** The address as a one-address range. IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address it carries. */
export function parseIpAddress(text: string): Parsed<IpRange> {
  if (text.includes(':')) {
    const v6 = parseIpv6(text);
    if (!v6.ok) return v6;
    if (v6.value >> 32n === 0xffffn) return { ok: true, value: { family: 4, first: v6.value & 0xffffffffn, last: v6.value & 0xffffffffn, prefixLength: 32 } };
    return { ok: true, value: { family: 6, first: v6.value, last: v6.value, prefixLength: 128 } };
  }
  const v4 = parseIpv4(text);
  return v4.ok ? { ok: true, value: { family: 4, first: v4.value, last: v4.value, prefixLength: 32 } } : v4;
}

/** `network/length`; host bits must be zero (203.0.113.5/24 is refused with the block it probably meant). */
export function parseCidr(text: string): Parsed<IpRange> {
  const slash = text.indexOf('/');
  const network = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  const family: IpFamily = network.includes(':') ? 6 : 4;
  const parsed = family === 6 ? parseIpv6(network) : parseIpv4(network);
  if (!parsed.ok) return parsed;
  const bits = BITS[family];
  if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > bits) {
    return { ok: false, reason: `the prefix length after "/" must be a whole number from 0 to ${bits}, not ${quotedValue(lengthText)}` };
  }
  const prefixLength = Number(lengthText);
  const hostMask = (1n << BigInt(bits - prefixLength)) - 1n;
  if ((parsed.value & hostMask) !== 0n) {
    const first = parsed.value & ~hostMask;
    return { ok: false, reason: `it has host bits set; the block is ${formatIp(family, first)}/${prefixLength}` };
  }
  return { ok: true, value: { family, first: parsed.value, last: parsed.value | hostMask, prefixLength } };
}

export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function rangeContains(outer: IpRange, inner: IpRange): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, the longest run of zero groups as "::"). */
export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const words = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  return new ipaddr.IPv6(words).toRFC5952String();
}

/** A block as `network/length`. */
export function formatCidr(range: IpRange): string {
  return `${formatIp(range.family, range.first)}/${range.prefixLength}`;
}
