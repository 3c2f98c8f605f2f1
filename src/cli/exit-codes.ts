import type { ErrorCode } from '../errors.js';

/** Stable exit codes; documented in docs/exit-codes.md. */
export const EXIT_CODES: Record<ErrorCode | 'OK' | 'UNEXPECTED', number> = {
  OK: 0,
  INVALID_DECK: 1,
  INVALID_VALUE: 1,
  UNREADABLE_FILE: 2,
  UNSUPPORTED_FILE: 2,
  UNWRITABLE_FILE: 2,
  NOT_FOUND: 3,
  CONFLICT: 4,
  BUSY: 5,
  BAD_OPTION: 64,
  BAD_PLAN: 64,
  UNEXPECTED: 70,
};
