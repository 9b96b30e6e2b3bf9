import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely } from 'kysely';
import type { Database as Schema } from '../../schema.js';
import { ProvefySqliteDialect } from './sqlite-driver.js';

export interface SqliteConnectOptions {
  /** Database file, or `:memory:`. Parent directories are created. */
  filename: string;
  /** Milliseconds to wait for another process's write lock (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * Opens a SQLite database for the store: WAL journal (readers never block the writer),
 * `busy_timeout`, `synchronous=NORMAL` (durable at checkpoints, safe with WAL), foreign keys on.
 *
 * @example
 * const db = createSqliteDb({ filename: './data/provefy.db' });
 */
export function createSqliteDb(options: SqliteConnectOptions): Kysely<Schema> {
  const memory = options.filename === ':memory:';
  if (!memory) mkdirSync(dirname(resolve(options.filename)), { recursive: true });
  const sqlite = new Database(options.filename);
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  if (!memory) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Schema>({ dialect: new ProvefySqliteDialect(sqlite) });
}
