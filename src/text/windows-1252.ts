/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F, where it has printable characters
 * (’ € “ ” Š ž …) instead of C1 controls. Node's TextDecoder takes the label
 * 'windows-1252' but decodes it as Latin-1 (measured on Node 20.20: 0x92 gives U+0092),
 * so these 32 bytes are mapped here. The five bytes Windows-1252 leaves undefined
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their Latin-1 code points, as the WHATWG Encoding
 * Standard decodes them.
 */
const HIGH_BYTES =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const latin1 = new TextDecoder('latin1');
const C1_RANGE = /[\u0080-\u009f]/g;

function toWindows1252(character: string): string {
  return HIGH_BYTES[character.charCodeAt(0) - 0x80]!;
}

/** Decodes Windows-1252 bytes (every byte is one character, so no character is ever cut). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const text = latin1.decode(bytes);
  C1_RANGE.lastIndex = 0;
  return C1_RANGE.test(text) ? text.replace(C1_RANGE, toWindows1252) : text;
}
