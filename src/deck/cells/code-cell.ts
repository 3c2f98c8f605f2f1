import { MAX_CODE_DIGITS } from '../../model/e164.js';
import type { CellValue } from './cell-value.js';

export type CodeCell =
  | { kind: 'codes'; codes: string[] }
  | { kind: 'absent' }
  | { kind: 'invalid'; reason: string };

const ABSENT: CodeCell = { kind: 'absent' };
const PLAIN_CODE = new RegExp(`^\\d{1,${MAX_CODE_DIGITS}}$`);
// `+`, spaces (no-break ones too), quotes and the hyphen of `93-76` (country code, area code).
const DECORATION = /[+\s\u00a0'"‘’“”-]/g;
const LIST_SEPARATOR = /[,;]/;

const DIGIT_ZERO = 0x30;

/**
 * International dialling prefixes: what a caller dials before a country code, never part
 * of one (E.164 codes start with 1–9). `0044` or `011 33` in a deck is such a prefix
 * written in front of the code; it is refused unless --strip-prefix drops it.
 */
const INTERNATIONAL_PREFIXES = {
  '011': 'the North American international dialling prefix',
  '00': 'the international dialling prefix',
} as const;

function internationalPrefixOf(digits: string): keyof typeof INTERNATIONAL_PREFIXES | null {
  if (digits.startsWith('011')) return '011';
  if (digits.startsWith('00')) return '00';
  return null;
}

/**
 * The dial codes in one cell: `4477`, `+44 77`, `93-76` (→ 9376), `'4477'`, or a list
 * `"3763, 3764; 3766"` giving one code each. `prepend` is put in front of every code
 * (--prepend 1 for 6-digit NPA-NXX decks). A code written after an international prefix
 * (`0044`, `011 33`) is invalid with a hint, unless it starts with `stripPrefix`
 * (--strip-prefix 00), which is dropped first. A code must end up as 1–MAX_CODE_DIGITS (15) digits.
 */
export function parseCodeCell(value: CellValue, prepend = '', stripPrefix = ''): CodeCell {
  if (value === null) return ABSENT;
  if (typeof value === 'number') return numericCode(value, prepend);
  const direct = plainCode(value, prepend);
  if (direct !== null) return { kind: 'codes', codes: [direct] };
  const parts = value.split(LIST_SEPARATOR);
  const codes: string[] = [];
  for (const part of parts) {
    let digits = part.replace(DECORATION, '');
    if (digits === '') continue;
    if (stripPrefix !== '' && digits.startsWith(stripPrefix) && digits.length > stripPrefix.length) digits = digits.slice(stripPrefix.length);
    else {
      const international = internationalPrefixOf(digits);
      if (international !== null) {
        return { kind: 'invalid', reason: `"${part.trim()}" starts with ${international}, ${INTERNATIONAL_PREFIXES[international]}, not part of a dial code; give --strip-prefix ${international} to drop it` };
      }
    }
    const code = prepend + digits;
    if (!/^\d+$/.test(digits)) return { kind: 'invalid', reason: `"${part.trim()}" is not a dial code; expected 1–${MAX_CODE_DIGITS} digits such as 4477, +44 77, 93-76 or a list such as 3763, 3764` };
    if (code.length > MAX_CODE_DIGITS) return { kind: 'invalid', reason: `${code} has ${code.length} digits; a dial code has at most ${MAX_CODE_DIGITS}` };
    codes.push(code);
  }
  return codes.length === 0 ? ABSENT : { kind: 'codes', codes };
}

/**
 * The one code of a cell that is nothing but digits (after --prepend), as most are; null
 * for anything else, which parseCodeCell then reads. Allocates nothing but the code.
 */
export function plainCode(value: CellValue, prepend = ''): string | null {
  // A code written with a leading 0 may start with an international prefix: parseCodeCell decides.
  if (typeof value !== 'string' || value === '' || value.charCodeAt(0) === DIGIT_ZERO) return null;
  const code = prepend === '' ? value : prepend + value;
  return PLAIN_CODE.test(code) ? code : null;
}

function numericCode(value: number, prepend: string): CodeCell {
  if (!Number.isSafeInteger(value) || value < 0) {
    return { kind: 'invalid', reason: `${value} is not a dial code; expected a whole number of 1–${MAX_CODE_DIGITS} digits` };
  }
  const code = prepend + String(value);
  if (code.length > MAX_CODE_DIGITS) return { kind: 'invalid', reason: `${code} has ${code.length} digits; a dial code has at most ${MAX_CODE_DIGITS}` };
  return { kind: 'codes', codes: [code] };
}

/** Several cells read as one code: `--map prefix=NPA+NXX` gives 201 and 200 → 201200. */
export function joinCodeCells(values: readonly CellValue[]): CellValue {
  let joined = '';
  for (const value of values) {
    if (value === null) continue;
    joined += typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : String(value).trim();
  }
  return joined === '' ? null : joined;
}
