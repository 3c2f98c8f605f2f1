/**
 * E.164 caps an international number at 15 digits, so no dial code is longer. 15 digits
 * also stay below 2^53: a code read as a number (how the deck workers ship codes) is exact.
 */
export const MAX_CODE_DIGITS = 15;
