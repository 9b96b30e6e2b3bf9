import { sql } from 'kysely';
import type { DialectAdapter } from '../dialect-adapter.js';
import type { WebhookEventsTable } from '../../schema.js';

/**
 * PostgreSQL: the due rows are selected `FOR UPDATE SKIP LOCKED`, so concurrent workers (other
 * instances) skip rows another worker is leasing instead of waiting for or double-claiming them;
 * the lease condition is re-checked on the locked row version (READ COMMITTED re-evaluation).
 */
export const postgresAdapter: DialectAdapter = {
  name: 'postgres',
  async claimWebhookEvents(db, { owner, now, leaseUntil, limit }) {
    const r = await sql<WebhookEventsTable>`
      update provefy_webhook_events
         set lease_owner = ${owner}, lease_expires_at = ${leaseUntil}, attempts = attempts + 1
       where id in (
         select id from provefy_webhook_events
          where status = 'pending' and next_attempt_at <= ${now}
            and (lease_expires_at is null or lease_expires_at <= ${now})
          order by next_attempt_at, id
          limit ${limit}
          for update skip locked)
      returning *`.execute(db);
    return r.rows;
  },
};
