import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticCsv } from '../bench/lib/synthetic-decks.js';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
let dir: string;

function ratedeck(db: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [cli, '--db', db, ...args], { encoding: 'utf8' });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratedeck-kill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an import killed half-way', () => {
  it('leaves the previous revision intact and the database consistent', async () => {
    const db = join(dir, 'kill.db');
    const big = join(dir, 'big.csv');
    await writeSyntheticCsv(big, 1_000_000);
    expect(ratedeck(db, 'carrier', 'add', 'Acme').status).toBe(0);
    expect(ratedeck(db, 'deck', 'import', join(root, 'fixtures', 'sample-carrier.csv'), '--carrier', 'Acme').status).toBe(0);
    const before = ratedeck(db, 'deck', 'export', '--carrier', 'Acme', '--at', '2025-06-01').stdout;
    expect(before.split('\n').length).toBeGreaterThan(10);

    const child = spawn(process.execPath, [cli, '--db', db, 'deck', 'import', big, '--carrier', 'Acme'], { stdio: 'ignore' });
    // Kill it once the transaction is writing: the write-ahead log starts to grow.
    const killedWhileWriting = await new Promise<boolean>((done) => {
      const poll = setInterval(() => {
        const wal = db + '-wal';
        if (existsSync(wal) && statSync(wal).size > 4 * 1024 * 1024) {
          clearInterval(poll);
          child.kill('SIGKILL');
          done(true);
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(poll);
        done(false);
      });
    });
    expect(killedWhileWriting).toBe(true);
    await new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(null) : child.on('exit', done)));

    const list = JSON.parse(ratedeck(db, 'deck', 'list', '--carrier', 'Acme', '--json').stdout) as { revision: number }[];
    expect(list.map((r) => r.revision)).toEqual([1]);
    expect(ratedeck(db, 'deck', 'export', '--carrier', 'Acme', '--at', '2025-06-01').stdout).toBe(before);
    const check = spawnSync(process.execPath, ['-e', `const D=require(${JSON.stringify(join(root, 'node_modules', 'better-sqlite3'))});const d=new D(${JSON.stringify(db)});console.log(d.pragma('integrity_check',{simple:true}))`], {
      encoding: 'utf8',
    });
    expect(check.stdout.trim()).toBe('ok');
  });
});
