import { closeSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3';
import { RatedeckError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

const DEFAULT_DATABASE_FILE = './ratedeck.db';

/** --db wins, then $RATEDECK_DB, then ./ratedeck.db. */
export function resolveDatabasePath(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.RATEDECK_DB || DEFAULT_DATABASE_FILE;
}

export interface OpenOptions {
  /**
   * A command that only reads refuses a database that does not exist instead of creating
   * an empty one: `--db typo.db lookup …` must say "no database", not "no carrier named …".
   */
  mustExist?: boolean;
}

const SQLITE_HEADER = 'SQLite format 3\0';

/** Opens the store (creating it unless `mustExist`) and brings its schema up to date. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  refuseNonDatabase(path, options);
  let db: Db;
  try {
    db = new Database(path);
  } catch (error) {
    throw new RatedeckError('UNREADABLE_FILE', `Cannot open database ${path}: ${(error as Error).message}`, { path });
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (options.mustExist && (db.pragma('user_version', { simple: true }) as number) === 0) {
      throw new RatedeckError('UNREADABLE_FILE', `${path} is an SQLite file but not a ratedeck database (it has no ratedeck schema).`, { path });
    }
    migrate(db);
  } catch (error) {
    db.close();
    throw translateSqliteError(error, path);
  }
  return db;
}

/**
 * Checked before SQLite touches the file: opening a CSV as a database and setting WAL on
 * it would turn the deck into a database file. An empty file is a new database.
 */
function refuseNonDatabase(path: string, options: OpenOptions): void {
  if (path === ':memory:') return;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (!options.mustExist) return;
      throw new RatedeckError(
        'NOT_FOUND',
        `There is no database ${path}; give the right --db (or $RATEDECK_DB), or create one with a command that writes, such as \`ratedeck carrier add\`.`,
        { path },
      );
    }
    throw new RatedeckError('UNREADABLE_FILE', `Cannot open database ${path}: ${(error as Error).message}`, { path });
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    if (read === 0) return;
    if (read < header.length || header.toString('latin1') !== SQLITE_HEADER) {
      throw new RatedeckError('UNREADABLE_FILE', `${path} is not a ratedeck database (not an SQLite file); check --db.`, { path });
    }
  } finally {
    closeSync(fd);
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new RatedeckError(
      'UNSUPPORTED_FILE',
      `Database schema version ${current} is newer than this ratedeck understands (${MIGRATIONS.length}); upgrade ratedeck.`,
    );
  }
  if (current === MIGRATIONS.length) return;
  db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    }
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v]!);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v + 1, Date.now());
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

/** Runs `work` in one IMMEDIATE transaction, turning SQLITE_BUSY into a typed error. */
export function writeTransaction<T>(db: Db, work: () => T): T {
  try {
    return db.transaction(work).immediate();
  } catch (error) {
    throw translateSqliteError(error);
  }
}

export function translateSqliteError(error: unknown, path?: string): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new RatedeckError('BUSY', `The database${path ? ' ' + path : ''} is busy: another ratedeck process is writing. Try again.`);
  }
  if (code === 'SQLITE_NOTADB') {
    return new RatedeckError('UNREADABLE_FILE', `${path ?? 'The database'} is not a ratedeck database (not an SQLite file).`);
  }
  return error;
}
