import { checkSetting } from '@provefy/core';
import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/keyring.js';
import { loadKeyring } from '../crypto/load-keyring.js';
import { ApiKeyCache } from './api-key-cache.js';
import type { StoreContext } from './context.js';
import { PreparedQueries } from './prepared-query.js';
import type { DialectAdapter } from './dialects/dialect-adapter.js';
import { postgresAdapter } from './dialects/postgres/postgres-adapter.js';
import { createPostgresDb } from './dialects/postgres/create-postgres-db.js';
import { sqliteAdapter } from './dialects/sqlite/sqlite-adapter.js';
import { createSqliteDb } from './dialects/sqlite/create-sqlite-db.js';
import { runMigrations } from './migrations/index.js';
import { apiKeyRepository } from './repositories/api-keys.js';
import { auditRepository } from './repositories/audit.js';
import { blobRepository } from './repositories/blobs.js';
import { idempotencyRepository } from './repositories/idempotency.js';
import { livenessAttemptRepository } from './repositories/liveness-attempts.js';
import { rateLimitRepository } from './repositories/rate-limits.js';
import { sessionRepository } from './repositories/sessions.js';
import { webhookOutbox } from './repositories/webhook-outbox.js';
import type { Database } from './schema.js';
import type { Store, StoreConnection, StoreOptions } from './types.js';

/** Extra, implementation-level members of the store returned by `createStore`. */
export interface KyselyStore extends Store {
  /** The keyring used for PII at rest. */
  readonly keyring: Keyring;
  /** PostgreSQL schema in use (if any). */
  readonly schema: string | undefined;
}

interface Shared {
  adapter: DialectAdapter;
  keyring: Keyring;
  now: () => number;
  listeners: Set<() => void>;
  schema: string | undefined;
  rootDb: Kysely<Database>;
  ownsDb: boolean;
  closed: boolean;
  apiKeyCache: ApiKeyCache;
  preparedQueries: PreparedQueries;
}

class StoreImpl implements KyselyStore {
  readonly apiKeys;
  readonly sessions;
  readonly webhooks;
  readonly idempotency;
  readonly rateLimits;
  readonly audit;
  readonly blobs;
  readonly livenessAttempts;
  readonly #ctx: StoreContext;

  constructor(
    readonly db: Kysely<Database>,
    readonly shared: Shared,
    /** Pending "enqueued" notifications of the current transaction (fired after commit). */
    pendingNotify: { n: number } | null,
  ) {
    this.#ctx = {
      db,
      adapter: shared.adapter,
      keyring: shared.keyring,
      now: shared.now,
      apiKeyCache: shared.apiKeyCache,
      preparedQueries: shared.preparedQueries,
      transaction: (fn) => this.transaction((tx) => fn((tx as StoreImpl).#ctx)),
      webhookEnqueued: () => {
        if (pendingNotify) pendingNotify.n++;
        else this.#notify();
      },
    };
    this.apiKeys = apiKeyRepository(this.#ctx);
    this.sessions = sessionRepository(this.#ctx);
    this.webhooks = webhookOutbox(this.#ctx);
    this.idempotency = idempotencyRepository(this.#ctx);
    this.rateLimits = rateLimitRepository(this.#ctx);
    this.audit = auditRepository(this.#ctx);
    this.blobs = blobRepository(this.#ctx);
    this.livenessAttempts = livenessAttemptRepository(this.#ctx);
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.shared.adapter.name;
  }

  get keyring(): Keyring {
    return this.shared.keyring;
  }

  get schema(): string | undefined {
    return this.shared.schema;
  }

  now(): number {
    return this.shared.now();
  }

  #notify(): void {
    for (const l of this.shared.listeners) {
      try {
        l();
      } catch {
        /* a listener must not break the caller */
      }
    }
  }

  async migrate(): Promise<void> {
    await runMigrations(this.shared.rootDb as unknown as Kysely<unknown>, this.dialect, this.shared.schema);
  }

  async close(): Promise<void> {
    if (this.shared.closed) return;
    this.shared.closed = true;
    this.shared.listeners.clear();
    if (this.shared.ownsDb) await this.shared.rootDb.destroy();
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    const pending = { n: 0 };
    const result = await this.db.transaction().execute((trx) => fn(new StoreImpl(trx, this.shared, pending)));
    if (pending.n > 0) this.#notify();
    return result;
  }

  onWebhookEnqueued(listener: () => void): () => void {
    this.shared.listeners.add(listener);
    return () => this.shared.listeners.delete(listener);
  }
}

/**
 * Opens the Provefy store on SQLite (embedded default) or PostgreSQL (several instances).
 * Call `await store.migrate()` once at start-up.
 *
 * Throws `PROVEFY_ERR_ENCRYPTION_KEY_MISSING` when `NODE_ENV=production` and no encryption key
 * is configured (`encryption.key` or env `PROVEFY_ENCRYPTION_KEY`).
 *
 * @example
 * const store = createStore({ dialect: 'sqlite', filename: './data/provefy.db' }, { encryption: { key: process.env.PROVEFY_ENCRYPTION_KEY } });
 * await store.migrate();
 * const { key } = await store.apiKeys.create({ name: 'My app' });
 *
 * @example
 * const store = createStore({ dialect: 'postgres', connectionString: 'postgres://app@db/provefy', schema: 'provefy' });
 */
export function createStore(connection: StoreConnection, options: StoreOptions = {}): KyselyStore {
  const keyring = loadKeyring({ ...options.encryption, nodeEnv: options.nodeEnv, logger: options.logger });
  let rootDb: Kysely<Database>;
  let dialect: 'sqlite' | 'postgres';
  let schema: string | undefined;
  let ownsDb = true;
  let preparedQueries = new PreparedQueries();
  if ('db' in connection) {
    rootDb = connection.db;
    dialect = connection.dialect;
    ownsDb = connection.ownsDb ?? false;
  } else if (connection.dialect === 'sqlite') {
    rootDb = createSqliteDb({ filename: connection.filename });
    dialect = 'sqlite';
  } else if (connection.dialect === 'postgres') {
    schema = connection.schema;
    const opened = createPostgresDb({
      connectionString: connection.connectionString,
      schema,
      poolSize: connection.poolSize,
      namedStatements: connection.namedStatements !== false,
    });
    rootDb = opened.db;
    // Its hot-path queries run as named statements on its own pool (a caller's `db` keeps running them unnamed).
    preparedQueries = new PreparedQueries(opened.statements);
    dialect = 'postgres';
  } else {
    throw new TypeError(`Unknown store dialect: ${(connection as { dialect?: unknown }).dialect}`);
  }
  const shared: Shared = {
    adapter: dialect === 'postgres' ? postgresAdapter : sqliteAdapter,
    keyring,
    now: options.now ?? Date.now,
    listeners: new Set(),
    schema,
    rootDb,
    ownsDb,
    closed: false,
    preparedQueries,
    apiKeyCache: new ApiKeyCache(checkSetting('apiKeyCacheTtlMs', options.apiKeyCacheTtlMs), options.now ?? Date.now),
  };
  return new StoreImpl(rootDb, shared, null);
}
