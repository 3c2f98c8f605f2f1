/**
 * The project's error set. Library code throws these; only the CLI entry
 * (src/cli/main.ts) maps a code's category to a process exit code.
 */
export type ErrorCode =
  // usage: a bad option, argument or plan file (exit 64)
  | 'BAD_OPTION'
  | 'BAD_PLAN'
  // input: a deck or value that cannot be accepted (exit 1)
  | 'INVALID_DECK'
  | 'INVALID_VALUE'
  // files: unreadable or unsupported input, or an output that cannot be written (exit 2)
  | 'UNREADABLE_FILE'
  | 'UNSUPPORTED_FILE'
  | 'UNWRITABLE_FILE'
  // lookups of named objects (exit 3)
  | 'NOT_FOUND'
  // conflicts with what is stored (exit 4)
  | 'CONFLICT'
  // the database is locked by another writer (exit 5)
  | 'BUSY';

export class RatedeckError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'RatedeckError';
    this.code = code;
    this.details = details;
  }
}

export function isRatedeckError(error: unknown): error is RatedeckError {
  return error instanceof RatedeckError;
}
