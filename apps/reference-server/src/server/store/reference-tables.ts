import type { Kysely } from 'kysely';
import type { Store } from '@provefy/server-adapter';

/** Dashboard accounts (one `admin` today). */
export interface AdminUsersTable {
  username: string;
  /** `$scrypt$ln=15,r=8,p=1$salt$hash` (`hashSecret`; former `scrypt$N$r$p$salt$hash` still verifies), or null until setup. */
  password_hash: string | null;
  /** SHA-256 hex of the one-time setup token, null once used. */
  setup_token_hash: string | null;
  created_at: number | string;
  updated_at: number | string;
}

/** Dashboard login sessions (the cookie holds a random token; only its hash is stored). */
export interface AdminSessionsTable {
  token_hash: string;
  username: string;
  csrf_token: string;
  created_at: number | string;
  expires_at: number | string;
}

/** Failed dashboard sign-ins per account (unknown browsers) or per known browser, for the login throttle's backoff. */
export interface LoginFailuresTable {
  /** `user:<name>` or `device:<id>`. */
  key: string;
  /** Failures since `window_start`. */
  failures: number;
  window_start: number | string;
  last_failure_at: number | string;
}

/** The reference server's own tables, next to the adapter's `provefy_*` tables in the same database. */
export interface ReferenceDatabase {
  refserver_admin_users: AdminUsersTable;
  refserver_admin_sessions: AdminSessionsTable;
  refserver_login_failures: LoginFailuresTable;
}

/**
 * The store's kysely instance typed for the reference server's tables.
 *
 * @example
 * ```ts
 * const db = referenceDb(store);
 * await db.selectFrom('refserver_admin_users').selectAll().execute();
 * ```
 */
export function referenceDb(store: Store): Kysely<ReferenceDatabase> {
  return store.db as unknown as Kysely<ReferenceDatabase>;
}

/**
 * Creates the reference server's tables when missing (idempotent; safe when several instances start together on
 * PostgreSQL: a lost creation race is retried once).
 *
 * @example
 * ```ts
 * await ensureReferenceTables(store);
 * ```
 */
export async function ensureReferenceTables(store: Store): Promise<void> {
  const db = referenceDb(store);
  const create = async () => {
    await db.schema
      .createTable('refserver_admin_users')
      .ifNotExists()
      .addColumn('username', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('password_hash', 'text')
      .addColumn('setup_token_hash', 'varchar(64)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('refserver_admin_sessions')
      .ifNotExists()
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('username', 'varchar(64)', (c) => c.notNull())
      .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('refserver_login_failures')
      .ifNotExists()
      .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
      .execute();
  };
  try {
    await create();
  } catch {
    await new Promise((r) => setTimeout(r, 200));
    await create();
  }
}
