import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const stressScript = join(root, 'dist', 'scripts', 'pool-stress.js');

interface StressRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/pool-stress.ts in its own process: a Node abort there is an exit code here, not a dead test runner. */
function runStress(rounds: number, seconds: number): Promise<StressRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [stressScript, '--rounds', String(rounds), '--seconds', String(seconds)], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

describe('the deck worker pool under repeated starts', () => {
  // Two processes at once, as two imports on a busy CI machine. Each alternates a small
  // deck read through readDeck with a pool of two threads destroyed while its workers
  // load their module: 300 pools in all, or as many as 25 s allow on a slow machine.
  it('starts and stops hundreds of pools without an abort; every small deck reads all its entries', async () => {
    const runs = await Promise.all([runStress(150, 25), runStress(150, 25)]);
    for (const run of runs) {
      expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      const { rounds, imports, earlyDestroys } = JSON.parse(run.stdout) as { rounds: number; imports: number; earlyDestroys: number };
      expect(imports + earlyDestroys).toBe(rounds);
      expect(rounds).toBeGreaterThanOrEqual(20);
    }
  });
});
