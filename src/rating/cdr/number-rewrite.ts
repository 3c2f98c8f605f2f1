import { RatedeckError } from '../../errors.js';
import { normalizeNumber } from '../../model/normalize-number.js';
import { oneLine, quotedValue } from '../../text/quoted-value.js';

/** One `--number-rewrite <regex>=<replacement>` rule, compiled. */
export interface NumberRewriteRule {
  text: string;
  pattern: RegExp;
  replacement: string;
}

/**
 * Parses `^00=` or `^0([1-9])=44$1`: a JavaScript regular expression, `=`,
 * and a replacement (`$1` for groups). The split is at the first `=` that is
 * not part of a lookaround (`(?=`, `(?<=`, `(?!=`).
 */
export function parseNumberRewrite(text: string): NumberRewriteRule {
  let split = -1;
  for (let index = text.indexOf('='); index >= 0; index = text.indexOf('=', index + 1)) {
    const before = text.slice(Math.max(0, index - 3), index);
    if (!before.endsWith('(?') && !before.endsWith('(?<') && !before.endsWith('(?!')) {
      split = index;
      break;
    }
  }
  if (split <= 0) {
    throw new RatedeckError('BAD_OPTION', `--number-rewrite ${quotedValue(text)}: expected <regex>=<replacement> such as ^00= or ^0([1-9])=44$1.`, { option: 'number-rewrite', value: text });
  }
  const source = text.slice(0, split);
  try {
    return { text, pattern: new RegExp(source), replacement: text.slice(split + 1) };
  } catch (error) {
    throw new RatedeckError('BAD_OPTION', `--number-rewrite ${quotedValue(text)}: ${quotedValue(source)} is not a JavaScript regular expression (${oneLine((error as Error).message)}); expected one such as ^00.`, {
      option: 'number-rewrite',
      value: text,
    });
  }
}

export type RewrittenNumber = { digits: string } | { error: string };

/**
 * A dialled number as E.164 digits: the rules applied in order to the text as
 * written, then separators (+ space - . parentheses) dropped; an error when
 * the result is not 1 to 15 digits.
 */
export function rewriteNumber(text: string, rules: readonly NumberRewriteRule[]): RewrittenNumber {
  let number = text.trim();
  for (const rule of rules) number = number.replace(rule.pattern, rule.replacement);
  const normalized = normalizeNumber(number);
  if ('error' in normalized && number !== text.trim()) return { error: `${normalized.error} (rewritten from "${text.trim()}")` };
  return normalized;
}
