import { describe, expect, it } from 'vitest';
import { RatedeckError } from '../src/errors.js';
import {
  authAddressCovers,
  authAddressesOverlap,
  classifyAuthAddress,
  parseAuthAddress,
  selectByTechPrefix,
  srvTransport,
  techPrefixesSeparate,
} from '../src/provisioning/auth-address.js';
import { formatIp, parseCidr, parseIpAddress, parseIpv6 } from '../src/provisioning/ip-address.js';
import { formatMoney, parseAmount } from '../src/provisioning/money-amount.js';
import { formatHostAddress, parseSwitchAddress } from '../src/provisioning/network-address.js';
import { checkPassword, generatePassword, MIN_PASSWORD_LENGTH, validateUsername } from '../src/provisioning/password-policy.js';
import { paymentTransitionProblem, parsePaymentStatus } from '../src/provisioning/payment-status.js';
import { digestHa1, passwordMatchesHa1 } from '../src/provisioning/sip-digest.js';

const reasonOf = (text: string): string => {
  const parsed = classifyAuthAddress(text);
  return parsed.ok ? `accepted as ${parsed.value.kind}` : parsed.reason;
};

describe('authentication addresses', () => {
  it.each([
    ['203.0.113.5', 'ipv4', '203.0.113.5'],
    ['2001:DB8:0:0:0:0:0:1', 'ipv6', '2001:db8::1'],
    ['::ffff:203.0.113.5', 'ipv4', '203.0.113.5'],
    ['203.0.113.0/24', 'ipv4-cidr', '203.0.113.0/24'],
    ['2001:db8::/32', 'ipv6-cidr', '2001:db8::/32'],
    ['PBX.Example.COM.', 'domain', 'pbx.example.com'],
    ['_sip._udp.pbx.example.com', 'srv', '_sip._udp.pbx.example.com'],
  ])('%s is a %s written %s', (text, kind, canonical) => {
    const address = parseAuthAddress(text);
    expect(address.kind).toBe(kind);
    expect(address.text).toBe(canonical);
  });

  it('999.1.1.1 is judged as IPv4 only and refused for its 999, never taken for a domain', () => {
    expect(reasonOf('999.1.1.1')).toBe('an IPv4 address: 999 is not a number from 0 to 255');
    expect(() => parseAuthAddress('999.1.1.1')).toThrow(RatedeckError);
  });

  it.each([
    ['1.2.3', 'four numbers'],
    ['010.1.1.1', 'leading zero'],
    ['203.0.113.5/24', 'the block is 203.0.113.0/24'],
    ['203.0.113.0/33', 'from 0 to 32'],
    ['2001:db8::1::2', '"::" may appear only once'],
    ['fe80::1%eth0', 'zone index'],
    ['203.0.113.5:5060', '--port'],
    ['pbx', 'at least two labels'],
    ['bad_host.example.com', 'labels of letters'],
    ['_sip._foo.pbx.example.com', 'udp, tcp, tls or sctp'],
    ['', 'empty'],
  ])('%s is refused: %s', (text, reason) => {
    expect(reasonOf(text)).toContain(reason);
  });

  it('a /24 overlaps an address inside it and a /23 around it, not the next /24', () => {
    const block = parseAuthAddress('198.51.100.0/24');
    expect(authAddressesOverlap(block, parseAuthAddress('198.51.100.77'))).toBe(true);
    expect(authAddressesOverlap(block, parseAuthAddress('198.51.100.0/23'))).toBe(true);
    expect(authAddressesOverlap(block, parseAuthAddress('198.51.101.0/24'))).toBe(false);
    expect(authAddressesOverlap(parseAuthAddress('2001:db8::/48'), parseAuthAddress('2001:db8:0:ffff::1'))).toBe(true);
    expect(authAddressesOverlap(parseAuthAddress('0.0.0.0/0'), parseAuthAddress('::/0'))).toBe(false);
  });

  it('names overlap only when they are the same name', () => {
    expect(authAddressesOverlap(parseAuthAddress('pbx.example.com'), parseAuthAddress('PBX.example.com'))).toBe(true);
    expect(authAddressesOverlap(parseAuthAddress('pbx.example.com'), parseAuthAddress('_sip._udp.pbx.example.com'))).toBe(false);
  });

  it('a block covers the addresses inside it, and an address does not cover the block', () => {
    const block = parseAuthAddress('198.51.100.0/24');
    expect(authAddressCovers(block, parseAuthAddress('198.51.100.255'))).toBe(true);
    expect(authAddressCovers(parseAuthAddress('198.51.100.1'), block)).toBe(false);
  });

  it('customers share an address only with two distinct tech prefixes; the longest that starts the number wins', () => {
    expect(techPrefixesSeparate('11', '22')).toBe(true);
    expect(techPrefixesSeparate('11', '11')).toBe(false);
    expect(techPrefixesSeparate(null, '22')).toBe(false);
    const candidates = [{ techPrefix: '12' }, { techPrefix: '123' }, { techPrefix: '9' }];
    expect(selectByTechPrefix(candidates, '1234477')?.techPrefix).toBe('123');
    expect(selectByTechPrefix(candidates, '124477')?.techPrefix).toBe('12');
    expect(selectByTechPrefix(candidates, '4477')).toBeNull();
  });

  it('an SRV name carries its transport; _sips._tcp is TLS', () => {
    expect(srvTransport(parseAuthAddress('_sip._tcp.pbx.example.com'))).toBe('tcp');
    expect(srvTransport(parseAuthAddress('_sips._tcp.pbx.example.com'))).toBe('tls');
    expect(srvTransport(parseAuthAddress('pbx.example.com'))).toBeNull();
  });
});

