import type { Readable } from 'node:stream';
import { RatedeckError } from '../errors.js';
import type { OptionReader } from './option-readers.js';

const MAX_PASSWORD_BYTES = 4096;
const PIPE_EXAMPLE = `printf '%s' "$PASSWORD" | ratedeck ... --password-stdin`;

/**
 * Declared only to be refused with a clear reason: a password on the command
 * line is visible to every user in `ps` and stays in shell history.
 */
export const PASSWORD_ARGUMENT: OptionReader<void> = {
  flags: '--password <password>',
  description: 'refused: pass the password on stdin with --password-stdin',
  read(raw, option) {
    if (raw !== undefined) {
      throw new RatedeckError(
        'BAD_OPTION',
        `A password on the command line is not accepted: other users see it in \`ps\` and it stays in shell history. Pipe it instead: ${PIPE_EXAMPLE}`,
        { option },
      );
    }
  },
};

/** The whole of stdin without one trailing line break (what `echo` or a here-string adds). */
export async function readPasswordFromStdin(stdin: Readable): Promise<string> {
  if ((stdin as Readable & { isTTY?: boolean }).isTTY) {
    throw new RatedeckError('BAD_OPTION', `--password-stdin reads the password from a pipe, and stdin is a terminal (it would echo); e.g. ${PIPE_EXAMPLE}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_PASSWORD_BYTES) {
      throw new RatedeckError('INVALID_VALUE', `--password-stdin: more than ${MAX_PASSWORD_BYTES} bytes on stdin; expected one password.`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
