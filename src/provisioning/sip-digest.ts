import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * HA1 of HTTP digest authentication (RFC 2617 / RFC 3261 §22.4):
 * MD5(username ":" realm ":" password) in lower-case hex. A registrar needs
 * only this, so the password itself is never stored. MD5 is what SIP digest
 * mandates, not our choice; an HA1 is a credential and is kept as secret.
 */
export function digestHa1(username: string, realm: string, password: string): string {
  return createHash('md5').update(`${username}:${realm}:${password}`, 'utf8').digest('hex');
}

/** Compares in constant time, as a registrar would, so timing says nothing about the stored value. */
export function passwordMatchesHa1(username: string, realm: string, password: string, ha1: string): boolean {
  const expected = Buffer.from(ha1, 'hex');
  const actual = Buffer.from(digestHa1(username, realm, password), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
