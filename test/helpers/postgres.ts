/**
 * The PostgreSQL the tests use (`PROVEFY_TEST_PG_URL`, default the machine's `postgres://postgres@127.0.0.1:5432/test`)
 * and whether it answers, for `requirement()`.
 */
import pg from 'pg';
import { requirement, SETUP_COMMAND } from './requirement.js';

export const PG_URL = process.env.PROVEFY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Null when PostgreSQL at `url` answers `select 1`, else why not.
 *
 * @example
 * ```ts
 * const problem = await pgProblem(); // null on this machine
 * ```
 */
export async function pgProblem(url = PG_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return (e as Error).message || String(e);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The `describe`/`it` pair of suites that need PostgreSQL: skipped locally with the fix printed, failing under CI=true.
 *
 * @example
 * ```ts
 * const pgOnly = await postgresRequirement();
 * pgOnly.describe('three instances', () => { ... });
 * ```
 */
export async function postgresRequirement(url = PG_URL): Promise<ReturnType<typeof requirement>> {
  const problem = await pgProblem(url);
  return requirement({ name: `PostgreSQL at ${url}`, problem: problem && `unreachable: ${problem}`, fix: SETUP_COMMAND });
}

/**
 * Drops a test schema (and everything in it).
 *
 * @example
 * ```ts
 * await dropSchema('multi_123');
 * ```
 */
export async function dropSchema(schema: string, url = PG_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '')}" CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Runs one query in the test database (for assertions on what the instances stored).
 *
 * @example
 * ```ts
 * const rows = await pgQuery('select count(*) from "s".provefy_sessions');
 * ```
 */
export async function pgQuery<T = Record<string, unknown>>(text: string, values: unknown[] = [], url = PG_URL): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
