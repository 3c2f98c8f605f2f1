import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The built CLI, as users run it (`npx tsc -p .` first). */
export const CLI = join(resolve(import.meta.dirname, '..'), 'dist', 'src', 'cli', 'main.js');

export interface ServeProcess {
  url: string;
  child: ChildProcess;
}

/** Runs `ratedeck serve --port 0` on `database` and resolves with its URL once it listens. */
export function startServe(database: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, '--db', database, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      const match = /serving lookups on (http:\/\/\S+)/.exec(output);
      if (match) resolvePromise({ url: match[1]!, child });
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

/** Stops the server the way an operator does (Ctrl-C) and returns its exit code. */
export async function stopServe(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill('SIGINT');
  return exited;
}
