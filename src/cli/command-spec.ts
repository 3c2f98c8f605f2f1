import type { Readable, Writable } from 'node:stream';
import type { Db } from '../store/database.js';

/** One option of a command: commander flags plus how to read it. */
export interface OptionSpec {
  flags: string;
  description: string;
  /** Collects every occurrence into an array (`--host a --host b`). */
  repeatable?: boolean;
  defaultValue?: string | boolean;
}

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
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/**
 * A command as data. `path` is the words that name it (`['carrier', 'add']`),
 * `args` the commander argument syntax (`'<name>'`). `run` normalises its
 * options and calls the library; it throws RatedeckError on failure.
 */
export interface CommandSpec {
  path: string[];
  args?: string;
  description: string;
  options?: OptionSpec[];
  run(context: CommandContext, args: string[], options: Record<string, unknown>): Promise<CommandOutput | void> | CommandOutput | void;
}
