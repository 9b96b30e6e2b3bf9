export { createStore, type KyselyStore } from './create-store.js';
export { runMigrations, provefyMigrations } from './migrations/index.js';
export { createSqliteDb, type SqliteConnectOptions } from './dialects/sqlite/create-sqlite-db.js';
export { createPostgresDb, type PostgresConnectOptions } from './dialects/postgres/create-postgres-db.js';
export {
  generateApiKey,
  generateWebhookSecret,
  hashApiKey,
  API_KEY_RE,
  WEBHOOK_SECRET_RE,
  DEFAULT_THRESHOLDS,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
} from './repositories/api-keys.js';
export { hashVerificationToken } from './repositories/sessions.js';
export { DEFAULT_IDEMPOTENCY_TTL_MS } from './repositories/idempotency.js';
export type { Database } from './schema.js';
export * from './types.js';
export { reencryptAll, type ReencryptReport } from './reencrypt.js';
