import type { Db } from './database.js';

/**
 * SQLite's PRAGMA data_version: a counter that moves when another connection
 * commits, read in microseconds. Pollers compare it to see that something
 * changed before they look at what.
 */
export function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
