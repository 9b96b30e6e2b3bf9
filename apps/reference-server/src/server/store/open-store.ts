import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type KyselyStore, createStore } from '@provefy/server-adapter';
import type { ServerConfig } from '../config/load-config.js';
import { type Logger, consoleShim } from '../log/logger.js';

/**
 * Opens the database the config names: PostgreSQL when `databaseUrl` is set, else SQLite at `<dataDir>/provefy.db`.
 * Without an encryption key (and outside production) the store generates one at `<dataDir>/encryption-key`, so the
 * data folder is self-contained. Runs the adapter's migrations.
 *
 * @example
 * ```ts
 * const store = await openStore(config, log);
 * ```
 */
export async function openStore(config: ServerConfig, log: Logger): Promise<KyselyStore> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const encryption = { ...(config.encryptionKey ? { key: config.encryptionKey } : {}), devKeyFile: join(config.dataDir, 'encryption-key') };
  const logger = consoleShim(log.child({ component: 'store' }));
  const store = config.databaseUrl
    ? createStore(
        { dialect: 'postgres', connectionString: config.databaseUrl, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) },
        { encryption, logger },
      )
    : createStore({ dialect: 'sqlite', filename: join(config.dataDir, 'provefy.db') }, { encryption, logger });
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}

/**
 * Which database a config uses, for logs (never the connection string: it may hold a password).
 *
 * @example
 * ```ts
 * describeDatabase(config); // 'sqlite:/srv/provefy/data/provefy.db' or 'postgres:127.0.0.1:5432/test'
 * ```
 */
export function describeDatabase(config: ServerConfig): string {
  if (!config.databaseUrl) return `sqlite:${join(config.dataDir, 'provefy.db')}`;
  try {
    const u = new URL(config.databaseUrl);
    return `postgres:${u.host}${u.pathname}`;
  } catch {
    return 'postgres';
  }
}
