import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** The kiosk's local database (better-sqlite3). */
export type KioskDb = Database.Database;

const MIGRATIONS: string[] = [
  `CREATE TABLE IF NOT EXISTS kv (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );
   CREATE TABLE IF NOT EXISTS outbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     kind TEXT NOT NULL CHECK (kind IN ('walk_in', 'server_session')),
     created_at INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'rejected')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     generation INTEGER NOT NULL DEFAULT 0,
     remote_session_id TEXT,
     remote_token TEXT,
     progress TEXT NOT NULL DEFAULT '{}',
     payload TEXT NOT NULL,
     local_result TEXT,
     server_result TEXT,
     delivered_at INTEGER
   );
   CREATE INDEX IF NOT EXISTS outbox_status_seq ON outbox (status, seq);
   CREATE TABLE IF NOT EXISTS outbox_blobs (
     item_id TEXT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     idx INTEGER NOT NULL,
     data BLOB NOT NULL,
     PRIMARY KEY (item_id, kind, idx)
   );`,
];

/**
 * Opens (creating if needed) the kiosk's SQLite database in WAL mode and applies its migrations. Use `':memory:'` in
 * tests.
 *
 * @example
 * ```ts
 * const db = openKioskDb('/var/lib/provefy-kiosk/kiosk.db');
 * ```
 */
export function openKioskDb(filename: string): KioskDb {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let i = version; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
  return db;
}

/**
 * A tiny key-value table for small kiosk state (operator lockout counters, the PIN hash once changed).
 *
 * @example
 * ```ts
 * const kv = kioskKv(db);
 * kv.set('operator.failures', '2');
 * kv.get('operator.failures'); // '2'
 * ```
 */
export function kioskKv(db: KioskDb) {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
  const set = db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const del = db.prepare('DELETE FROM kv WHERE key = ?');
  return {
    get: (key: string): string | null => get.get(key)?.value ?? null,
    set: (key: string, value: string): void => void set.run(key, value),
    delete: (key: string): void => void del.run(key),
  };
}

export type KioskKv = ReturnType<typeof kioskKv>;
