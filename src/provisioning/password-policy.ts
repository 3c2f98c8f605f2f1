import { randomInt } from 'node:crypto';
import { plural } from '../text/plural.js';
import { RatedeckError } from '../errors.js';
import { quotedValue } from '../text/quoted-value.js';

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 128;
const GENERATED_PASSWORD_LENGTH = 24;

/**
 * Letters and digits only: some SIP phones and gateways mangle `&`, `;` or
 * quotes in provisioning files. 24 characters of 62 give about 143 bits.
 */
const GENERATED_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._~+-]{0,63}$/;

/** A SIP username: the user part a registrar sees, kept to characters that need no escaping. */
export function validateUsername(value: string): string {
  const username = value.trim();
  if (!USERNAME.test(username)) {
    throw new RatedeckError(
      'INVALID_VALUE',
      `SIP username ${quotedValue(value)} is not usable; expected 1 to 64 letters, digits, ".", "_", "~", "+" or "-", starting with a letter or digit, e.g. acme-trunk1.`,
      { username: value },
    );
  }
  return username;
}

/**
 * Refuses a weak password. The messages never repeat the password: they end
 * up in terminals, logs and CI output.
 */
export function checkPassword(password: string, username: string): void {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new RatedeckError(
      'INVALID_VALUE',
      `The password for ${quotedValue(username)} is too short: ${plural(length, 'character')}; expected at least ${MIN_PASSWORD_LENGTH}. Use --generate for a strong one.`,
      { username, length, minimum: MIN_PASSWORD_LENGTH },
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new RatedeckError('INVALID_VALUE', `The password for ${quotedValue(username)} is ${plural(length, 'character')}; expected at most ${MAX_PASSWORD_LENGTH}.`, {
      username,
      length,
      maximum: MAX_PASSWORD_LENGTH,
    });
  }
  if (/[\u0000-\u001f\u007f]/.test(password)) {
    throw new RatedeckError(
      'INVALID_VALUE',
      `The password for ${quotedValue(username)} contains a control character (a tab or a line break inside it?); expected printable characters only. --password-stdin drops one trailing line break.`,
      { username },
    );
  }
  if (username.length >= 4 && password.toLowerCase().includes(username.toLowerCase())) {
    throw new RatedeckError('INVALID_VALUE', `The password for ${quotedValue(username)} contains the username; choose one that does not, or use --generate.`, {
      username,
    });
  }
}

/** A strong random password from the operating system's CSPRNG (uniform: randomInt rejects biased draws). */
export function generatePassword(length = GENERATED_PASSWORD_LENGTH): string {
  let password = '';
  for (let i = 0; i < length; i++) password += GENERATED_ALPHABET[randomInt(GENERATED_ALPHABET.length)];
  return password;
}
