/**
 * The options server's database: one SQLite file opened with better-sqlite3 (synchronous calls: each
 * statement runs to completion inside one request handler, so no two requests interleave inside a
 * transaction and no connection pool is needed; one connection per server process).
 *
 * Settings, and why:
 * - journal_mode=WAL: readers (the staff page's status) never block the writer (pupils submitting), and a
 *   commit appends to the log instead of rewriting pages in place.
 * - synchronous=FULL: every commit is fsynced to the log before the request is acknowledged, so a
 *   submission the pupil was told is saved survives a power cut as well as a crash. NORMAL would survive
 *   a process crash (SIGKILL) but could lose the last commits on power loss; for a few thousand writes an
 *   evening the fsync per commit costs far less than the loss of an acknowledged choice.
 * - foreign_keys=ON: SQLite leaves it off by default; deleting a round relies on its cascades.
 * - busy_timeout: a backup or a second process reading the file waits instead of failing at once.
 */
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export type Db = Database.Database;

export class DatabaseVersionError extends Error {}

export function openDatabase(file: string): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Bring the file to SCHEMA_VERSION, all missing migrations in one transaction. */
function migrate(db: Db, file: string): void {
  const at = schemaVersion(db);
  if (at > SCHEMA_VERSION) {
    throw new DatabaseVersionError(`The database ${file} has schema version ${at}, newer than this server's ${SCHEMA_VERSION}. Update the server, or use a backup made by this version.`);
  }
  if (at === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let v = at; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]);
    // user_version takes no bound parameter; the value is our own integer.
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  })();
}

/**
 * A consistent copy of the live database into `destination`, made with SQLite's online backup API
 * (better-sqlite3's db.backup, sqlite3_backup_step in batches): the server may keep writing while it runs.
 * The copy is an ordinary SQLite file at the same schema version.
 */
export async function backupDatabase(db: Db, destination: string): Promise<{ totalPages: number }> {
  const r = await db.backup(destination);
  return { totalPages: r.totalPages };
}
