/**
 * E.164 caps a full international number, country code included, at 15
 * digits; no dialling code or prefix in a rate card can be longer.
 */
export const MAX_CODE_DIGITS = 15;
