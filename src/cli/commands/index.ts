import type { CommandSpec } from '../command-spec.js';
import { auditCommands } from './audit-commands.js';
import { authorizeCommands } from './authorize-commands.js';
import { authCheckCommands } from './auth-check-commands.js';
import { authCommands } from './auth-commands.js';
import { carrierCommands } from './carrier-commands.js';
import { customerCommands } from './customer-commands.js';
import { deckCommands } from './deck-commands.js';
import { lcrCommands } from './lcr-commands.js';
import { lookupCommands } from './lookup-commands.js';
import { paymentCommands } from './payment-commands.js';
import { priceCommands } from './price-commands.js';
import { rateCommands } from './rate-commands.js';
import { serveCommands } from './serve-commands.js';

/** Every command group of the CLI, in help order. */
export const COMMANDS: CommandSpec[] = [...carrierCommands, ...deckCommands, ...lookupCommands, ...priceCommands, ...lcrCommands, ...serveCommands, ...customerCommands, ...authCommands, ...authCheckCommands, ...paymentCommands, ...auditCommands, ...rateCommands, ...authorizeCommands];
