/** Shared by the provisioning-*.test.ts files: runs the built CLI as a child process. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
export const cli = join(root, 'dist', 'src', 'cli', 'main.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** One command against `db`; `input` goes to stdin (stdin is a closed pipe without it). */
export function ratedeck(db: string, args: string[], input?: string): CliResult {
  const result = spawnSync(process.execPath, [cli, '--db', db, ...args], { encoding: 'utf8', input: input ?? '' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A command expected to succeed with --json: its parsed output. */
export function ratedeckJson<T = Record<string, unknown>>(db: string, args: string[], input?: string): T {
  const result = ratedeck(db, [...args, '--json'], input);
  if (result.status !== 0) throw new Error(`ratedeck ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** The same, started without waiting: for processes that must run at the same time. */
export function ratedeckAsync(db: string, args: string[]): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, '--db', db, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

export function temporaryDirectory(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ratedeck-provisioning-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
