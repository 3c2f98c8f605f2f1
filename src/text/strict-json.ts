import { RatedeckError } from '../errors.js';
import { keyLabel, oneLine, quotedValue } from './quoted-value.js';

/** Characters of JSON.parse's own message kept: V8 quotes the text around the fault, raw. */
const MAX_PARSER_MESSAGE_CHARS = 200;

export interface StrictJsonOptions {
  /** Names the text in errors: a file path, "the request body". */
  source: string;
  /** Objects and arrays nested deeper than this are refused. */
  maxDepth: number;
}

/**
 * JSON.parse, refusing what it would silently accept: a key given twice in one object
 * (JSON.parse keeps the last, so a plan listing "percent" twice would take the second
 * without a word) and nesting past `maxDepth` (bounded work for any body). Errors are
 * INVALID_VALUE naming the source, the line and column, and the key's path.
 */
export function parseStrictJson(text: string, options: StrictJsonOptions): unknown {
  const body = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new RatedeckError('INVALID_VALUE', `${options.source} is not valid JSON: ${parserMessage(error)}.`, { source: options.source });
  }
  checkStructure(body, options);
  return value;
}

interface Level {
  keys: Set<string> | null;
  path: string;
  /** The next string in an object is a key (not a value). */
  expectKey: boolean;
  index: number;
}

/** One pass over valid JSON: the stack of open objects and arrays, with each object's keys. */
function checkStructure(text: string, options: StrictJsonOptions): void {
  const stack: Level[] = [];
  let lastKey = '';
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (char === 0x22 /* " */) {
      const end = endOfString(text, at);
      const level = stack[stack.length - 1];
      if (level?.keys && level.expectKey) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        if (level.keys.has(key)) {
          throw refusal(text, at, options, `the key ${quotedValue(key)} is given twice in ${level.path || 'the top-level object'}; give each key once`);
        }
        level.keys.add(key);
        level.expectKey = false;
        lastKey = key;
      }
      at = end;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      const parent = stack[stack.length - 1];
      const path = parent === undefined ? '' : parent.keys ? `${parent.path}.${keyLabel(lastKey)}` : `${parent.path}[${parent.index}]`;
      if (stack.length >= options.maxDepth) {
        throw refusal(text, at, options, `it nests deeper than ${options.maxDepth} levels`);
      }
      stack.push({ keys: char === 0x7b ? new Set() : null, path: path.replace(/^\./, ''), expectKey: char === 0x7b, index: 0 });
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      stack.pop();
    } else if (char === 0x2c /* , */) {
      const level = stack[stack.length - 1]!;
      if (level.keys) level.expectKey = true;
      else level.index++;
    }
  }
}

/**
 * JSON.parse's message on one short line: V8 quotes the text around the fault as it is
 * (`Unexpected token … "{\n  \u0000" is not valid JSON`), newlines and NULs included.
 */
function parserMessage(error: unknown): string {
  const message = oneLine(String((error as Error)?.message ?? error));
  return message.length > MAX_PARSER_MESSAGE_CHARS ? `${message.slice(0, MAX_PARSER_MESSAGE_CHARS)}…` : message;
}

function endOfString(text: string, start: number): number {
  for (let at = start + 1; ; at++) {
    const char = text.charCodeAt(at);
    if (char === 0x5c /* \ */) at++;
    else if (char === 0x22) return at;
  }
}

function refusal(text: string, at: number, options: StrictJsonOptions, reason: string): RatedeckError {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return new RatedeckError('INVALID_VALUE', `${options.source}, line ${line} column ${column}: ${reason}.`, {
    source: options.source,
    line,
    column,
  });
}
