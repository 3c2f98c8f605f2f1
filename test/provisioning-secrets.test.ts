import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratedeck, ratedeckJson, temporaryDirectory } from './provisioning-cli.js';

let temporary: ReturnType<typeof temporaryDirectory>;
beforeAll(() => {
  temporary = temporaryDirectory();
});
afterAll(() => temporary.remove());

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** Every byte SQLite keeps for this database: the main file, the write-ahead log and its index. */
function storedBytes(db: string): Buffer {
  return Buffer.concat([db, db + '-wal', db + '-shm'].filter(existsSync).map((file) => readFileSync(file)));
}

function holds(bytes: Buffer, text: string): boolean {
  return bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'));
}

describe('SIP passwords are never stored, logged or shown again', () => {
  it('neither a piped nor a generated password appears in the database file, its WAL, or any audit output', () => {
    const db = join(temporary.dir, 'secrets.db');
    const piped = 'Tr0ub4dor&3-correct-horse';
    ratedeckJson(db, ['customer', 'add', 'Acme', '--currency', 'USD']);

    // Keep a connection open, so the CLI's close does not checkpoint and delete the WAL: its pages stay to be read.
    const reader = new Database(db);
    reader.prepare('SELECT COUNT(*) FROM customers').get();
    try {
      const added = ratedeck(db, ['customer', 'auth', 'add-user', 'Acme', 'probe-user-piped', '--password-stdin', '--json'], piped + '\n');
      expect(added.status, added.stderr).toBe(0);
      expect(added.stdout + added.stderr).not.toContain(piped);
      const generated = ratedeckJson<{ password: string }>(db, ['customer', 'auth', 'add-user', 'Acme', 'probe-user-generated', '--generate']).password;
      expect(ratedeckJson(db, ['auth', 'check-user', 'probe-user-piped', '--password-stdin'], piped).authenticated).toBe(true);
      expect(ratedeck(db, ['customer', 'auth', 'add-user', 'Acme', 'probe-user-short', '--password-stdin'], 'tooShort1!\n').status).toBe(1);

      const walBytes = storedBytes(db);
      expect(existsSync(db + '-wal')).toBe(true);
      // Controls: the search does find what is stored (the username and the HA1 a registrar needs).
      expect(holds(walBytes, 'probe-user-piped')).toBe(true);
      expect(holds(walBytes, md5(`probe-user-piped:ratedeck:${piped}`))).toBe(true);
      for (const password of [piped, generated, 'tooShort1!']) expect(holds(walBytes, password), 'password in db or WAL').toBe(false);
    } finally {
      reader.close();
    }

    // After the last connection closes SQLite checkpoints the WAL into the main file: look again.
    ratedeckJson(db, ['customer', 'auth', 'remove', 'Acme', 'probe-user-generated']);
    const checkpointed = storedBytes(db);
    expect(holds(checkpointed, 'probe-user-piped')).toBe(true);
    expect(holds(checkpointed, piped)).toBe(false);

    const ha1s = [md5(`probe-user-piped:ratedeck:${piped}`)];
    const outputs = [
      ratedeck(db, ['audit']).stdout,
      ratedeck(db, ['audit', '--json']).stdout,
      ratedeck(db, ['audit', '--customer', 'Acme', '--json']).stdout,
      ratedeck(db, ['customer', 'show', 'Acme', '--json']).stdout,
      ratedeck(db, ['customer', 'auth', 'list', 'Acme', '--json']).stdout,
    ];
    for (const output of outputs) {
      expect(output).toContain('probe-user-piped');
      for (const secret of [piped, ...ha1s]) expect(output).not.toContain(secret);
    }
    const auditText = outputs[1]!;
    expect(auditText).not.toMatch(/password|ha1/i);
  });

  it('a generated password is shown once: never by show, list or audit', () => {
    const db = join(temporary.dir, 'once.db');
    ratedeckJson(db, ['customer', 'add', 'Acme', '--currency', 'USD']);
    const created = ratedeck(db, ['customer', 'auth', 'add-user', 'Acme', 'once-user', '--generate']);
    const password = /Password \(shown once, never stored; keep it now\): ([A-Za-z0-9]{24})/.exec(created.stdout)?.[1];
    expect(password).toBeDefined();
    for (const args of [['customer', 'show', 'Acme'], ['customer', 'auth', 'list', 'Acme'], ['audit']]) {
      expect(ratedeck(db, args).stdout).not.toContain(password!);
    }
    expect(holds(storedBytes(db), password!)).toBe(false);
  });
});
