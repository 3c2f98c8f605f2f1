/** Characters of a value a message shows before cutting it short. */
export const SHOWN_VALUE_CHARS = 40;

/**
 * A value read from outside as a message shows it: in double quotes, with control
 * characters, quotes and lone surrogates escaped as JSON writes them, and cut after
 * SHOWN_VALUE_CHARS characters with "…". A message stays one short line whatever was
 * typed or posted (a 1 MB field, a NUL, a newline), and still names the value by its start.
 */
export function quotedValue(value: string, maxChars = SHOWN_VALUE_CHARS): string {
  const quoted = value.length > maxChars ? `${JSON.stringify(value.slice(0, maxChars)).slice(0, -1)}…"` : JSON.stringify(value);
  return oneLine(quoted);
}

/**
 * `text` with every control character (C0, DEL, C1: NEL breaks lines) and the line and
 * paragraph separators written as \uXXXX, which JSON.stringify leaves as they are: for
 * messages that embed text from elsewhere (JSON.parse's, a RegExp error quoting the source).
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]{0,39}$/;

/**
 * A JSON key as a path shows it (`default.percent`, `exchangeRates."a\nb"`): bare when it
 * is a plain name, else quoted and cut short by quotedValue, so a path built from posted
 * keys stays one short line.
 */
export function keyLabel(key: string): string {
  return PLAIN_KEY.test(key) ? key : quotedValue(key);
}
