import { sql } from 'kysely';
import type { DialectAdapter } from '../dialect-adapter.js';
import type { WebhookEventsTable } from '../../schema.js';

/**
 * SQLite: one `UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING *` statement. SQLite runs a
 * write statement under the database's single write lock, so the select-and-lease is atomic
 * across connections and processes sharing the file.
 */
export const sqliteAdapter: DialectAdapter = {
  name: 'sqlite',
  async claimWebhookEvents(db, { owner, now, leaseUntil, limit }) {
    const r = await sql<WebhookEventsTable>`
      update provefy_webhook_events
         set lease_owner = ${owner}, lease_expires_at = ${leaseUntil}, attempts = attempts + 1
       where id in (
         select id from provefy_webhook_events
          where status = 'pending' and next_attempt_at <= ${now}
            and (lease_expires_at is null or lease_expires_at <= ${now})
          order by next_attempt_at, id
          limit ${limit})
      returning *`.execute(db);
    return r.rows;
  },
};