describe('IP arithmetic', () => {
  it('IPv6 text is written back in RFC 5952 form', () => {
    const format = (text: string): string => formatIp(6, (parseIpv6(text) as { value: bigint }).value);
    expect(format('2001:0db8:0000:0000:0001:0000:0000:0001')).toBe('2001:db8::1:0:0:1');
    expect(format('0:0:0:0:0:0:0:0')).toBe('::');
    expect(format('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(format('::1.2.3.4')).toBe('::102:304');
  });

  it('a /0 block spans the whole family', () => {
    const all = parseCidr('0.0.0.0/0');
    expect(all.ok && all.value.last).toBe(0xffffffffn);
    const one = parseIpAddress('255.255.255.255');
    expect(one.ok && one.value.first).toBe(0xffffffffn);
  });
});

describe('passwords and digests', () => {
  it(`a password of ${MIN_PASSWORD_LENGTH - 1} characters is refused without repeating it`, () => {
    const password = 'abcdefghijk';
    try {
      checkPassword(password, 'alice');
      expect.unreachable();
    } catch (error) {
      expect((error as RatedeckError).code).toBe('INVALID_VALUE');
      expect((error as Error).message).toContain('too short: 11 characters');
      expect((error as Error).message).not.toContain(password);
      expect(JSON.stringify((error as RatedeckError).details)).not.toContain(password);
    }
  });

  it('a password with a line break inside, or containing the username, is refused', () => {
    expect(() => checkPassword('first line\nsecond line', 'alice')).toThrow(/control character/);
    expect(() => checkPassword('xxalice-2025-long', 'alice')).toThrow(/contains the username/);
    expect(() => checkPassword('correct horse battery', 'alice')).not.toThrow();
  });

  it('generated passwords are 24 letters and digits and differ every time', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) {
      expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
      expect(() => checkPassword(password, 'alice')).not.toThrow();
    }
  });

  it('HA1 is MD5(username:realm:password), the RFC 2617 example', () => {
    // RFC 2617 §3.5: Mufasa / testrealm@host.com / Circle Of Life.
    expect(digestHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life')).toBe('939e7578ed9e3c518a452acee763bce9');
    expect(passwordMatchesHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life', '939e7578ed9e3c518a452acee763bce9')).toBe(true);
    expect(passwordMatchesHa1('Mufasa', 'testrealm@host.com', 'Circle of Life', '939e7578ed9e3c518a452acee763bce9')).toBe(false);
  });

  it('usernames are kept to characters a registrar needs no escaping for', () => {
    expect(validateUsername(' acme-trunk1 ')).toBe('acme-trunk1');
    expect(validateUsername('100234')).toBe('100234');
    expect(() => validateUsername('alice@example.com')).toThrow(/not usable/);
    expect(() => validateUsername('-alice')).toThrow(/not usable/);
  });
});

describe('money amounts', () => {
  it.each([
    ['25', '25'],
    ['100.50', '100.50'],
    ['-12.345678', '-12.345678'],
    ['+.5', '0.5'],
    ['0007.10', '7.10'],
  ])('%s reads as exactly %s', (text, canonical) => {
    expect(parseAmount(text, '--amount', { allowZero: false })).toBe(canonical);
  });

  it.each([
    ['1.2345678', '7 decimal places'],
    ['1e3', 'exponent'],
    ['1,000.00', 'thousands separators'],
    ['$10', 'no currency sign'],
    ['ten', 'only digits'],
    ['0.00', 'zero amount'],
    ['1234567890123456', 'more than 15 digits'],
  ])('%s is refused: %s', (text, reason) => {
    expect(() => parseAmount(text, '--amount', { allowZero: false })).toThrow(reason);
  });

  it('a debit limit of 0 is allowed: it means prepaid', () => {
    expect(parseAmount('0', '--debit-limit', { allowZero: true })).toBe('0');
  });

  it('money shows at least the minor units of its currency and never loses a place', () => {
    expect(formatMoney('25', 'USD')).toBe('25.00');
    expect(formatMoney('0.004375', 'USD')).toBe('0.004375');
    expect(formatMoney('1000', 'JPY')).toBe('1000');
    expect(formatMoney('1.5', 'BHD')).toBe('1.500');
  });
});

describe('payment status', () => {
  it('pending settles or is cancelled; completed may be cancelled; cancelled is final', () => {
    expect(paymentTransitionProblem('pending', 'completed')).toBeNull();
    expect(paymentTransitionProblem('pending', 'cancelled')).toBeNull();
    expect(paymentTransitionProblem('completed', 'cancelled')).toBeNull();
    expect(paymentTransitionProblem('completed', 'pending')).toMatch(/cannot go back to pending/);
    expect(paymentTransitionProblem('cancelled', 'completed')).toMatch(/final/);
    expect(parsePaymentStatus(' Completed ')).toBe('completed');
    expect(() => parsePaymentStatus('paid')).toThrow(/completed, pending or cancelled/);
  });
});

describe('carrier switch addresses', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    ['203.0.113.5:5060/UDP', '203.0.113.5:5060/udp'],
    ['[2001:db8::1]:5061/tls', '[2001:db8::1]:5061/tls'],
    ['SIP.Carrier.example/tcp', 'sip.carrier.example/tcp'],
  ])('%s reads back as %s', (text, canonical) => {
    expect(formatHostAddress(parseSwitchAddress(text))).toBe(canonical);
  });

  it('an unknown transport is refused', () => {
    expect(() => parseSwitchAddress('203.0.113.5:5060/sctp')).toThrow(/udp, tcp or tls/);
  });
});
