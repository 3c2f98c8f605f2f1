import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/cli/exit-codes.js';
import { HTTP_STATUS } from '../src/server/http-status.js';

/** Errors map to HTTP statuses in one place (src/server/http-status.ts), as to exit codes in one (src/cli/exit-codes.ts). */

const SERVER = resolve(import.meta.dirname, '..', 'src', 'server');

describe('error codes and HTTP statuses', () => {
  it('every ErrorCode with an exit code has an HTTP status', () => {
    const errorCodes = Object.keys(EXIT_CODES).filter((code) => code !== 'OK' && code !== 'UNEXPECTED');
    expect(Object.keys(HTTP_STATUS)).toEqual(expect.arrayContaining([...errorCodes, 'UNEXPECTED']));
  });

  it('no server module but http-status.ts writes an error status as a number', () => {
    const literalStatus = /\bstatus:\s*[45]\d\d\b|\bwriteHead\(\s*[45]\d\d\b|\bstatusCode\s*=\s*[45]\d\d\b|\bhttpError\(\s*[45]\d\d\b|\bjsonResponse\(\s*[45]\d\d\b/;
    const offenders = readdirSync(SERVER)
      .filter((file) => file.endsWith('.ts') && file !== 'http-status.ts')
      .filter((file) => literalStatus.test(readFileSync(join(SERVER, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
