import Database from 'better-sqlite3';
import { RatedeckError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export const DEFAULT_DATABASE_FILE = './ratedeck.db';

/** --db wins, then $RATEDECK_DB, then ./ratedeck.db. */
export function resolveDatabasePath(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return option || env.RATEDECK_DB || DEFAULT_DATABASE_FILE;
}

/** Opens (creating if needed) the store and brings its schema up to date. */
export function openDatabase(path: string): Db {
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
    migrate(db);
  } catch (error) {
    db.close();
    throw translateSqliteError(error, path);
  }
  return db;
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
