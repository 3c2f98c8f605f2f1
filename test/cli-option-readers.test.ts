import { describe, expect, it } from 'vitest';
import { RatedeckError } from '../src/errors.js';
import {
  choiceWithDefault,
  flag,
  optionName,
  optionalText,
  parsed,
  positiveInteger,
  repeatable,
  repeatableParsed,
  requiredText,
  textWithDefault,
  time,
} from '../src/cli/option-readers.js';
import { COMMANDS } from '../src/cli/commands/index.js';

const codeOf = (read: () => unknown): string | undefined => {
  try {
    read();
    return undefined;
  } catch (error) {
    return (error as RatedeckError).code;
  }
};

describe('CLI option readers', () => {
  it('an absent option is undefined, a default, false or an empty list, by its declaration', () => {
    expect(optionalText('--carrier <name>', '').read(undefined, '--carrier')).toBeUndefined();
    expect(textWithDefault('--increments <i/s>', '', '60/60').read(undefined, '--increments')).toBe('60/60');
    expect(flag('--force', '').read(undefined, '--force')).toBe(false);
    expect(repeatable('--map <f=c>', '').read(undefined, '--map')).toEqual([]);
    expect(time('--at <time>', '').read(undefined, '--at')).toBeUndefined();
  });

  it('--no-header is true until given (commander defaults a negated flag to true)', () => {
    const header = flag('--no-header', '');
    expect(header.read(true, '--no-header')).toBe(true);
    expect(header.read(false, '--no-header')).toBe(false);
  });

  it('--at 2025-03-01 is epoch milliseconds; --at yesterday is a BAD_OPTION naming --at', () => {
    const at = time('--at <time>', '');
    expect(at.read('2025-03-01', '--at')).toBe(Date.UTC(2025, 2, 1));
    expect(() => at.read('yesterday', '--at')).toThrow(/^--at: "yesterday" is not a time/);
  });

  it('--threads 0 and --threads two are refused as not positive whole numbers', () => {
    const threads = positiveInteger('--threads <n>', '');
    expect(threads.read('4', '--threads')).toBe(4);
    expect(() => threads.read('0', '--threads')).toThrow('--threads "0": expected a positive whole number.');
    expect(codeOf(() => threads.read('two', '--threads'))).toBe('BAD_OPTION');
  });

  it('a required option says what it is for; a choice refuses in its own words; defaults are read like given values', () => {
    expect(() => requiredText('--carrier <name>', '', '--carrier <name> is required.').read(undefined, '--carrier')).toThrow('--carrier <name> is required.');
    const format = choiceWithDefault('--format <csv|xlsx>', '', ['csv', 'xlsx'], 'csv', (value, option) => new RatedeckError('BAD_OPTION', `${option} "${value}": no`));
    expect(format.read(undefined, '--format')).toBe('csv');
    expect(() => format.read('pdf', '--format')).toThrow('--format "pdf": no');
    expect(parsed('--n <n>', '', (value) => value.length).read('abc', '--n')).toBe(3);
    expect(repeatableParsed('--host <h>', '', (values, option) => `${option}:${values.join('+')}`).read(['a', 'b'], '--host')).toBe('--host:a+b');
  });

  it('errors name the long option: --date-format for "--date-format <DMY|MDY>"', () => {
    expect(optionName('--date-format <DMY|MDY>')).toBe('--date-format');
    expect(optionName('--no-header')).toBe('--no-header');
  });

  it('every command declares its options with readers', () => {
    for (const command of COMMANDS) {
      for (const reader of Object.values(command.options ?? {})) expect(typeof reader.read, `${command.path.join(' ')} ${reader.flags}`).toBe('function');
    }
  });
});
