#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { isRatedeckError } from '../errors.js';
import { openDatabase, resolveDatabasePath, type Db } from '../store/database.js';
import type { CommandContext, CommandSpec } from './command-spec.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_CODES } from './exit-codes.js';
import { optionName } from './option-readers.js';

/**
 * The entry point: turns the declarative command table into commander
 * commands, runs one, and is the only place that maps errors to exit codes.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('ratedeck')
    .description('Rate-deck import, pricing and longest-prefix lookups for VoIP carriers and resellers')
    .option('--db <file>', 'SQLite database file (default $RATEDECK_DB, else ./ratedeck.db)')
    .option('--json', 'print JSON instead of text')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  let exitCode = EXIT_CODES.OK;
  let database: Db | undefined;
  const groups = new Map<string, Command>();

  for (const spec of COMMANDS) {
    const parent = groupFor(program, groups, spec.path.slice(0, -1));
    const command = parent.command(spec.path.at(-1)!).description(spec.description);
    if (spec.args) command.arguments(spec.args);
    command.option('--db <file>', 'SQLite database file').option('--json', 'print JSON instead of text');
    const readers = Object.entries(spec.options ?? {}).map(([key, reader]) => {
      const option = new Option(reader.flags, reader.description);
      if (reader.repeatable) option.argParser((value: string, previous: string[] = []) => [...previous, value]);
      else if (reader.defaultValue !== undefined) option.default(reader.defaultValue);
      command.addOption(option);
      return { key, reader, attribute: option.attributeName(), name: optionName(reader.flags) };
    });
    command.action(async (...received: unknown[]) => {
      const self = received.at(-1) as Command;
      const raw = self.optsWithGlobals<Record<string, unknown>>();
      // A variadic argument ([number...]) arrives as one array: its values become arguments of their own.
      const args = received.slice(0, self.registeredArguments.length).flat() as string[];
      const databasePath = resolveDatabasePath(typeof raw.db === 'string' ? raw.db : undefined);
      const context = createContext(databasePath, raw.json === true, () => (database ??= openDatabase(databasePath, { mustExist: spec.database === 'read' })));
      const read = (): Record<string, unknown> => Object.fromEntries(readers.map(({ key, reader, attribute, name }) => [key, reader.read(raw[attribute], name)]));
      exitCode = await runSpec(spec, context, args, read);
    });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_CODES.OK;
      // Commander has printed its sentence on stderr; scripts asking for JSON get it on stdout too.
      if (argv.includes('--json')) {
        process.stdout.write(JSON.stringify({ error: { code: 'BAD_OPTION', message: error.message.replace(/^error: /, '') } }) + '\n');
      }
      return EXIT_CODES.BAD_OPTION;
    }
    exitCode = reportError(error);
  } finally {
    database?.close();
  }
  return exitCode;
}

const GROUP_DESCRIPTIONS: Record<string, string> = {
  carrier: 'the carriers we buy minutes from: add, list, show, set, remove',
  deck: "carriers' rate decks: import, export, list revisions",
  customer: 'the customers we sell to: add, list, show, set, remove; their auth and payments',
  'customer auth': "how a customer's switch authenticates: IP addresses and SIP users",
  'customer payment': "a customer's payments: add, list, set-status",
  auth: 'which customer an address or SIP credential authenticates as',
};

function groupFor(program: Command, groups: Map<string, Command>, path: string[]): Command {
  let parent = program;
  for (let i = 0; i < path.length; i++) {
    const key = path.slice(0, i + 1).join(' ');
    let group = groups.get(key);
    if (!group) {
      group = parent.command(path[i]!).description(GROUP_DESCRIPTIONS[key] ?? `${key} commands`);
      group.exitOverride();
      groups.set(key, group);
    }
    parent = group;
  }
  return parent;
}

function createContext(databasePath: string, json: boolean, database: () => Db): CommandContext {
  return { databasePath, database, json, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** Reads the options (a reader's refusal is reported like any command error), runs the command and prints its output. */
async function runSpec(spec: CommandSpec, context: CommandContext, args: string[], readOptions: () => Record<string, unknown>): Promise<number> {
  try {
    const output = await spec.run(context, args, readOptions());
    if (output) {
      if (context.json && output.json !== undefined) context.stdout.write(JSON.stringify(output.json, null, 2) + '\n');
      else if (output.text !== undefined) context.stdout.write(output.text.endsWith('\n') || output.text === '' ? output.text : output.text + '\n');
      else if (output.json !== undefined) context.stdout.write(JSON.stringify(output.json, null, 2) + '\n');
    }
    return output?.exitCode ?? EXIT_CODES.OK;
  } catch (error) {
    return reportError(error, context.json);
  }
}

function reportError(error: unknown, json = false): number {
  if (isRatedeckError(error)) {
    if (json) process.stdout.write(JSON.stringify({ error: { code: error.code, message: error.message, ...error.details } }) + '\n');
    process.stderr.write(`ratedeck: ${error.message}\n`);
    return EXIT_CODES[error.code];
  }
  process.stderr.write(`ratedeck: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT_CODES.UNEXPECTED;
}

// A reader that stops early (`ratedeck deck export | head`) is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT_CODES.OK);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`ratedeck: ${String(error)}\n`);
    process.exitCode = EXIT_CODES.UNEXPECTED;
  },
);
