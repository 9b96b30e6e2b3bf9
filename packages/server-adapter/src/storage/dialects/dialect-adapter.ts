import type { Kysely } from 'kysely';
import type { Database, WebhookEventsTable } from '../schema.js';

/**
 * The few operations whose SQL differs between databases. Everything else in the store is
 * portable kysely (both dialects support `INSERT ... ON CONFLICT ... RETURNING`).
 */
export interface DialectAdapter {
  readonly name: 'sqlite' | 'postgres';
  /**
   * Atomically leases up to `limit` due webhook events to `owner` and returns them (attempts + 1).
   * No two concurrent callers may receive the same event.
   */
  claimWebhookEvents(
    db: Kysely<Database>,
    args: { owner: string; now: number; leaseUntil: number; limit: number },
  ): Promise<WebhookEventsTable[]>;
}
