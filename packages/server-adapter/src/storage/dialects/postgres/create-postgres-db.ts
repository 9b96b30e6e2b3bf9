import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database as Schema } from '../../schema.js';
import { NamedStatements, namingPool } from './named-statements.js';

export interface PostgresConnectOptions {
  connectionString: string;
  /** Schema for all Provefy tables (created by `migrate()` if missing). Default: the connection's current schema. */
  schema?: string;
  /** Pool size (default 10). */
  poolSize?: number;
  /**
   * Run the texts added to the returned `statements` as named statements (default true). Their connections plan
   * every execution with its parameters (`plan_cache_mode=force_custom_plan`, PostgreSQL 12+): a generic plan made
   * while a table was nearly empty (a sequential scan) would otherwise stay cached on the connection as it grows.
   */
  namedStatements?: boolean;
}

const SCHEMA_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Validates a PostgreSQL schema name (used unquoted-safe in `search_path`). */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_RE.test(schema)) throw new TypeError(`Invalid PostgreSQL schema name "${schema}" (use [A-Za-z_][A-Za-z0-9_]*)`);
  return schema;
}

/**
 * Opens a pg Pool wrapped in kysely. With `schema`, every pooled connection gets
 * `search_path=<schema>` so tables resolve there (tests use a unique schema per run). The SQL texts added to
 * `statements` run as named (server-side prepared) statements on the pool's connections; `createStore` adds its
 * hot-path queries there.
 *
 * @example
 * const db = createPostgresDb({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', schema: 'provefy' });
 */
export function createPostgresDb(options: PostgresConnectOptions): { db: Kysely<Schema>; pool: pg.Pool; statements: NamedStatements | undefined } {
  const config: pg.PoolConfig = {
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    idleTimeoutMillis: 30_000,
  };
  const named = options.namedStatements !== false;
  const settings = [
    ...(options.schema ? [`-c search_path=${assertSchemaName(options.schema)}`] : []),
    ...(named ? ['-c plan_cache_mode=force_custom_plan'] : []),
  ];
  if (settings.length > 0) config.options = settings.join(' ');
  const pool = new pg.Pool(config);
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  if (!named) return { db: new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), pool, statements: undefined };
  const statements = new NamedStatements();
  return { db: new Kysely<Schema>({ dialect: new PostgresDialect({ pool: namingPool(pool, statements) }) }), pool, statements };
}
