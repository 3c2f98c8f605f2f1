import { RatedeckError } from '../errors.js';
import { parseTimeOption } from '../model/iso-time.js';

/**
 * How one option is declared and read: the commander flags, and a reader
 * from what commander collected (a string, a string[] for a repeatable
 * option, a boolean for a flag, or undefined) to the typed value the
 * command body receives. A reader throws RatedeckError naming the option.
 */
export interface OptionReader<T> {
  flags: string;
  description: string;
  /** Collects every occurrence into an array (`--host a --host b`). */
  repeatable?: boolean;
  defaultValue?: string;
  read(raw: unknown, option: string): T;
}

/** Parses an option's text; `option` is its long name (`--at`), for the error. */
export type OptionParser<T> = (value: string, option: string) => T;

const asText = (raw: unknown): string | undefined => (typeof raw === 'string' ? raw : undefined);

/** `--name <value>`: the text, or undefined when not given. */
export function optionalText(flags: string, description: string): OptionReader<string | undefined> {
  return { flags, description, read: asText };
}

/** `--name <value>` with a default: always a text. */
export function textWithDefault(flags: string, description: string, defaultValue: string): OptionReader<string> {
  return { flags, description, defaultValue, read: (raw) => asText(raw) ?? defaultValue };
}

/** `--name <value>` that must be given: BAD_OPTION with `message` otherwise. */
export function requiredText(flags: string, description: string, message: string): OptionReader<string> {
  return {
    flags,
    description,
    read(raw, option) {
      const text = asText(raw);
      if (!text) throw new RatedeckError('BAD_OPTION', message, { option });
      return text;
    },
  };
}

/** `--name <value>` given any number of times: every value, in order (none when absent). */
export function repeatable(flags: string, description: string): OptionReader<string[]> {
  return { flags, description, repeatable: true, read: (raw) => (Array.isArray(raw) ? raw.filter((value): value is string => typeof value === 'string') : []) };
}

/** `--name <value>` given any number of times, every value (none when absent) read by `parse`. */
export function repeatableParsed<T>(flags: string, description: string, parse: (values: string[], option: string) => T): OptionReader<T> {
  const reader = repeatable(flags, description);
  return { ...reader, read: (raw, option) => parse(reader.read(raw, option), option) };
}

/** `--name` (or `--no-name`, true unless given): a boolean. */
/**
 * A repeatable `--map <field>=<column>`: field names are matched ignoring case, spaces,
 * `-` and `_` (`Rate=`, `connection_fee=`), each field once, the column as typed.
 */
export function fieldMap<const F extends string>(flags: string, description: string, fields: readonly F[], example: string): OptionReader<Partial<Record<F, string>>> {
  const loose = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');
  const byLooseName = new Map(fields.map((field) => [loose(field), field]));
  return repeatableParsed(flags, description, (values, option) => {
    const map: Partial<Record<F, string>> = {};
    for (const value of values) {
      const at = value.indexOf('=');
      const field = at > 0 ? byLooseName.get(loose(value.slice(0, at))) : undefined;
      if (field === undefined || at === value.length - 1) {
        throw new RatedeckError('BAD_OPTION', `${option} "${value}": expected <field>=<header name or 1-based column number>, e.g. ${option} "${example}"; fields: ${fields.join(', ')}.`, {
          option,
          value,
        });
      }
      if (map[field] !== undefined) {
        throw new RatedeckError('BAD_OPTION', `${option} ${field} is given twice ("${map[field]}" and "${value.slice(at + 1)}"); give each field once.`, { option, value });
      }
      map[field] = value.slice(at + 1);
    }
    return map;
  });
}

export function flag(flags: string, description: string): OptionReader<boolean> {
  return { flags, description, read: (raw) => raw === true };
}

/** `--name <value>` read by `parse`, or undefined when not given. */
export function parsed<T>(flags: string, description: string, parse: OptionParser<T>): OptionReader<T | undefined> {
  return { flags, description, read: (raw, option) => (typeof raw === 'string' ? parse(raw, option) : undefined) };
}

/** `--name <value>` read by `parse`, the default text read the same way. */
export function parsedWithDefault<T>(flags: string, description: string, defaultValue: string, parse: OptionParser<T>): OptionReader<T> {
  return { flags, description, defaultValue, read: (raw, option) => parse(asText(raw) ?? defaultValue, option) };
}

/** `--name <time>`: an ISO 8601 time as epoch milliseconds, or undefined when not given. */
export function time(flags: string, description: string): OptionReader<number | undefined> {
  return parsed(flags, description, parseTimeOption);
}

/** `--name <n>`: a whole number from 1 up, or undefined when not given. */
export function positiveInteger(flags: string, description: string): OptionReader<number | undefined> {
  return parsed(flags, description, parsePositiveInteger);
}

function parsePositiveInteger(value: string, option: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new RatedeckError('BAD_OPTION', `${option} "${value}": expected a positive whole number.`, { option, value });
  }
  return Number(value);
}

/**
 * `--name <a|b>`: one of `choices`, or undefined when not given; `refuse`
 * words the error for anything else.
 */
export function choice<const C extends string>(flags: string, description: string, choices: readonly C[], refuse: (value: string, option: string) => RatedeckError): OptionReader<C | undefined> {
  return parsed(flags, description, (value, option) => {
    if (!(choices as readonly string[]).includes(value)) throw refuse(value, option);
    return value as C;
  });
}

/** `choice` with a default. */
export function choiceWithDefault<const C extends string>(
  flags: string,
  description: string,
  choices: readonly C[],
  defaultValue: C,
  refuse: (value: string, option: string) => RatedeckError,
): OptionReader<C> {
  const reader = choice(flags, description, choices, refuse);
  return { ...reader, defaultValue, read: (raw, option) => reader.read(asText(raw) ?? defaultValue, option)! };
}

/** The long name in `flags` (`--at` for `--at <time>`), which errors name. */
export function optionName(flags: string): string {
  return /--[\w-]+/.exec(flags)![0];
}
