import type { ErrorCode } from '../errors.js';

/**
 * The codes the server answers with itself, for requests no handler sees: a request
 * node:http cannot parse, a method a path does not answer, a body over the limit, a failure
 * that is not a RatedeckError.
 */
export type ServerErrorCode = 'MALFORMED_REQUEST' | 'HEADERS_TOO_LARGE' | 'REQUEST_TIMEOUT' | 'METHOD_NOT_ALLOWED' | 'BODY_TOO_LARGE' | 'UNEXPECTED';

/**
 * The one map from an error code to an HTTP status, as the CLI's EXIT_CODES is the one map
 * to exit codes. Every ErrorCode must be listed (the compiler says so when one is added):
 * a file the server cannot read or write is its own failure, so 500.
 */
export const HTTP_STATUS: Record<ErrorCode | ServerErrorCode, number> = {
  BAD_OPTION: 400,
  BAD_PLAN: 400,
  INVALID_VALUE: 400,
  INVALID_DECK: 400,
  MALFORMED_REQUEST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  BODY_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  UNREADABLE_FILE: 500,
  UNSUPPORTED_FILE: 500,
  UNWRITABLE_FILE: 500,
  UNEXPECTED: 500,
  BUSY: 503,
};
