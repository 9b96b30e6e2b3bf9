/**
 * Test targets for the storage suites: a temp-file SQLite database and PostgreSQL at
 * PG_URL (default postgres://postgres@127.0.0.1:5432/test) in a unique schema per store group,
 * dropped afterwards. When PostgreSQL is unreachable its suites skip locally (the reason and the fix are printed)
 * and fail under CI=true (test/helpers/requirement.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { PG_URL, pgProblem } from '../../../../test/helpers/postgres.js';
import { requirement, SETUP_COMMAND } from '../../../../test/helpers/requirement.js';
import { type KyselyStore, type StoreOptions, createStore } from '../../src/index.js';

export { PG_URL };

/** A fixed test key (hex, 32 bytes). */
export const TEST_KEY = 'f'.repeat(8) + '0123456789abcdef'.repeat(3) + 'e'.repeat(8);

const pgProblemNow = await pgProblem();
const pg15 = requirement({ name: `PostgreSQL at ${PG_URL}`, problem: pgProblemNow && `unreachable: ${pgProblemNow}`, fix: SETUP_COMMAND });
export const PG_AVAILABLE = pgProblemNow === null;
const always = requirement({ name: 'SQLite', problem: null, fix: '' });

export interface Target {
  name: 'sqlite' | 'postgres';
  available: boolean;
  /** `describe` for this target's suites: skips locally and fails under CI=true when the database is unreachable. */
  describe: (title: string, body: () => void) => void;
  /**
   * A "database" (SQLite file or PostgreSQL schema) that can be opened several times, like
   * several instances sharing one database.
   */
  database(): TestDatabase;
}

/** Connection settings a PostgreSQL test store may change (SQLite ignores them). */
export interface PostgresPoolSettings {
  /** Default 20. */
  poolSize?: number;
  namedStatements?: boolean;
}

export interface TestDatabase {
  /** Opens (another) store on this database; migrated. */
  open(options?: StoreOptions, pool?: PostgresPoolSettings): Promise<KyselyStore>;
  /** Raw rows of every Provefy table, as JSON text (what an attacker with the database would see). */
  rawDump(): Promise<string>;
  /** For SQLite: the database file path (child processes). For PG: the schema. */
  location: string;
  /** Connection descriptor as JSON (child processes). */
  connection: Record<string, unknown>;
  cleanup(): Promise<void>;
}

const TABLES = [
  'provefy_api_keys',
  'provefy_sessions',
  'provefy_webhook_events',
  'provefy_webhook_attempts',
  'provefy_idempotency_keys',
  'provefy_rate_limits',
  'provefy_audit_log',
  'provefy_blobs',
  'provefy_liveness_attempts',
];

function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'provefy-store-'));
  const filename = join(dir, 'provefy.db');
  const stores: KyselyStore[] = [];
  return {
    location: filename,
    connection: { dialect: 'sqlite', filename },
    async open(options = {}) {
      const s = createStore({ dialect: 'sqlite', filename }, { encryption: { key: TEST_KEY }, ...options });
      await s.migrate();
      stores.push(s);
      return s;
    },
    async rawDump() {
      const s = stores[0] ?? (await this.open());
      const parts: string[] = [];
      for (const t of TABLES) {
        const r = await sql<Record<string, unknown>>`select * from ${sql.table(t)}`.execute(s.db);
        parts.push(JSON.stringify(r.rows, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)));
      }
      return parts.join('\n');
    },
    async cleanup() {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let schemaSeq = 0;
function postgresDatabase(): TestDatabase {
  const schema = `provefy_t_${process.pid}_${Date.now().toString(36)}_${schemaSeq++}_${Math.random().toString(36).slice(2, 8)}`;
  const stores: KyselyStore[] = [];
  return {
    location: schema,
    connection: { dialect: 'postgres', connectionString: PG_URL, schema },
    async open(options = {}, pool = {}) {
      const s = createStore({ dialect: 'postgres', connectionString: PG_URL, schema, poolSize: 20, ...pool }, { encryption: { key: TEST_KEY }, ...options });
      await s.migrate();
      stores.push(s);
      return s;
    },
    async rawDump() {
      const s = stores[0] ?? (await this.open());
      const parts: string[] = [];
      for (const t of TABLES) {
        const r = await sql<{ j: string }>`select row_to_json(t)::text as j from ${sql.table(t)} t`.execute(s.db);
        parts.push(r.rows.map((x) => x.j).join('\n'));
        // bytea columns appear hex-encoded in row_to_json; also dump them decoded
        if (t === 'provefy_blobs') {
          const b = await sql<{ d: Buffer }>`select data_enc as d from provefy_blobs`.execute(s.db);
          parts.push(b.rows.map((x) => Buffer.from(x.d).toString('latin1')).join('\n'));
        }
      }
      return parts.join('\n');
    },
    async cleanup() {
      for (const s of stores) await s.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    },
  };
}

export const targets: Target[] = [
  { name: 'sqlite', available: true, describe: always.describe, database: sqliteDatabase },
  { name: 'postgres', available: PG_AVAILABLE, describe: pg15.describe, database: postgresDatabase },
];
