import type { Readable, Writable } from 'node:stream';
import type { Db } from '../store/database.js';
import type { OptionReader } from './option-readers.js';

/** What a command prints: `json` with --json, else `text` (or the JSON when no text is given). */
export interface CommandOutput {
  json?: unknown;
  text?: string;
  /** Exit code for an outcome that is not an error but is not success either (a rejected deck). */
  exitCode?: number;
}

export interface CommandContext {
  /** The resolved --db path. */
  databasePath: string;
  /** Opens the store once per command run; closed by the entry point. */
  database(): Db;
  json: boolean;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
}

/** A command's options: its body's option names, each with how it is read. */
export type OptionReaders = Record<string, OptionReader<unknown>>;

/** What the body receives: each option read to its type. */
export type OptionValues<O extends OptionReaders> = { [K in keyof O]: O[K] extends OptionReader<infer T> ? T : never };

/**
 * A command as data. `path` is the words that name it (`['carrier', 'add']`),
 * `args` the commander argument syntax (`'<name>'`; a variadic `[number...]`
 * arrives as its values, one per element of `args`). `options` declares how
 * each option is read; `run` receives them typed, calls the library and
 * formats the answer; it throws RatedeckError on failure. `database` says
 * whether it may create the store.
 */
export interface CommandSpec<O extends OptionReaders = OptionReaders> {
  path: string[];
  /**
   * What the command does with the store: `read` opens only an existing ratedeck
   * database (a typo in --db is NOT_FOUND, not a new empty file); `write` creates
   * one when the file does not exist yet.
   */
  database: 'read' | 'write';
  args?: string;
  description: string;
  options?: O;
  run(context: CommandContext, args: string[], options: OptionValues<O>): Promise<CommandOutput | void> | CommandOutput | void;
}

/** Declares a command; its options' types flow from `options` into `run`. */
export function command<O extends OptionReaders = Record<never, never>>(spec: CommandSpec<O>): CommandSpec {
  return spec as unknown as CommandSpec;
}
