import type { CommandSpec } from '../command-spec.js';
import { carrierCommands } from './carrier-commands.js';
import { deckCommands } from './deck-commands.js';

/** Every command group of the CLI, in help order. */
export const COMMANDS: CommandSpec[] = [...carrierCommands, ...deckCommands];
