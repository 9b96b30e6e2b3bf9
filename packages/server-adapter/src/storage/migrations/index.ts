import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { ProvefyError } from '@provefy/core';
import { initialMigration } from './001-initial.js';
import { livenessAttemptsMigration } from './002-liveness-attempts.js';

/** Migration table names (distinct from kysely's defaults so an app's own migrations don't clash). */
export const MIGRATION_TABLE = 'provefy_migration';
export const MIGRATION_LOCK_TABLE = 'provefy_migration_lock';

/**
 * All migrations, in order. Append new ones; never edit a released one.
 *
 * @example
 * Object.keys(provefyMigrations('sqlite')) // ['001-initial', '002-liveness-attempts']
 */
export function provefyMigrations(dialect: 'sqlite' | 'postgres'): Record<string, Migration> {
  return {
    '001-initial': initialMigration(dialect),
    '002-liveness-attempts': livenessAttemptsMigration(dialect),
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: 'sqlite' | 'postgres') {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return provefyMigrations(this.dialect);
  }
}

/**
 * Runs pending Provefy migrations (kysely Migrator, in-code migrations). On PostgreSQL the
 * migration tables live in `schema` (default: the connection's current schema) and kysely's
 * lock table serialises concurrent `migrate()` calls from several instances.
 *
 * @example
 * await runMigrations(db, 'postgres', 'provefy');
 */
export async function runMigrations(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres', schema?: string): Promise<string[]> {
  let migrationTableSchema: string | undefined;
  if (dialect === 'postgres') {
    if (schema) {
      try {
        await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
      } catch (e) {
        // Two instances racing on the same new schema: one wins, the other sees a duplicate.
        const code = (e as { code?: string }).code;
        if (code !== '23505' && code !== '42P06') throw e;
      }
      migrationTableSchema = schema;
    } else {
      const r = await sql<{ s: string }>`select current_schema() as s`.execute(db);
      migrationTableSchema = r.rows[0]?.s ?? 'public';
    }
  }
  const migrator = new Migrator({
    db,
    provider: new InCodeProvider(dialect),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // kysely's introspection reads the tables of every schema: another schema dropped meanwhile (another tenant, a test
  // run's cleanup) fails it with 3F000 naming that schema. Nothing of ours was touched, so it is read again.
  for (let retry = 0; retry < 3 && error && droppedMeanwhile(error, migrationTableSchema); retry++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    throw new ProvefyError('PROVEFY_ERR_STORE', `Database migration failed: ${(error as Error).message ?? String(error)}`, {
      failed: results?.filter((r) => r.status === 'Error').map((r) => r.migrationName) ?? [],
    }, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** A PostgreSQL "schema does not exist" (3F000) about a schema other than ours: one dropped while kysely read the catalog. */
function droppedMeanwhile(error: unknown, ours: string | undefined): boolean {
  const e = error as { code?: string; message?: string };
  if (e?.code !== '3F000') return false;
  const named = /schema "([^"]+)" does not exist/.exec(e.message ?? '')?.[1];
  return named !== undefined && named !== ours;
}
