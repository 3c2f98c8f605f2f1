import { MAX_CODE_DIGITS } from './e164.js';

export type NormalizedNumber = { digits: string } | { error: string };

const EXAMPLE = 'expected digits with optional + ( ) - . and spaces, e.g. +44 7700 900123';

/**
 * Turns a dialled number as people write it (`+44 (0)20 7946-0000` minus the
 * trunk zero, `1.212.555.0100`) into the digits a rate card is keyed by.
 * `+`, spaces, tabs, dashes, dots and parentheses are dropped; any other
 * character, no digit at all, or more than 15 digits is an error for this
 * number only, so one bad line never stops a billing run.
 */
export function normalizeNumber(text: string): NormalizedNumber {
  let digitCount = 0;
  let clean = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      digitCount++;
    } else if (isSeparator(code)) {
      clean = false;
    } else {
      const character = String.fromCodePoint(text.codePointAt(i)!);
      return { error: `"${text}" is not a phone number: ${JSON.stringify(character)} at position ${i + 1} is not a digit; ${EXAMPLE}.` };
    }
  }
  if (digitCount === 0) return { error: `"${text}" holds no digits; ${EXAMPLE}.` };
  if (digitCount > MAX_CODE_DIGITS) {
    return { error: `"${text}" has ${digitCount} digits; a phone number has at most ${MAX_CODE_DIGITS} (E.164).` };
  }
  // The common case (already bare digits) allocates nothing.
  if (clean) return { digits: text };
  let digits = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digits += text[i];
  }
  return { digits };
}

/** + space tab - . ( ) */
function isSeparator(code: number): boolean {
  return code === 43 || code === 32 || code === 9 || code === 45 || code === 46 || code === 40 || code === 41;
}
