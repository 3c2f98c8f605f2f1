import type { CommandSpec } from '../command-spec.js';
import { carrierCommands } from './carrier-commands.js';

/** Every command group of the CLI, in help order. */
export const COMMANDS: CommandSpec[] = [...carrierCommands];
