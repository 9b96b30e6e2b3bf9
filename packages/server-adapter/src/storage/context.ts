import type { Kysely } from 'kysely';
import type { Keyring } from '../crypto/keyring.js';
import type { ApiKeyCache } from './api-key-cache.js';
import type { PreparedQueries } from './prepared-query.js';
import type { DialectAdapter } from './dialects/dialect-adapter.js';
import type { Database, EpochMs } from './schema.js';

/** What every repository needs: the (possibly transactional) db, the dialect, the keyring, a clock. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly adapter: DialectAdapter;
  readonly keyring: Keyring;
  now(): number;
  /** Runs `fn` in a transaction (reusing the current one if any) with a context bound to it. */
  transaction<T>(fn: (ctx: StoreContext) => Promise<T>): Promise<T>;
  /** Signals a webhook enqueue; inside a transaction it fires after commit. */
  webhookEnqueued(): void;
  /** The verified API keys of this store instance (shared by its transactions). */
  readonly apiKeyCache?: ApiKeyCache;
  /** Compiled hot-path queries of this store (`runPrepared`). */
  readonly preparedQueries?: PreparedQueries;
}

/** Epoch-ms column value to number (pg returns bigint as string). */
export function ms(v: EpochMs): number {
  return typeof v === 'number' ? v : Number(v);
}

export function dateOf(v: EpochMs): Date {
  return new Date(ms(v));
}

export function dateOrNull(v: EpochMs | null | undefined): Date | null {
  return v === null || v === undefined ? null : new Date(ms(v));
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Number of rows changed by an update/delete result (kysely returns bigint). */
export function changed(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | readonly { numUpdatedRows?: bigint; numDeletedRows?: bigint }[]): number {
  const list = Array.isArray(result) ? result : [result];
  let n = 0;
  for (const r of list as { numUpdatedRows?: bigint; numDeletedRows?: bigint }[]) n += Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0n);
  return n;
}
