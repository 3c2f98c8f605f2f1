import type { LineBreak } from './deck-task.js';

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Occurrences of the line break in text[start, end), or in bytes[start, end): how many
 * physical lines a head row or a quoted field spans beyond its first. Bytes are counted
 * in a plain loop, as the fields of a byte range are short; text with indexOf.
 */
export function countLineBreaks(text: string | Uint8Array, lineBreak: LineBreak, start = 0, end = text.length): number {
  let count = 0;
  if (typeof text === 'string') {
    for (let at = text.indexOf(lineBreak, start); at !== -1 && at + lineBreak.length <= end; at = text.indexOf(lineBreak, at + lineBreak.length)) count++;
    return count;
  }
  const first = lineBreak === '\n' ? LINE_FEED : CARRIAGE_RETURN;
  for (let at = start; at < end; at++) {
    if (text[at] !== first) continue;
    if (lineBreak !== '\r\n') count++;
    else if (at + 1 < end && text[at + 1] === LINE_FEED) count++;
  }
  return count;
}
